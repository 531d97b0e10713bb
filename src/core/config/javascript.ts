// Mail endpoints in JavaScript and TypeScript: nodemailer transports (calls, option objects under
// mail-ish keys, connection URLs, NestJS MailerModule), ImapFlow and node-imap clients.
// The syntax is read with tree-sitter; what the options mean is decided by semantics/nodemailer.ts.
import type { EndpointRewriter, Extractor, MailEndpoint, Protocol, SourceDocument, TextRange } from '../model';
import { parseMailUrl } from './mailUrl';
import { planObjectEdits, removeEntryEdit, type ObjectEntryRange } from './objectEdits';
import { grammarForFile, withSyntaxTree, type SyntaxNode } from './parsers/treeSitter';
import {
  imapFlowRewriter,
  nodeImapRewriter,
  nodemailerRewriter,
  resolveImapFlow,
  resolveNodeImap,
  resolveNodemailer,
  type AbstractValue,
  type OptionEntry,
  type OptionWriter,
  type ResolvedEndpoint,
  type UrlSource,
  type WrittenOptions,
} from './semantics/nodemailer';

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const EXTENSIONS = /\.(?:[mc]?[jt]s|[jt]sx)$/i;

/**
 * Whether the text can hold anything we look for, decided without parsing. Every detection below
 * needs one of these: a call or class name, a connection URL, or a mail-ish name next to a
 * `host`/`port` key. `indexOf` is memchr-fast; the regexes run only on files that mention mail.
 */
export function mayContainMailConfig(text: string): boolean {
  // Each name and URL scheme below contains one of these words, so most files are settled by this
  // one scan; every extra pass over a 300 KB file costs a noticeable part of a millisecond.
  if (!MAIL_WORD.test(text)) return false;
  if (text.includes('createTransport') || text.includes('ImapFlow') || text.includes('MailerModule')) return true;
  if (/smtps?:\/\//i.test(text)) return true;
  return /\b(?:host|port)\b/.test(text);
}

const MAIL_WORD = /smtp|mail|imap|transport/i;

function isIdentifierChar(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57) || code === 95 || code === 36;
}

type Library = 'nodemailer' | 'imapflow' | 'node-imap';

const MAILISH_KEY = /^(?:smtp|mail|mailer|email|nodemailer|transport|transporter|imap)(?:config|configuration|options|opts|settings|conf|transport|transporter|server|client)?$/;
const URLISH_NAME = /(?:mail|smtp|email|mailer)(?:url|uri|dsn|server|connection|connectionurl|connectionstring|transport)$/;
const ENV_KEY = /^[A-Z][A-Z0-9_]*$/;
const EMAIL_PROVIDER_MODULE = /^(?:next-auth|@auth\/[\w-]+)\/providers\/(?:email|nodemailer)$/;
const MAX_DEPTH = 6;

function normaliseName(name: string): string {
  return name.replace(/[^A-Za-z0-9]/g, '').toLowerCase();
}

function rangeOf(node: SyntaxNode): TextRange {
  return { start: node.startIndex, end: node.endIndex };
}

function shorten(text: string): string {
  const single = text.replace(/\s+/g, ' ');
  return single.length > 80 ? `${single.slice(0, 77)}…` : single;
}

/** Strips what does not change a value: parentheses, TS casts, `await`. */
function unwrap(node: SyntaxNode | null | undefined): SyntaxNode | undefined {
  let current = node ?? undefined;
  for (let guard = 0; current && guard < 20; guard++) {
    switch (current.type) {
      case 'parenthesized_expression':
      case 'as_expression':
      case 'satisfies_expression':
      case 'non_null_expression':
      case 'type_assertion':
      case 'await_expression':
        current = innerExpression(current);
        break;
      default:
        return current;
    }
  }
  return current;
}

function innerExpression(node: SyntaxNode): SyntaxNode | undefined {
  // `x as T`, `<T>x`, `(x)`: the expression is the first named child that is not a type.
  for (const child of node.namedChildren) {
    if (child && !child.type.endsWith('type') && child.type !== 'type_arguments' && child.type !== 'comment') return child;
  }
  return undefined;
}

function stringContent(node: SyntaxNode): { text: string; start: number } | undefined {
  if (node.type === 'string') {
    return { text: node.text.slice(1, -1), start: node.startIndex + 1 };
  }
  if (node.type === 'template_string') {
    if (node.namedChildren.some((child) => child?.type === 'template_substitution')) return undefined;
    return { text: node.text.slice(1, -1), start: node.startIndex + 1 };
  }
  return undefined;
}

/**
 * A template URL whose substitutions are all in the user-info part
 * (`smtps://${user}:${pass}@smtp.example.com:587`): scheme, host and port are literal, so the
 * URL is read with each substitution masked by as many `x` as it is long (offsets stay exact).
 * A substitution in the host, port or query makes them unknown, so such a URL is not read.
 */
function templateUrlContent(node: SyntaxNode): { text: string; start: number } | undefined {
  if (node.type !== 'template_string') return undefined;
  const start = node.startIndex + 1;
  let text = node.text.slice(1, -1);
  let lastSubstitutionEnd = -1;
  for (const child of node.namedChildren) {
    if (child?.type !== 'template_substitution') continue;
    const from = child.startIndex - start;
    const to = child.endIndex - start;
    text = text.slice(0, from) + 'x'.repeat(to - from) + text.slice(to);
    lastSubstitutionEnd = to;
  }
  if (lastSubstitutionEnd < 0) return undefined;
  const scheme = /^smtps?:\/\//i.exec(text);
  if (!scheme) return undefined;
  const authorityEnd = text.slice(scheme[0].length).search(/[/?#]/);
  const authority = authorityEnd < 0 ? text.slice(scheme[0].length) : text.slice(scheme[0].length, scheme[0].length + authorityEnd);
  const at = authority.lastIndexOf('@');
  if (at < 0 || lastSubstitutionEnd > scheme[0].length + at) return undefined;
  return { text, start };
}

function unescapeString(raw: string): string {
  if (!raw.includes('\\')) return raw;
  return raw.replace(/\\(u\{[0-9a-fA-F]+\}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|.)/g, (_, escape: string) => {
    if (escape.startsWith('u{')) return String.fromCodePoint(parseInt(escape.slice(2, -1), 16));
    if (escape.startsWith('u') || escape.startsWith('x')) return String.fromCharCode(parseInt(escape.slice(1), 16));
    return ({ n: '\n', t: '\t', r: '\r', '0': '\0' } as Record<string, string>)[escape] ?? escape;
  });
}

function propertyName(node: SyntaxNode | null): string | undefined {
  if (!node) return undefined;
  switch (node.type) {
    case 'property_identifier':
    case 'identifier':
    case 'shorthand_property_identifier':
    case 'private_property_identifier':
      return node.text;
    case 'string':
      return unescapeString(node.text.slice(1, -1));
    case 'number':
      return node.text;
    case 'computed_property_name': {
      const inner = unwrap(node.namedChild(0));
      const content = inner ? stringContent(inner) : undefined;
      return content ? unescapeString(content.text) : undefined;
    }
    default:
      return undefined;
  }
}

interface ReadValue {
  readonly value: AbstractValue;
  readonly valueRange: TextRange;
  readonly envRange?: TextRange;
}

/** The same value after a numeric conversion: still the environment's, but no longer a string. */
function parsedEnv(read: ReadValue): ReadValue {
  if (read.value.kind !== 'env') return read;
  return { value: { ...read.value, parsed: true }, valueRange: read.valueRange };
}

interface Property {
  readonly key: string;
  /** The entry as written (`key: value`, or the shorthand identifier). */
  readonly pairRange: TextRange;
  /** The expression giving the value; for a shorthand, the bound declaration's value. */
  readonly valueNode: SyntaxNode | undefined;
}

interface ObjectInfo {
  readonly node: SyntaxNode;
  readonly range: TextRange;
  /** Own entries, in order, for insertions. */
  readonly own: readonly ObjectEntryRange[];
  /** All visible properties (spreads merged first), last one wins, as at run time. */
  readonly properties: ReadonlyMap<string, Property>;
  readonly firstKey?: TextRange;
}

interface Candidate {
  readonly library: Library;
  readonly anchor: TextRange;
  /** An options object, or an expression that may resolve to one or to a URL. */
  readonly argument: SyntaxNode;
  /** Mail-ish objects need a second look at their shape to avoid false positives. */
  readonly requireShape: boolean;
}

class FileReader {
  private readonly bindings = new Map<string, SyntaxNode[]>();
  private readonly envBindings = new Map<string, string>();
  private readonly createTransportNames = new Set(['createTransport', 'createTransporter']);
  private readonly imapFlowNames = new Set(['ImapFlow']);
  private readonly nodeImapNames = new Set(['Imap']);
  /** Auth.js / NextAuth e-mail providers, whose `server` option goes to nodemailer unchanged. */
  private readonly emailProviderNames = new Set(['EmailProvider', 'NodemailerProvider']);
  private readonly calls: SyntaxNode[] = [];
  private readonly news: SyntaxNode[] = [];
  private readonly mailishObjects: { key: SyntaxNode; value: SyntaxNode }[] = [];
  private readonly urlStrings: { name: string; value: SyntaxNode }[] = [];
  private readonly consumed = new Set<number>();
  readonly endpoints: MailEndpoint[] = [];

  constructor(private readonly text: string) {}

  run(root: SyntaxNode): void {
    this.collect(root);
    for (const call of this.calls) this.guard(() => this.fromCall(call));
    for (const node of this.news) this.guard(() => this.fromNew(node));
    for (const { key, value } of this.mailishObjects) this.guard(() => this.fromMailishObject(key, value));
    for (const { name, value } of this.urlStrings) this.guard(() => this.fromUrlString(name, value));
  }

  private guard(work: () => void): void {
    try {
      work();
    } catch {
      // One unreadable construct must not cost the other endpoints of the file.
    }
  }

  // --- candidate sites, found from the text and looked up in the tree ---
  // Walking every node of a big file costs far more than the parse (each step crosses into wasm),
  // so regexes find the few offsets worth a look and the tree is asked only about those.

  private root: SyntaxNode | undefined;

  private nodeAt(offset: number): SyntaxNode | undefined {
    return this.root?.namedDescendantForIndex(offset) ?? undefined;
  }

  /** The nearest ancestor (or the node) of one of `types`, within a few levels. */
  private climb(node: SyntaxNode | undefined, types: readonly string[], levels = 6): SyntaxNode | undefined {
    let current = node;
    for (let level = 0; current && level <= levels; level++) {
      if (types.includes(current.type)) return current;
      current = current.parent ?? undefined;
    }
    return undefined;
  }

  private collect(root: SyntaxNode): void {
    this.root = root;
    const text = this.text;
    const seen = new Set<string>();
    const once = (node: SyntaxNode | undefined, work: (node: SyntaxNode) => void): void => {
      if (!node) return;
      const key = `${node.type}@${node.startIndex}`;
      if (seen.has(key)) return;
      seen.add(key);
      this.guard(() => work(node));
    };

    // Imports and requires first: they name the classes and functions to look for.
    for (const match of text.matchAll(/\bimport\b|\brequire\s*\(|\}\s*=\s*(?:process|import\.meta|Bun)\b/g)) {
      const node = this.nodeAt(match.index);
      if (match[0] === 'import') {
        const statement = this.climb(node, ['import_statement'], 3);
        once(statement, (found) => {
          this.visitImport(found);
          const stack = [...found.namedChildren];
          while (stack.length > 0) {
            const child = stack.pop();
            if (!child) continue;
            if (child.type === 'import_specifier') this.visitImportSpecifier(child);
            else stack.push(...child.namedChildren);
          }
        });
      } else {
        once(this.climb(node, ['variable_declarator'], 6), (found) => this.visitDeclarator(found));
      }
    }

    const names = [...this.createTransportNames, 'forRoot', 'forRootAsync', ...this.imapFlowNames, ...this.nodeImapNames, ...this.emailProviderNames, 'Email'].map(escapeRegExp);
    for (const match of text.matchAll(new RegExp(`(?<![\\w$])(?:${names.join('|')})(?![\\w$])`, 'g'))) {
      const node = this.nodeAt(match.index);
      const site = this.climb(node, ['call_expression', 'new_expression'], 4);
      if (!site) continue;
      once(site, (found) => (found.type === 'call_expression' ? this.calls.push(found) : this.news.push(found)));
    }

    // Names that may hold options or a URL: `mail: {`, `const smtpConfig =`, `process.env.MAIL_URL =`.
    // Searched from the mail word outwards: a pattern that starts with `[\w$]*` is retried at every
    // character of every identifier, which cost more than the incremental reparse of a big file.
    const assigned = /["'`]?\s*(?:=(?![=>])|:)/y;
    let identifierEnd = 0;
    for (const match of text.matchAll(/smtp|mail|imap|transport/gi)) {
      if (match.index < identifierEnd) continue;
      let start = match.index;
      while (start > 0 && isIdentifierChar(text.charCodeAt(start - 1))) start--;
      let end = match.index + match[0].length;
      while (end < text.length && isIdentifierChar(text.charCodeAt(end))) end++;
      identifierEnd = end;
      assigned.lastIndex = end;
      if (!assigned.test(text)) continue;
      const node = this.nodeAt(start);
      const site = this.climb(node, ['pair', 'variable_declarator', 'assignment_expression'], 4);
      if (!site) continue;
      once(site, (found) => {
        if (found.type === 'variable_declarator') this.visitDeclarator(found);
        else this.visit(found.type, () => found);
      });
    }
  }

  private visit(type: string, current: () => SyntaxNode): void {
    switch (type) {
      case 'pair': {
        const node = current();
        const key = node.childForFieldName('key');
        const value = unwrap(node.childForFieldName('value'));
        const name = propertyName(key);
        if (key && value && name !== undefined) this.noteNamedValue(name, key, value);
        break;
      }
      case 'assignment_expression': {
        const node = current();
        const left = node.childForFieldName('left');
        const right = unwrap(node.childForFieldName('right'));
        if (!left || !right) break;
        const name = left.type === 'member_expression' ? propertyName(left.childForFieldName('property')) : left.type === 'identifier' ? left.text : undefined;
        if (name === undefined) break;
        this.noteNamedValue(name, left.type === 'member_expression' ? (left.childForFieldName('property') ?? left) : left, right);
        break;
      }
    }
  }

  private noteNamedValue(name: string, keyNode: SyntaxNode, value: SyntaxNode): void {
    const normalised = normaliseName(name);
    if (value.type === 'object' && MAILISH_KEY.test(normalised)) this.mailishObjects.push({ key: keyNode, value });
    if ((URLISH_NAME.test(normalised) || MAILISH_KEY.test(normalised)) && value.type !== 'object') this.urlStrings.push({ name, value });
  }

  private visitDeclarator(node: SyntaxNode): void {
    const name = node.childForFieldName('name');
    const value = unwrap(node.childForFieldName('value'));
    if (!name || !value) return;
    if (name.type === 'identifier') {
      this.noteNamedValue(name.text, name, value);
      this.noteRequire(name.text, value);
      return;
    }
    if (name.type === 'object_pattern') {
      const source = this.text.slice(value.startIndex, value.endIndex).replace(/\s+/g, '');
      const fromEnv = source === 'process.env' || source === 'import.meta.env' || source === 'Bun.env';
      const fromModule = this.requiredModule(value);
      for (const child of name.namedChildren) {
        if (!child) continue;
        if (child.type === 'shorthand_property_identifier_pattern') {
          if (fromEnv) this.envBindings.set(child.text, child.text);
          if (fromModule === 'nodemailer' && child.text === 'createTransport') this.createTransportNames.add(child.text);
        } else if (child.type === 'pair_pattern') {
          const key = propertyName(child.childForFieldName('key'));
          const alias = child.childForFieldName('value');
          if (key === undefined || !alias || alias.type !== 'identifier') continue;
          if (fromEnv) this.envBindings.set(alias.text, key);
          if (key === 'createTransport') this.createTransportNames.add(alias.text);
          if (key === 'ImapFlow') this.imapFlowNames.add(alias.text);
        }
      }
    }
  }

  private requiredModule(value: SyntaxNode): string | undefined {
    if (value.type !== 'call_expression') return undefined;
    const callee = value.childForFieldName('function');
    if (!callee || callee.text !== 'require') return undefined;
    const argument = unwrap(value.childForFieldName('arguments')?.namedChild(0));
    const content = argument ? stringContent(argument) : undefined;
    return content?.text;
  }

  private noteRequire(name: string, value: SyntaxNode): void {
    const module = this.requiredModule(value);
    if (module === 'imap') this.nodeImapNames.add(name);
  }

  private visitImportSpecifier(node: SyntaxNode): void {
    const imported = node.childForFieldName('name')?.text;
    const alias = node.childForFieldName('alias')?.text;
    if (!imported || !alias) return;
    if (imported === 'createTransport') this.createTransportNames.add(alias);
    if (imported === 'ImapFlow') this.imapFlowNames.add(alias);
  }

  private visitImport(node: SyntaxNode): void {
    const source = node.childForFieldName('source');
    const content = source ? stringContent(source) : undefined;
    if (content && EMAIL_PROVIDER_MODULE.test(content.text)) {
      // `import Email from 'next-auth/providers/email'`, `import Nodemailer from '@auth/core/providers/nodemailer'`.
      const clause = node.namedChildren.find((child) => child?.type === 'import_clause');
      for (const child of clause?.namedChildren ?? []) if (child?.type === 'identifier') this.emailProviderNames.add(child.text);
      return;
    }
    if (content?.text !== 'imap') return;
    // `import Imap from 'imap'` or `import * as Imap from 'imap'`: the local name is the class.
    const clause = node.namedChildren.find((child) => child?.type === 'import_clause');
    for (const child of clause?.namedChildren ?? []) {
      if (child?.type === 'identifier') this.nodeImapNames.add(child.text);
      if (child?.type === 'namespace_import') {
        const id = child.namedChildren.find((inner) => inner?.type === 'identifier');
        if (id) this.nodeImapNames.add(id.text);
      }
    }
  }

  // --- resolution ---

  /** Every `name = value` in the file (declarations and plain assignments), in source order. */
  private bindingsOf(name: string): SyntaxNode[] {
    let list = this.bindings.get(name);
    if (list) return list;
    list = [];
    this.bindings.set(name, list);
    const pattern = new RegExp(`(?<![\\w$.])${escapeRegExp(name)}\\s*(?::[^=;]{0,80})?=(?![=>])`, 'g');
    for (const match of this.text.matchAll(pattern)) {
      const node = this.nodeAt(match.index);
      if (!node || node.type !== 'identifier' || node.text !== name) continue;
      const parent = node.parent;
      if (parent?.type === 'variable_declarator' && parent.childForFieldName('name')?.startIndex === node.startIndex) {
        const value = unwrap(parent.childForFieldName('value'));
        if (value) list.push(value);
      } else if (parent?.type === 'assignment_expression' && parent.childForFieldName('left')?.startIndex === node.startIndex) {
        const value = unwrap(parent.childForFieldName('right'));
        if (value) list.push(value);
      }
    }
    return list;
  }

  /** The binding of `name` that is in effect at `offset`: the last one made before it, else the first. */
  private binding(name: string, offset: number): SyntaxNode | undefined {
    const list = this.bindingsOf(name);
    let best: SyntaxNode | undefined;
    for (const node of list) if (node.startIndex < offset) best = node;
    return best ?? list[0];
  }

  /** An object literal the expression stands for, following same-file names and members. */
  private resolveObject(node: SyntaxNode | undefined, depth = 0): SyntaxNode | undefined {
    const value = unwrap(node);
    if (!value || depth > MAX_DEPTH) return undefined;
    switch (value.type) {
      case 'object':
        return value;
      case 'identifier': {
        const bound = this.binding(value.text, value.startIndex);
        return bound && bound !== value ? this.resolveObject(bound, depth + 1) : undefined;
      }
      case 'member_expression': {
        const property = propertyName(value.childForFieldName('property'));
        const object = this.resolveObject(value.childForFieldName('object') ?? undefined, depth + 1);
        if (property === undefined || !object) return undefined;
        return this.resolveObject(this.readObject(object).properties.get(property)?.valueNode, depth + 1);
      }
      case 'call_expression': {
        // Legacy wrappers: createTransport(smtpTransport({...})).
        const callee = value.childForFieldName('function')?.text ?? '';
        if (/smtp.?transport|smtppool/i.test(callee)) return this.resolveObject(value.childForFieldName('arguments')?.namedChild(0) ?? undefined, depth + 1);
        return undefined;
      }
      default:
        return undefined;
    }
  }

  /** A URL string the expression stands for, with its origin. */
  private resolveUrl(node: SyntaxNode | undefined, key: string, depth = 0): UrlSource | undefined {
    const value = unwrap(node);
    if (!value || depth > MAX_DEPTH) return undefined;
    const content = stringContent(value) ?? templateUrlContent(value);
    if (content) {
      if (!/^smtps?:\/\//i.test(content.text)) return undefined;
      const url = parseMailUrl(content.text, content.start);
      return url ? { url, origin: 'url', key } : undefined;
    }
    if (value.type === 'identifier') {
      const bound = this.binding(value.text, value.startIndex);
      return bound && bound !== value ? this.resolveUrl(bound, key, depth + 1) : undefined;
    }
    if (value.type === 'binary_expression') {
      const operator = value.childForFieldName('operator')?.type;
      if (operator !== '||' && operator !== '??') return undefined;
      const env = this.envName(unwrap(value.childForFieldName('left')));
      const fallback = this.resolveUrl(value.childForFieldName('right') ?? undefined, key, depth + 1);
      if (env !== undefined && fallback) return { url: fallback.url, origin: 'fallback', key: env, envName: env };
    }
    return undefined;
  }

  /** The call's single type argument (`get<boolean>(…)`) matches `pattern`. */
  private typeArgumentSays(call: SyntaxNode, pattern: RegExp): boolean {
    const typeArguments = call.namedChildren.find((child) => child?.type === 'type_arguments');
    const text = typeArguments ? this.text.slice(typeArguments.startIndex + 1, typeArguments.endIndex - 1).trim() : undefined;
    return text !== undefined && pattern.test(text);
  }

  /** `process.env.X`, `process.env['X']`, `import.meta.env.X`, `config.get('X')`, a destructured env name. */
  private envName(node: SyntaxNode | undefined): string | undefined {
    if (!node) return undefined;
    if (node.type === 'member_expression' || node.type === 'subscript_expression') {
      const object = node.childForFieldName('object');
      const objectText = object ? this.text.slice(object.startIndex, object.endIndex).replace(/\s+/g, '') : '';
      if (!/^(?:process\.env|import\.meta\.env|Bun\.env|Deno\.env)$/.test(objectText)) return undefined;
      if (node.type === 'member_expression') return propertyName(node.childForFieldName('property'));
      const index = unwrap(node.childForFieldName('index'));
      const content = index ? stringContent(index) : undefined;
      return content ? unescapeString(content.text) : undefined;
    }
    if (node.type === 'call_expression') {
      const callee = node.childForFieldName('function');
      const name = callee?.type === 'member_expression' ? propertyName(callee.childForFieldName('property')) : callee?.text;
      if (name !== 'get' && name !== 'getOrThrow' && name !== 'env' && name !== 'getEnv') return undefined;
      const argument = unwrap(node.childForFieldName('arguments')?.namedChild(0));
      const content = argument ? stringContent(argument) : undefined;
      // ConfigService.get('SMTP_SECURE') and friends hand back the raw environment string.
      return content && ENV_KEY.test(content.text) ? content.text : undefined;
    }
    if (node.type === 'identifier') return this.envBindings.get(node.text);
    return undefined;
  }

  /** What a value expression evaluates to, as far as the file shows. */
  private readValue(node: SyntaxNode | undefined, depth = 0): ReadValue | undefined {
    const value = unwrap(node);
    if (!value) return undefined;
    const range = rangeOf(value);
    const computed: ReadValue = { value: { kind: 'computed' }, valueRange: range };
    if (depth > MAX_DEPTH) return computed;
    switch (value.type) {
      case 'true':
      case 'false':
        return { value: { kind: 'literal', value: value.type === 'true' }, valueRange: range };
      case 'null':
        return { value: { kind: 'literal', value: null }, valueRange: range };
      case 'undefined':
        return { value: { kind: 'literal', value: undefined }, valueRange: range };
      case 'number': {
        const number = Number(value.text.replace(/_/g, ''));
        return { value: { kind: 'literal', value: number }, valueRange: range };
      }
      case 'string':
      case 'template_string': {
        const content = stringContent(value);
        return content ? { value: { kind: 'literal', value: unescapeString(content.text) }, valueRange: range } : computed;
      }
      case 'identifier': {
        if (value.text === 'undefined') return { value: { kind: 'literal', value: undefined }, valueRange: range };
        const env = this.envBindings.get(value.text);
        if (env !== undefined) return { value: { kind: 'env', envName: env }, valueRange: range, envRange: range };
        const bound = this.binding(value.text, value.startIndex);
        if (bound && bound !== value && bound.type !== 'object') return this.readValue(bound, depth + 1) ?? computed;
        return computed;
      }
      case 'member_expression':
      case 'subscript_expression': {
        const env = this.envName(value);
        return env !== undefined ? { value: { kind: 'env', envName: env }, valueRange: range, envRange: range } : computed;
      }
      case 'call_expression': {
        const env = this.envName(value);
        if (env !== undefined) {
          // `config.get<boolean>('SMTP_SECURE')`: with a validation schema (Joi.boolean(), class-transformer)
          // NestJS hands back the converted value, so the author's type may well be true. Whether the
          // string reaches nodemailer is not visible here; say nothing rather than guess.
          if (this.typeArgumentSays(value, /^(?:boolean|number)$/)) return computed;
          return { value: { kind: 'env', envName: env }, valueRange: range, envRange: range };
        }
        const callee = value.childForFieldName('function')?.text.replace(/\s+/g, '');
        const argument = value.childForFieldName('arguments')?.namedChild(0) ?? undefined;
        // Conversions that keep "which value": Number(x), parseInt(x, 10), Boolean(x).
        if (callee && /^(?:Number|parseInt|parseFloat|Number\.parseInt|Number\.parseFloat|Boolean|String)$/.test(callee) && argument) {
          const inner = this.readValue(argument, depth + 1);
          if (!inner) return computed;
          if (inner.value.kind === 'literal' && callee === 'Boolean') return { value: { kind: 'literal', value: Boolean(inner.value.value) }, valueRange: range };
          // A number made from the environment is no longer a string: `Boolean(Number(process.env.X))`
          // is a real parse, so the "string 'false' is truthy" pitfall no longer applies.
          if (callee !== 'Boolean' && callee !== 'String') return parsedEnv(inner);
          return inner;
        }
        return computed;
      }
      case 'unary_expression': {
        const operator = value.childForFieldName('operator')?.type;
        const argument = value.childForFieldName('argument') ?? undefined;
        if (operator === '+') {
          const inner = this.readValue(argument, depth + 1);
          return inner ? parsedEnv(inner) : computed;
        }
        return computed;
      }
      case 'binary_expression': {
        const operator = value.childForFieldName('operator')?.type;
        if (operator !== '||' && operator !== '??') return computed;
        const left = this.readValue(value.childForFieldName('left') ?? undefined, depth + 1);
        const right = this.readValue(value.childForFieldName('right') ?? undefined, depth + 1);
        if (!left || !right) return computed;
        if (left.value.kind === 'env' && !left.value.fallback && right.value.kind === 'literal' && right.value.value !== undefined) {
          const envValue: AbstractValue = {
            kind: 'env',
            envName: left.value.envName,
            fallback: { value: right.value.value, range: right.valueRange },
            ...(left.value.parsed ? { parsed: true as const } : {}),
          };
          return left.envRange ? { value: envValue, valueRange: right.valueRange, envRange: left.envRange } : { value: envValue, valueRange: right.valueRange };
        }
        if (left.value.kind === 'literal') {
          const takeLeft = operator === '||' ? Boolean(left.value.value) : left.value.value !== null && left.value.value !== undefined;
          return takeLeft ? left : right;
        }
        return computed;
      }
      default:
        return computed;
    }
  }

  private readObject(node: SyntaxNode, depth = 0): ObjectInfo {
    const properties = new Map<string, Property>();
    const own: ObjectEntryRange[] = [];
    let firstKey: TextRange | undefined;
    for (const child of node.namedChildren) {
      if (!child) continue;
      try {
        if (child.type === 'pair') {
          const keyNode = child.childForFieldName('key');
          const key = propertyName(keyNode);
          if (key === undefined || !keyNode) continue;
          firstKey ??= rangeOf(keyNode);
          const property: Property = { key, pairRange: rangeOf(child), valueNode: child.childForFieldName('value') ?? undefined };
          properties.set(key, property);
          own.push({ key, pairRange: property.pairRange });
        } else if (child.type === 'shorthand_property_identifier') {
          firstKey ??= rangeOf(child);
          const bound = this.binding(child.text, child.startIndex);
          const property: Property = { key: child.text, pairRange: rangeOf(child), valueNode: bound ?? child };
          properties.set(child.text, property);
          own.push({ key: child.text, pairRange: property.pairRange });
        } else if (child.type === 'spread_element' && depth < MAX_DEPTH) {
          // What a spread brings in is used only when it is a visible object; nothing is invented.
          const spread = this.resolveObject(child.namedChild(0) ?? undefined);
          if (spread && spread !== node) for (const [key, property] of this.readObject(spread, depth + 1).properties) properties.set(key, property);
        } else if (child.type === 'method_definition') {
          const key = propertyName(child.childForFieldName('name'));
          if (key !== undefined) properties.delete(key);
        }
      } catch {
        // skip this entry
      }
    }
    return { node, range: rangeOf(node), own, properties, ...(firstKey ? { firstKey } : {}) };
  }

  private entry(property: Property | undefined): OptionEntry | undefined {
    if (!property) return undefined;
    const valueNode = unwrap(property.valueNode);
    const read = this.readValue(valueNode);
    if (!read || !valueNode) return undefined;
    return {
      key: property.key,
      value: read.value,
      valueText: shorten(this.text.slice(valueNode.startIndex, valueNode.endIndex)),
      pairRange: property.pairRange,
      valueRange: read.valueRange,
      expressionRange: rangeOf(valueNode),
      ...(read.envRange ? { envRange: read.envRange } : {}),
      removal: removeEntryEdit(this.text, property.pairRange),
    };
  }

  private written(info: ObjectInfo, library: Library): WrittenOptions {
    const get = (key: string): OptionEntry | undefined => this.entry(info.properties.get(key));
    const nested = (objectKey: string, key: string): OptionEntry | undefined => {
      const object = this.resolveObject(info.properties.get(objectKey)?.valueNode);
      return object ? this.entry(this.readObject(object).properties.get(key)) : undefined;
    };
    const presence = (...keys: string[]): { range: TextRange } | undefined => {
      for (const key of keys) {
        const property = info.properties.get(key);
        if (property) return { range: property.pairRange };
      }
      return undefined;
    };
    const options: { -readonly [K in keyof WrittenOptions]: WrittenOptions[K] } = {};
    const assign = <K extends keyof WrittenOptions>(key: K, value: WrittenOptions[K] | undefined): void => {
      if (value) options[key] = value;
    };
    assign('host', get('host'));
    assign('port', get('port'));
    if (library === 'node-imap') {
      assign('tls', get('tls'));
      assign('autotls', get('autotls'));
      assign('ssl', get('ssl'));
      assign('rejectUnauthorized', nested('tlsOptions', 'rejectUnauthorized'));
      assign('auth', presence('user', 'password', 'xoauth2', 'xoauth'));
      return options;
    }
    assign('secure', get('secure'));
    assign('rejectUnauthorized', nested('tls', 'rejectUnauthorized'));
    assign('auth', presence('auth'));
    if (library === 'imapflow') {
      assign('doSTARTTLS', get('doSTARTTLS'));
      return options;
    }
    assign('requireTLS', get('requireTLS'));
    assign('ignoreTLS', get('ignoreTLS'));
    assign('opportunisticTLS', get('opportunisticTLS'));
    assign('service', get('service'));
    return options;
  }

  private writer(info: ObjectInfo): OptionWriter {
    const body = this.text.slice(info.range.start, info.range.end);
    const quote = (body.match(/"/g)?.length ?? 0) > (body.match(/'/g)?.length ?? 0) ? '"' : "'";
    const text = this.text;
    return {
      text,
      literal: (value) => (typeof value === 'string' ? `${quote}${value.replace(/\\/g, '\\\\').replace(new RegExp(quote, 'g'), `\\${quote}`)}${quote}` : String(value)),
      edit: (inserts, removals, after) => planObjectEdits(text, info.range, info.own, inserts.map(([key, value]) => `${key}: ${value}`), removals, after),
    };
  }

  // --- endpoints ---

  private push(library: Library, range: TextRange, anchor: TextRange, resolved: ResolvedEndpoint, rewrite: EndpointRewriter): void {
    const protocol: Protocol = library === 'nodemailer' ? 'smtp' : 'imap';
    const { secureSource: _secure, portSource: _port, preset: _preset, ...visible } = resolved;
    this.endpoints.push({ library, format: 'javascript', protocol, range, anchor, ...visible, rewrite });
  }

  private endpointFromObject(library: Library, object: SyntaxNode, anchor: TextRange | undefined, requireShape: boolean): boolean {
    const key = object.startIndex;
    if (this.consumed.has(key)) return true;
    let info = this.readObject(object);
    if (requireShape) {
      // Ghost-style `{ transport: 'SMTP', options: {...} }` keeps the options one level down.
      if (!info.properties.has('host') && !info.properties.has('port')) {
        const inner = this.resolveObject(info.properties.get('options')?.valueNode);
        if (!inner) return false;
        this.consumed.add(key);
        return this.endpointFromObject(library, inner, anchor, requireShape);
      }
      const tlsish = ['secure', 'requireTLS', 'ignoreTLS', 'tls', 'auth', 'service', 'doSTARTTLS', 'autotls', 'user', 'password'];
      if (!tlsish.some((name) => info.properties.has(name))) return false;
      if (library === 'nodemailer' && info.properties.has('autotls')) library = 'node-imap';
      else if (library === 'nodemailer' && info.properties.has('doSTARTTLS')) library = 'imapflow';
    }
    this.consumed.add(key);
    this.consumeSpreads(object);
    info = this.readObject(object);
    const written = this.written(info, library);
    const anchorRange = anchor ?? info.firstKey ?? info.range;
    const writer = this.writer(info);
    if (library === 'imapflow') {
      const resolved = resolveImapFlow(written, anchorRange);
      this.push(library, info.range, anchorRange, resolved, imapFlowRewriter(written, resolved, writer, this.text));
    } else if (library === 'node-imap') {
      const resolved = resolveNodeImap(written, anchorRange);
      this.push(library, info.range, anchorRange, resolved, nodeImapRewriter(written, resolved, writer, this.text));
    } else {
      const urlProperty = info.properties.get('url');
      const urlSource = urlProperty ? this.resolveUrl(urlProperty.valueNode, 'url') : undefined;
      if (urlSource) this.consumed.add(urlSource.url.range.start);
      const resolved = resolveNodemailer(written, anchorRange, urlSource);
      this.push(library, info.range, anchorRange, resolved, nodemailerRewriter(written, resolved, writer, this.text, urlSource));
    }
    return true;
  }

  /**
   * Objects spread into an endpoint's options (`{ ...imapConfig, logger: false }`) are judged as
   * part of it, with its overrides; judging them again on their own would report one mistake twice
   * or flag a base that every user overrides.
   */
  private consumeSpreads(object: SyntaxNode, depth = 0): void {
    if (depth > MAX_DEPTH) return;
    for (const child of object.namedChildren) {
      if (child?.type !== 'spread_element') continue;
      const spread = this.resolveObject(child.namedChild(0) ?? undefined);
      if (!spread || spread === object || this.consumed.has(spread.startIndex)) continue;
      this.consumed.add(spread.startIndex);
      this.consumeSpreads(spread, depth + 1);
    }
  }

  private endpointFromUrl(source: UrlSource, anchor: TextRange | undefined): void {
    const start = source.url.range.start;
    if (this.consumed.has(start)) return;
    this.consumed.add(start);
    const anchorRange = anchor ?? source.url.scheme.range;
    const resolved = resolveNodemailer({}, anchorRange, source);
    this.push('nodemailer', source.url.range, anchorRange, resolved, nodemailerRewriter({}, resolved, undefined, this.text, source));
  }

  private fromOptionsArgument(library: Library, argument: SyntaxNode | undefined, anchor: TextRange): void {
    const object = this.resolveObject(argument);
    if (object) {
      this.endpointFromObject(library, object, anchor, false);
      return;
    }
    if (library !== 'nodemailer') return;
    const url = this.resolveUrl(argument, 'url');
    if (url) this.endpointFromUrl(url, anchor);
  }

  private calleeName(callee: SyntaxNode | null): { name: string; node: SyntaxNode; object?: string } | undefined {
    const target = unwrap(callee);
    if (!target) return undefined;
    if (target.type === 'identifier') return { name: target.text, node: target };
    if (target.type === 'member_expression') {
      const property = target.childForFieldName('property');
      const name = propertyName(property);
      if (name === undefined || !property) return undefined;
      const object = target.childForFieldName('object');
      return { name, node: property, ...(object ? { object: object.text } : {}) };
    }
    return undefined;
  }

  private fromCall(call: SyntaxNode): void {
    const callee = this.calleeName(call.childForFieldName('function'));
    if (!callee) return;
    const args = call.childForFieldName('arguments');
    if (this.createTransportNames.has(callee.name)) {
      this.fromOptionsArgument('nodemailer', args?.namedChild(0) ?? undefined, rangeOf(callee.node));
      return;
    }
    if ((callee.name === 'forRoot' || callee.name === 'forRootAsync') && callee.object !== undefined && /Mailer/.test(callee.object) && args) {
      this.fromMailerModule(args, rangeOf(callee.node));
      return;
    }
    // Auth.js / NextAuth: `EmailProvider({ server })`, v3's `Providers.Email({ server })`.
    const provider = callee.object === undefined ? this.emailProviderNames.has(callee.name) : callee.name === 'Email' && /(?:^|\.)Providers$/.test(callee.object);
    if (provider) {
      const options = this.resolveObject(args?.namedChild(0) ?? undefined);
      const server = options ? this.readObject(options).properties.get('server') : undefined;
      if (server?.valueNode) this.fromOptionsArgument('nodemailer', server.valueNode, rangeOf(callee.node));
    }
  }

  /** NestJS `MailerModule.forRoot({ transport })`, also inside `forRootAsync` factories. */
  private fromMailerModule(args: SyntaxNode, anchor: TextRange): void {
    const stack: SyntaxNode[] = [args];
    let visited = 0;
    while (stack.length > 0 && visited++ < 5000) {
      const node = stack.pop();
      if (!node) break;
      if (node.type === 'pair') {
        const key = propertyName(node.childForFieldName('key'));
        const value = node.childForFieldName('value') ?? undefined;
        if (key === 'transport' && value) {
          this.fromOptionsArgument('nodemailer', value, anchor);
          continue;
        }
        if (key === 'transports' && value) {
          const object = this.resolveObject(value);
          for (const property of object ? this.readObject(object).properties.values() : []) this.fromOptionsArgument('nodemailer', property.valueNode, anchor);
          continue;
        }
      }
      for (const child of node.namedChildren) if (child) stack.push(child);
    }
  }

  private fromNew(node: SyntaxNode): void {
    const callee = this.calleeName(node.childForFieldName('constructor'));
    if (!callee) return;
    const argument = node.childForFieldName('arguments')?.namedChild(0) ?? undefined;
    if (this.imapFlowNames.has(callee.name)) this.fromOptionsArgument('imapflow', argument, rangeOf(callee.node));
    else if (this.nodeImapNames.has(callee.name)) this.fromOptionsArgument('node-imap', argument, rangeOf(callee.node));
  }

  private fromMailishObject(key: SyntaxNode, value: SyntaxNode): void {
    const library: Library = /imap/i.test(key.text) ? 'imapflow' : 'nodemailer';
    this.endpointFromObject(library, value, undefined, true);
  }

  private fromUrlString(name: string, value: SyntaxNode): void {
    const url = this.resolveUrl(value, name);
    if (url) this.endpointFromUrl(url, undefined);
  }
}

export const javascriptExtractor: Extractor = {
  id: 'javascript',
  appliesTo(fileName: string): boolean {
    return EXTENSIONS.test(fileName) && !fileName.toLowerCase().endsWith('.d.ts');
  },
  filePatterns: ['*.js', '*.mjs', '*.cjs', '*.jsx', '*.ts', '*.mts', '*.cts', '*.tsx'],
  async extract(document: SourceDocument): Promise<MailEndpoint[]> {
    try {
      if (!mayContainMailConfig(document.text)) return [];
      const grammar = grammarForFile(document.fileName);
      return await withSyntaxTree(
        document.fileName,
        document.text,
        grammar,
        (root) => {
          const reader = new FileReader(document.text);
          reader.run(root);
          return reader.endpoints.filter((endpoint) => endpoint.range.end <= document.text.length);
        },
        // In a large file only the statements that mention mail, or a host or port, are parsed
        // (with every short statement, where the constants a config refers to live).
        { keepSegment: (segment) => MAIL_WORD.test(segment) || /\b(?:host|port|secure|tls)\b/.test(segment) },
      );
    } catch {
      return [];
    }
  },
};
