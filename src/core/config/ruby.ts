// Mail endpoints in Ruby: ActionMailer `smtp_settings = { … }` hashes (config/environments/*.rb,
// initializers), the mail gem's `delivery_method :smtp, { … }`, and GitLab Omnibus `gitlab.rb`
// (`gitlab_rails['smtp_port'] = 465`). The syntax is read with tree-sitter; what the keys mean is
// decided by semantics/mailGem.ts. The mail gem version (2.9 made `tls` + `enable_starttls(_auto)`
// an ArgumentError) comes from Gemfile.lock when one is nearby.
import type { EndpointRewriter, Extractor, MailEndpoint, Setting, SourceDocument, TextEdit, TextRange, TlsFlag, TlsMode } from '../model';
import { planObjectEdits, removeEntryEdit, type ObjectEntryRange } from './objectEdits';
import { withSyntaxTree, type SyntaxNode } from './parsers/treeSitter';
import { mailGemVersion, resolveMailGem, type MailGemFlag, type MailGemFlags, type RubyTruth } from './semantics/mailGem';

function rangeOf(node: SyntaxNode): TextRange {
  return { start: node.startIndex, end: node.endIndex };
}

function shorten(text: string): string {
  const single = text.replace(/\s+/g, ' ');
  return single.length > 60 ? `${single.slice(0, 57)}…` : single;
}

/** A Ruby value as far as the file tells. */
export interface RubyRead {
  readonly kind: 'literal' | 'env' | 'computed';
  readonly value?: string | number | boolean | null;
  /** `:always` → `always`. */
  readonly symbol?: string;
  /** `OpenSSL::SSL::VERIFY_NONE`. */
  readonly constant?: string;
  readonly envName?: string;
  /** The env string was converted or compared (`.to_i`, `== 'true'`), so it is no longer a bare string. */
  readonly parsed?: boolean;
  /** The literal default of `ENV.fetch('X', 587)` / `ENV['X'] || 587`. */
  readonly fallback?: { readonly value: string | number | boolean | null; readonly range: TextRange; readonly quote?: string };
}

function stringLiteral(node: SyntaxNode): string | undefined {
  if (node.type !== 'string') return undefined;
  let text = '';
  for (const child of node.namedChildren) {
    if (!child) continue;
    if (child.type === 'string_content') text += child.text;
    else if (child.type === 'escape_sequence') text += child.text.length === 2 ? child.text[1] : child.text;
    else return undefined;
  }
  return text;
}

function envNameOf(node: SyntaxNode): string | undefined {
  // ENV['X']
  if (node.type === 'element_reference') {
    const object = node.childForFieldName('object');
    if (object?.text !== 'ENV') return undefined;
    const argument = node.namedChildren.find((child) => child && child.startIndex !== object.startIndex && child.type !== 'comment');
    return argument ? stringLiteral(argument) : undefined;
  }
  return undefined;
}

function literalOf(node: SyntaxNode): { value: string | number | boolean | null; quote?: string } | undefined {
  switch (node.type) {
    case 'integer':
      return /^\d+$/.test(node.text.replace(/_/g, '')) ? { value: Number(node.text.replace(/_/g, '')) } : undefined;
    case 'true':
      return { value: true };
    case 'false':
      return { value: false };
    case 'nil':
      return { value: null };
    case 'string': {
      const text = stringLiteral(node);
      return text === undefined ? undefined : { value: text, quote: node.text[0] ?? "'" };
    }
    default:
      return undefined;
  }
}

function unwrapParens(node: SyntaxNode | null | undefined): SyntaxNode | undefined {
  let current = node ?? undefined;
  for (let guard = 0; current && current.type === 'parenthesized_statements' && guard < 10; guard++) {
    const inner = current.namedChildren.filter((child) => child && child.type !== 'comment');
    if (inner.length !== 1) return current;
    current = inner[0] ?? undefined;
  }
  return current;
}

const PARSING_METHODS = new Set(['to_i', 'to_sym', 'present?', 'blank?', 'nil?', 'empty?', 'casecmp?', 'in?', 'include?']);
const NEUTRAL_METHODS = new Set(['to_s', 'presence', 'strip', 'downcase', 'freeze', 'to_str']);

export function readRuby(node: SyntaxNode | null | undefined): RubyRead {
  const value = unwrapParens(node);
  if (!value) return { kind: 'computed' };
  const literal = literalOf(value);
  if (literal) return { kind: 'literal', value: literal.value };
  switch (value.type) {
    case 'simple_symbol':
      return { kind: 'literal', symbol: value.text.slice(1) };
    case 'constant':
    case 'scope_resolution':
      return { kind: 'literal', constant: value.text };
    case 'element_reference': {
      const envName = envNameOf(value);
      return envName ? { kind: 'env', envName } : { kind: 'computed' };
    }
    case 'binary': {
      const operator = value.childForFieldName('operator')?.type;
      const left = readRuby(value.childForFieldName('left'));
      const rightNode = unwrapParens(value.childForFieldName('right'));
      if ((operator === '||' || operator === 'or') && left.kind === 'env' && rightNode) {
        const fallback = literalOf(rightNode);
        if (fallback) return { ...left, fallback: { value: fallback.value, range: rangeOf(rightNode), ...(fallback.quote ? { quote: fallback.quote } : {}) } };
      }
      if (operator && ['==', '!=', '=~', '===', '!~'].includes(operator)) {
        const right = readRuby(value.childForFieldName('right'));
        const envName = left.envName ?? right.envName;
        if (envName) return { kind: 'env', envName, parsed: true };
      }
      return { kind: 'computed' };
    }
    case 'call': {
      const method = value.childForFieldName('method')?.text;
      const receiver = value.childForFieldName('receiver');
      const args = value.childForFieldName('arguments');
      const argList = args ? args.namedChildren.filter((child): child is SyntaxNode => !!child && child.type !== 'comment') : [];
      if (receiver?.text === 'ENV' && method === 'fetch') {
        const name = argList[0] ? stringLiteral(argList[0]) : undefined;
        if (!name) return { kind: 'computed' };
        let defaultNode: SyntaxNode | undefined = argList[1];
        const block = value.childForFieldName('block');
        if (!defaultNode && block) {
          const body = block.namedChildren.filter((child): child is SyntaxNode => !!child && child.type !== 'comment' && child.type !== 'block_parameters');
          const statements = body.length === 1 && (body[0]?.type === 'block_body' || body[0]?.type === 'body_statement') ? body[0].namedChildren : body;
          if (statements.length === 1) defaultNode = statements[0] ?? undefined;
        }
        const fallbackNode = unwrapParens(defaultNode);
        const fallback = fallbackNode ? literalOf(fallbackNode) : undefined;
        return fallback && fallbackNode
          ? { kind: 'env', envName: name, fallback: { value: fallback.value, range: rangeOf(fallbackNode), ...(fallback.quote ? { quote: fallback.quote } : {}) } }
          : { kind: 'env', envName: name };
      }
      if (!receiver && (method === 'Integer' || method === 'String') && argList.length >= 1) {
        const inner = readRuby(argList[0]);
        return inner.kind === 'env' ? { ...inner, parsed: method === 'Integer' } : inner.kind === 'literal' ? inner : { kind: 'computed' };
      }
      if (receiver && method && argList.length === 0 && (PARSING_METHODS.has(method) || NEUTRAL_METHODS.has(method))) {
        const inner = readRuby(receiver);
        if (inner.kind === 'env') return PARSING_METHODS.has(method) ? { ...inner, parsed: true } : inner;
        if (inner.kind === 'literal' && method === 'to_i' && typeof inner.value === 'string' && /^\d+$/.test(inner.value)) return { kind: 'literal', value: Number(inner.value) };
        if (inner.kind === 'literal' && NEUTRAL_METHODS.has(method)) return inner;
      }
      return { kind: 'computed' };
    }
    default:
      return { kind: 'computed' };
  }
}

function truthOf(read: RubyRead): RubyTruth {
  if (read.kind !== 'literal') return 'unknown';
  if (read.value === false) return 'false';
  if (read.value === null) return 'nil';
  return 'true';
}

function portOf(read: RubyRead, key: string, range: TextRange): Setting<number> | undefined {
  const asNumber = (value: unknown): number | undefined =>
    typeof value === 'number' ? value : typeof value === 'string' && /^\d{1,5}$/.test(value.trim()) ? Number(value.trim()) : undefined;
  if (read.kind === 'literal') {
    const value = asNumber(read.value);
    return value === undefined ? undefined : { value, range, key, origin: 'literal' };
  }
  if (read.kind === 'env' && read.fallback) {
    const value = asNumber(read.fallback.value);
    return value === undefined ? undefined : { value, range: read.fallback.range, key, origin: 'fallback', ...(read.envName ? { envName: read.envName } : {}) };
  }
  return undefined;
}

function hostOf(read: RubyRead, key: string, range: TextRange): Setting<string> | undefined {
  if (read.kind === 'literal' && typeof read.value === 'string') return { value: read.value, range, key, origin: 'literal' };
  if (read.kind === 'env') {
    if (read.fallback && typeof read.fallback.value === 'string') return { value: read.fallback.value, range: read.fallback.range, key, origin: 'fallback', ...(read.envName ? { envName: read.envName } : {}) };
    return { value: read.envName ?? '', range, key, origin: 'env', ...(read.envName ? { envName: read.envName } : {}) };
  }
  return undefined;
}

function verifyOff(read: RubyRead): boolean {
  if (read.kind !== 'literal') return false;
  if (typeof read.value === 'string') return read.value.trim().toLowerCase() === 'none';
  return read.constant !== undefined && /(?:^|::)VERIFY_NONE$/.test(read.constant);
}

// --- one option set (a hash, or GitLab's gitlab_rails[...] lines), read the same way ---

interface Option {
  readonly key: string;
  readonly read: RubyRead;
  readonly pairRange: TextRange;
  readonly valueRange: TextRange;
  readonly valueText: string;
  readonly removal?: TextEdit;
}

/** How to write keys back in the option set's own syntax. */
interface OptionSink {
  /** Replaces or inserts `key` with `valueText` (Ruby source), removes `removals`; one plan. */
  plan(sets: readonly (readonly [string, string])[], removals: readonly string[]): TextEdit[] | undefined;
}

interface OptionSet {
  readonly library: string;
  readonly range: TextRange;
  readonly anchor: TextRange;
  /** Key prefix (`smtp_` in gitlab.rb). */
  readonly prefix: string;
  readonly options: ReadonlyMap<string, Option>;
  readonly sink: OptionSink;
}

function flagOf(option: Option | undefined): MailGemFlag | undefined {
  if (!option) return undefined;
  const read = option.read;
  return {
    key: option.key,
    truth: truthOf(read),
    isAutoSymbol: read.symbol === 'auto',
    valueText: shorten(option.valueText),
    pairRange: option.pairRange,
    valueRange: option.valueRange,
    ...(option.removal ? { removal: option.removal } : {}),
    ...(read.kind === 'env' && !read.parsed && read.envName && !read.fallback ? { unparsedEnv: { envName: read.envName } } : {}),
  };
}

function endpointOf(set: OptionSet, version: { text: string; major: number; minor: number } | undefined, lockFound: boolean): MailEndpoint | undefined {
  const get = (name: string): Option | undefined => set.options.get(set.prefix + name);
  const address = get('address');
  const portOption = get('port');
  const flags: MailGemFlags = {
    ...(flagOf(get('tls')) ? { tls: flagOf(get('tls')) } : {}),
    ...(flagOf(get('ssl')) ? { ssl: flagOf(get('ssl')) } : {}),
    ...(flagOf(get('enable_starttls')) ? { enableStarttls: flagOf(get('enable_starttls')) } : {}),
    ...(flagOf(get('enable_starttls_auto')) ? { enableStarttlsAuto: flagOf(get('enable_starttls_auto')) } : {}),
  };
  // A hash needs at least a host or port to be SMTP settings worth judging.
  if (!address && !portOption) return undefined;
  const resolved = resolveMailGem(flags, set.anchor);
  const port = portOption ? portOf(portOption.read, portOption.key, portOption.valueRange) : undefined;
  const host = address ? hostOf(address.read, address.key, address.valueRange) : undefined;
  const user = get('user_name');
  const password = get('password');
  const credentialOption = [password, user].find((option) => option && !(option.read.kind === 'literal' && (option.read.value === null || option.read.value === '')));
  const verify = get('openssl_verify_mode');

  let library = set.library;
  let reading: MailEndpoint['reading'];
  if (resolved.bothModes) {
    if (set.library === 'gitlab') {
      reading = { note: '(Read as GitLab 15.10.4 or later, whose mail gem raises on this pair; older GitLab let smtp_tls win.)', certainty: 'inferred' };
    } else if (version) {
      const modern = version.major > 2 || (version.major === 2 && version.minor >= 9);
      if (!modern) library = 'rails-mail-legacy';
      reading = { note: `(mail ${version.text} from Gemfile.lock.)`, certainty: 'certain' };
    } else {
      reading = {
        note: lockFound
          ? '(Gemfile.lock does not name the mail gem; read as mail 2.9 or later, where this pair raises ArgumentError — before 2.9 tls silently won.)'
          : '(No Gemfile.lock found; read as mail 2.9 or later, where this pair raises ArgumentError — before 2.9 tls silently won.)',
        certainty: 'inferred',
      };
    }
  }

  const rewrite = rewriter(set, port, verify);
  return {
    library,
    format: 'ruby',
    protocol: 'smtp',
    range: set.range,
    anchor: set.anchor,
    ...(host ? { host } : {}),
    ...(port ? { port } : {}),
    mode: resolved.mode,
    modeExplicit: resolved.modeExplicit,
    tlsFlags: resolved.tlsFlags,
    starttlsEnforced: resolved.starttlsEnforced,
    ...(credentialOption ? { credentials: { range: credentialOption.pairRange } } : {}),
    ...(verify && verifyOff(verify.read) ? { certificateVerificationOff: { key: verify.key, range: verify.pairRange } } : {}),
    ...(reading ? { reading } : {}),
    rewrite,
  };
}

function rewriter(set: OptionSet, port: Setting<number> | undefined, verify: Option | undefined): EndpointRewriter {
  const k = (name: string): string => set.prefix + name;
  const has = (name: string): Option | undefined => set.options.get(k(name));
  const truthy = (name: string): boolean => {
    const option = has(name);
    return option !== undefined && truthOf(option.read) !== 'false' && truthOf(option.read) !== 'nil';
  };
  const gitlab = set.library === 'gitlab';
  // In gitlab.rb a key is switched off with `= false` (what GitLab's docs say); in a hash it goes.
  const off = (names: string[], sets: [string, string][], removals: string[]): void => {
    for (const name of names) {
      if (!truthy(name)) continue;
      if (gitlab) sets.push([k(name), 'false']);
      else removals.push(k(name));
    }
  };
  const setMode = (mode: TlsMode, enforce: boolean): TextEdit[] | undefined => {
    const sets: [string, string][] = [];
    const removals: string[] = [];
    if (mode === 'implicit') {
      sets.push([has('ssl') && !has('tls') ? k('ssl') : k('tls'), 'true']);
      off(['enable_starttls', 'enable_starttls_auto'], sets, removals);
    } else if (mode === 'starttls') {
      off(['tls', 'ssl'], sets, removals);
      if (enforce) {
        if (gitlab) return undefined;
        sets.push([k('enable_starttls'), ':always']);
        if (has('enable_starttls_auto')) removals.push(k('enable_starttls_auto'));
      } else {
        const starttls = has('enable_starttls');
        if (starttls && !truthy('enable_starttls')) (gitlab ? sets.push([k('enable_starttls'), 'true']) : removals.push(k('enable_starttls')));
        if (!truthy('enable_starttls')) sets.push([k('enable_starttls_auto'), 'true']);
      }
    } else {
      return undefined;
    }
    return set.sink.plan(sets, removals);
  };
  return {
    setTlsMode: (mode, options) => setMode(mode, options?.enforce === true),
    enforceStartTls: () => setMode('starttls', true),
    setPort(value: number): TextEdit[] | undefined {
      if (port && port.origin === 'fallback') return [{ range: port.range, newText: String(value) }];
      const option = has('port');
      if (option && option.read.kind !== 'literal') return undefined;
      if (option && typeof option.read.value === 'string') return [{ range: option.valueRange, newText: `'${value}'` }];
      return set.sink.plan([[k('port'), String(value)]], []);
    },
    enableCertificateVerification(): TextEdit[] | undefined {
      if (!verify || !verifyOff(verify.read)) return undefined;
      const text = verify.valueText;
      const newText = verify.read.constant ? verify.read.constant.replace(/VERIFY_NONE$/, 'VERIFY_PEER') : `${text[0] === '"' ? '"' : "'"}peer${text[0] === '"' ? '"' : "'"}`;
      return [{ range: verify.valueRange, newText }];
    },
    parseEnvBoolean(flag: TlsFlag): TextEdit[] | undefined {
      const unparsed = flag.unparsedEnvString;
      if (!unparsed) return undefined;
      return [{ range: { start: unparsed.valueRange.end, end: unparsed.valueRange.end }, newText: " == 'true'" }];
    },
  };
}

// --- hashes ---

function symbolKey(node: SyntaxNode | null): { name: string; rocket: boolean } | undefined {
  if (!node) return undefined;
  if (node.type === 'hash_key_symbol') return { name: node.text, rocket: false };
  if (node.type === 'simple_symbol') return { name: node.text.slice(1), rocket: true };
  if (node.type === 'delimited_symbol') {
    const inner = node.text.slice(2, -1);
    return /^\w+$/.test(inner) ? { name: inner, rocket: true } : undefined;
  }
  // `"tls": true` is a symbol key too (string-symbol syntax); `'tls' => true` is a String key,
  // which the mail gem never reads.
  if (node.type === 'string' && node.parent?.text.slice(node.endIndex - node.parent.startIndex).trimStart().startsWith(':')) {
    const inner = stringLiteral(node);
    return inner ? { name: inner, rocket: false } : undefined;
  }
  return undefined;
}

function hashOptionSet(text: string, container: SyntaxNode, anchor: SyntaxNode, library: string): OptionSet | undefined {
  const options = new Map<string, Option>();
  const own: ObjectEntryRange[] = [];
  let rocket = false;
  let pairs = 0;
  for (const child of container.namedChildren) {
    if (!child || child.type !== 'pair') continue;
    const key = symbolKey(child.childForFieldName('key'));
    const valueNode = child.childForFieldName('value');
    if (!key || !valueNode) continue;
    pairs++;
    if (key.rocket) rocket = true;
    const pairRange = rangeOf(child);
    own.push({ key: key.name, pairRange });
    options.set(key.name, {
      key: key.name,
      read: readRuby(valueNode),
      pairRange,
      valueRange: rangeOf(valueNode),
      valueText: valueNode.text,
      removal: removeEntryEdit(text, pairRange),
    });
  }
  if (pairs === 0) return undefined;
  const format = (key: string, value: string): string => (rocket ? `:${key} => ${value}` : `${key}: ${value}`);
  return {
    library,
    range: rangeOf(container),
    anchor: rangeOf(anchor),
    prefix: '',
    options,
    sink: {
      plan(sets, removals) {
        const edits: TextEdit[] = [];
        const inserts: string[] = [];
        for (const [key, value] of sets) {
          const existing = options.get(key);
          if (existing && !removals.includes(key)) edits.push({ range: existing.valueRange, newText: value });
          else inserts.push(format(key, value));
        }
        const removed = removals.flatMap((key) => {
          const option = options.get(key);
          return option ? [{ pairRange: option.pairRange }] : [];
        });
        if (inserts.length === 0 && removed.length === 0) return edits;
        const planned = planObjectEdits(text, rangeOf(container), own, inserts, removed, ['port', 'address']);
        return planned ? [...edits, ...planned] : undefined;
      },
    },
  };
}

/** `{ … }`, possibly followed by `.compact`/`.freeze`, or bare pairs of an argument list. */
function hashOf(node: SyntaxNode | null | undefined): SyntaxNode | undefined {
  let current = unwrapParens(node);
  for (let guard = 0; current && guard < 4; guard++) {
    if (current.type === 'hash') return current;
    if (current.type === 'call' && ['compact', 'freeze', 'symbolize_keys', 'with_indifferent_access', 'to_h'].includes(current.childForFieldName('method')?.text ?? '')) {
      current = unwrapParens(current.childForFieldName('receiver'));
      continue;
    }
    return undefined;
  }
  return undefined;
}

const SETTINGS_TARGET = /(?:^|\.)smtp_settings$|^@?smtp(?:_settings|_config|_options)?$|^@?mail(?:er)?_smtp(?:_settings)?$/i;

function collectHashes(text: string, root: SyntaxNode, sets: OptionSet[]): void {
  const seen = new Set<number>();
  const climb = (node: SyntaxNode | null | undefined, types: string[], levels: number): SyntaxNode | undefined => {
    let current = node ?? undefined;
    for (let level = 0; current && level <= levels; level++) {
      if (types.includes(current.type)) return current;
      current = current.parent ?? undefined;
    }
    return undefined;
  };
  // `… smtp_settings = { … }` and `smtp = { … }`
  for (const match of text.matchAll(/smtp\w*\s*=(?![=~>])/gi)) {
    const node = root.namedDescendantForIndex(match.index);
    const assignment = climb(node, ['assignment', 'operator_assignment'], 4);
    if (!assignment || seen.has(assignment.startIndex)) continue;
    seen.add(assignment.startIndex);
    const left = assignment.childForFieldName('left');
    const hash = hashOf(assignment.childForFieldName('right'));
    if (!left || !hash || !SETTINGS_TARGET.test(left.text.replace(/\s+/g, ''))) continue;
    const set = hashOptionSet(text, hash, left, 'rails-mail');
    if (set) sets.push(set);
  }
  // `delivery_method :smtp, { … }` / `delivery_method :smtp, address: …`
  for (const match of text.matchAll(/\bdelivery_method\b/g)) {
    const node = root.namedDescendantForIndex(match.index);
    const call = climb(node, ['call'], 3);
    if (!call || seen.has(call.startIndex) || call.childForFieldName('method')?.text !== 'delivery_method') continue;
    seen.add(call.startIndex);
    const args = call.childForFieldName('arguments');
    const list = args?.namedChildren.filter((child): child is SyntaxNode => !!child && child.type !== 'comment') ?? [];
    if (list[0]?.text !== ':smtp' || !args) continue;
    const hash = list[1] ? hashOf(list[1]) : undefined;
    const set = hash ? hashOptionSet(text, hash, call.childForFieldName('method') ?? call, 'rails-mail') : list.some((child) => child.type === 'pair') ? hashOptionSet(text, args, call.childForFieldName('method') ?? call, 'rails-mail') : undefined;
    if (set) sets.push(set);
  }
}

// --- gitlab.rb ---

function collectGitlab(text: string, root: SyntaxNode, sets: OptionSet[]): void {
  const options = new Map<string, Option>();
  const statements: { key: string; range: TextRange }[] = [];
  for (const match of text.matchAll(/\bgitlab_rails\s*\[\s*['"](smtp_\w+)['"]\s*\]\s*=(?!=)/g)) {
    const node = root.namedDescendantForIndex(match.index);
    let assignment: SyntaxNode | undefined = node ?? undefined;
    for (let level = 0; assignment && assignment.type !== 'assignment' && level < 4; level++) assignment = assignment.parent ?? undefined;
    if (!assignment || assignment.type !== 'assignment') continue;
    const left = assignment.childForFieldName('left');
    const right = assignment.childForFieldName('right');
    if (!left || !right || left.type !== 'element_reference' || left.childForFieldName('object')?.text !== 'gitlab_rails') continue;
    const key = match[1] ?? '';
    const range = rangeOf(assignment);
    statements.push({ key, range });
    options.set(key, { key, read: readRuby(right), pairRange: range, valueRange: rangeOf(right), valueText: right.text, removal: lineRemoval(text, range) });
  }
  const enable = options.get('smtp_enable');
  if (statements.length === 0 || (enable && truthOf(enable.read) === 'false')) return;
  const first = statements[0];
  const last = statements[statements.length - 1];
  if (!first || !last) return;
  const anchor = enable?.pairRange ?? options.get('smtp_address')?.pairRange ?? options.get('smtp_port')?.pairRange ?? first.range;
  sets.push({
    library: 'gitlab',
    range: { start: first.range.start, end: last.range.end },
    anchor,
    prefix: 'smtp_',
    options,
    sink: {
      plan(sets, removals) {
        const edits: TextEdit[] = [];
        const lines: string[] = [];
        for (const [key, value] of sets) {
          const existing = options.get(key);
          if (existing) edits.push({ range: existing.valueRange, newText: value });
          else lines.push(`gitlab_rails['${key}'] = ${value}`);
        }
        for (const key of removals) {
          const removal = options.get(key)?.removal;
          if (removal) edits.push(removal);
        }
        if (lines.length > 0) {
          const lineStart = text.lastIndexOf('\n', last.range.start - 1) + 1;
          const indent = /^[ \t]*/.exec(text.slice(lineStart, last.range.start))?.[0] ?? '';
          const newline = text.includes('\r\n') ? '\r\n' : '\n';
          edits.push({ range: { start: last.range.end, end: last.range.end }, newText: lines.map((line) => `${newline}${indent}${line}`).join('') });
        }
        return edits;
      },
    },
  });
}

function lineRemoval(text: string, range: TextRange): TextEdit {
  let start = range.start;
  while (start > 0 && (text[start - 1] === ' ' || text[start - 1] === '\t')) start--;
  let end = range.end;
  while (end < text.length && (text[end] === ' ' || text[end] === '\t')) end++;
  const ownLine = (start === 0 || text[start - 1] === '\n') && (end >= text.length || text[end] === '\n' || text[end] === '\r');
  if (!ownLine) return { range, newText: '' };
  if (text[end] === '\r') end++;
  if (text[end] === '\n') end++;
  return { range: { start, end }, newText: '' };
}

/** Cheap test before loading the grammar: every shape read here names smtp. */
export function mayContainRubyMailConfig(text: string): boolean {
  return /smtp/i.test(text);
}

export const rubyExtractor: Extractor = {
  id: 'ruby',
  appliesTo(fileName: string): boolean {
    return /\.rb$/i.test(fileName);
  },
  filePatterns: ['*.rb'],
  async extract(document: SourceDocument): Promise<MailEndpoint[]> {
    const { text } = document;
    try {
      if (!mayContainRubyMailConfig(text)) return [];
      const sets = await withSyntaxTree(document.fileName, text, 'ruby', (root) => {
        const found: OptionSet[] = [];
        try {
          collectHashes(text, root, found);
        } catch {
          // keep what was read
        }
        try {
          collectGitlab(text, root, found);
        } catch {
          // keep what was read
        }
        return found;
      });
      if (sets.length === 0) return [];
      let version: ReturnType<typeof mailGemVersion>;
      let lockFound = false;
      if (sets.some((set) => set.library !== 'gitlab') && document.readNearby) {
        try {
          const lock = await document.readNearby('Gemfile.lock');
          if (lock) {
            lockFound = true;
            version = mailGemVersion(lock.text);
          }
        } catch {
          // no lock file readable: the note says which reading was used
        }
      }
      const endpoints: MailEndpoint[] = [];
      for (const set of sets) {
        try {
          const endpoint = endpointOf(set, version, lockFound);
          if (endpoint) endpoints.push(endpoint);
        } catch {
          // one unreadable hash must not cost the others
        }
      }
      return endpoints;
    } catch {
      return [];
    }
  },
};
