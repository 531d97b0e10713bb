// Mail endpoints in Rust: lettre's SMTP transport builders (config-matrix §10, §2.8), read with
// tree-sitter. lettre v0.11 (src/transport/smtp/transport.rs, connection_url.rs):
//   SmtpTransport::relay(h)            Tls::Wrapper (implicit TLS), port 465
//   SmtpTransport::starttls_relay(h)   Tls::Required (STARTTLS, enforced), port 587
//   SmtpTransport::builder_dangerous(h) Tls::None, port 25
//   .port(p) changes only the port; .tls(Tls::…) replaces the mode.
//   from_url: `smtps://` → Wrapper, 465; `smtp://…?tls=required` → Required, 587;
//   `?tls=opportunistic` → Opportunistic, 587; `smtp://` without `tls` → no TLS, port 25 (the code;
//   the doc table says 587). AsyncSmtpTransport::<E>::… is the same builder.
// `TlsParameters::builder(d).dangerous_accept_invalid_certs(true)` turns certificate checks off.
import type { EndpointRewriter, Extractor, MailEndpoint, Setting, SourceDocument, TextEdit, TextRange, TlsFlag, TlsIntent, TlsModeSetting } from '../model';
import { parseMailUrl } from './mailUrl';
import { withSyntaxTree, type SyntaxNode } from './parsers/treeSitter';

function rangeOf(node: SyntaxNode): TextRange {
  return { start: node.startIndex, end: node.endIndex };
}

function named(node: SyntaxNode | null | undefined): SyntaxNode[] {
  return node ? node.namedChildren.filter((child): child is SyntaxNode => !!child && child.type !== 'line_comment' && child.type !== 'block_comment') : [];
}

function shorten(text: string): string {
  const single = text.replace(/\s+/g, ' ');
  return single.length > 60 ? `${single.slice(0, 57)}…` : single;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function climb(node: SyntaxNode | null | undefined, types: readonly string[], levels: number): SyntaxNode | undefined {
  let current = node ?? undefined;
  for (let level = 0; current && level <= levels; level++) {
    if (types.includes(current.type)) return current;
    current = current.parent ?? undefined;
  }
  return undefined;
}

/** A plain string literal's content (no escapes beyond the simple ones), with the content's start. */
function stringOf(node: SyntaxNode | undefined): { text: string; start: number } | undefined {
  if (!node) return undefined;
  if (node.type === 'string_literal') {
    const parts = named(node);
    if (parts.some((part) => part.type !== 'string_content')) return undefined;
    return { text: parts.map((part) => part.text).join(''), start: node.startIndex + 1 };
  }
  if (node.type === 'raw_string_literal') {
    const match = /^r(#*)"/.exec(node.text);
    if (!match) return undefined;
    return { text: node.text.slice(match[0].length, node.text.length - 1 - (match[1]?.length ?? 0)), start: node.startIndex + match[0].length };
  }
  return undefined;
}

/** `&x`, `x.to_string()`, `x.into()`, `(x)` → x. */
function unwrap(node: SyntaxNode | null | undefined): SyntaxNode | undefined {
  let current = node ?? undefined;
  for (let guard = 0; current && guard < 8; guard++) {
    if (current.type === 'reference_expression' || current.type === 'parenthesized_expression') {
      current = current.childForFieldName('value') ?? named(current)[0];
      continue;
    }
    if (current.type === 'call_expression') {
      const fn = current.childForFieldName('function');
      if (fn?.type === 'field_expression' && ['to_string', 'to_owned', 'into', 'as_str', 'clone'].includes(fn.childForFieldName('field')?.text ?? '') && named(current.childForFieldName('arguments')).length === 0) {
        current = fn.childForFieldName('value') ?? undefined;
        continue;
      }
    }
    return current;
  }
  return current;
}

interface ChainCall {
  readonly method: string;
  readonly call: SyntaxNode;
  readonly name: SyntaxNode;
  readonly args: SyntaxNode[];
}

/** The builder calls after the constructor: `?.port(587).tls(…).credentials(…).build()`. */
function chainAfter(start: SyntaxNode): { calls: ChainCall[]; end: SyntaxNode } {
  const calls: ChainCall[] = [];
  let node = start;
  for (let guard = 0; guard < 40; guard++) {
    const parent = node.parent;
    if (!parent) break;
    if (parent.type === 'try_expression' || parent.type === 'await_expression') {
      node = parent;
      continue;
    }
    if (parent.type === 'field_expression' && parent.childForFieldName('value')?.startIndex === node.startIndex && parent.childForFieldName('value')?.endIndex === node.endIndex) {
      const call = parent.parent;
      const name = parent.childForFieldName('field');
      if (!call || call.type !== 'call_expression' || !name) break;
      calls.push({ method: name.text, call, name, args: named(call.childForFieldName('arguments')) });
      node = call;
      continue;
    }
    break;
  }
  return { calls, end: node };
}

class RustFile {
  private readonly consts = new Map<string, SyntaxNode>();
  private readonly lets = new Map<string, SyntaxNode | null>();

  constructor(
    readonly text: string,
    readonly root: SyntaxNode,
  ) {
    this.collect(root, 0);
  }

  private collect(node: SyntaxNode, depth: number): void {
    if (depth > 200) return;
    if (node.type === 'const_item' || node.type === 'static_item') {
      const name = node.childForFieldName('name');
      const value = node.childForFieldName('value');
      if (name && value) this.consts.set(name.text, value);
    } else if (node.type === 'let_declaration') {
      const pattern = node.childForFieldName('pattern');
      const value = node.childForFieldName('value');
      const name = pattern?.type === 'identifier' ? pattern.text : pattern?.type === 'mut_pattern' ? named(pattern)[0]?.text : undefined;
      if (name && value) this.lets.set(name, this.lets.has(name) ? null : value);
    }
    for (const child of named(node)) this.collect(child, depth + 1);
  }

  binding(name: string): SyntaxNode | undefined {
    return this.consts.get(name) ?? this.lets.get(name) ?? undefined;
  }

  port(node: SyntaxNode | undefined, key: string, depth = 0): Setting<number> | undefined {
    const value = unwrap(node);
    if (!value || depth > 4) return undefined;
    if (value.type === 'integer_literal') {
      const digits = /^(\d{1,5})(?:_?u16|_?u32|_?i32|_?usize)?$/.exec(value.text)?.[1];
      return digits ? { value: Number(digits), range: { start: value.startIndex, end: value.startIndex + digits.length }, key, origin: 'literal' } : undefined;
    }
    if (value.type === 'identifier') {
      const bound = this.binding(value.text);
      return bound ? this.port(bound, key, depth + 1) : undefined;
    }
    if (value.type === 'call_expression' || value.type === 'try_expression') {
      // env::var("SMTP_PORT")….unwrap_or(587)
      const envName = /\bvar(?:_os)?\s*\(\s*"([^"]+)"/.exec(value.text)?.[1];
      const fn = value.childForFieldName('function');
      if (envName && fn?.type === 'field_expression' && fn.childForFieldName('field')?.text === 'unwrap_or') {
        const fallback = this.port(named(value.childForFieldName('arguments'))[0], key, depth + 1);
        if (fallback) return { ...fallback, origin: 'fallback', envName };
      }
    }
    return undefined;
  }

  host(node: SyntaxNode | undefined, key: string): Setting<string> | undefined {
    const value = unwrap(node);
    if (!value) return undefined;
    const literal = stringOf(value);
    if (literal) return { value: literal.text, range: rangeOf(value), key, origin: 'literal' };
    if (value.type === 'identifier') {
      const bound = unwrap(this.binding(value.text));
      const boundLiteral = stringOf(bound);
      if (bound && boundLiteral) return { value: boundLiteral.text, range: rangeOf(bound), key, origin: 'literal' };
    }
    const envName = /\bvar(?:_os)?\s*\(\s*"([^"]+)"/.exec(value.text)?.[1];
    return { value: envName ?? value.text, range: rangeOf(value), key, origin: 'env', ...(envName ? { envName } : {}) };
  }

  /** `dangerous_accept_invalid_certs(true)` in an expression or in the let it names. */
  insecure(node: SyntaxNode | undefined, depth = 0): SyntaxNode | undefined {
    if (!node || depth > 4) return undefined;
    const found = this.findInsecure(node, 0);
    if (found) return found;
    for (const identifier of this.identifiers(node, 0)) {
      const bound = this.binding(identifier);
      const inner = bound ? this.insecure(bound, depth + 1) : undefined;
      if (inner) return inner;
    }
    return undefined;
  }

  private identifiers(node: SyntaxNode, depth: number): string[] {
    if (depth > 8) return [];
    if (node.type === 'identifier') return [node.text];
    return named(node).flatMap((child) => this.identifiers(child, depth + 1));
  }

  private findInsecure(node: SyntaxNode, depth: number): SyntaxNode | undefined {
    if (depth > 30) return undefined;
    if (node.type === 'call_expression') {
      const fn = node.childForFieldName('function');
      const field = fn?.type === 'field_expression' ? fn.childForFieldName('field')?.text : undefined;
      const arg = named(node.childForFieldName('arguments'))[0];
      if ((field === 'dangerous_accept_invalid_certs' || field === 'dangerous_accept_invalid_hostnames') && arg?.type === 'boolean_literal' && arg.text === 'true') return arg;
    }
    for (const child of named(node)) {
      const found = this.findInsecure(child, depth + 1);
      if (found) return found;
    }
    return undefined;
  }
}

/** `.dangerous_accept_invalid_certs(true)` from the method name to the closing parenthesis. */
function insecureRange(value: SyntaxNode): TextRange {
  const call = value.parent?.parent;
  const field = call?.type === 'call_expression' ? call.childForFieldName('function')?.childForFieldName('field') : undefined;
  return field && call ? { start: field.startIndex, end: call.endIndex } : rangeOf(value);
}

function insecureKey(value: SyntaxNode): string {
  const call = value.parent?.parent;
  return call?.childForFieldName('function')?.childForFieldName('field')?.text ?? 'dangerous_accept_invalid_certs';
}

const CONSTRUCTOR = /\b(?:Async)?SmtpTransport\s*(?:::\s*<[^<>]*(?:<[^<>]*>[^<>]*)?>\s*)?::\s*(relay|starttls_relay|builder_dangerous|from_url|unencrypted_localhost)\s*\(/g;

const TLS_VARIANT = /(?:^|::)Tls::(Wrapper|Required|Opportunistic|None)\b/;

function intentOf(variant: string): { mode: TlsModeSetting; intent: TlsIntent } {
  switch (variant) {
    case 'Wrapper':
      return { mode: 'implicit', intent: 'implicit' };
    case 'Required':
      return { mode: 'starttls', intent: 'starttls-required' };
    case 'Opportunistic':
      return { mode: 'starttls', intent: 'starttls' };
    default:
      return { mode: 'none', intent: 'no-tls' };
  }
}

class Reader {
  readonly endpoints: MailEndpoint[] = [];
  private readonly insecureUsed = new Set<number>();

  constructor(private readonly file: RustFile) {}

  run(): void {
    for (const match of this.file.text.matchAll(CONSTRUCTOR)) {
      try {
        this.constructorAt(match.index ?? 0, match[1] ?? '');
      } catch {
        // one unreadable builder must not cost the others
      }
    }
    this.attachLooseInsecure();
  }

  private constructorAt(offset: number, ctor: string): void {
    const file = this.file;
    const text = file.text;
    const call = climb(file.root.namedDescendantForIndex(offset), ['call_expression'], 4);
    if (!call || call.startIndex !== offset) return;
    const fn = call.childForFieldName('function');
    const nameNode = fn?.childForFieldName('name') ?? fn;
    if (!fn || !nameNode) return;
    const args = named(call.childForFieldName('arguments'));
    const { calls: chained, end } = chainAfter(call);
    const calls = [...chained];
    // `let mut builder = SmtpTransport::relay(h)?; builder = builder.port(587);`
    const letDeclaration = end.parent?.type === 'let_declaration' ? end.parent : undefined;
    const pattern = letDeclaration?.childForFieldName('pattern');
    const variable = pattern?.type === 'identifier' ? pattern.text : pattern?.type === 'mut_pattern' ? named(pattern)[0]?.text : undefined;
    if (variable && letDeclaration) {
      const scope = climb(letDeclaration, ['block'], 2) ?? file.root;
      for (const match of text.slice(letDeclaration.endIndex, scope.endIndex).matchAll(new RegExp(`(?<![\\w.])${escapeRegExp(variable)}\\s*\\.\\s*(port|tls|credentials)\\s*\\(`, 'g'))) {
        const at = letDeclaration.endIndex + (match.index ?? 0);
        const field = climb(file.root.namedDescendantForIndex(at), ['field_expression'], 3);
        const methodCall = field?.parent;
        const name = field?.childForFieldName('field');
        if (!field || !methodCall || methodCall.type !== 'call_expression' || !name || field.startIndex !== at) continue;
        calls.push({ method: name.text, call: methodCall, name, args: named(methodCall.childForFieldName('arguments')) });
      }
    }
    const last = (method: string): ChainCall | undefined => [...calls].reverse().find((entry) => entry.method === method);
    const ctorKey = `${fn.text.replace(/\s+/g, '').replace(/::<.*>::/, '::')}`;

    let mode: TlsModeSetting = 'unknown';
    let intent: TlsIntent | undefined;
    let port: Setting<number> | undefined;
    let host: Setting<string> | undefined;
    let modeKey = ctorKey;
    let modeRange = rangeOf(nameNode);
    let modeValueText = `(${shorten(args.map((arg) => arg.text).join(', '))})`;
    let credentials: TextRange | undefined;
    let url: ReturnType<typeof parseMailUrl>;
    let urlNode: SyntaxNode | undefined;
    let tlsQuery: { key: string; value: string; range: TextRange; valueRange: TextRange } | undefined;
    const defaultPort = (value: number): Setting<number> => ({ value, range: rangeOf(nameNode), key: ctorKey, origin: 'default' });
    switch (ctor) {
      case 'relay':
        ({ mode, intent } = intentOf('Wrapper'));
        port = defaultPort(465);
        break;
      case 'starttls_relay':
        ({ mode, intent } = intentOf('Required'));
        port = defaultPort(587);
        break;
      case 'builder_dangerous':
        ({ mode, intent } = intentOf('None'));
        port = defaultPort(25);
        break;
      case 'unencrypted_localhost':
        ({ mode, intent } = intentOf('None'));
        port = defaultPort(25);
        host = { value: 'localhost', range: rangeOf(nameNode), key: ctorKey, origin: 'default' };
        break;
      case 'from_url': {
        urlNode = unwrap(args[0]);
        const literal = stringOf(urlNode);
        if (!literal) return; // a URL from the environment: nothing to judge here
        url = parseMailUrl(literal.text, literal.start);
        if (!url) return;
        const scheme = url.scheme.text;
        tlsQuery = url.query.find((entry) => entry.key === 'tls');
        modeRange = url.scheme.range;
        if (scheme === 'smtps') {
          ({ mode, intent } = intentOf('Wrapper'));
          modeKey = 'scheme';
          modeValueText = 'smtps://';
        } else if (scheme === 'smtp' && !tlsQuery) {
          ({ mode, intent } = intentOf('None'));
          modeKey = 'smtp:// without ?tls=';
          modeValueText = 'smtp://';
        } else if (scheme === 'smtp' && (tlsQuery?.value === 'required' || tlsQuery?.value === 'opportunistic')) {
          ({ mode, intent } = intentOf(tlsQuery.value === 'required' ? 'Required' : 'Opportunistic'));
          modeKey = 'tls';
          modeValueText = `=${tlsQuery.value}`;
          modeRange = tlsQuery.range;
        } else return;
        port = url.port
          ? { value: url.port.value, range: url.port.range, key: 'port', origin: 'url' }
          : { value: mode === 'implicit' ? 465 : mode === 'none' ? 25 : 587, range: url.scheme.range, key: 'port', origin: 'default' };
        if (url.host) host = { value: url.host.text, range: url.host.range, key: 'host', origin: 'url' };
        if (url.passwordRange) credentials = url.passwordRange;
        break;
      }
      default:
        return;
    }
    if (!host) host = file.host(args[0], 'host');
    const portCall = last('port');
    if (portCall) port = file.port(portCall.args[0], 'port');
    const tlsCall = last('tls');
    const tlsArg = tlsCall ? unwrap(tlsCall.args[0]) : undefined;
    let tlsVariant: { node: SyntaxNode; variant: string } | undefined;
    if (tlsCall) {
      const head = tlsArg?.type === 'call_expression' ? tlsArg.childForFieldName('function') : tlsArg;
      const variant = head ? TLS_VARIANT.exec(head.text.replace(/\s+/g, ''))?.[1] : undefined;
      if (variant && head) {
        ({ mode, intent } = intentOf(variant));
        tlsVariant = { node: head.type === 'scoped_identifier' ? (head.childForFieldName('name') ?? head) : head, variant };
        modeKey = '.tls';
        modeValueText = `(${shorten(tlsArg?.text ?? '')})`;
        modeRange = rangeOf(tlsCall.call.childForFieldName('function')?.childForFieldName('field') ?? tlsCall.call);
        modeRange = { start: modeRange.start - 1, end: tlsCall.call.endIndex };
      } else {
        mode = 'unknown';
        intent = undefined;
      }
    }
    const credentialsCall = last('credentials');
    if (credentialsCall) credentials = { start: credentialsCall.name.startIndex - 1, end: credentialsCall.call.endIndex };
    const insecure = tlsArg ? file.insecure(tlsArg) : undefined;
    if (insecure) this.insecureUsed.add(insecure.startIndex);

    const tlsFlags: TlsFlag[] = [];
    if (intent && mode !== 'unknown') tlsFlags.push({ key: modeKey, valueText: modeValueText, intent, range: modeRange });
    const afterCtor = ((): number => {
      // where `.port(…)` goes: after `?`, `.unwrap()` or `.expect(…)` that follow the constructor
      let endAt = call.endIndex;
      if (call.parent?.type === 'try_expression') endAt = call.parent.endIndex;
      const first = chained[0];
      if (first && (first.method === 'unwrap' || first.method === 'expect')) endAt = first.call.endIndex;
      return endAt;
    })();
    const rename = (target: string): TextEdit[] => (ctor === target ? [] : [{ range: rangeOf(nameNode), newText: target }]);
    const setUrlMode = (target: 'implicit' | 'starttls', enforce: boolean): TextEdit[] | undefined => {
      if (!url) return undefined;
      const edits: TextEdit[] = [];
      if (target === 'implicit') {
        if (url.scheme.text !== 'smtps') edits.push({ range: url.scheme.range, newText: 'smtps' });
        return edits;
      }
      if (url.scheme.text !== 'smtp') edits.push({ range: url.scheme.range, newText: 'smtp' });
      const wanted = enforce || !tlsQuery ? 'required' : tlsQuery.value;
      if (tlsQuery) {
        if (tlsQuery.value !== wanted) edits.push({ range: tlsQuery.valueRange, newText: wanted });
      } else {
        const end = url.range.end;
        edits.push({ range: { start: end, end }, newText: `${url.query.length > 0 ? '&' : '?'}tls=${wanted}` });
      }
      return edits;
    };
    const rewrite: EndpointRewriter = {
      setTlsMode: (target, options) => {
        if (target === 'none') return undefined;
        if (tlsVariant) {
          if (tlsVariant.variant === 'None') return undefined; // needs TlsParameters written
          const variant = target === 'implicit' ? 'Wrapper' : options?.enforce || tlsVariant.variant !== 'Opportunistic' ? 'Required' : 'Opportunistic';
          return variant === tlsVariant.variant ? [] : [{ range: rangeOf(tlsVariant.node), newText: tlsVariant.node.text.replace(/(Wrapper|Required|Opportunistic|None)$/, variant) }];
        }
        if (tlsCall) return undefined;
        if (url) return setUrlMode(target, options?.enforce === true);
        if (ctor === 'unencrypted_localhost') return undefined;
        return rename(target === 'implicit' ? 'relay' : 'starttls_relay');
      },
      enforceStartTls: () => {
        if (tlsVariant) return tlsVariant.variant === 'Opportunistic' ? [{ range: rangeOf(tlsVariant.node), newText: tlsVariant.node.text.replace(/Opportunistic$/, 'Required') }] : undefined;
        if (tlsCall) return undefined;
        if (url) return setUrlMode('starttls', true);
        return ctor === 'builder_dangerous' ? rename('starttls_relay') : undefined;
      },
      setPort: (target) => {
        if (portCall) return port && port.origin !== 'default' ? [{ range: port.range, newText: String(target) }] : undefined;
        if (url) return url.port ? [{ range: url.port.range, newText: String(target) }] : [{ range: { start: url.portInsertAt, end: url.portInsertAt }, newText: `:${target}` }];
        return [{ range: { start: afterCtor, end: afterCtor }, newText: `.port(${target})` }];
      },
      ...(insecure ? { enableCertificateVerification: () => [{ range: rangeOf(insecure), newText: 'false' }] } : {}),
    };
    const endpoint: MailEndpoint = {
      library: 'lettre',
      format: 'rust',
      protocol: 'smtp',
      range: { start: call.startIndex, end: Math.max(end.endIndex, ...calls.map((entry) => entry.call.endIndex)) },
      anchor: rangeOf(nameNode),
      ...(host ? { host } : {}),
      ...(port ? { port } : {}),
      mode: { value: mode, range: modeRange, key: modeKey, origin: mode === 'unknown' ? 'computed' : url && !tlsCall ? 'url' : 'literal' },
      modeExplicit: mode !== 'unknown',
      tlsFlags,
      starttlsEnforced: intent === 'starttls-required',
      ...(credentials ? { credentials: { range: credentials } } : {}),
      ...(insecure ? { certificateVerificationOff: { key: insecureKey(insecure), range: insecureRange(insecure) } } : {}),
      rewrite,
    };
    this.endpoints.push(endpoint);
  }

  /** TlsParameters built with invalid certificates accepted but handed over by a name the builder does not show. */
  private attachLooseInsecure(): void {
    const text = this.file.text;
    for (const match of text.matchAll(/\.\s*(dangerous_accept_invalid_certs|dangerous_accept_invalid_hostnames)\s*\(\s*true\s*\)/g)) {
      const at = (match.index ?? 0) + match[0].lastIndexOf('true');
      if (this.insecureUsed.has(at)) continue;
      const value = this.file.root.namedDescendantForIndex(at);
      if (value?.type !== 'boolean_literal' || value.startIndex !== at) continue;
      const fn = climb(value, ['function_item'], 40);
      const index = this.endpoints.findIndex((endpoint) => !endpoint.certificateVerificationOff && (!fn || (endpoint.range.start >= fn.startIndex && endpoint.range.end <= fn.endIndex)) && endpoint.mode.value !== 'none');
      const endpoint = this.endpoints[index];
      if (!endpoint) continue;
      this.insecureUsed.add(at);
      this.endpoints[index] = {
        ...endpoint,
        certificateVerificationOff: { key: insecureKey(value), range: insecureRange(value) },
        rewrite: { ...endpoint.rewrite, enableCertificateVerification: () => [{ range: rangeOf(value), newText: 'false' }] },
      };
    }
  }
}

/** Cheap test before loading the grammar. */
export function mayContainRustMailConfig(text: string): boolean {
  return /SmtpTransport/.test(text);
}

export const rustExtractor: Extractor = {
  id: 'rust',
  appliesTo(fileName: string): boolean {
    return /\.rs$/i.test(fileName);
  },
  filePatterns: ['*.rs'],
  async extract(document: SourceDocument): Promise<MailEndpoint[]> {
    const { text } = document;
    try {
      if (!mayContainRustMailConfig(text)) return [];
      return await withSyntaxTree(document.fileName, text, 'rust', (root) => {
        const reader = new Reader(new RustFile(text, root));
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
