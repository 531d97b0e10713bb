// Mail endpoints in Go (config-matrix §8, §2.7), read with tree-sitter:
// - gomail v2 (gopkg.in/gomail.v2) and its fork go-mail/mail (gopkg.in/mail.v2):
//   `NewDialer(host, port, user, pass)` sets `SSL: port == 465` — correct by construction, never
//   flagged; a later `d.SSL = …` overrides it; a `Dialer{…}` struct literal bypasses NewDialer, so
//   SSL stays false unless written. go-mail/mail adds `StartTLSPolicy` (Opportunistic default,
//   MandatoryStartTLS, NoStartTLS).
// - wneessen/go-mail `mail.NewClient(host, opts…)`: port 25, TLSMandatory (STARTTLS required) by
//   default; options are applied in order: WithPort sets the port; WithSSLPort / WithTLSPortPolicy
//   move it only while it is still 25 (465 / 587, NoTLS → 25); WithSSL sets implicit TLS and leaves
//   the port alone (so WithSSL() without WithPort is implicit TLS on 25) — wneessen/go-mail client.go.
// - net/smtp: `smtp.SendMail(addr, …)` connects in plaintext and upgrades when STARTTLS is offered;
//   `smtp.Dial(addr)` / `net.Dial` + `smtp.NewClient` is plaintext until `c.StartTLS(cfg)`;
//   `tls.Dial` + `smtp.NewClient` is the only implicit-TLS path. PlainAuth refuses to send over an
//   unencrypted non-localhost connection ("unencrypted connection").
import type { EndpointRewriter, Extractor, MailEndpoint, Setting, SourceDocument, TextEdit, TextRange, TlsFlag, TlsModeSetting } from '../model';
import { withSyntaxTree, type SyntaxNode } from './parsers/treeSitter';
import { lineRemoval } from '../text';

function rangeOf(node: SyntaxNode): TextRange {
  return { start: node.startIndex, end: node.endIndex };
}

function named(node: SyntaxNode | null | undefined): SyntaxNode[] {
  return node ? node.namedChildren.filter((child): child is SyntaxNode => !!child && child.type !== 'comment') : [];
}

function shorten(text: string): string {
  const single = text.replace(/\s+/g, ' ');
  return single.length > 60 ? `${single.slice(0, 57)}…` : single;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A Go value as far as the file tells; `node` is where a literal was written (for edits). */
interface GoRead {
  readonly kind: 'literal' | 'env' | 'computed';
  readonly value?: string | number | boolean;
  readonly node?: SyntaxNode;
  readonly envName?: string;
  /** `getEnv("SMTP_PORT", "587")`: the literal default. */
  readonly fallback?: { readonly value: string | number; readonly node: SyntaxNode };
  /** A qualified identifier such as `mail.NoTLS`. */
  readonly qualified?: string;
}

function stringOf(node: SyntaxNode): string | undefined {
  if (node.type === 'raw_string_literal') return node.text.slice(1, -1);
  if (node.type !== 'interpreted_string_literal') return undefined;
  let text = '';
  for (const child of named(node)) {
    if (child.type === 'interpreted_string_literal_content') text += child.text;
    else if (child.type === 'escape_sequence') text += child.text.length === 2 ? (child.text[1] ?? '') : child.text;
    else return undefined;
  }
  return text;
}

function unwrap(node: SyntaxNode | null | undefined): SyntaxNode | undefined {
  let current = node ?? undefined;
  for (let guard = 0; current && guard < 8; guard++) {
    if (current.type === 'parenthesized_expression' || current.type === 'literal_element') current = named(current)[0];
    else return current;
  }
  return current;
}

function callName(call: SyntaxNode): { pkg?: string; name: string; fn: SyntaxNode } | undefined {
  const fn = call.childForFieldName('function');
  if (!fn) return undefined;
  if (fn.type === 'identifier') return { name: fn.text, fn };
  if (fn.type === 'selector_expression') {
    const operand = fn.childForFieldName('operand');
    const field = fn.childForFieldName('field');
    if (!field) return undefined;
    return { ...(operand ? { pkg: operand.text } : {}), name: field.text, fn };
  }
  return undefined;
}

function argsOf(call: SyntaxNode): SyntaxNode[] {
  return named(call.childForFieldName('arguments'));
}

class GoFile {
  private readonly consts = new Map<string, SyntaxNode>();
  private readonly singleAssigned = new Map<string, SyntaxNode | null>();

  constructor(
    readonly text: string,
    readonly root: SyntaxNode,
  ) {
    this.collectBindings(root, 0);
  }

  private collectBindings(node: SyntaxNode, depth: number): void {
    if (depth > 200) return;
    if (node.type === 'const_spec' || node.type === 'var_spec') {
      const names = node.childrenForFieldName('name').filter((child): child is SyntaxNode => !!child);
      const values = named(node.childForFieldName('value'));
      names.forEach((name, index) => {
        const value = values[index];
        if (!value) return;
        if (node.type === 'const_spec') this.consts.set(name.text, value);
        else this.bind(name.text, value);
      });
    } else if (node.type === 'short_var_declaration' || node.type === 'assignment_statement') {
      const left = named(node.childForFieldName('left'));
      const right = named(node.childForFieldName('right'));
      left.forEach((name, index) => {
        if (name.type !== 'identifier') return;
        this.bind(name.text, left.length === right.length ? (right[index] ?? null) : null);
      });
    }
    for (const child of named(node)) this.collectBindings(child, depth + 1);
  }

  private bind(name: string, value: SyntaxNode | null): void {
    this.singleAssigned.set(name, this.singleAssigned.has(name) ? null : value);
  }

  /** The one value a name is bound to in the file (a const, or a variable assigned once). */
  binding(name: string): SyntaxNode | undefined {
    return this.consts.get(name) ?? this.singleAssigned.get(name) ?? undefined;
  }

  read(node: SyntaxNode | null | undefined, depth = 0): GoRead {
    const value = unwrap(node);
    if (!value || depth > 6) return { kind: 'computed' };
    switch (value.type) {
      case 'int_literal':
        return /^\d{1,5}$/.test(value.text) ? { kind: 'literal', value: Number(value.text), node: value } : { kind: 'computed' };
      case 'true':
      case 'false':
        return { kind: 'literal', value: value.type === 'true', node: value };
      case 'interpreted_string_literal':
      case 'raw_string_literal': {
        const text = stringOf(value);
        return text === undefined ? { kind: 'computed' } : { kind: 'literal', value: text, node: value };
      }
      case 'identifier': {
        const bound = this.binding(value.text);
        return bound && bound !== value ? this.read(bound, depth + 1) : { kind: 'computed' };
      }
      case 'selector_expression':
        return { kind: 'computed', qualified: value.text.replace(/\s+/g, '') };
      case 'call_expression': {
        const call = callName(value);
        const args = argsOf(value);
        if (!call) return { kind: 'computed' };
        if (call.pkg === 'os' && (call.name === 'Getenv' || call.name === 'LookupEnv') && args[0]) {
          const name = stringOf(args[0]);
          return name ? { kind: 'env', envName: name } : { kind: 'computed' };
        }
        if (call.pkg === 'strconv' && (call.name === 'Atoi' || call.name === 'ParseInt' || call.name === 'ParseBool' || call.name === 'ParseUint') && args[0]) {
          const inner = this.read(args[0], depth + 1);
          if (inner.kind === 'literal' && typeof inner.value === 'string') {
            if (call.name === 'ParseBool') return /^(?:true|false|1|0)$/i.test(inner.value) ? { kind: 'literal', value: /^(?:true|1)$/i.test(inner.value), node: inner.node as SyntaxNode } : { kind: 'computed' };
            return /^\d{1,5}$/.test(inner.value) ? { kind: 'literal', value: Number(inner.value), node: inner.node as SyntaxNode } : { kind: 'computed' };
          }
          return inner.kind === 'env' ? inner : { kind: 'computed' };
        }
        // getEnv("SMTP_PORT", "587"), envOr("X", 587), viper-free helpers with a literal default
        if (!call.pkg && /env/i.test(call.name) && args.length === 2 && args[0] && args[1]) {
          const name = stringOf(args[0]);
          const fallback = this.read(args[1], depth + 1);
          if (name && fallback.kind === 'literal' && fallback.node && typeof fallback.value !== 'boolean' && fallback.value !== undefined) return { kind: 'env', envName: name, fallback: { value: fallback.value, node: fallback.node } };
          if (name) return { kind: 'env', envName: name };
        }
        if (call.name === 'Duration' || call.name === 'int' || call.name === 'uint16' || call.name === 'int64') return this.read(args[0], depth + 1);
        return { kind: 'computed' };
      }
      default:
        return { kind: 'computed' };
    }
  }

  /** `int(587)`, `uint16(p)` conversions are call_expressions whose function is a type identifier. */
  port(node: SyntaxNode | null | undefined, key: string): Setting<number> | undefined {
    const inner = unwrap(node);
    if (inner?.type === 'call_expression') {
      const fn = inner.childForFieldName('function');
      if (fn && /^(?:u?int(?:8|16|32|64)?)$/.test(fn.text)) return this.port(argsOf(inner)[0], key);
    }
    const read = this.read(node);
    return portSetting(read, key);
  }

  /** The port inside an address: `"host:465"`, `fmt.Sprintf("%s:%d", host, 465)`, `net.JoinHostPort(h, "587")`, `host + ":465"`. */
  addressPort(node: SyntaxNode | null | undefined, key: string, depth = 0): { port?: Setting<number>; host?: Setting<string> } {
    const value = unwrap(node);
    if (!value || depth > 4) return {};
    if (value.type === 'interpreted_string_literal' || value.type === 'raw_string_literal') {
      const text = stringOf(value);
      if (text === undefined) return {};
      const match = /^(.*):(\d{1,5})$/.exec(text);
      const contentStart = value.startIndex + 1;
      if (!match) return {};
      const hostText = match[1] ?? '';
      const start = contentStart + hostText.length + 1;
      return {
        port: { value: Number(match[2]), range: { start, end: start + (match[2]?.length ?? 0) }, key, origin: 'literal' },
        ...(hostText && !hostText.includes('%') && !/[\\"]/.test(value.text.slice(1, 1 + hostText.length)) ? { host: { value: hostText, range: { start: contentStart, end: contentStart + hostText.length }, key, origin: 'literal' as const } } : {}),
      };
    }
    if (value.type === 'identifier') {
      const bound = this.binding(value.text);
      return bound && bound !== value ? this.addressPort(bound, key, depth + 1) : {};
    }
    if (value.type === 'binary_expression' && value.childForFieldName('operator')?.type === '+') {
      const right = unwrap(value.childForFieldName('right'));
      const rightText = right ? stringOf(right) : undefined;
      if (right && rightText !== undefined && /^:\d{1,5}$/.test(rightText)) {
        const start = right.startIndex + 2;
        return { port: { value: Number(rightText.slice(1)), range: { start, end: start + rightText.length - 1 }, key, origin: 'literal' }, ...this.hostOf(value.childForFieldName('left'), key) };
      }
      if (right && (right.type === 'call_expression' || right.type === 'identifier')) {
        // host + ":" + strconv.Itoa(port)
        const inner = right.type === 'call_expression' && callName(right)?.name === 'Itoa' ? argsOf(right)[0] : right;
        const port = this.port(inner, key);
        return port ? { port } : {};
      }
      return {};
    }
    if (value.type === 'call_expression') {
      const call = callName(value);
      const args = argsOf(value);
      if (call?.pkg === 'net' && call.name === 'JoinHostPort' && args[1]) {
        const port = this.port(args[1], key);
        return { ...(port ? { port } : {}), ...this.hostOf(args[0], key) };
      }
      if (call?.pkg === 'fmt' && call.name === 'Sprintf' && args[0]) {
        const format = stringOf(args[0]);
        if (format === undefined) return {};
        const literal = /:(\d{1,5})$/.exec(format);
        if (literal) {
          const start = args[0].endIndex - 1 - (literal[1]?.length ?? 0);
          return { port: { value: Number(literal[1]), range: { start, end: args[0].endIndex - 1 }, key, origin: 'literal' } };
        }
        const verbs = [...format.matchAll(/%[-+# 0-9.]*([a-zA-Z%])/g)].filter((verb) => verb[1] !== '%');
        if (/:%[dsv]$/.test(format) && verbs.length === args.length - 1) {
          const port = this.port(args[args.length - 1], key);
          const host = verbs.length === 2 ? this.hostOf(args[1], key) : {};
          return { ...(port ? { port } : {}), ...host };
        }
      }
    }
    return {};
  }

  hostOf(node: SyntaxNode | null | undefined, key: string): { host?: Setting<string> } {
    const read = this.read(node);
    const source = unwrap(node);
    if (read.kind === 'literal' && typeof read.value === 'string' && read.node) return { host: { value: read.value, range: rangeOf(read.node), key, origin: 'literal' } };
    if (read.kind === 'env' && source) {
      if (read.fallback && typeof read.fallback.value === 'string') return { host: { value: read.fallback.value, range: rangeOf(read.fallback.node), key, origin: 'fallback', ...(read.envName ? { envName: read.envName } : {}) } };
      return { host: { value: read.envName ?? '', range: rangeOf(source), key, origin: 'env', ...(read.envName ? { envName: read.envName } : {}) } };
    }
    if (source) return { host: { value: source.text, range: rangeOf(source), key, origin: 'env' } };
    return {};
  }

  /** `&tls.Config{InsecureSkipVerify: true}` (or a name bound to one): the `true` literal. */
  insecureSkipVerify(node: SyntaxNode | null | undefined, depth = 0): { entry: SyntaxNode; value: SyntaxNode } | undefined {
    let value = unwrap(node);
    if (!value || depth > 4) return undefined;
    if (value.type === 'unary_expression') value = unwrap(value.childForFieldName('operand'));
    if (!value) return undefined;
    if (value.type === 'identifier') {
      const bound = this.binding(value.text);
      if (bound && bound !== value) return this.insecureSkipVerify(bound, depth + 1);
      // cfg := &tls.Config{…}; cfg.InsecureSkipVerify = true
      const assignment = new RegExp(`(?<![\\w.])${escapeRegExp(value.text)}\\s*\\.\\s*InsecureSkipVerify\\s*=(?!=)\\s*true\\b`).exec(this.text);
      if (assignment) {
        const statement = climb(this.root.namedDescendantForIndex(assignment.index), ['assignment_statement'], 4);
        const right = named(statement?.childForFieldName('right'))[0];
        if (statement && right?.type === 'true') return { entry: statement, value: right };
      }
      return undefined;
    }
    if (value.type !== 'composite_literal' || !/\bConfig$/.test(value.childForFieldName('type')?.text ?? '')) return undefined;
    for (const element of named(value.childForFieldName('body'))) {
      if (element.type !== 'keyed_element') continue;
      const parts = named(element);
      if (unwrap(parts[0])?.text !== 'InsecureSkipVerify') continue;
      const flag = unwrap(parts[1]);
      if (flag?.type === 'true') return { entry: element, value: flag };
    }
    return undefined;
  }
}

function portSetting(read: GoRead, key: string): Setting<number> | undefined {
  const asNumber = (value: unknown): number | undefined => (typeof value === 'number' ? value : typeof value === 'string' && /^\d{1,5}$/.test(value.trim()) ? Number(value.trim()) : undefined);
  if (read.kind === 'literal' && read.node) {
    const value = asNumber(read.value);
    if (value === undefined) return undefined;
    // A quoted port: edit inside the quotes.
    const range = typeof read.value === 'string' ? { start: read.node.startIndex + 1, end: read.node.endIndex - 1 } : rangeOf(read.node);
    return { value, range, key, origin: 'literal' };
  }
  if (read.kind === 'env' && read.fallback) {
    const value = asNumber(read.fallback.value);
    if (value === undefined) return undefined;
    const node = read.fallback.node;
    const range = typeof read.fallback.value === 'string' ? { start: node.startIndex + 1, end: node.endIndex - 1 } : rangeOf(node);
    return { value, range, key, origin: 'fallback', ...(read.envName ? { envName: read.envName } : {}) };
  }
  return undefined;
}

function climb(node: SyntaxNode | null | undefined, types: readonly string[], levels: number): SyntaxNode | undefined {
  let current = node ?? undefined;
  for (let level = 0; current && level <= levels; level++) {
    if (types.includes(current.type)) return current;
    current = current.parent ?? undefined;
  }
  return undefined;
}

/** The function body (or the file) a statement lives in: the scope searched for `d.SSL = …`. */
function scopeOf(node: SyntaxNode): SyntaxNode {
  let current: SyntaxNode | undefined = node.parent ?? undefined;
  while (current && current.type !== 'function_declaration' && current.type !== 'method_declaration' && current.type !== 'func_literal' && current.type !== 'source_file') current = current.parent ?? undefined;
  return current ?? node;
}

/** The variable a call's result is stored in (`d := …`, `d = …`, `var d = …`). */
function variableOf(node: SyntaxNode): string | undefined {
  let current: SyntaxNode | undefined = node;
  for (let level = 0; current && level < 3; level++) {
    const parent: SyntaxNode | undefined = current.parent ?? undefined;
    if (!parent) return undefined;
    if (parent.type === 'unary_expression' || parent.type === 'parenthesized_expression') {
      current = parent;
      continue;
    }
    if (parent.type === 'expression_list') {
      const holder = parent.parent;
      if (!holder) return undefined;
      if (holder.type === 'short_var_declaration' || holder.type === 'assignment_statement') {
        const right = named(holder.childForFieldName('right'));
        const left = named(holder.childForFieldName('left'));
        const index = right.findIndex((child) => child.startIndex === current?.startIndex);
        const target = left.length === right.length ? left[index] : left[0];
        return target && /^[\w.]+$/.test(target.text) ? target.text : undefined;
      }
      if (holder.type === 'var_spec') return holder.childrenForFieldName('name')[0]?.text;
      return undefined;
    }
    return undefined;
  }
  return undefined;
}

interface Assigned {
  readonly field: string;
  readonly statement: SyntaxNode;
  readonly value: SyntaxNode;
}

/** `v.Field = value` statements after `after` in `scope`. */
function fieldAssignments(file: GoFile, scope: SyntaxNode, variable: string, after: number, fields: readonly string[]): Map<string, Assigned> {
  const found = new Map<string, Assigned>();
  const pattern = new RegExp(`(?<![\\w.])${escapeRegExp(variable)}\\s*\\.\\s*(${fields.join('|')})\\s*=(?!=)`, 'g');
  const body = file.text.slice(scope.startIndex, scope.endIndex);
  for (const match of body.matchAll(pattern)) {
    const at = scope.startIndex + (match.index ?? 0);
    if (at < after) continue;
    const statement = climb(file.root.namedDescendantForIndex(at), ['assignment_statement'], 4);
    const value = named(statement?.childForFieldName('right'))[0];
    if (!statement || !value || named(statement.childForFieldName('left')).length !== 1) continue;
    found.set(match[1] ?? '', { field: match[1] ?? '', statement, value });
  }
  return found;
}

/** Package names as imported: `gomail "gopkg.in/gomail.v2"` → gomail. */
function importsOf(root: SyntaxNode): Map<string, string> {
  const names = new Map<string, string>();
  const visit = (node: SyntaxNode, depth: number): void => {
    if (depth > 4) return;
    if (node.type === 'import_spec') {
      const pathNode = node.childForFieldName('path');
      const importPath = pathNode ? stringOf(pathNode) : undefined;
      if (!importPath) return;
      const alias = node.childForFieldName('name')?.text;
      const defaultName = importPath.includes('wneessen/go-mail') || /(?:^|\/)mail\.v\d+$/.test(importPath) || importPath.endsWith('go-mail/mail') ? 'mail' : /gomail/.test(importPath) ? 'gomail' : (importPath.split('/').pop() ?? '');
      names.set(alias && alias !== '_' && alias !== '.' ? alias : defaultName, importPath);
      return;
    }
    for (const child of named(node)) visit(child, depth + 1);
  };
  for (const child of named(root)) if (child.type === 'import_declaration') visit(child, 0);
  return names;
}

type Family = 'gomail' | 'go-mail-mail' | 'wneessen' | 'net-smtp';

function familyOf(importPath: string): Family | undefined {
  if (/^(?:gopkg\.in\/gomail\.v\d|github\.com\/go-gomail\/gomail)/.test(importPath)) return 'gomail';
  if (/^(?:gopkg\.in\/mail\.v\d|github\.com\/go-mail\/mail)/.test(importPath)) return 'go-mail-mail';
  if (/^github\.com\/wneessen\/go-mail(?:\/v\d+)?$/.test(importPath)) return 'wneessen';
  if (importPath === 'net/smtp') return 'net-smtp';
  return undefined;
}

function insertAfterStatement(text: string, statement: SyntaxNode, line: string): TextEdit {
  const lineStart = text.lastIndexOf('\n', statement.startIndex - 1) + 1;
  const indent = /^[ \t]*/.exec(text.slice(lineStart, statement.startIndex))?.[0] ?? '';
  const newline = text.includes('\r\n') ? '\r\n' : '\n';
  return { range: { start: statement.endIndex, end: statement.endIndex }, newText: `${newline}${indent}${line}` };
}

/** Removes one argument of a call with its comma. */
function argumentRemoval(args: SyntaxNode[], index: number): TextEdit | undefined {
  const arg = args[index];
  if (!arg) return undefined;
  const next = args[index + 1];
  const previous = args[index - 1];
  if (next) return { range: { start: arg.startIndex, end: next.startIndex }, newText: '' };
  if (previous) return { range: { start: previous.endIndex, end: arg.endIndex }, newText: '' };
  return { range: rangeOf(arg), newText: '' };
}

class Reader {
  readonly endpoints: MailEndpoint[] = [];
  private readonly imports: Map<string, string>;

  constructor(private readonly file: GoFile) {
    this.imports = importsOf(file.root);
  }

  private packages(family: Family): string[] {
    return [...this.imports].filter(([, importPath]) => familyOf(importPath) === family).map(([name]) => name);
  }

  run(): void {
    const gomail = this.packages('gomail');
    const goMailMail = this.packages('go-mail-mail');
    const wneessen = this.packages('wneessen');
    const smtp = this.packages('net-smtp');
    const tryEach = (fn: () => void): void => {
      try {
        fn();
      } catch {
        // one unreadable call must not cost the others
      }
    };
    for (const [names, library] of [
      [gomail, 'gomail'],
      [goMailMail, 'go-mail-mail'],
    ] as const) {
      for (const pkg of names) {
        const escaped = escapeRegExp(pkg);
        for (const match of this.file.text.matchAll(new RegExp(`(?<![\\w.])${escaped}\\s*\\.\\s*(?:NewDialer|NewPlainDialer)\\s*\\(`, 'g'))) tryEach(() => this.dialerCall(match.index ?? 0, library, pkg));
        for (const match of this.file.text.matchAll(new RegExp(`(?<![\\w.])${escaped}\\s*\\.\\s*Dialer\\s*\\{`, 'g'))) tryEach(() => this.dialerLiteral(match.index ?? 0, library, pkg));
      }
    }
    for (const pkg of wneessen) {
      for (const match of this.file.text.matchAll(new RegExp(`(?<![\\w.])${escapeRegExp(pkg)}\\s*\\.\\s*NewClient\\s*\\(`, 'g'))) tryEach(() => this.goMailClient(match.index ?? 0, pkg));
    }
    for (const pkg of smtp) {
      for (const match of this.file.text.matchAll(new RegExp(`(?<![\\w.])${escapeRegExp(pkg)}\\s*\\.\\s*(SendMail|Dial|NewClient)\\s*\\(`, 'g'))) tryEach(() => this.netSmtp(match.index ?? 0, match[1] ?? '', pkg));
    }
  }

  private callAt(offset: number): SyntaxNode | undefined {
    return climb(this.file.root.namedDescendantForIndex(offset), ['call_expression'], 3);
  }

  // --- gomail / go-mail/mail ---

  private dialerCall(offset: number, library: 'gomail' | 'go-mail-mail', pkg: string): void {
    const call = this.callAt(offset);
    if (!call || call.startIndex !== offset) return;
    const args = argsOf(call);
    const fields: DialerFields = {};
    if (args[0]) fields.Host = args[0];
    if (args[1]) fields.Port = args[1];
    if (args[2]) fields.Username = args[2];
    if (args[3]) fields.Password = args[3];
    this.dialer(call, fields, undefined, library, pkg, true);
  }

  private dialerLiteral(offset: number, library: 'gomail' | 'go-mail-mail', pkg: string): void {
    const literal = climb(this.file.root.namedDescendantForIndex(offset), ['composite_literal'], 3);
    if (!literal || literal.startIndex !== offset) return;
    const fields: DialerFields = {};
    const entries = new Map<string, SyntaxNode>();
    for (const element of named(literal.childForFieldName('body'))) {
      if (element.type !== 'keyed_element') continue;
      const parts = named(element);
      const key = unwrap(parts[0])?.text;
      const value = unwrap(parts[1]);
      if (!key || !value) continue;
      entries.set(key, element);
      if (key === 'Host' || key === 'Port' || key === 'Username' || key === 'Password' || key === 'SSL' || key === 'TLSConfig' || key === 'StartTLSPolicy') fields[key] = value;
    }
    if (!fields.Host && !fields.Port) return;
    this.dialer(literal, fields, { literal, entries }, library, pkg, false);
  }

  private dialer(node: SyntaxNode, written: DialerFields, literal: { literal: SyntaxNode; entries: Map<string, SyntaxNode> } | undefined, library: 'gomail' | 'go-mail-mail', pkg: string, viaNewDialer: boolean): void {
    const file = this.file;
    const text = file.text;
    const container = literal ? (climb(node, ['unary_expression'], 1) ?? node) : node;
    const variable = variableOf(container);
    const statement = climb(node, ['short_var_declaration', 'assignment_statement', 'var_declaration', 'expression_statement', 'return_statement'], 6);
    const later = variable ? fieldAssignments(file, scopeOf(node), variable, node.endIndex, ['SSL', 'TLSConfig', 'StartTLSPolicy', 'Port', 'Host', 'Username', 'Password']) : new Map<string, Assigned>();
    const value = (field: keyof DialerFields): SyntaxNode | undefined => later.get(field)?.value ?? written[field];
    const entryOf = (field: string): TextRange | undefined => {
      const assigned = later.get(field);
      if (assigned) return rangeOf(assigned.statement);
      const entry = literal?.entries.get(field);
      return entry ? rangeOf(entry) : undefined;
    };
    const keyOf = (field: string): string => (later.has(field) && variable ? `${variable}.${field}` : field);
    const port = file.port(value('Port'), keyOf('Port'));
    const host = file.hostOf(value('Host'), keyOf('Host')).host;

    const sslNode = value('SSL');
    const ssl = sslNode ? file.read(sslNode) : undefined;
    const sslValue = ssl?.kind === 'literal' && typeof ssl.value === 'boolean' ? ssl.value : undefined;
    const policyNode = library === 'go-mail-mail' ? value('StartTLSPolicy') : undefined;
    const policy = policyNode ? /(?:^|\.)(MandatoryStartTLS|OpportunisticStartTLS|NoStartTLS)$/.exec(policyNode.text.replace(/\s+/g, ''))?.[1] : undefined;
    const tlsFlags: TlsFlag[] = [];
    const separator = (field: string): string => (later.has(field) ? ' = ' : ': ');
    const sslEntry = entryOf('SSL');
    if (sslNode && sslEntry && sslValue !== undefined) {
      const assigned = later.get('SSL');
      tlsFlags.push({
        key: keyOf('SSL'),
        valueText: `${separator('SSL')}${sslValue}`,
        intent: sslValue ? 'implicit' : 'starttls',
        range: sslEntry,
        ...(assigned ? { removal: lineRemoval(text, rangeOf(assigned.statement)) } : {}),
      });
    }
    const policyEntry = entryOf('StartTLSPolicy');
    if (policyNode && policyEntry && policy) {
      const assigned = later.get('StartTLSPolicy');
      tlsFlags.push({
        key: keyOf('StartTLSPolicy'),
        valueText: `${separator('StartTLSPolicy')}${shorten(policyNode.text)}`,
        intent: policy === 'MandatoryStartTLS' ? 'starttls-required' : policy === 'NoStartTLS' ? 'no-tls' : 'starttls',
        range: policyEntry,
        ...(assigned ? { removal: lineRemoval(text, rangeOf(assigned.statement)) } : {}),
      });
    }

    // The SSL decision: written (true/false/unknown), else NewDialer's `port == 465`, else false.
    let implicit: boolean | 'unknown';
    let explicit = false;
    if (sslNode) {
      implicit = sslValue ?? 'unknown';
      explicit = sslValue !== undefined;
    } else if (viaNewDialer) {
      implicit = port ? port.value === 465 : 'unknown';
    } else {
      implicit = false;
    }
    let mode: TlsModeSetting;
    let modeKey = 'SSL';
    let modeRange: TextRange = sslEntry ?? (port?.range ?? rangeOf(node));
    let reading: MailEndpoint['reading'];
    if (implicit === 'unknown' && viaNewDialer && !sslNode && policy === 'NoStartTLS') {
      // NewDialer turns SSL on only for 465; writing NoStartTLS says the port is not meant to be 465.
      implicit = false;
      reading = { note: '(Read as a port other than 465: NewDialer turns SSL on for 465, and then StartTLSPolicy is ignored.)', certainty: 'inferred' };
    }
    if (implicit === 'unknown') mode = viaNewDialer && !sslNode ? 'auto' : 'unknown';
    else if (implicit) mode = 'implicit';
    else if (policy === 'NoStartTLS') {
      mode = 'none';
      explicit = true;
      modeKey = keyOf('StartTLSPolicy');
      modeRange = policyEntry ?? modeRange;
    } else mode = 'starttls';
    if (mode === 'implicit' || mode === 'starttls') modeKey = sslNode ? keyOf('SSL') : 'SSL';
    if (mode === 'starttls' && policy === 'MandatoryStartTLS' && !sslNode) {
      explicit = true;
      modeKey = keyOf('StartTLSPolicy');
      modeRange = policyEntry ?? modeRange;
    }
    // With no SSL written and no policy, the mode is the library's choice.
    if (!sslNode && mode === 'starttls' && !policy) modeRange = port?.range ?? rangeOf(node);

    const passwordNode = value('Password');
    const userNode = value('Username');
    const hasValue = (candidate: SyntaxNode | undefined): candidate is SyntaxNode => {
      if (!candidate) return false;
      const read = file.read(candidate);
      return !(read.kind === 'literal' && read.value === '') && candidate.text !== 'nil';
    };
    const credentialNode = hasValue(passwordNode) ? passwordNode : hasValue(userNode) ? userNode : undefined;
    const credentialRange = credentialNode ? (later.get(credentialNode === passwordNode ? 'Password' : 'Username') ? rangeOf(later.get(credentialNode === passwordNode ? 'Password' : 'Username')?.statement as SyntaxNode) : rangeOf(credentialNode)) : undefined;
    const insecure = file.insecureSkipVerify(value('TLSConfig'));

    const anchor = rangeOf(viaNewDialer ? (node.childForFieldName('function') ?? node) : (node.childForFieldName('type') ?? node));
    const setSsl = (on: boolean): TextEdit[] | undefined => {
      if (sslNode) {
        if (sslValue === on) return [];
        return sslValue === undefined && !later.has('SSL') && !literal ? undefined : [{ range: rangeOf(sslNode), newText: String(on) }];
      }
      if (literal) {
        const entries = named(literal.literal.childForFieldName('body'));
        const last = entries[entries.length - 1];
        if (!last) return undefined;
        const between = text.slice(last.endIndex, literal.literal.endIndex);
        const multiline = /\n/.test(text.slice(literal.literal.startIndex, literal.literal.endIndex));
        if (multiline) {
          const lineStart = text.lastIndexOf('\n', last.startIndex - 1) + 1;
          const indent = /^[ \t]*/.exec(text.slice(lineStart, last.startIndex))?.[0] ?? '';
          const comma = between.trimStart().startsWith(',');
          const at = comma ? last.endIndex + between.indexOf(',') + 1 : last.endIndex;
          return [{ range: { start: at, end: at }, newText: `${comma ? '' : ','}\n${indent}SSL: ${on}${comma ? ',' : ''}` }];
        }
        return [{ range: { start: last.endIndex, end: last.endIndex }, newText: `, SSL: ${on}` }];
      }
      if (variable && statement && (statement.type === 'short_var_declaration' || statement.type === 'assignment_statement' || statement.type === 'var_declaration')) {
        // NewDialer chose from the port; when it already chose this mode nothing needs writing.
        if (implicit === on) return [];
        return [insertAfterStatement(text, statement, `${variable}.SSL = ${on}`)];
      }
      return undefined;
    };
    const setPolicy = (name: string): TextEdit[] | undefined => {
      if (library !== 'go-mail-mail') return undefined;
      if (policyNode) return [{ range: rangeOf(policyNode), newText: `${pkg}.${name}` }];
      if (literal) {
        const entries = named(literal.literal.childForFieldName('body'));
        const last = entries[entries.length - 1];
        return last && !/\n/.test(text.slice(literal.literal.startIndex, literal.literal.endIndex)) ? [{ range: { start: last.endIndex, end: last.endIndex }, newText: `, StartTLSPolicy: ${pkg}.${name}` }] : undefined;
      }
      if (variable && statement && statement.type !== 'expression_statement' && statement.type !== 'return_statement') return [insertAfterStatement(text, statement, `${variable}.StartTLSPolicy = ${pkg}.${name}`)];
      return undefined;
    };
    const rewrite: EndpointRewriter = {
      setTlsMode: (target, options) => {
        if (target === 'implicit') {
          const edits = setSsl(true);
          return edits && policy === 'NoStartTLS' && policyNode ? [...edits, { range: rangeOf(policyNode), newText: `${pkg}.OpportunisticStartTLS` }] : edits;
        }
        if (target !== 'starttls') return undefined;
        const edits = setSsl(false);
        if (!edits) return undefined;
        if (options?.enforce || policy === 'NoStartTLS') {
          const policyEdits = setPolicy(options?.enforce ? 'MandatoryStartTLS' : 'OpportunisticStartTLS');
          if (policyEdits) return [...edits, ...policyEdits];
          if (policy === 'NoStartTLS') return undefined;
        }
        return edits;
      },
      enforceStartTls: () => setPolicy('MandatoryStartTLS'),
      setPort: (target) => (port ? [{ range: port.range, newText: String(target) }] : undefined),
      ...(insecure ? { enableCertificateVerification: () => [{ range: rangeOf(insecure.value), newText: 'false' }] } : {}),
    };
    this.endpoints.push({
      library,
      format: 'go',
      protocol: 'smtp',
      range: rangeOf(node),
      anchor,
      ...(host ? { host } : {}),
      ...(port ? { port } : {}),
      mode: { value: mode, range: modeRange, key: modeKey, origin: mode === 'unknown' ? 'env' : explicit ? 'literal' : 'default' },
      modeExplicit: explicit && mode !== 'unknown' && mode !== 'auto',
      tlsFlags,
      starttlsEnforced: policy === 'MandatoryStartTLS',
      ...(credentialRange ? { credentials: { range: credentialRange } } : {}),
      ...(insecure ? { certificateVerificationOff: { key: 'InsecureSkipVerify', range: rangeOf(insecure.entry) } } : {}),
      ...(reading ? { reading } : {}),
      rewrite,
    });
  }

  // --- wneessen/go-mail ---

  private goMailClient(offset: number, pkg: string): void {
    const file = this.file;
    const text = file.text;
    const call = this.callAt(offset);
    if (!call || call.startIndex !== offset) return;
    const args = argsOf(call);
    const hostNode = args[0];
    if (!hostNode) return;
    let options = args.slice(1);
    let certain = true;
    let optionList: { list: SyntaxNode[]; container: SyntaxNode } | undefined = { list: options, container: call.childForFieldName('arguments') ?? call };
    const variadic = call.childForFieldName('arguments')?.text.trimEnd().replace(/\)$/, '').trimEnd().endsWith('...');
    if (variadic) {
      // mail.NewClient(host, opts...) with opts := []mail.Option{…} and appends
      const name = options[options.length - 1]?.text;
      options = options.slice(0, -1);
      optionList = undefined;
      if (name && /^\w+$/.test(name)) {
        const scope = scopeOf(call);
        const bound = file.binding(name);
        if (bound?.type === 'composite_literal') {
          const body = named(bound.childForFieldName('body')).map((element) => unwrap(element) ?? element);
          options.push(...body);
          optionList = { list: body, container: bound.childForFieldName('body') ?? bound };
        } else certain = false;
        for (const match of text.slice(scope.startIndex, scope.endIndex).matchAll(new RegExp(`\\bappend\\s*\\(\\s*${escapeRegExp(name)}\\s*,`, 'g'))) {
          const appendCall = this.callAt(scope.startIndex + (match.index ?? 0));
          if (!appendCall) continue;
          if (climb(appendCall, ['if_statement', 'expression_switch_statement', 'for_statement'], 6) && scopeOf(appendCall).startIndex === scope.startIndex && !climb(call, ['if_statement'], 6)) certain = false;
          options.push(...argsOf(appendCall).slice(1));
        }
      } else certain = false;
    }
    let port: Setting<number> | undefined = { value: 25, range: rangeOf(callName(call)?.fn ?? call), key: 'port', origin: 'default' };
    let portKnown = true;
    let withPort: SyntaxNode | undefined;
    let useSsl = false;
    let policy = 'TLSMandatory';
    let policyWritten = false;
    let policyValueNode: SyntaxNode | undefined;
    const tlsFlags: TlsFlag[] = [];
    let modeNode: SyntaxNode | undefined;
    let sslNode: SyntaxNode | undefined;
    let credentials: TextRange | undefined;
    let insecure: { entry: SyntaxNode; value: SyntaxNode } | undefined;
    const removalOf = (option: SyntaxNode): TextEdit | undefined => {
      if (!optionList) return undefined;
      const index = optionList.list.findIndex((candidate) => candidate.startIndex === option.startIndex);
      return index >= 0 ? argumentRemoval(optionList.list, index) : undefined;
    };
    for (const option of options) {
      const inner = unwrap(option);
      if (!inner || inner.type !== 'call_expression') continue;
      const name = callName(inner);
      if (!name || name.pkg !== pkg) continue;
      const optionArgs = argsOf(inner);
      const valueText = `(${shorten(optionArgs.map((arg) => arg.text).join(', '))})`;
      const key = `${pkg}.${name.name}`;
      const removal = removalOf(option);
      const policyOf = (node: SyntaxNode | undefined): string | undefined => (node ? /(?:^|\.)(TLSMandatory|TLSOpportunistic|NoTLS)$/.exec(node.text.replace(/\s+/g, ''))?.[1] : undefined);
      switch (name.name) {
        case 'WithPort': {
          withPort = inner;
          const written = file.port(optionArgs[0], key);
          port = written;
          portKnown = written !== undefined;
          break;
        }
        case 'WithSSL':
          useSsl = true;
          sslNode = inner;
          tlsFlags.push({ key, valueText, intent: 'implicit', range: rangeOf(inner), ...(removal ? { removal } : {}) });
          break;
        case 'WithSSLPort':
          useSsl = true;
          sslNode = inner;
          if (portKnown && port?.value === 25) port = { value: 465, range: rangeOf(inner), key, origin: 'default' };
          tlsFlags.push({ key, valueText, intent: 'implicit', range: rangeOf(inner), ...(removal ? { removal } : {}) });
          break;
        case 'WithTLSPolicy':
        case 'WithTLSPortPolicy': {
          const value = policyOf(optionArgs[0]);
          if (!value) {
            policy = 'unknown';
            break;
          }
          policy = value;
          policyWritten = true;
          modeNode = inner;
          policyValueNode = optionArgs[0];
          if (name.name === 'WithTLSPortPolicy' && portKnown && port?.value === 25 && value !== 'NoTLS') port = { value: 587, range: rangeOf(inner), key, origin: 'default' };
          tlsFlags.push({ key, valueText, intent: value === 'TLSMandatory' ? 'starttls-required' : value === 'NoTLS' ? 'no-tls' : 'starttls', range: rangeOf(inner), ...(removal ? { removal } : {}) });
          break;
        }
        case 'WithSMTPAuth':
          if (!/NoAuth$/.test(optionArgs[0]?.text ?? '')) credentials ??= rangeOf(inner);
          break;
        case 'WithSMTPAuthCustom':
        case 'WithPassword':
          credentials ??= rangeOf(inner);
          break;
        case 'WithTLSConfig':
          insecure = file.insecureSkipVerify(optionArgs[0]);
          break;
        default:
          break;
      }
    }
    // Setters after NewClient: c.SetSSL(true), c.SetTLSPolicy(mail.NoTLS), c.SetPort(465) …
    const variable = variableOf(call);
    if (variable && new RegExp(`(?<![\\w.])${escapeRegExp(variable)}\\s*\\.\\s*Set(?:SSL|SSLPort|TLSPolicy|TLSPortPolicy|Port)\\s*\\(`).test(text.slice(call.endIndex, scopeOf(call).endIndex))) certain = false;
    if (variable && !credentials) {
      const auth = new RegExp(`(?<![\\w.])${escapeRegExp(variable)}\\s*\\.\\s*(?:SetSMTPAuth|SetPassword)\\s*\\(`).exec(text.slice(call.endIndex, scopeOf(call).endIndex));
      if (auth) credentials = { start: call.endIndex + auth.index, end: call.endIndex + auth.index + auth[0].length };
    }
    if (!portKnown) port = undefined;
    let mode: TlsModeSetting;
    let modeKey: string;
    let modeRange: TextRange;
    if (!certain) {
      mode = 'unknown';
      modeKey = `${pkg}.NewClient`;
      modeRange = rangeOf(callName(call)?.fn ?? call);
    } else if (useSsl && sslNode) {
      mode = 'implicit';
      modeKey = `${pkg}.${callName(sslNode)?.name ?? 'WithSSL'}`;
      modeRange = rangeOf(sslNode);
    } else if (policy === 'unknown') {
      mode = 'unknown';
      modeKey = `${pkg}.WithTLSPolicy`;
      modeRange = rangeOf(modeNode ?? call);
    } else {
      mode = policy === 'NoTLS' ? 'none' : 'starttls';
      modeKey = modeNode ? `${pkg}.${callName(modeNode)?.name ?? 'WithTLSPolicy'}` : 'TLSPolicy';
      modeRange = modeNode ? rangeOf(modeNode) : rangeOf(callName(call)?.fn ?? call);
    }
    const host = file.hostOf(hostNode, 'host').host;
    const lastOption = optionList ? optionList.list[optionList.list.length - 1] : undefined;
    const append = (code: string): TextEdit | undefined => {
      if (!optionList) return undefined;
      if (lastOption) return { range: { start: lastOption.endIndex, end: lastOption.endIndex }, newText: `, ${code}` };
      return optionList.container.type === 'argument_list' ? { range: { start: hostNode.endIndex, end: hostNode.endIndex }, newText: `, ${code}` } : undefined;
    };
    const setPolicyEdit = (value: string): TextEdit[] | undefined => {
      if (policyValueNode) return [{ range: rangeOf(policyValueNode), newText: `${pkg}.${value}` }];
      if (value === 'TLSMandatory') return []; // the default
      const added = append(`${pkg}.WithTLSPolicy(${pkg}.${value})`);
      return added ? [added] : undefined;
    };
    const rewrite: EndpointRewriter = {
      setTlsMode: (target, options) => {
        if (!certain) return undefined;
        if (target === 'implicit') {
          if (useSsl) return [];
          const edits: TextEdit[] = [];
          if (modeNode) edits.push({ range: rangeOf(modeNode), newText: withPort || port?.value === 465 ? `${pkg}.WithSSL()` : `${pkg}.WithSSLPort(false)` });
          else {
            const added = append(withPort ? `${pkg}.WithSSL()` : `${pkg}.WithSSLPort(false)`);
            if (!added) return undefined;
            edits.push(added);
          }
          return edits;
        }
        if (target !== 'starttls') return undefined;
        // WithSSL() on the default port 25: keeping 25 is not what anyone meant; the port fix speaks.
        if (useSsl && !withPort && port?.value === 25) return undefined;
        const edits: TextEdit[] = [];
        if (sslNode) {
          const policyText = `${pkg}.WithTLSPolicy(${pkg}.TLSMandatory)`;
          if (modeNode) {
            const removal = removalOf(sslNode);
            if (!removal) return undefined;
            edits.push(removal);
            const policyEdits = setPolicyEdit('TLSMandatory');
            if (!policyEdits) return undefined;
            edits.push(...policyEdits);
          } else edits.push({ range: rangeOf(sslNode), newText: callName(sslNode)?.name === 'WithSSLPort' && !withPort ? `${pkg}.WithTLSPortPolicy(${pkg}.TLSMandatory)` : policyText });
          return edits;
        }
        const policyEdits = setPolicyEdit(options?.enforce || policy === 'NoTLS' ? 'TLSMandatory' : policy);
        return policyEdits;
      },
      enforceStartTls: () => (certain && !useSsl ? setPolicyEdit('TLSMandatory') : undefined),
      setPort: (target) => {
        if (withPort && port && port.origin !== 'default') return [{ range: port.range, newText: String(target) }];
        if (withPort) return undefined;
        if (sslNode && target === 465 && callName(sslNode)?.name === 'WithSSL') return [{ range: rangeOf(sslNode), newText: `${pkg}.WithSSLPort(false)` }];
        const added = append(`${pkg}.WithPort(${target})`);
        return added ? [added] : undefined;
      },
      ...(insecure ? { enableCertificateVerification: () => [{ range: rangeOf((insecure as { value: SyntaxNode }).value), newText: 'false' }] } : {}),
    };
    this.endpoints.push({
      library: 'go-mail',
      format: 'go',
      protocol: 'smtp',
      range: rangeOf(call),
      anchor: rangeOf(callName(call)?.fn ?? call),
      ...(host ? { host } : {}),
      ...(port ? { port } : {}),
      mode: { value: mode, range: modeRange, key: modeKey, origin: mode === 'unknown' ? 'computed' : modeNode || sslNode ? 'literal' : 'default' },
      modeExplicit: mode !== 'unknown' && (modeNode !== undefined || sslNode !== undefined) && (policyWritten || useSsl),
      tlsFlags: certain ? tlsFlags : [],
      starttlsEnforced: !useSsl && policy === 'TLSMandatory',
      ...(credentials ? { credentials: { range: credentials } } : {}),
      ...(insecure ? { certificateVerificationOff: { key: 'InsecureSkipVerify', range: rangeOf(insecure.entry) } } : {}),
      rewrite,
    });
  }

  // --- net/smtp ---

  private netSmtp(offset: number, fn: string, pkg: string): void {
    const file = this.file;
    const text = file.text;
    const call = this.callAt(offset);
    if (!call || call.startIndex !== offset) return;
    const args = argsOf(call);
    const scope = scopeOf(call);
    const after = (pattern: RegExp): RegExpExecArray | null => pattern.exec(text.slice(call.endIndex, scope.endIndex));
    const clientVariable = fn === 'SendMail' ? undefined : variableOf(call);
    const onClient = (method: string): SyntaxNode | undefined => {
      if (!clientVariable) return undefined;
      const match = after(new RegExp(`(?<![\\w.])${escapeRegExp(clientVariable)}\\s*\\.\\s*${method}\\s*\\(`));
      return match ? this.callAt(call.endIndex + match.index) : undefined;
    };
    let addressNode: SyntaxNode | undefined;
    let mode: TlsModeSetting;
    let explicit = true;
    let intent: TlsFlag['intent'] | undefined;
    let modeNode: SyntaxNode = callName(call)?.fn ?? call;
    let key = `${pkg}.${fn}`;
    let enforced = false;
    let tlsConfig: SyntaxNode | undefined;
    let credentials: TextRange | undefined;
    if (fn === 'SendMail') {
      addressNode = args[0];
      // Plaintext connect, STARTTLS when offered; PlainAuth refuses to authenticate without TLS.
      mode = 'starttls';
      explicit = false;
      enforced = true;
      const auth = args[1];
      if (auth && auth.text !== 'nil') credentials = rangeOf(auth);
    } else {
      let implicitConn = false;
      if (fn === 'NewClient') {
        const conn = unwrap(args[0]);
        if (!conn || conn.type !== 'identifier') return;
        const source = file.binding(conn.text) ?? this.connSource(conn.text, scope);
        const dial = source?.type === 'call_expression' ? callName(source) : undefined;
        if (!source || !dial) return;
        const dialArgs = argsOf(source);
        if (dial.pkg === 'tls' && (dial.name === 'Dial' || dial.name === 'DialWithDialer')) {
          implicitConn = true;
          addressNode = dialArgs[dial.name === 'Dial' ? 1 : 2];
          tlsConfig = dialArgs[dial.name === 'Dial' ? 2 : 3];
          modeNode = source;
          key = `tls.${dial.name}`;
        } else if (dial.pkg === 'net' && (dial.name === 'Dial' || dial.name === 'DialTimeout')) {
          addressNode = dialArgs[1];
        } else return;
      } else addressNode = args[0];
      if (implicitConn) {
        mode = 'implicit';
        intent = 'implicit';
      } else {
        const startTls = onClient('StartTLS');
        if (startTls) {
          const guarded = climb(startTls, ['if_statement'], 4);
          enforced = !(guarded && /Extension\s*\(\s*"STARTTLS"\s*\)/.test(guarded.childForFieldName('condition')?.text ?? guarded.text.slice(0, 200)));
          mode = 'starttls';
          intent = enforced ? 'starttls-required' : 'starttls';
          modeNode = startTls;
          key = `${clientVariable ?? 'c'}.StartTLS`;
          tlsConfig = argsOf(startTls)[0];
        } else if (/\.StartTLS\s*\(/.test(text) || !clientVariable || new RegExp(`(?<![\\w.])(?:return\\s+${escapeRegExp(clientVariable)}\\b|\\w+\\s*\\([^)]*\\b${escapeRegExp(clientVariable)}\\b)`).test(text.slice(call.endIndex, scope.endIndex).replace(new RegExp(`${escapeRegExp(clientVariable)}\\s*\\.\\s*\\w+\\s*\\(`, 'g'), ''))) {
          // STARTTLS may happen elsewhere (a helper gets the client): the file does not say.
          mode = 'unknown';
          explicit = false;
        } else {
          mode = 'none';
          explicit = false;
        }
      }
      const auth = onClient('Auth');
      if (auth) credentials = rangeOf(auth);
    }
    const { port, host } = file.addressPort(addressNode, 'addr');
    if (!port && !host && mode !== 'implicit') return;
    const insecure = tlsConfig ? file.insecureSkipVerify(tlsConfig) : undefined;
    const tlsFlags: TlsFlag[] = intent ? [{ key, valueText: `(${shorten(argsOf(modeNode).map((arg) => arg.text).join(', '))})`, intent, range: rangeOf(modeNode) }] : [];
    const rewrite: EndpointRewriter = {
      // Switching between tls.Dial and smtp.Dial is a change of code, not of a value.
      setPort: (target) => (port && port.origin !== 'default' ? [{ range: port.range, newText: String(target) }] : undefined),
      ...(insecure ? { enableCertificateVerification: () => [{ range: rangeOf(insecure.value), newText: 'false' }] } : {}),
    };
    this.endpoints.push({
      library: 'go-net-smtp',
      format: 'go',
      protocol: 'smtp',
      range: rangeOf(call),
      anchor: rangeOf(callName(call)?.fn ?? call),
      ...(host ? { host } : {}),
      ...(port ? { port } : {}),
      mode: { value: mode, range: rangeOf(modeNode), key, origin: mode === 'unknown' ? 'computed' : explicit ? 'literal' : 'default' },
      modeExplicit: explicit && mode !== 'unknown',
      tlsFlags,
      starttlsEnforced: enforced,
      ...(credentials ? { credentials: { range: credentials } } : {}),
      ...(insecure ? { certificateVerificationOff: { key: 'InsecureSkipVerify', range: rangeOf(insecure.entry) } } : {}),
      rewrite,
    });
  }

  /** `conn, err := tls.Dial(…)` — a two-value declaration the single-binding table leaves out. */
  private connSource(name: string, scope: SyntaxNode): SyntaxNode | undefined {
    const text = this.file.text;
    const match = new RegExp(`(?<![\\w.])${escapeRegExp(name)}\\s*,\\s*\\w+\\s*:?=\\s*(?=(?:tls|net)\\s*\\.)`).exec(text.slice(scope.startIndex, scope.endIndex));
    if (!match) return undefined;
    const at = scope.startIndex + match.index + match[0].length;
    const call = climb(this.file.root.namedDescendantForIndex(at), ['call_expression'], 3);
    return call && call.startIndex === at ? call : undefined;
  }
}

interface DialerFields {
  Host?: SyntaxNode;
  Port?: SyntaxNode;
  Username?: SyntaxNode;
  Password?: SyntaxNode;
  SSL?: SyntaxNode;
  TLSConfig?: SyntaxNode;
  StartTLSPolicy?: SyntaxNode;
}

/** Cheap test before loading the grammar: every library read here is imported by path. */
export function mayContainGoMailConfig(text: string): boolean {
  return /"(?:net\/smtp|gopkg\.in\/(?:gomail|mail)\.v\d|github\.com\/(?:go-gomail\/gomail|go-mail\/mail|wneessen\/go-mail)[^"]*)"/.test(text);
}

export const goExtractor: Extractor = {
  id: 'go',
  appliesTo(fileName: string): boolean {
    return /\.go$/i.test(fileName);
  },
  filePatterns: ['*.go'],
  async extract(document: SourceDocument): Promise<MailEndpoint[]> {
    const { text } = document;
    try {
      if (!mayContainGoMailConfig(text)) return [];
      return await withSyntaxTree(document.fileName, text, 'go', (root) => {
        const reader = new Reader(new GoFile(text, root));
        try {
          reader.run();
        } catch {
          // keep what was read
        }
        return reader.endpoints;
      });
    } catch {
      return [];
    }
  },
};
