// Mail endpoints in PHP files: PHPMailer objects (`$mail->Port`, `SMTPSecure`, `SMTPAutoTLS`,
// `ssl://`/`tls://` host prefixes, `SMTPOptions`), WP Mail SMTP constants (`define('WPMS_SSL', …)`
// in wp-config.php), Nextcloud's `config/config.php` (`mail_smtp*`) and Laravel's `config/mail.php`
// (the smtp mailer array, whose meaning depends on the laravel/framework version in composer.lock).
// Sources: shared/reference/config-matrix.md §5.1, §5.2, §5.4, §5.5, and the libraries' code.
import type { EndpointRewriter, Extractor, MailEndpoint, Setting, SourceDocument, TextEdit, TextRange, TlsFlag, TlsIntent, TlsMode, TlsModeSetting } from '../model';
import { withSyntaxTree, type SyntaxNode } from './parsers/treeSitter';
import { laravelDecision, laravelEraNote, laravelEraOf, laravelVersionFromLock, type LaravelEra } from './semantics/laravel';

// ---------------------------------------------------------------------------------------------
// Values, copied out of the tree (nodes must not outlive the parse)

interface PhpValue {
  readonly kind: 'string' | 'int' | 'bool' | 'null' | 'const' | 'env' | 'other';
  /** String content, integer digits, `true`/`false`, the constant's last name. */
  readonly text: string;
  /** The whole value expression. */
  readonly range: TextRange;
  /** What a rewrite replaces: the string's content (inside the quotes), or the whole literal. */
  readonly inner: TextRange;
  readonly quote?: string;
  /** The class part of `PHPMailer::ENCRYPTION_SMTPS`. */
  readonly constClass?: string;
  readonly envName?: string;
  readonly fallback?: PhpValue;
  /** Where `, fallback` can be inserted into `env('X')`. */
  readonly envArgsEnd?: number;
}

const ENV_FUNCTIONS = new Set(['env', 'getenv', 'Env::get']);

function rangeOf(node: SyntaxNode): TextRange {
  return { start: node.startIndex, end: node.endIndex };
}

function unwrapNode(node: SyntaxNode | null | undefined): SyntaxNode | undefined {
  let current = node ?? undefined;
  for (let guard = 0; current && guard < 10; guard++) {
    if (current.type === 'parenthesized_expression' || current.type === 'cast_expression' || current.type === 'argument') {
      const inner: SyntaxNode | null = current.namedChild(current.namedChildCount - 1);
      if (!inner) return current;
      current = inner;
    } else return current;
  }
  return current;
}

function stringValue(node: SyntaxNode): PhpValue | undefined {
  const parts: SyntaxNode[] = [];
  for (const child of node.namedChildren) {
    if (!child) continue;
    if (child.type === 'string_content' || child.type === 'string_value') parts.push(child);
    else if (child.type === 'escape_sequence') parts.push(child);
    else return { kind: 'other', text: node.text, range: rangeOf(node), inner: rangeOf(node) };
  }
  const quote = node.text[0] === '"' || node.text[0] === "'" ? node.text[0] : undefined;
  const first = parts[0];
  const last = parts[parts.length - 1];
  const inner = first && last ? { start: first.startIndex, end: last.endIndex } : { start: node.startIndex + 1, end: Math.max(node.startIndex + 1, node.endIndex - 1) };
  if (!quote || node.text.length < 2 || node.text[node.text.length - 1] !== quote) return { kind: 'other', text: node.text, range: rangeOf(node), inner: rangeOf(node) };
  return { kind: 'string', text: parts.map((part) => part.text).join(''), range: rangeOf(node), inner, quote };
}

function envOf(node: SyntaxNode): { name: string; fallback?: SyntaxNode; argsEnd?: number } | undefined {
  if (node.type === 'function_call_expression') {
    const fn = node.childForFieldName('function')?.text ?? '';
    if (!ENV_FUNCTIONS.has(fn)) return undefined;
    const args = node.childForFieldName('arguments');
    const list = args?.namedChildren.filter((child): child is SyntaxNode => child !== null && child.type === 'argument') ?? [];
    const first = unwrapNode(list[0]);
    if (!first || (first.type !== 'string' && first.type !== 'encapsed_string')) return undefined;
    const name = stringValue(first);
    if (!name || name.kind !== 'string') return undefined;
    return { name: name.text, fallback: list[1] ?? undefined, argsEnd: list.length === 1 ? list[0]!.endIndex : undefined };
  }
  if (node.type === 'scoped_call_expression') {
    const scope = node.childForFieldName('scope')?.text;
    const name = node.childForFieldName('name')?.text;
    if (scope === 'Env' && name === 'get') {
      const args = node.childForFieldName('arguments');
      const list = args?.namedChildren.filter((child): child is SyntaxNode => child !== null && child.type === 'argument') ?? [];
      const first = unwrapNode(list[0]);
      const value = first ? stringValue(first) : undefined;
      if (value?.kind === 'string') return { name: value.text, fallback: list[1] ?? undefined, argsEnd: list.length === 1 ? list[0]!.endIndex : undefined };
    }
    return undefined;
  }
  if (node.type === 'subscript_expression') {
    const base = node.namedChild(0)?.text;
    if (base !== '$_ENV' && base !== '$_SERVER') return undefined;
    const key = unwrapNode(node.namedChild(1));
    const value = key && (key.type === 'string' || key.type === 'encapsed_string') ? stringValue(key) : undefined;
    return value?.kind === 'string' ? { name: value.text } : undefined;
  }
  return undefined;
}

function readValue(raw: SyntaxNode | null | undefined, depth = 0): PhpValue | undefined {
  const node = unwrapNode(raw);
  if (!node || depth > 4) return undefined;
  const range = rangeOf(node);
  switch (node.type) {
    case 'string':
    case 'encapsed_string':
      return stringValue(node);
    case 'integer':
      return { kind: 'int', text: node.text, range, inner: range };
    case 'boolean':
      return { kind: 'bool', text: node.text.toLowerCase(), range, inner: range };
    case 'null':
      return { kind: 'null', text: 'null', range, inner: range };
    case 'class_constant_access_expression': {
      const names = node.namedChildren.filter((child): child is SyntaxNode => child !== null);
      const last = names[names.length - 1];
      return { kind: 'const', text: last?.text ?? '', constClass: names[0]?.text, range, inner: range };
    }
    case 'name': {
      const word = node.text.toLowerCase();
      if (word === 'true' || word === 'false') return { kind: 'bool', text: word, range, inner: range };
      if (word === 'null') return { kind: 'null', text: 'null', range, inner: range };
      return { kind: 'const', text: node.text, range, inner: range };
    }
    case 'binary_expression': {
      const operator = node.childForFieldName('operator')?.text ?? node.children.find((child) => child && (child.text === '??' || child.text === '?:'))?.text;
      const left = unwrapNode(node.childForFieldName('left'));
      const right = node.childForFieldName('right');
      if ((operator === '??' || operator === '?:') && left) {
        const env = envOf(left);
        if (env) return { kind: 'env', text: '', envName: env.name, fallback: readValue(right, depth + 1), range, inner: range };
      }
      return { kind: 'other', text: node.text, range, inner: range };
    }
    case 'conditional_expression': {
      // `getenv('X') ?: 587`: the short ternary has no body.
      const condition = unwrapNode(node.childForFieldName('condition'));
      const env = !node.childForFieldName('body') && condition ? envOf(condition) : undefined;
      if (env) return { kind: 'env', text: '', envName: env.name, fallback: readValue(node.childForFieldName('alternative'), depth + 1), range, inner: range };
      return { kind: 'other', text: node.text, range, inner: range };
    }
    default: {
      const env = envOf(node);
      if (env) return { kind: 'env', text: '', envName: env.name, fallback: env.fallback ? readValue(env.fallback, depth + 1) : undefined, envArgsEnd: env.argsEnd, range, inner: range };
      return { kind: 'other', text: node.text, range, inner: range };
    }
  }
}

/** The literal the app uses: the value itself, or the fallback of `env('X', fallback)`. */
function effective(value: PhpValue | undefined): PhpValue | undefined {
  if (!value) return undefined;
  if (value.kind === 'env') return value.fallback && value.fallback.kind !== 'env' && value.fallback.kind !== 'null' ? value.fallback : undefined;
  return value;
}

function originOf(value: PhpValue): 'literal' | 'fallback' {
  return value.kind === 'env' ? 'fallback' : 'literal';
}

function textOf(value: PhpValue | undefined): string | 'env' | undefined {
  if (!value) return undefined;
  const used = effective(value);
  if (!used) return value.kind === 'env' ? 'env' : value.kind === 'null' ? undefined : value.kind === 'other' ? 'env' : undefined;
  if (used.kind === 'null') return undefined;
  if (used.kind === 'other') return 'env';
  return used.text;
}

function boolOf(value: PhpValue | undefined): boolean | 'env' | undefined {
  const used = effective(value);
  if (!value) return undefined;
  if (!used) return value.kind === 'null' ? undefined : 'env';
  if (used.kind === 'bool') return used.text === 'true';
  if (used.kind === 'int') return used.text !== '0';
  if (used.kind === 'string') return !(used.text === '' || used.text === '0' || used.text.toLowerCase() === 'false');
  return 'env';
}

function portOf(value: PhpValue | undefined, key: string): Setting<number> | undefined {
  const used = effective(value);
  if (!value || !used) return undefined;
  const digits = used.kind === 'int' || used.kind === 'string' ? used.text.trim() : '';
  if (!/^\d{1,5}$/.test(digits)) return undefined;
  const port = Number(digits);
  if (port < 1 || port > 65535) return undefined;
  return { value: port, range: used.inner, key, origin: originOf(value), ...(value.envName ? { envName: value.envName } : {}) };
}

/** A PHP literal written in the style of the value it replaces. */
function literal(value: string | number | boolean | null, like?: PhpValue): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return String(value);
  const quote = like?.quote ?? "'";
  return `${quote}${value}${quote}`;
}

/** Edits that make `value` (as written) produce `next`: the literal, or the fallback of `env()`. */
function setValue(value: PhpValue, next: string | number | boolean | null): TextEdit[] | undefined {
  if (value.kind === 'env') {
    if (value.fallback) return setValue(value.fallback, next);
    if (value.envArgsEnd !== undefined) return [{ range: { start: value.envArgsEnd, end: value.envArgsEnd }, newText: `, ${literal(next)}` }];
    return undefined;
  }
  if (value.kind === 'string' && typeof next === 'string') return [{ range: value.inner, newText: next }];
  return [{ range: value.range, newText: literal(next, value) }];
}

// ---------------------------------------------------------------------------------------------
// What the tree says, as plain data

interface Statement {
  readonly key: string;
  readonly value: PhpValue | undefined;
  /** `$mail->Port = 587;`, `define('WPMS_SSL', 'ssl');`, `'port' => 587`. */
  readonly range: TextRange;
  readonly keyRange: TextRange;
  /** The whole line(s) of the statement with one line break, for clean removal. */
  readonly lineRange: TextRange;
  readonly indent: string;
  /** The value as written, for messages. */
  readonly valueText: string;
}

interface PhpMailerGroup {
  readonly object: string;
  readonly settings: Map<string, Statement>;
  readonly certOff: { key: string; range: TextRange; value: PhpValue }[];
}

interface ArrayBlock {
  readonly kind: 'nextcloud' | 'laravel-mailer' | 'laravel-legacy';
  readonly range: TextRange;
  readonly entries: Map<string, Statement>;
  readonly certOff: { key: string; range: TextRange; value: PhpValue }[];
  /** `$CONFIG` arrays and mailers: where a new entry goes when none fits better. */
  readonly lastEntry?: Statement;
}

interface Facts {
  readonly phpMailer: PhpMailerGroup[];
  readonly wpms: Map<string, Statement>;
  readonly blocks: ArrayBlock[];
}

const PHPMAILER_PROPS = new Set(['Host', 'Port', 'SMTPSecure', 'SMTPAutoTLS', 'SMTPAuth', 'Username', 'Password', 'SMTPOptions', 'Mailer']);

function lineRangeOf(text: string, range: TextRange): { lineRange: TextRange; indent: string } {
  let start = range.start;
  while (start > 0 && text[start - 1] !== '\n' && text[start - 1] !== '\r') start--;
  const before = text.slice(start, range.start);
  if (!/^[ \t]*$/.test(before)) return { lineRange: range, indent: '' };
  let end = range.end;
  while (end < text.length && (text[end] === ' ' || text[end] === '\t')) end++;
  // A trailing comma of an array element belongs to the line.
  if (text[end] === ',') end++;
  while (end < text.length && (text[end] === ' ' || text[end] === '\t')) end++;
  if (text[end] === '\r' && text[end + 1] === '\n') end += 2;
  else if (text[end] === '\n' || text[end] === '\r') end++;
  else if (end < text.length) return { lineRange: range, indent: before };
  return { lineRange: { start, end }, indent: before };
}

function statementOf(text: string, key: string, node: SyntaxNode, keyNode: SyntaxNode, valueNode: SyntaxNode | null | undefined): Statement {
  const range = rangeOf(node);
  const { lineRange, indent } = lineRangeOf(text, range);
  return { key, value: readValue(valueNode), range, keyRange: rangeOf(keyNode), lineRange, indent, valueText: valueNode?.text ?? '' };
}

function scopeOf(node: SyntaxNode): number {
  for (let current: SyntaxNode | null = node.parent; current; current = current.parent) {
    if (current.type === 'method_declaration' || current.type === 'function_definition' || current.type === 'anonymous_function' || current.type === 'arrow_function') return current.startIndex;
  }
  return -1;
}

/** SMTPOptions / stream options: `['ssl' => ['verify_peer' => false, …]]`. */
function certificateOff(array: SyntaxNode | undefined, out: { key: string; range: TextRange; value: PhpValue }[]): void {
  if (!array || array.type !== 'array_creation_expression') return;
  for (const element of array.namedChildren) {
    if (!element || element.type !== 'array_element_initializer') continue;
    const parts = element.namedChildren.filter((child): child is SyntaxNode => child !== null);
    if (parts.length !== 2) continue;
    const key = readValue(parts[0]);
    if (key?.kind !== 'string') continue;
    if (key.text === 'ssl' || key.text === 'tls') certificateOff(unwrapNode(parts[1]), out);
    const value = readValue(parts[1]);
    if (!value) continue;
    const flag = boolOf(value);
    if (((key.text === 'verify_peer' || key.text === 'verify_peer_name') && flag === false) || (key.text === 'allow_self_signed' && flag === true)) {
      out.push({ key: key.text, range: rangeOf(element), value });
    }
  }
}

function arrayEntries(text: string, array: SyntaxNode): Map<string, Statement> {
  const entries = new Map<string, Statement>();
  for (const element of array.namedChildren) {
    if (!element || element.type !== 'array_element_initializer') continue;
    const parts = element.namedChildren.filter((child): child is SyntaxNode => child !== null);
    if (parts.length !== 2) continue;
    const key = readValue(parts[0]);
    if (key?.kind !== 'string') continue;
    entries.set(key.text, statementOf(text, key.text, element, parts[0]!, parts[1]));
  }
  return entries;
}

function collect(text: string, root: SyntaxNode): Facts {
  const groups = new Map<string, PhpMailerGroup>();
  const wpms = new Map<string, Statement>();
  const blocks: ArrayBlock[] = [];
  const stack: SyntaxNode[] = [root];
  let visited = 0;
  while (stack.length > 0 && visited++ < 200_000) {
    const node = stack.pop()!;
    if (node.type === 'assignment_expression') {
      const left = node.childForFieldName('left');
      if (left?.type === 'member_access_expression') {
        const name = left.childForFieldName('name');
        const object = left.childForFieldName('object');
        if (name && object && PHPMAILER_PROPS.has(name.text)) {
          const id = `${scopeOf(node)}\u0000${object.text}`;
          let group = groups.get(id);
          if (!group) {
            group = { object: object.text, settings: new Map(), certOff: [] };
            groups.set(id, group);
          }
          const statementNode = node.parent?.type === 'expression_statement' ? node.parent : node;
          group.settings.set(name.text, statementOf(text, name.text, statementNode, name, node.childForFieldName('right')));
          if (name.text === 'SMTPOptions') certificateOff(unwrapNode(node.childForFieldName('right')), group.certOff);
        }
      }
    } else if (node.type === 'function_call_expression' && node.childForFieldName('function')?.text.toLowerCase() === 'define') {
      const args = node.childForFieldName('arguments')?.namedChildren.filter((child): child is SyntaxNode => child !== null && child.type === 'argument') ?? [];
      const name = args[0] ? readValue(args[0]) : undefined;
      if (name?.kind === 'string' && name.text.startsWith('WPMS_') && args[1]) {
        const statementNode = node.parent?.type === 'expression_statement' ? node.parent : node;
        wpms.set(name.text, statementOf(text, name.text, statementNode, unwrapNode(args[0])!, args[1]));
      }
    } else if (node.type === 'array_creation_expression') {
      const block = arrayBlock(text, node);
      if (block) blocks.push(block);
    }
    for (let index = node.namedChildCount - 1; index >= 0; index--) {
      const child = node.namedChild(index);
      if (child) stack.push(child);
    }
  }
  return { phpMailer: [...groups.values()], wpms, blocks };
}

function arrayBlock(text: string, array: SyntaxNode): ArrayBlock | undefined {
  const entries = arrayEntries(text, array);
  if (entries.size === 0) return undefined;
  const last = [...entries.values()].sort((a, b) => b.range.end - a.range.end)[0];
  if (entries.has('mail_smtphost') || entries.has('mail_smtpport') || entries.has('mail_smtpsecure')) {
    const certOff: ArrayBlock['certOff'] = [];
    const stream = entries.get('mail_smtpstreamoptions');
    if (stream) certificateOff(unwrapNode(findValueNode(array, stream)), certOff);
    return { kind: 'nextcloud', range: rangeOf(array), entries, certOff, lastEntry: last };
  }
  const transport = textOf(entries.get('transport')?.value);
  const driver = entries.get('driver');
  const inSmtpMailer = keyOfParentElement(array) === 'smtp';
  if ((transport === 'smtp' || inSmtpMailer) && (entries.has('host') || entries.has('port')) && (entries.has('encryption') || entries.has('scheme') || entries.has('transport'))) {
    return { kind: 'laravel-mailer', range: rangeOf(array), entries, certOff: laravelCertOff(entries), lastEntry: last };
  }
  if (driver && entries.has('host') && entries.has('port') && (entries.has('encryption') || entries.has('from'))) {
    return { kind: 'laravel-legacy', range: rangeOf(array), entries, certOff: laravelCertOff(entries), lastEntry: last };
  }
  return undefined;
}

function laravelCertOff(entries: Map<string, Statement>): ArrayBlock['certOff'] {
  const verify = entries.get('verify_peer');
  return verify?.value && boolOf(verify.value) === false ? [{ key: 'verify_peer', range: verify.range, value: verify.value }] : [];
}

function findValueNode(array: SyntaxNode, statement: Statement): SyntaxNode | undefined {
  for (const element of array.namedChildren) {
    if (element && element.startIndex === statement.range.start) return element.namedChild(1) ?? undefined;
  }
  return undefined;
}

function keyOfParentElement(array: SyntaxNode): string | undefined {
  const parent = array.parent;
  if (parent?.type !== 'array_element_initializer') return undefined;
  const key = readValue(parent.namedChild(0));
  return key?.kind === 'string' ? key.text : undefined;
}

// ---------------------------------------------------------------------------------------------
// Shared assembly

interface Parts {
  readonly library: string;
  readonly range: TextRange;
  readonly anchor: TextRange;
  readonly host?: Setting<string>;
  readonly port?: Setting<number>;
  readonly mode: Setting<TlsModeSetting>;
  readonly explicit: boolean;
  readonly flags: TlsFlag[];
  readonly enforced: boolean;
  readonly credentials?: { range: TextRange };
  readonly certOff?: { key: string; range: TextRange };
  readonly note: string;
  readonly certainty: 'certain' | 'inferred';
  readonly rewrite: EndpointRewriter;
}

function endpointOf(parts: Parts): MailEndpoint {
  return {
    library: parts.library,
    format: 'php',
    protocol: 'smtp',
    range: parts.range,
    anchor: parts.anchor,
    ...(parts.host ? { host: parts.host } : {}),
    ...(parts.port ? { port: parts.port } : {}),
    mode: parts.mode,
    modeExplicit: parts.explicit,
    tlsFlags: parts.flags,
    starttlsEnforced: parts.enforced,
    ...(parts.credentials ? { credentials: parts.credentials } : {}),
    ...(parts.certOff ? { certificateVerificationOff: parts.certOff } : {}),
    reading: { note: parts.note, certainty: parts.certainty },
    rewrite: parts.rewrite,
  };
}

function span(statements: readonly (Statement | undefined)[]): TextRange {
  const present = statements.filter((statement): statement is Statement => statement !== undefined);
  return { start: Math.min(...present.map((statement) => statement.range.start)), end: Math.max(...present.map((statement) => statement.range.end)) };
}

function flagOf(statement: Statement, intent: TlsIntent): TlsFlag {
  return { key: statement.key, valueText: statement.valueText, intent, range: statement.range, removal: { range: statement.lineRange, newText: '' } };
}

function hostOf(statement: Statement | undefined): Setting<string> | undefined {
  const used = effective(statement?.value);
  if (!statement || !statement.value || !used || used.kind !== 'string' || used.text.trim() === '') return undefined;
  return { value: used.text.trim(), range: used.inner, key: statement.key, origin: originOf(statement.value), ...(statement.value.envName ? { envName: statement.value.envName } : {}) };
}

function credentialsOf(statements: readonly (Statement | undefined)[], auth?: Statement): { range: TextRange } | undefined {
  for (const statement of statements) {
    if (!statement?.value) continue;
    const used = effective(statement.value);
    if (used && used.kind === 'string' && used.text === '') continue;
    if (used && used.kind === 'null') continue;
    if (statement.value.kind === 'null') continue;
    if (statement.value.kind === 'env' && !statement.value.fallback) return { range: statement.range };
    return { range: statement.range };
  }
  if (auth?.value && boolOf(auth.value) === true) return { range: auth.range };
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// PHPMailer and WP Mail SMTP (which hands its constants to PHPMailer)

interface MailerKeys {
  readonly host?: Statement;
  readonly port?: Statement;
  readonly secure?: Statement;
  readonly autoTls?: Statement;
  readonly auth?: Statement;
  readonly user?: Statement;
  readonly pass?: Statement;
}

interface MailerWriter {
  /** Inserts `key = value` next to the endpoint's other settings. */
  insert(key: 'secure' | 'port' | 'autoTls', value: string | number | boolean): TextEdit[] | undefined;
}

const SECURE_CONSTANTS: Readonly<Record<string, string>> = { ENCRYPTION_SMTPS: 'ssl', ENCRYPTION_STARTTLS: 'tls' };

function secureWord(value: PhpValue | undefined): string | 'env' | undefined {
  if (!value) return undefined;
  const used = effective(value);
  if (used?.kind === 'const') return SECURE_CONSTANTS[used.text] ?? 'env';
  const text = textOf(value);
  return text === undefined || text === 'env' ? text : text.toLowerCase();
}

function phpMailerLike(
  keys: MailerKeys,
  certOff: { key: string; range: TextRange; value: PhpValue }[],
  writer: MailerWriter,
  library: 'phpmailer' | 'wp-mail-smtp',
  note: string,
): MailEndpoint | undefined {
  if (!keys.host && !keys.port && !keys.secure) return undefined;
  const hostText = effective(keys.host?.value);
  // Host may be `ssl://smtp.x.com:465` or a `;`-separated list; the first entry is tried first.
  const hostMatch = hostText?.kind === 'string' ? /^\s*(?:(ssl|tls):\/\/)?([^;:\s]*)(?::(\d+))?/i.exec(hostText.text) : null;
  const prefix = hostMatch?.[1]?.toLowerCase();
  const prefixRange = hostText && prefix ? { start: hostText.inner.start + hostText.text.indexOf(hostMatch![1]!), end: hostText.inner.start + hostText.text.indexOf(hostMatch![1]!) + prefix.length + 3 } : undefined;
  const secure = secureWord(keys.secure?.value);
  const autoTls = boolOf(keys.autoTls?.value);

  let port = portOf(keys.port?.value, keys.port?.key ?? 'Port');
  const hostPort = hostMatch?.[3];
  if (hostText && hostPort && Number(hostPort) >= 1 && Number(hostPort) <= 65535) {
    const at = hostText.inner.start + hostText.text.lastIndexOf(`:${hostPort}`) + 1;
    port = { value: Number(hostPort), range: { start: at, end: at + hostPort.length }, key: keys.host!.key, origin: originOf(keys.host!.value!) };
  }
  // PHPMailer's default port is 25, but a file that does not set Port usually sets it elsewhere:
  // no port is claimed then.

  const flags: TlsFlag[] = [];
  let mode: Setting<TlsModeSetting>;
  let explicit = true;
  let enforced = false;
  const hostKey = keys.host?.key ?? 'Host';
  if (prefix && prefixRange) {
    mode = { value: prefix === 'ssl' ? 'implicit' : 'starttls', range: prefixRange, key: hostKey, origin: 'literal' };
    flags.push({ key: hostKey, valueText: `${prefix}://`, intent: prefix === 'ssl' ? 'implicit' : 'starttls-required', range: keys.host!.range });
    enforced = prefix === 'tls';
    // SMTPSecure that disagrees with the prefix is overridden by it.
    if (keys.secure && (secure === 'ssl' || secure === 'tls') && secure !== prefix) flags.push(flagOf(keys.secure, secure === 'ssl' ? 'implicit' : 'starttls-required'));
  } else if (keys.secure && secure === 'ssl') {
    mode = { value: 'implicit', range: keys.secure.value!.inner, key: keys.secure.key, origin: originOf(keys.secure.value!) };
    flags.push(flagOf(keys.secure, 'implicit'));
  } else if (keys.secure && secure === 'tls') {
    mode = { value: 'starttls', range: keys.secure.value!.inner, key: keys.secure.key, origin: originOf(keys.secure.value!) };
    flags.push(flagOf(keys.secure, 'starttls-required'));
    enforced = true;
  } else if (keys.secure && secure === 'env') {
    mode = { value: 'unknown', range: keys.secure.value!.range, key: keys.secure.key, origin: 'env', ...(keys.secure.value!.envName ? { envName: keys.secure.value!.envName } : {}) };
  } else if (keys.secure && secure !== undefined && secure !== '') {
    mode = { value: 'unknown', range: keys.secure.value!.range, key: keys.secure.key, origin: 'literal' };
  } else if (keys.autoTls && autoTls === false) {
    mode = { value: 'none', range: keys.autoTls.value!.inner, key: keys.autoTls.key, origin: originOf(keys.autoTls.value!) };
    flags.push(flagOf(keys.autoTls, 'no-tls'));
  } else if (keys.autoTls && autoTls === 'env') {
    mode = { value: 'unknown', range: keys.autoTls.value!.range, key: keys.autoTls.key, origin: 'env' };
  } else {
    // SMTPSecure '' with SMTPAutoTLS on: STARTTLS when the server offers it; no port-based choice.
    const at = keys.secure ?? keys.port ?? keys.host!;
    mode = { value: 'starttls', range: at.value?.inner ?? at.range, key: keys.secure?.key ?? (library === 'phpmailer' ? 'SMTPSecure' : 'WPMS_SSL'), origin: keys.secure ? 'literal' : 'default' };
    explicit = false;
  }

  const rewrite: EndpointRewriter = {
    setTlsMode(target: TlsMode) {
      if (target === 'none') return undefined;
      const word = target === 'implicit' ? 'ssl' : 'tls';
      const edits: TextEdit[] = [];
      if (prefix && prefixRange) edits.push({ range: prefixRange, newText: `${word}://` });
      if (keys.secure?.value) {
        const used = effective(keys.secure.value);
        if (used?.kind === 'const') edits.push({ range: used.range, newText: `${used.constClass ?? 'PHPMailer'}::${word === 'ssl' ? 'ENCRYPTION_SMTPS' : 'ENCRYPTION_STARTTLS'}` });
        else {
          const set = setValue(keys.secure.value, word);
          if (!set) return undefined;
          edits.push(...set);
        }
      } else if (!prefix) {
        const inserted = writer.insert('secure', word);
        if (!inserted) return undefined;
        edits.push(...inserted);
      }
      return edits;
    },
    setPort(value: number) {
      if (hostPort && hostText) return [{ range: port!.range, newText: String(value) }];
      if (keys.port?.value) return setValue(keys.port.value, keys.port.value.kind === 'string' || effective(keys.port.value)?.kind === 'string' ? String(value) : value);
      return writer.insert('port', value);
    },
    enforceStartTls() {
      if (prefix === 'ssl') return undefined;
      return this.setTlsMode!('starttls');
    },
    enableCertificateVerification() {
      if (certOff.length === 0) return undefined;
      return certOff.map((entry) => ({ range: entry.value.range, newText: entry.key === 'allow_self_signed' ? 'false' : 'true' }));
    },
  };

  const statements = [keys.host, keys.port, keys.secure, keys.autoTls, keys.auth, keys.user, keys.pass];
  const range = span(statements);
  return endpointOf({
    library,
    range,
    anchor: (keys.host ?? keys.port ?? keys.secure)!.keyRange,
    host: hostOf(keys.host) ? { ...hostOf(keys.host)!, value: hostMatch?.[2] || hostOf(keys.host)!.value } : undefined,
    port,
    mode,
    explicit,
    flags,
    enforced,
    credentials: credentialsOf([keys.user, keys.pass], keys.auth),
    certOff: certOff[0] ? { key: certOff[0].key, range: certOff[0].range } : undefined,
    note,
    certainty: 'certain',
    rewrite,
  });
}

function phpMailerEndpoint(text: string, group: PhpMailerGroup, fileMentionsPhpMailer: boolean): MailEndpoint | undefined {
  const s = group.settings;
  if (!s.has('SMTPSecure') && !s.has('SMTPAutoTLS') && !fileMentionsPhpMailer) return undefined;
  if (!s.has('Host') && !s.has('Port') && !s.has('SMTPSecure')) return undefined;
  const mailer = textOf(s.get('Mailer')?.value);
  if (mailer !== undefined && mailer !== 'env' && mailer !== 'smtp') return undefined;
  const writer: MailerWriter = {
    insert(key, value) {
      const after = s.get('Port') ?? s.get('Host') ?? s.get('SMTPSecure');
      if (!after || after.lineRange.end === after.range.end) return undefined;
      const prop = key === 'secure' ? 'SMTPSecure' : key === 'port' ? 'Port' : 'SMTPAutoTLS';
      const eol = text.slice(after.range.end, after.lineRange.end).includes('\r\n') ? '\r\n' : '\n';
      return [{ range: { start: after.lineRange.end, end: after.lineRange.end }, newText: `${after.indent}${group.object}->${prop} = ${literal(value, s.get('Host')?.value)};${eol}` }];
    },
  };
  return phpMailerLike(
    { host: s.get('Host'), port: s.get('Port'), secure: s.get('SMTPSecure'), autoTls: s.get('SMTPAutoTLS'), auth: s.get('SMTPAuth'), user: s.get('Username'), pass: s.get('Password') },
    group.certOff,
    writer,
    'phpmailer',
    `Read as PHPMailer: SMTPSecure 'ssl' (ENCRYPTION_SMTPS) is implicit TLS, 'tls' (ENCRYPTION_STARTTLS) is STARTTLS and fails without it, '' is STARTTLS when offered (SMTPAutoTLS) — PHPMailer never picks the mode from the port; an ssl:// or tls:// host prefix overrides SMTPSecure.`,
  );
}

function wpmsEndpoint(text: string, wpms: Map<string, Statement>): MailEndpoint | undefined {
  const mailer = textOf(wpms.get('WPMS_MAILER')?.value);
  if (mailer !== undefined && mailer !== 'env' && mailer !== 'smtp') return undefined;
  const writer: MailerWriter = {
    insert(key, value) {
      const after = wpms.get('WPMS_SMTP_PORT') ?? wpms.get('WPMS_SMTP_HOST');
      if (!after || after.lineRange.end === after.range.end) return undefined;
      const name = key === 'secure' ? 'WPMS_SSL' : key === 'port' ? 'WPMS_SMTP_PORT' : 'WPMS_SMTP_AUTOTLS';
      const eol = text.slice(after.range.end, after.lineRange.end).includes('\r\n') ? '\r\n' : '\n';
      return [{ range: { start: after.lineRange.end, end: after.lineRange.end }, newText: `${after.indent}define( '${name}', ${literal(value)} );${eol}` }];
    },
  };
  return phpMailerLike(
    {
      host: wpms.get('WPMS_SMTP_HOST'),
      port: wpms.get('WPMS_SMTP_PORT'),
      secure: wpms.get('WPMS_SSL'),
      autoTls: wpms.get('WPMS_SMTP_AUTOTLS'),
      auth: wpms.get('WPMS_SMTP_AUTH'),
      user: wpms.get('WPMS_SMTP_USER'),
      pass: wpms.get('WPMS_SMTP_PASS'),
    },
    [],
    writer,
    'wp-mail-smtp',
    `Read as WP Mail SMTP constants, handed to PHPMailer: WPMS_SSL 'ssl' is implicit TLS, 'tls' is STARTTLS and fails without it (despite the plugin's "TLS is not STARTTLS" comment), '' is STARTTLS when offered (WPMS_SMTP_AUTOTLS); the port never changes the mode.`,
  );
}

// ---------------------------------------------------------------------------------------------
// Arrays: Nextcloud config.php and Laravel config/mail.php

function arrayInsert(text: string, block: ArrayBlock, after: Statement | undefined, key: string, value: string | number | boolean): TextEdit[] | undefined {
  const anchor = after ?? block.lastEntry;
  if (!anchor) return undefined;
  const quote = text[anchor.keyRange.start] === '"' ? '"' : "'";
  const eol = text.slice(anchor.range.end, anchor.lineRange.end).includes('\r\n') ? '\r\n' : '\n';
  const indent = anchor.indent;
  return [{ range: { start: anchor.range.end, end: anchor.range.end }, newText: `,${indent ? eol + indent : ' '}${quote}${key}${quote} => ${literal(value, { quote } as PhpValue)}` }];
}

function nextcloudEndpoint(text: string, block: ArrayBlock): MailEndpoint | undefined {
  const e = block.entries;
  const mode0 = textOf(e.get('mail_smtpmode')?.value);
  if (mode0 !== undefined && mode0 !== 'env' && mode0 !== 'smtp') return undefined;
  const hostEntry = e.get('mail_smtphost');
  const portEntry = e.get('mail_smtpport');
  const secureEntry = e.get('mail_smtpsecure');
  if (!hostEntry && !portEntry) return undefined;
  const anchor = (hostEntry ?? portEntry)!;
  // getSystemValueInt('mail_smtpport', 25)
  const port: Setting<number> | undefined = portEntry ? portOf(portEntry.value, 'mail_smtpport') : { value: 25, range: anchor.keyRange, key: 'mail_smtpport', origin: 'default' };
  const secure = textOf(secureEntry?.value)?.toLowerCase();
  const flags: TlsFlag[] = [];
  let mode: Setting<TlsModeSetting>;
  let explicit = false;
  if (secureEntry && secure === 'ssl') {
    mode = { value: 'implicit', range: secureEntry.value!.inner, key: 'mail_smtpsecure', origin: 'literal' };
    flags.push(flagOf(secureEntry, 'implicit'));
    explicit = true;
  } else if (secureEntry && secure === 'env') {
    mode = { value: 'unknown', range: secureEntry.value!.range, key: 'mail_smtpsecure', origin: 'env' };
  } else {
    // Anything but 'ssl' (including 'tls') leaves it to Symfony: 465 implicit, else STARTTLS when offered.
    mode = { value: port ? (port.value === 465 ? 'implicit' : 'starttls') : 'auto', range: secureEntry?.value?.inner ?? port?.range ?? anchor.keyRange, key: 'mail_smtpsecure', origin: 'default' };
  }
  const rewrite: EndpointRewriter = {
    setTlsMode(target: TlsMode) {
      if (target === 'none') return undefined;
      if (target === 'implicit') return secureEntry?.value ? setValue(secureEntry.value, 'ssl') : arrayInsert(text, block, portEntry ?? hostEntry, 'mail_smtpsecure', 'ssl');
      if (secureEntry?.value && secure === 'ssl') return setValue(secureEntry.value, '');
      return undefined;
    },
    setPort: (value) => (portEntry?.value ? setValue(portEntry.value, portEntry.value.kind === 'string' ? String(value) : value) : arrayInsert(text, block, hostEntry, 'mail_smtpport', value)),
    enableCertificateVerification: () => (block.certOff.length > 0 ? block.certOff.map((entry) => ({ range: entry.value.range, newText: entry.key === 'allow_self_signed' ? 'false' : 'true' })) : undefined),
  };
  const tlsNote = secure === 'tls' ? " 'tls' is a legacy value Nextcloud ignores (STARTTLS is used when offered, and cannot be enforced)." : '';
  return endpointOf({
    library: 'nextcloud',
    range: block.range,
    anchor: anchor.keyRange,
    host: hostOf(hostEntry),
    port,
    mode,
    explicit,
    flags,
    enforced: false,
    credentials: credentialsOf([e.get('mail_smtpname'), e.get('mail_smtppassword')], e.get('mail_smtpauth')),
    certOff: block.certOff[0] ? { key: block.certOff[0].key, range: block.certOff[0].range } : undefined,
    note: `Read as Nextcloud's config.php: only mail_smtpsecure 'ssl' is honoured (implicit TLS); otherwise Symfony decides from mail_smtpport (default 25) — implicit TLS on 465, else STARTTLS when offered.${tlsNote}`,
    certainty: 'certain',
    rewrite,
  });
}

function laravelEndpoint(text: string, block: ArrayBlock, version: string | undefined): MailEndpoint | undefined {
  const e = block.entries;
  const hostEntry = e.get('host');
  const portEntry = e.get('port');
  const schemeEntry = e.get('scheme');
  const encEntry = e.get('encryption');
  if (block.kind === 'laravel-legacy') {
    const driver = textOf(e.get('driver')?.value);
    if (driver !== undefined && driver !== 'env' && driver !== 'smtp') return undefined;
  }
  const lockedEra = version ? laravelEraOf(version) : undefined;
  const era: LaravelEra =
    lockedEra ??
    (schemeEntry ? 'scheme' : block.kind === 'laravel-legacy' ? 'swift' : e.has('local_domain') ? 'port-rule' : ['ssl', 'tls'].includes(String(textOf(encEntry?.value)).toLowerCase()) ? 'swift' : 'port-rule');
  const port = portOf(portEntry?.value, 'port');
  const lower = (value: string | undefined): string | undefined => (value === undefined || value === 'env' ? value : value.toLowerCase());
  const decision = laravelDecision(era, { scheme: lower(textOf(schemeEntry?.value)), encryption: lower(textOf(encEntry?.value)), port: port?.value });
  const anchor = (hostEntry ?? portEntry)!;
  if (!anchor) return undefined;

  const flags: TlsFlag[] = [];
  let mode: Setting<TlsModeSetting>;
  let explicit = true;
  const decider = decision.decidedBy === 'scheme' ? schemeEntry : decision.decidedBy === 'encryption' ? encEntry : undefined;
  if (decider?.value) {
    const used = effective(decider.value);
    const range = used?.inner ?? decider.value.range;
    mode = { value: decision.mode, range, key: decider.key, origin: used ? originOf(decider.value) : 'env', ...(decider.value.envName ? { envName: decider.value.envName } : {}) };
    if (decision.mode === 'implicit') flags.push(flagOf(decider, 'implicit'));
    if (decision.mode === 'starttls') flags.push(flagOf(decider, decision.enforced ? 'starttls-required' : 'starttls'));
  } else {
    explicit = false;
    mode = { value: decision.mode, range: port?.range ?? anchor.keyRange, key: schemeEntry?.key ?? 'scheme', origin: 'default' };
  }

  const usesEncryption = era === 'swift' || ((era === '9.0' || era === '11.35.0') && decision.decidedBy === 'encryption');
  const rewrite: EndpointRewriter = {
    setTlsMode(target: TlsMode) {
      if (era === 'swift') {
        if (!encEntry?.value) return arrayInsert(text, block, portEntry, 'encryption', target === 'implicit' ? 'ssl' : target === 'starttls' ? 'tls' : '');
        return setValue(encEntry.value, target === 'implicit' ? 'ssl' : target === 'starttls' ? 'tls' : null);
      }
      if (target === 'none') return undefined;
      if (usesEncryption && target === 'starttls' && encEntry?.value) return setValue(encEntry.value, null);
      if (schemeEntry?.value) return setValue(schemeEntry.value, target === 'implicit' ? 'smtps' : 'smtp');
      return arrayInsert(text, block, undefined, 'scheme', target === 'implicit' ? 'smtps' : 'smtp');
    },
    setPort: (value) => (portEntry?.value ? setValue(portEntry.value, effective(portEntry.value)?.kind === 'string' ? String(value) : value) : undefined),
    ...(era === 'swift' ? { enforceStartTls: () => (encEntry?.value ? setValue(encEntry.value, 'tls') : arrayInsert(text, block, portEntry, 'encryption', 'tls')) } : {}),
    enableCertificateVerification: () => (block.certOff.length > 0 ? block.certOff.map((entry) => ({ range: entry.value.range, newText: 'true' })) : undefined),
  };
  const lockNote = version ? '' : ' No composer.lock was found next to it, so the version is a guess from the file’s keys.';
  return endpointOf({
    library: 'laravel',
    range: block.range,
    anchor: anchor.keyRange,
    host: hostOf(hostEntry),
    port,
    mode,
    explicit,
    flags,
    enforced: decision.enforced,
    credentials: credentialsOf([e.get('username'), e.get('password')]),
    certOff: block.certOff[0] ? { key: block.certOff[0].key, range: block.certOff[0].range } : undefined,
    note: `${laravelEraNote(era, version)} Values of env('X', default) are the defaults used when the .env does not set X.${lockNote}`,
    certainty: version ? 'certain' : 'inferred',
    rewrite,
  });
}

// ---------------------------------------------------------------------------------------------

const MAIL_WORD = /smtp|mail|WPMS_/i;

export function mayContainPhpMailConfig(text: string): boolean {
  return MAIL_WORD.test(text);
}

async function laravelVersion(document: SourceDocument): Promise<string | undefined> {
  try {
    const lock = await document.readNearby?.('composer.lock');
    return lock ? laravelVersionFromLock(lock.text) : undefined;
  } catch {
    return undefined;
  }
}

export async function extractPhp(document: SourceDocument): Promise<MailEndpoint[]> {
  const { text } = document;
  if (!mayContainPhpMailConfig(text)) return [];
  const facts = await withSyntaxTree(document.fileName, text, 'php', (root) => collect(text, root));
  const endpoints: MailEndpoint[] = [];
  const mentionsPhpMailer = /PHPMailer|isSMTP\s*\(|SMTPSecure|SMTPAuth/.test(text);
  for (const group of facts.phpMailer) {
    const endpoint = phpMailerEndpoint(text, group, mentionsPhpMailer);
    if (endpoint) endpoints.push(endpoint);
  }
  if (facts.wpms.has('WPMS_SMTP_HOST') || facts.wpms.has('WPMS_SMTP_PORT')) {
    const endpoint = wpmsEndpoint(text, facts.wpms);
    if (endpoint) endpoints.push(endpoint);
  }
  const laravelBlocks = facts.blocks.filter((block) => block.kind !== 'nextcloud');
  const version = laravelBlocks.length > 0 ? await laravelVersion(document) : undefined;
  for (const block of facts.blocks) {
    const endpoint = block.kind === 'nextcloud' ? nextcloudEndpoint(text, block) : laravelEndpoint(text, block, version);
    if (endpoint) endpoints.push(endpoint);
  }
  return endpoints.filter((endpoint) => endpoint.range.end <= text.length).sort((a, b) => a.range.start - b.range.start);
}

export const phpExtractor: Extractor = {
  id: 'php',
  appliesTo: (fileName: string) => /\.php$/i.test(fileName),
  filePatterns: ['*.php'],
  async extract(document: SourceDocument): Promise<MailEndpoint[]> {
    try {
      return await extractPhp(document);
    } catch {
      return [];
    }
  },
};
