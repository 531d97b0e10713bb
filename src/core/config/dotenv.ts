// `.env` files: which framework reads these keys, and what do they ask for?
//
// A `.env` file never says who consumes it, and the same word means different things in
// different ecosystems (`SMTP_TLS` is implicit TLS for the Ruby mail gem, `EMAIL_USE_TLS` is
// STARTTLS for Django). So keys are grouped by prefix (`SMTP_`, `SENTRY_EMAIL_`,
// `AUTHENTIK_EMAIL__`) and a group's neighbours decide the reading: `MAIL_SCHEME` means Laravel,
// `SMTP_SERVER` means Mastodon, `EMAIL_USE_SSL` means Django. Every endpoint says in
// `reading.note` which reading was used, and `inferred` when it is a guess.
// Sources for every semantic below: shared/reference/config-matrix.md §3.1, §4.2–4.4, §5.2,
// §5.3, §7.4, §12, checked against the libraries' code where noted.
import type { EndpointRewriter, Extractor, MailEndpoint, Protocol, Setting, SourceDocument, TextEdit, TextRange, TlsFlag, TlsIntent, TlsMode, TlsModeSetting } from '../model';
import { parseMailUrl, urlQueryEdit, type MailUrl, type QueryChange } from './mailUrl';
import { parseDotenv, type DotenvEntry, type DotenvFile } from './parsers/dotenv';
import { splitHostPort } from './parsers/lines';
import { laravelDecision, laravelEraNote, laravelEraOf, laravelVersionFromLock } from './semantics/laravel';
import { readSymfonyDsn } from './semantics/symfonyDsn';

export const dotenvExtractor: Extractor = {
  id: 'dotenv',
  appliesTo: isDotenvFileName,
  filePatterns: ['.env', '.env.*', '*.env'],
  async extract(document: SourceDocument): Promise<MailEndpoint[]> {
    const laravelVersion = LARAVEL_KEYS.test(document.text) ? await laravelVersionNearby(document) : undefined;
    return extractDotenv(document.text, laravelVersion ? { laravelVersion } : {});
  },
};

export interface DotenvOptions {
  /** `laravel/framework`'s version from composer.lock, which decides what MAIL_ENCRYPTION means. */
  readonly laravelVersion?: string;
}

// Only a file with Laravel's MAIL_ keys makes the lock file worth reading.
const LARAVEL_KEYS = /^[ \t]*(?:export[ \t]+)?MAIL_(?:MAILER|DRIVER|SCHEME|ENCRYPTION)[ \t]*=/m;

async function laravelVersionNearby(document: SourceDocument): Promise<string | undefined> {
  try {
    const lock = await document.readNearby?.('composer.lock');
    return lock ? laravelVersionFromLock(lock.text) : undefined;
  } catch {
    return undefined;
  }
}

// `.env.*` also matches code that happens to be named after env files (`.env.d.ts`,
// `.env.example.json`); those are someone else's format.
const NOT_DOTENV = /\.(?:[cm]?[jt]s|json|ya?ml|py|sh|toml|md)$/i;

export function isDotenvFileName(fileName: string): boolean {
  const base = fileName.slice(Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\')) + 1);
  if (base === '.env') return true;
  if (base.startsWith('.env.')) return !NOT_DOTENV.test(base);
  return base.endsWith('.env') && base.length > 4;
}

export function extractDotenv(text: string, options: DotenvOptions = {}): MailEndpoint[] {
  return extractEnvEntries(text, parseDotenv(text).entries, undefined, options);
}

/**
 * How edits are written when the entries come from another syntax (a compose `environment:`
 * block): `lines` are `KEY=value` strings, as the profiles write them for `.env` files.
 */
export interface EnvSyntax {
  readonly format: string;
  removeLine(entry: DotenvEntry): TextEdit;
  setValue(entry: DotenvEntry, value: string): TextEdit;
  insertAfter(entry: DotenvEntry, lines: readonly string[]): TextEdit;
}

/** The `.env` profiles over entries from any syntax; `syntax` writes the fixes (default: `.env`). */
export function extractEnvEntries(text: string, entries: readonly DotenvEntry[], syntax?: EnvSyntax, options: DotenvOptions = {}): MailEndpoint[] {
  const doc = new EnvDoc(text, { entries, problems: [], eol: text.includes('\r\n') ? '\r\n' : '\n' }, syntax);
  const endpoints: MailEndpoint[] = [];
  const urlKeys = new Set<string>(appKeys(doc));
  for (const entry of doc.latest) {
    const endpoint = urlEndpoint(doc, entry);
    if (endpoint === 'not-a-url') continue;
    urlKeys.add(entry.key);
    if (endpoint) endpoints.push(endpoint);
  }
  for (const group of groupByPrefix(doc, urlKeys)) {
    const endpoint = groupEndpoint(group, options);
    if (endpoint) endpoints.push(endpoint);
  }
  const ghost = ghostEndpoint(doc);
  if (ghost) endpoints.push(ghost);
  endpoints.push(...appEndpoints(doc));
  const sorted = endpoints.sort((a, b) => a.range.start - b.range.start);
  return syntax ? sorted.map((endpoint) => ({ ...endpoint, format: syntax.format })) : sorted;
}

// ---------------------------------------------------------------------------------------------
// The document: the last assignment of a key wins, as in dotenv, python-dotenv and compose.

class EnvDoc {
  readonly byKey = new Map<string, DotenvEntry>();
  readonly latest: DotenvEntry[];

  constructor(
    readonly text: string,
    readonly file: DotenvFile,
    readonly syntax?: EnvSyntax,
  ) {
    for (const entry of file.entries) this.byKey.set(entry.key, entry);
    this.latest = [...this.byKey.values()].sort((a, b) => a.keyRange.start - b.keyRange.start);
  }

  raw(range: TextRange): string {
    return this.text.slice(range.start, range.end);
  }

  /** The characters of `KEY=value`, for highlighting. */
  span(entry: DotenvEntry): TextRange {
    return { start: entry.keyRange.start, end: Math.max(entry.valueRange.end, entry.keyRange.end) };
  }

  /** Deletes the whole line and one line break, so no blank line is left behind. */
  removeLine(entry: DotenvEntry): TextEdit {
    if (this.syntax) return this.syntax.removeLine(entry);
    const { lineRange, lineWithBreakRange } = entry;
    if (lineWithBreakRange.end > lineRange.end || lineRange.start === 0) return { range: lineWithBreakRange, newText: '' };
    const breakLength = this.text.slice(lineRange.start - 2, lineRange.start) === '\r\n' ? 2 : 1;
    return { range: { start: lineRange.start - breakLength, end: lineRange.end }, newText: '' };
  }

  setValue(entry: DotenvEntry, value: string): TextEdit {
    if (this.syntax) return this.syntax.setValue(entry, value);
    return { range: entry.innerRange, newText: value };
  }

  insertAfter(entry: DotenvEntry, lines: readonly string[]): TextEdit {
    if (this.syntax) return this.syntax.insertAfter(entry, lines);
    const prefix = entry.exported ? 'export ' : '';
    return { range: { start: entry.lineRange.end, end: entry.lineRange.end }, newText: lines.map((line) => `${this.file.eol}${prefix}${line}`).join('') };
  }
}

// ---------------------------------------------------------------------------------------------
// Values

type Read<T> = { readonly kind: 'value'; readonly value: T } | { readonly kind: 'env'; readonly name: string } | { readonly kind: 'unset' } | { readonly kind: 'invalid'; readonly text: string };

const TRUE_WORDS = new Set(['true', '1', 'yes', 'on']);
const FALSE_WORDS = new Set(['false', '0', 'no', 'off']);

function readText(entry: DotenvEntry | undefined, nullWords = false): Read<string> {
  if (!entry) return { kind: 'unset' };
  if (entry.interpolated) return { kind: 'env', name: entry.references[0] ?? entry.key };
  const value = entry.value.trim();
  if (value === '') return { kind: 'unset' };
  // Laravel's env() turns these words into null; the skeleton writes `MAIL_USERNAME=null`.
  if (nullWords && /^\(?null\)?$/i.test(value)) return { kind: 'unset' };
  return { kind: 'value', value };
}

function readBool(entry: DotenvEntry | undefined, nullWords = false): Read<boolean> {
  const text = readText(entry, nullWords);
  if (text.kind !== 'value') return text;
  const word = text.value.toLowerCase().replace(/^\((.*)\)$/, '$1');
  if (TRUE_WORDS.has(word)) return { kind: 'value', value: true };
  if (FALSE_WORDS.has(word)) return { kind: 'value', value: false };
  return { kind: 'invalid', text: text.value };
}

function readPort(entry: DotenvEntry | undefined, nullWords = false): Read<number> {
  const text = readText(entry, nullWords);
  if (text.kind !== 'value') return text;
  // `.env.example` placeholders (`<port>`, `your-port`) are not ports.
  if (!/^\d{1,5}$/.test(text.value)) return { kind: 'invalid', text: text.value };
  const port = Number(text.value);
  return port >= 1 && port <= 65535 ? { kind: 'value', value: port } : { kind: 'invalid', text: text.value };
}

const isTrue = (read: Read<boolean>): boolean => read.kind === 'value' && read.value;
const isFalse = (read: Read<boolean>): boolean => read.kind === 'value' && !read.value;

/** Writes a boolean the way the file already writes it (`True`, `TRUE`, `1`, `yes`, `on`). */
function booleanLike(value: boolean, example: string | undefined): string {
  const like = (example ?? 'true').trim();
  const lower = like.toLowerCase();
  let word = value ? 'true' : 'false';
  if (lower === '1' || lower === '0') return value ? '1' : '0';
  if (lower === 'yes' || lower === 'no') word = value ? 'yes' : 'no';
  if (lower === 'on' || lower === 'off') word = value ? 'on' : 'off';
  if (/[a-z]/i.test(like) && like === like.toUpperCase()) return word.toUpperCase();
  if (/^[A-Z]/.test(like)) return word[0]!.toUpperCase() + word.slice(1);
  return word;
}

// ---------------------------------------------------------------------------------------------
// Grouping by prefix

// Every suffix a profile reads. A key joins the prefix left when its suffix is cut off.
const SUFFIXES = new Set([
  'HOST', 'SERVER', 'ADDRESS', 'PORT',
  'SECURE', 'IGNORE_TLS', 'REQUIRE_TLS', 'REJECT_UNAUTHORIZED', 'TLS_REJECT_UNAUTHORIZED',
  'USER', 'USERNAME', 'USER_NAME', 'LOGIN', 'PASS', 'PASSWORD', 'HOST_USER', 'HOST_PASSWORD',
  'USE_TLS', 'USE_SSL', 'STARTTLS', 'SSL_TLS', 'TLS', 'SSL', 'VALIDATE_CERTS',
  'MAILER', 'DRIVER', 'ENCRYPTION', 'SCHEME', 'FROM_ADDRESS',
  'ENABLE_STARTTLS', 'ENABLE_STARTTLS_AUTO', 'OPENSSL_VERIFY_MODE', 'SECURITY',
  'STARTTLS_POLICY', 'SKIP_VERIFY', 'ENABLE_START_TLS', 'FORCE_TLS',
]);
const CORE = ['HOST', 'SERVER', 'ADDRESS', 'PORT'];

interface Group {
  readonly doc: EnvDoc;
  readonly prefix: string;
  /** The word the suffixes hang from: `SMTP` for `EMAIL_SMTP_`, `EMAIL` for `AUTHENTIK_EMAIL__`. */
  readonly stem: string;
  readonly fields: Map<string, DotenvEntry>;
  /** The key a suffix is written as, when it is not `prefix + suffix` (Ghost's `mail__options__secure`). */
  readonly spell?: (suffix: string) => string;
}

const keyOf = (group: Group, suffix: string): string => group.spell?.(suffix) ?? `${group.prefix}${suffix}`;

function groupByPrefix(doc: EnvDoc, skip: ReadonlySet<string>): Group[] {
  const isCore = (prefix: string): boolean => CORE.some((suffix) => doc.byKey.has(prefix + suffix) && !skip.has(prefix + suffix));
  const groups = new Map<string, Group>();
  for (const entry of doc.latest) {
    if (skip.has(entry.key)) continue;
    let chosen: { prefix: string; suffix: string } | undefined;
    for (let index = entry.key.indexOf('_'); index >= 0 && index < entry.key.length - 1; index = entry.key.indexOf('_', index + 1)) {
      const prefix = entry.key.slice(0, index + 1);
      const suffix = entry.key.slice(index + 1);
      // The longest prefix that has a host or port: `EMAIL_HOST_USER` joins `EMAIL_`, not `EMAIL_HOST_`
      // (no `EMAIL_HOST_PORT`), and `SENTRY_EMAIL_USE_TLS` joins `SENTRY_EMAIL_`.
      if (SUFFIXES.has(suffix) && isCore(prefix)) chosen = { prefix, suffix };
    }
    if (!chosen) continue;
    let group = groups.get(chosen.prefix);
    if (!group) {
      const words = chosen.prefix.split('_').filter((word) => word !== '');
      group = { doc, prefix: chosen.prefix, stem: words[words.length - 1] ?? '', fields: new Map() };
      groups.set(chosen.prefix, group);
    }
    group.fields.set(chosen.suffix, entry);
  }
  return [...groups.values()];
}

function field(group: Group, ...suffixes: string[]): DotenvEntry | undefined {
  for (const suffix of suffixes) {
    const entry = group.fields.get(suffix);
    if (entry) return entry;
  }
  return undefined;
}

const has = (group: Group, ...suffixes: string[]): boolean => suffixes.some((suffix) => group.fields.has(suffix));

function groupEndpoint(group: Group, options: DotenvOptions = {}): MailEndpoint | undefined {
  const { stem } = group;
  const app = appGroupEndpoint(group);
  if (app !== 'not-this-app') return app;
  if (stem === 'IMAP') return nodemailerEndpoint(group, 'imap');
  const pythonTls = has(group, 'USE_TLS', 'USE_SSL', 'STARTTLS', 'SSL_TLS', 'SECURE');
  if (stem === 'MAIL' && (has(group, 'MAILER', 'DRIVER', 'SCHEME') || (has(group, 'ENCRYPTION', 'FROM_ADDRESS') && !pythonTls))) return laravelEndpoint(group, options.laravelVersion);
  if (has(group, 'STARTTLS', 'SSL_TLS') || (stem === 'MAIL' && has(group, 'TLS', 'SSL') && has(group, 'SERVER'))) return fastapiEndpoint(group);
  if (has(group, 'USE_TLS', 'USE_SSL')) return stem === 'MAIL' ? flaskEndpoint(group) : djangoEndpoint(group);
  if (stem === 'SMTP' && has(group, 'SECURITY') && !has(group, 'SECURE', 'TLS', 'SSL', 'ENABLE_STARTTLS', 'ENABLE_STARTTLS_AUTO')) return securityEndpoint(group);
  if (stem === 'SMTP' && has(group, 'SERVER', 'ENABLE_STARTTLS', 'ENABLE_STARTTLS_AUTO', 'OPENSSL_VERIFY_MODE', 'LOGIN')) return mastodonEndpoint(group);
  if (has(group, 'SECURE', 'IGNORE_TLS', 'REQUIRE_TLS', 'REJECT_UNAUTHORIZED', 'TLS_REJECT_UNAUTHORIZED')) return nodemailerEndpoint(group, 'smtp');
  if (stem === 'SMTP' && has(group, 'TLS', 'SSL')) return mastodonEndpoint(group);
  if ((stem === 'SMTP' || stem === 'NODEMAILER') && has(group, 'HOST')) return nodemailerEndpoint(group, 'smtp');
  if (stem === 'EMAIL' && has(group, 'HOST_USER', 'HOST_PASSWORD')) return djangoEndpoint(group);
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Building blocks shared by the key/value profiles

interface ModeResult {
  readonly mode: Setting<TlsModeSetting>;
  readonly explicit: boolean;
}

function modeFrom(entry: DotenvEntry, value: TlsModeSetting): ModeResult {
  return { mode: { value, range: entry.innerRange, key: entry.key, origin: 'literal' }, explicit: true };
}

function modeFromEnv(entry: DotenvEntry, name: string): ModeResult {
  return { mode: { value: 'unknown', range: entry.innerRange, key: entry.key, origin: 'env', envName: name }, explicit: true };
}

/** The mode the library picks when no key sets it; `range` is where a diagnostic can point. */
function modeByDefault(value: TlsModeSetting, key: string, range: TextRange): ModeResult {
  return { mode: { value, range, key, origin: 'default' }, explicit: false };
}

function flagOf(doc: EnvDoc, entry: DotenvEntry, intent: TlsIntent): TlsFlag {
  return { key: entry.key, valueText: doc.raw(entry.valueRange), intent, range: doc.span(entry), removal: doc.removeLine(entry) };
}

function hostOf(entry: DotenvEntry | undefined, nullWords = false): Setting<string> | undefined {
  const read = readText(entry, nullWords);
  if (!entry || read.kind !== 'value') return undefined;
  return { value: read.value, range: entry.innerRange, key: entry.key, origin: 'literal' };
}

function portOf(entry: DotenvEntry | undefined, nullWords = false): Setting<number> | undefined {
  const read = readPort(entry, nullWords);
  if (!entry || read.kind !== 'value') return undefined;
  return { value: read.value, range: entry.innerRange, key: entry.key, origin: 'literal' };
}

function credentialsOf(doc: EnvDoc, entries: readonly (DotenvEntry | undefined)[], nullWords = false): { range: TextRange } | undefined {
  for (const entry of entries) {
    if (entry && readText(entry, nullWords).kind !== 'unset') return { range: doc.span(entry) };
  }
  return undefined;
}

/** Symfony's and nodemailer's rule: 465 (993 for IMAP) is implicit TLS, other ports STARTTLS when offered. */
function byPort(port: Read<number>, implicitPort: number, key: string, range: TextRange): ModeResult {
  if (port.kind !== 'value') return modeByDefault('auto', key, range);
  return modeByDefault(port.value === implicitPort ? 'implicit' : 'starttls', key, range);
}

interface Assembly {
  readonly library: string;
  readonly protocol?: Protocol;
  readonly entries: readonly DotenvEntry[];
  readonly host?: Setting<string>;
  readonly port?: Setting<number>;
  readonly mode: ModeResult;
  readonly tlsFlags: readonly TlsFlag[];
  readonly starttlsEnforced: boolean;
  readonly credentials?: { readonly range: TextRange };
  readonly certificateVerificationOff?: { readonly key: string; readonly range: TextRange };
  readonly note: string;
  readonly certainty: 'certain' | 'inferred';
  readonly rewrite: EndpointRewriter;
}

function assemble(parts: Assembly): MailEndpoint {
  const sorted = [...parts.entries].sort((a, b) => a.lineRange.start - b.lineRange.start);
  const first = sorted[0]!;
  const end = Math.max(...sorted.map((entry) => entry.lineRange.end));
  return {
    library: parts.library,
    format: 'dotenv',
    protocol: parts.protocol ?? 'smtp',
    range: { start: first.lineRange.start, end },
    anchor: first.keyRange,
    ...(parts.host ? { host: parts.host } : {}),
    ...(parts.port ? { port: parts.port } : {}),
    mode: parts.mode.mode,
    modeExplicit: parts.mode.explicit,
    tlsFlags: parts.tlsFlags,
    starttlsEnforced: parts.starttlsEnforced,
    ...(parts.credentials ? { credentials: parts.credentials } : {}),
    ...(parts.certificateVerificationOff ? { certificateVerificationOff: parts.certificateVerificationOff } : {}),
    reading: { note: parts.note, certainty: parts.certainty },
    rewrite: parts.rewrite,
  };
}

function groupEntries(group: Group, extra: readonly (DotenvEntry | undefined)[] = []): DotenvEntry[] {
  return [...group.fields.values(), ...extra.filter((entry): entry is DotenvEntry => entry !== undefined)];
}

/**
 * Rewrites keys of one group in the file's own words. `true`/`false` become booleans written in the
 * style of the key they replace (or of the group, for new lines); `null` removes the line.
 * Missing keys are added after the port line (else the host line, else the group's last line).
 */
class GroupWriter {
  private readonly replacements: TextEdit[] = [];
  private readonly newLines: string[] = [];

  constructor(
    private readonly group: Group,
    private readonly booleanStyle: string | undefined,
    private readonly exactBooleans = false,
  ) {}

  set(suffix: string, value: string | boolean | null, options: { insert?: boolean; onlyIf?: (entry: DotenvEntry) => boolean } = {}): this {
    const entry = this.group.fields.get(suffix);
    if (entry) {
      if (options.onlyIf && !options.onlyIf(entry)) return this;
      if (value === null) this.replacements.push(this.group.doc.removeLine(entry));
      else this.replacements.push(this.group.doc.setValue(entry, this.format(value, entry.value)));
    } else if (value !== null && options.insert !== false) {
      this.newLines.push(`${keyOf(this.group, suffix)}=${this.format(value, this.booleanStyle)}`);
    }
    return this;
  }

  edits(): TextEdit[] {
    const edits = [...this.replacements];
    if (this.newLines.length > 0) {
      const after = field(this.group, 'PORT') ?? field(this.group, 'HOST', 'SERVER', 'ADDRESS') ?? [...this.group.fields.values()].sort((a, b) => b.lineRange.end - a.lineRange.end)[0];
      if (after) edits.push(this.group.doc.insertAfter(after, this.newLines));
    }
    return edits;
  }

  private format(value: string | boolean, example: string | undefined): string {
    if (typeof value === 'string') return value;
    return this.exactBooleans ? String(value) : booleanLike(value, example);
  }
}

function styleOf(group: Group, fallback: string): string {
  for (const entry of group.fields.values()) {
    const read = readBool(entry);
    if (read.kind === 'value' && !/^\d$/.test(entry.value.trim())) return entry.value.trim();
  }
  return fallback;
}

function setPortEdits(group: Group, port: number): TextEdit[] | undefined {
  const entry = field(group, 'PORT');
  if (entry) return [group.doc.setValue(entry, String(port))];
  const anchor = field(group, 'HOST', 'SERVER', 'ADDRESS');
  if (!anchor) return undefined;
  return [group.doc.insertAfter(anchor, [`${keyOf(group, 'PORT')}=${port}`])];
}

// ---------------------------------------------------------------------------------------------
// nodemailer-style keys (SMTP_SECURE …) and ImapFlow-style IMAP_* keys

function nodemailerEndpoint(group: Group, protocol: 'smtp' | 'imap', reading?: { note: string; certainty: 'certain' | 'inferred' }): MailEndpoint | undefined {
  const { doc, prefix } = group;
  const hostEntry = field(group, 'HOST', 'SERVER');
  const portEntry = field(group, 'PORT');
  if (!hostEntry && !portEntry) return undefined;
  const secureEntry = protocol === 'imap' ? field(group, 'SECURE', 'TLS') : field(group, 'SECURE');
  const ignoreEntry = protocol === 'smtp' ? field(group, 'IGNORE_TLS') : undefined;
  const requireEntry = protocol === 'smtp' ? field(group, 'REQUIRE_TLS') : undefined;
  const rejectEntry = field(group, 'REJECT_UNAUTHORIZED', 'TLS_REJECT_UNAUTHORIZED');
  // Node's own switch turns certificate checks off for every TLS connection of the process.
  const nodeReject = doc.byKey.get('NODE_TLS_REJECT_UNAUTHORIZED');
  const port = readPort(portEntry);
  const secure = readBool(secureEntry);
  const ignore = readBool(ignoreEntry);
  const require = readBool(requireEntry);
  const implicitPort = protocol === 'imap' ? 993 : 465;
  const secureKey = secureEntry?.key ?? keyOf(group, 'SECURE');
  // The suffix the entry is filed under (`SECURE`, `TLS`), not cut from its key: Ghost's keys are spelled differently.
  const secureSuffix = (secureEntry && [...group.fields].find(([, entry]) => entry === secureEntry)?.[0]) ?? 'SECURE';
  const defaultRange = portEntry?.innerRange ?? (hostEntry ?? portEntry)!.keyRange;

  const flags: TlsFlag[] = [];
  let mode: ModeResult;
  if (secureEntry && secure.kind === 'value') {
    mode = modeFrom(secureEntry, secure.value ? 'implicit' : 'starttls');
    flags.push(flagOf(doc, secureEntry, secure.value ? 'implicit' : 'starttls'));
  } else if (secureEntry && secure.kind === 'env') {
    mode = modeFromEnv(secureEntry, secure.name);
  } else {
    // `secure` unset: nodemailer and ImapFlow choose implicit TLS for 465/993 themselves.
    mode = byPort(port, implicitPort, secureKey, defaultRange);
  }
  if (ignoreEntry && isTrue(ignore)) {
    flags.push(flagOf(doc, ignoreEntry, 'no-tls'));
    if (mode.mode.value !== 'implicit') mode = modeFrom(ignoreEntry, 'none');
  }
  if (requireEntry && isTrue(require)) flags.push(flagOf(doc, requireEntry, 'starttls-required'));

  let certificateVerificationOff: Assembly['certificateVerificationOff'];
  if (rejectEntry && isFalse(readBool(rejectEntry))) certificateVerificationOff = { key: rejectEntry.key, range: doc.span(rejectEntry) };
  else if (nodeReject && nodeReject.value.trim() === '0') certificateVerificationOff = { key: nodeReject.key, range: doc.span(nodeReject) };

  const style = styleOf(group, 'true');
  const writer = (): GroupWriter => new GroupWriter(group, style);
  const rewrite: EndpointRewriter = {
    setTlsMode(target: TlsMode, options) {
      const edits = writer();
      if (target === 'implicit') edits.set(secureSuffix, true).set('IGNORE_TLS', null, { onlyIf: (entry) => isTrue(readBool(entry)) });
      if (target === 'starttls') {
        edits.set(secureSuffix, false).set('IGNORE_TLS', null, { onlyIf: (entry) => isTrue(readBool(entry)) });
        if (options?.enforce && protocol === 'smtp') edits.set('REQUIRE_TLS', true);
      }
      if (target === 'none') {
        if (protocol === 'imap') return undefined;
        edits.set(secureSuffix, false).set('IGNORE_TLS', true).set('REQUIRE_TLS', null, { onlyIf: (entry) => isTrue(readBool(entry)) });
      }
      return edits.edits();
    },
    setPort: (value) => setPortEdits(group, value),
    ...(protocol === 'smtp'
      ? { enforceStartTls: () => writer().set('REQUIRE_TLS', true).set('IGNORE_TLS', null, { onlyIf: (entry) => isTrue(readBool(entry)) }).edits() }
      : {}),
    enableCertificateVerification() {
      if (rejectEntry && isFalse(readBool(rejectEntry))) return [doc.setValue(rejectEntry, booleanLike(true, rejectEntry.value))];
      if (nodeReject && nodeReject.value.trim() === '0') return [doc.removeLine(nodeReject)];
      return undefined;
    },
  };

  const secureWord = keyOf(group, 'SECURE');
  const note =
    protocol === 'imap'
      ? `Read as ImapFlow options: ${secureKey}=true is implicit TLS, false is STARTTLS when offered; without it port 993 gets implicit TLS. Assumes the app parses these strings as booleans.`
      : `Read as nodemailer options: ${secureWord}=true is implicit TLS (\`secure: true\`), false is STARTTLS when offered; without ${secureWord}, port 465 gets implicit TLS. Assumes the app passes these keys to nodemailer as real booleans.`;

  return assemble({
    library: protocol === 'imap' ? 'imapflow' : 'nodemailer',
    protocol,
    entries: groupEntries(group),
    host: hostOf(hostEntry),
    port: portOf(portEntry),
    mode,
    tlsFlags: flags,
    starttlsEnforced: protocol === 'smtp' && isTrue(require) && mode.mode.value === 'starttls',
    credentials: credentialsOf(doc, [field(group, 'USER', 'USERNAME'), field(group, 'PASS', 'PASSWORD')]),
    certificateVerificationOff,
    note: reading?.note ?? note,
    certainty: reading?.certainty ?? 'inferred',
    rewrite,
  });
}

// ---------------------------------------------------------------------------------------------
// Ghost in Docker: `mail__options__port=465` and friends are nconf's spelling of config.json's
// `mail.options.*`, read with parseValues (so `true` is a boolean) and handed to nodemailer.

const GHOST_KEYS: readonly (readonly [suffix: string, path: string])[] = [
  ['HOST', 'host'],
  ['PORT', 'port'],
  ['SECURE', 'secure'],
  ['IGNORE_TLS', 'ignoreTLS'],
  ['REQUIRE_TLS', 'requireTLS'],
  ['REJECT_UNAUTHORIZED', 'tls__rejectUnauthorized'],
  ['USER', 'auth__user'],
  ['PASS', 'auth__pass'],
];

function ghostEndpoint(doc: EnvDoc): MailEndpoint | undefined {
  const lower = new Map<string, DotenvEntry>();
  for (const entry of doc.latest) lower.set(entry.key.toLowerCase(), entry);
  const transport = lower.get('mail__transport');
  const transportWord = transport ? readText(transport) : undefined;
  if (transportWord?.kind === 'value' && transportWord.value.toLowerCase() !== 'smtp') return undefined;
  const prefix = 'mail__options__';
  const fields = new Map<string, DotenvEntry>();
  for (const [suffix, path] of GHOST_KEYS) {
    const entry = lower.get(prefix + path.toLowerCase());
    if (entry) fields.set(suffix, entry);
  }
  if (!fields.has('HOST') && !fields.has('PORT')) return undefined;
  const spelling = new Map(GHOST_KEYS);
  const group: Group = { doc, prefix, stem: 'SMTP', fields, spell: (suffix) => prefix + (spelling.get(suffix) ?? suffix.toLowerCase()) };
  return nodemailerEndpoint(group, 'smtp', {
    note: `Read as Ghost's mail settings (nconf: mail__options__* is config.json's mail.options, handed to nodemailer): secure=true is implicit TLS, false is STARTTLS when offered; without it, port 465 gets implicit TLS.`,
    certainty: transportWord?.kind === 'value' ? 'certain' : 'inferred',
  });
}

// ---------------------------------------------------------------------------------------------
// Vaultwarden (SMTP_SECURITY=starttls|force_tls|off, lettre underneath): force_tls is implicit TLS
// (Tls::Wrapper), starttls is STARTTLS and fails without it (Tls::Required), off never encrypts.
// Other words (`tls`, which means STARTTLS in some apps and implicit TLS in others) stay unknown.

const SECURITY_WORDS: Readonly<Record<string, TlsMode>> = { starttls: 'starttls', force_tls: 'implicit', ssl: 'implicit', off: 'none', none: 'none' };

function securityEndpoint(group: Group): MailEndpoint | undefined {
  const { doc } = group;
  const hostEntry = field(group, 'HOST', 'SERVER');
  const portEntry = field(group, 'PORT');
  const securityEntry = field(group, 'SECURITY')!;
  if (!hostEntry && !portEntry) return undefined;
  const read = readText(securityEntry);
  const word = read.kind === 'value' ? read.value.toLowerCase() : undefined;
  const value = word !== undefined ? SECURITY_WORDS[word] : undefined;
  const flags: TlsFlag[] = [];
  let mode: ModeResult;
  if (read.kind === 'env') mode = modeFromEnv(securityEntry, read.name);
  else if (read.kind === 'unset') mode = modeByDefault('starttls', securityEntry.key, (portEntry ?? hostEntry)!.keyRange);
  else if (value) {
    mode = modeFrom(securityEntry, value);
    flags.push(flagOf(doc, securityEntry, value === 'implicit' ? 'implicit' : value === 'starttls' ? 'starttls-required' : 'no-tls'));
  } else mode = modeFrom(securityEntry, 'unknown');
  const rewrite: EndpointRewriter = {
    setTlsMode: (target: TlsMode) => [doc.setValue(securityEntry, target === 'implicit' ? 'force_tls' : target === 'starttls' ? 'starttls' : 'off')],
    setPort: (port) => setPortEdits(group, port),
    enforceStartTls: () => [doc.setValue(securityEntry, 'starttls')],
  };
  return assemble({
    library: 'vaultwarden',
    entries: groupEntries(group),
    host: hostOf(hostEntry),
    port: portOf(portEntry),
    mode,
    tlsFlags: flags,
    starttlsEnforced: mode.mode.value === 'starttls',
    credentials: credentialsOf(doc, [field(group, 'USERNAME', 'USER'), field(group, 'PASSWORD', 'PASS')]),
    note: `Read as Vaultwarden's ${securityEntry.key}: force_tls is implicit TLS (port 465), starttls is STARTTLS and fails without it (port 587), off sends in plaintext.`,
    certainty: 'inferred',
    rewrite,
  });
}

// ---------------------------------------------------------------------------------------------
// Django (and Django underneath: Sentry, authentik, paperless-ngx …) and Flask-Mail

function djangoEndpoint(group: Group): MailEndpoint | undefined {
  return pythonFlagsEndpoint(group, {
    library: 'django',
    userKeys: ['HOST_USER', 'USERNAME', 'USER'],
    passwordKeys: ['HOST_PASSWORD', 'PASSWORD'],
    // Django refuses to start: "EMAIL_USE_TLS/EMAIL_USE_SSL are mutually exclusive".
    bothMode: 'unknown',
    note: (tls, ssl) =>
      `Read as Django settings: ${tls}=True is STARTTLS (smtplib starttls(), which fails if the server does not offer it), ${ssl}=True is implicit TLS; both True raises ValueError. Assumes settings.py parses them as booleans (env.bool).`,
  });
}

function flaskEndpoint(group: Group): MailEndpoint | undefined {
  return pythonFlagsEndpoint(group, {
    library: 'flask-mail',
    userKeys: ['USERNAME', 'USER'],
    passwordKeys: ['PASSWORD'],
    // Flask-Mail opens SMTP_SSL and then sends STARTTLS inside it, which the server rejects.
    bothMode: 'implicit',
    note: (tls, ssl) =>
      `Read as Flask-Mail settings: ${tls}=True is STARTTLS (required), ${ssl}=True is implicit TLS. Flask-Mail uses config values as they are, so the app must turn these strings into booleans ('False' is truthy).`,
  });
}

interface PythonProfile {
  readonly library: string;
  readonly userKeys: readonly string[];
  readonly passwordKeys: readonly string[];
  readonly bothMode: TlsModeSetting;
  readonly note: (tlsKey: string, sslKey: string) => string;
}

interface Switch {
  readonly entry: DotenvEntry | undefined;
  readonly read: Read<boolean>;
}

/**
 * The Python pair of switches (Django's USE_TLS/USE_SSL, fastapi-mail's STARTTLS/SSL_TLS): the
 * flags they set and the mode they choose. A STARTTLS switch set to false means never upgrade
 * (smtplib and aiosmtplib do not upgrade by themselves), not "when offered". No mode when
 * neither switch decides; the caller knows its framework's default.
 */
function starttlsAndImplicitSwitches(doc: EnvDoc, starttls: Switch, implicit: Switch, bothMode: TlsModeSetting): { flags: TlsFlag[]; mode: ModeResult | undefined } {
  const flags: TlsFlag[] = [];
  const startOn = starttls.entry !== undefined && isTrue(starttls.read);
  const implicitOn = implicit.entry !== undefined && isTrue(implicit.read);
  if (starttls.entry && startOn) flags.push(flagOf(doc, starttls.entry, 'starttls'));
  if (implicit.entry && implicitOn) flags.push(flagOf(doc, implicit.entry, 'implicit'));
  let mode: ModeResult | undefined;
  if (implicit.entry && startOn && implicitOn) mode = modeFrom(implicit.entry, bothMode);
  else if (implicit.entry && implicitOn) mode = modeFrom(implicit.entry, 'implicit');
  else if (starttls.entry && startOn) mode = modeFrom(starttls.entry, 'starttls');
  else if (starttls.entry && starttls.read.kind === 'env') mode = modeFromEnv(starttls.entry, starttls.read.name);
  else if (implicit.entry && implicit.read.kind === 'env') mode = modeFromEnv(implicit.entry, implicit.read.name);
  else if (starttls.entry && isFalse(starttls.read)) {
    flags.push(flagOf(doc, starttls.entry, 'no-tls'));
    mode = modeFrom(starttls.entry, 'none');
  }
  return { flags, mode };
}

function pythonFlagsEndpoint(group: Group, profile: PythonProfile): MailEndpoint | undefined {
  const { doc, prefix } = group;
  const hostEntry = field(group, 'HOST', 'SERVER');
  const portEntry = field(group, 'PORT');
  if (!hostEntry && !portEntry) return undefined;
  const tlsEntry = field(group, 'USE_TLS');
  const sslEntry = field(group, 'USE_SSL');
  const tls = readBool(tlsEntry);
  const ssl = readBool(sslEntry);
  const tlsKey = tlsEntry?.key ?? `${prefix}USE_TLS`;
  const sslKey = sslEntry?.key ?? `${prefix}USE_SSL`;
  const { flags, mode: decided } = starttlsAndImplicitSwitches(doc, { entry: tlsEntry, read: tls }, { entry: sslEntry, read: ssl }, profile.bothMode);
  let mode: ModeResult;
  if (decided) mode = decided;
  else if (sslEntry && isFalse(ssl)) mode = modeFrom(sslEntry, 'none');
  // Neither key: settings.py decides the default, which this file does not show.
  else mode = modeByDefault('unknown', tlsKey, (portEntry ?? hostEntry)!.keyRange);

  const style = styleOf(group, 'True');
  const rewrite: EndpointRewriter = {
    setTlsMode(target: TlsMode) {
      const edits = new GroupWriter(group, style);
      if (target === 'implicit') edits.set('USE_SSL', true).set('USE_TLS', false, { insert: false });
      if (target === 'starttls') edits.set('USE_TLS', true).set('USE_SSL', false, { insert: false });
      if (target === 'none') edits.set('USE_TLS', false).set('USE_SSL', false, { insert: false });
      return edits.edits();
    },
    setPort: (value) => setPortEdits(group, value),
    // USE_TLS already fails when STARTTLS is not offered.
    enforceStartTls: () => new GroupWriter(group, style).set('USE_TLS', true).set('USE_SSL', false, { insert: false }).edits(),
  };

  return assemble({
    library: profile.library,
    entries: groupEntries(group),
    host: hostOf(hostEntry),
    port: portOf(portEntry),
    mode,
    tlsFlags: flags,
    starttlsEnforced: mode.mode.value === 'starttls',
    credentials: credentialsOf(doc, [field(group, ...profile.userKeys), field(group, ...profile.passwordKeys)]),
    note: profile.note(tlsKey, sslKey),
    certainty: 'certain',
    rewrite,
  });
}

// ---------------------------------------------------------------------------------------------
// fastapi-mail (aiosmtplib underneath)

function fastapiEndpoint(group: Group): MailEndpoint | undefined {
  const { doc, prefix } = group;
  const hostEntry = field(group, 'SERVER', 'HOST');
  const portEntry = field(group, 'PORT');
  if (!hostEntry && !portEntry) return undefined;
  const legacy = !has(group, 'STARTTLS', 'SSL_TLS');
  const startSuffix = legacy ? 'TLS' : 'STARTTLS';
  // `X_STARTTLS` next to `X_SSL` (no `X_SSL_TLS`) is the smtplib pair of Superset, Airflow and many
  // Python apps: SSL is implicit TLS there too, and must not be read as absent.
  const sslSuffix = has(group, 'SSL_TLS') ? 'SSL_TLS' : legacy || has(group, 'SSL') ? 'SSL' : 'SSL_TLS';
  const smtplibPair = !legacy && sslSuffix === 'SSL';
  const startEntry = field(group, startSuffix);
  const sslEntry = field(group, sslSuffix);
  const start = readBool(startEntry);
  const ssl = readBool(sslEntry);
  // ConnectionConfig reads VALIDATE_CERTS without the MAIL_ prefix.
  const validateEntry = field(group, 'VALIDATE_CERTS') ?? doc.byKey.get('VALIDATE_CERTS');

  const { flags, mode: decided } = starttlsAndImplicitSwitches(doc, { entry: startEntry, read: start }, { entry: sslEntry, read: ssl }, 'unknown');
  const mode = decided ?? modeByDefault('unknown', `${prefix}${startSuffix}`, (portEntry ?? hostEntry)!.keyRange);

  const style = styleOf(group, 'True');
  const writer = (): GroupWriter => new GroupWriter(group, style);
  const rewrite: EndpointRewriter = {
    // Both fields are required by ConnectionConfig, so both are written.
    setTlsMode(target: TlsMode) {
      if (target === 'implicit') return writer().set(sslSuffix, true).set(startSuffix, false).edits();
      if (target === 'starttls') return writer().set(startSuffix, true).set(sslSuffix, false).edits();
      return writer().set(startSuffix, false).set(sslSuffix, false).edits();
    },
    setPort: (value) => setPortEdits(group, value),
    enforceStartTls: () => writer().set(startSuffix, true).set(sslSuffix, false).edits(),
    enableCertificateVerification: () => (validateEntry && isFalse(readBool(validateEntry)) ? [doc.setValue(validateEntry, booleanLike(true, validateEntry.value))] : undefined),
  };

  const names = `${prefix}${startSuffix}/${prefix}${sslSuffix}`;
  const note = smtplibPair
    ? `Read as smtplib-style settings (${names}, as Superset and Airflow use them): STARTTLS=True calls starttls() and fails without it, False never upgrades; SSL=True is implicit TLS (SMTP_SSL).`
    : legacy
      ? `Read as fastapi-mail < 1.2 (${names}): TLS is STARTTLS (required), SSL is implicit TLS; both True raises ValueError. fastapi-mail 1.2 renamed them to MAIL_STARTTLS/MAIL_SSL_TLS and ignores these names.`
      : `Read as fastapi-mail (${names}): STARTTLS=True is STARTTLS (required), False never upgrades; SSL_TLS=True is implicit TLS; both True raises ValueError.`;

  return assemble({
    library: smtplibPair ? 'smtplib' : 'fastapi-mail',
    entries: groupEntries(group, [validateEntry]),
    host: hostOf(hostEntry),
    port: portOf(portEntry),
    mode,
    tlsFlags: flags,
    starttlsEnforced: mode.mode.value === 'starttls',
    credentials: credentialsOf(doc, [field(group, 'USERNAME', 'USER'), field(group, 'PASSWORD')]),
    certificateVerificationOff: validateEntry && isFalse(readBool(validateEntry)) ? { key: validateEntry.key, range: doc.span(validateEntry) } : undefined,
    note,
    certainty: legacy || smtplibPair ? 'inferred' : 'certain',
    rewrite,
  });
}

// ---------------------------------------------------------------------------------------------
// Laravel. What MAIL_ENCRYPTION means depends on the framework version (MailManager::createSmtpTransport):
//   ≤ 8 (SwiftMailer): ssl = implicit TLS, tls = STARTTLS (required), empty = plaintext, no STARTTLS;
//   9.0.x: tls = smtps on every port;  9.1–11.34: tls + 465 = smtps, otherwise Symfony's port rule;
//   11.35.0: tls = smtps on every port (laravel/framework#53861);
//   ≥ 11.35.1: MAIL_SCHEME or the port rule; MAIL_ENCRYPTION is not read.
// Symfony's port rule: 465 is implicit TLS, any other port plaintext upgraded by STARTTLS when offered.

type GuessedLaravelEra = 'scheme' | 'swift' | 'legacy-inferred' | 'port-rule-inferred';

function laravelEndpoint(group: Group, version?: string): MailEndpoint | undefined {
  const { doc, prefix } = group;
  const mailerEntry = field(group, 'MAILER', 'DRIVER');
  const mailer = readText(mailerEntry, true);
  // log, array, ses, postmark, … do not use the SMTP keys at all.
  if (mailer.kind === 'value' && mailer.value.toLowerCase() !== 'smtp') return undefined;
  const hostEntry = field(group, 'HOST');
  const portEntry = field(group, 'PORT');
  if (!hostEntry && !portEntry) return undefined;
  const schemeEntry = field(group, 'SCHEME');
  const encEntry = field(group, 'ENCRYPTION');
  const scheme = readText(schemeEntry, true);
  const enc = readText(encEntry, true);
  const encWord = enc.kind === 'value' ? enc.value.toLowerCase() : undefined;
  const port = readPort(portEntry, true);
  const defaultRange = portEntry?.innerRange ?? hostEntry!.keyRange;
  if (version !== undefined) {
    const locked = lockedLaravelEndpoint(group, version, mailerEntry);
    if (locked) return locked;
  }

  const era: GuessedLaravelEra = schemeEntry
    ? 'scheme'
    : group.fields.has('DRIVER')
      ? 'swift'
      : encWord === 'ssl' || encWord === 'tls'
        ? 'legacy-inferred'
        : 'port-rule-inferred';

  const flags: TlsFlag[] = [];
  let mode: ModeResult;
  let enforced = false;
  if (era === 'scheme' || era === 'port-rule-inferred') {
    const schemeWord = scheme.kind === 'value' ? scheme.value.toLowerCase() : undefined;
    if (schemeEntry && schemeWord === 'smtps') {
      mode = modeFrom(schemeEntry, 'implicit');
      flags.push(flagOf(doc, schemeEntry, 'implicit'));
      // A leftover MAIL_ENCRYPTION=tls contradicts the scheme; Laravel ignores it, the reader may not.
      if (encEntry && encWord === 'tls') flags.push(flagOf(doc, encEntry, 'starttls'));
    } else if (schemeEntry && scheme.kind === 'env') mode = modeFromEnv(schemeEntry, scheme.name);
    else if (schemeEntry && schemeWord !== undefined && schemeWord !== 'smtp') mode = modeFrom(schemeEntry, 'unknown');
    else mode = byPort(port, 465, schemeEntry?.key ?? `${prefix}SCHEME`, defaultRange);
  } else if (encEntry && encWord === 'ssl') {
    mode = modeFrom(encEntry, 'implicit');
    flags.push(flagOf(doc, encEntry, 'implicit'));
  } else if (encEntry && encWord === 'tls') {
    mode = modeFrom(encEntry, 'starttls');
    flags.push(flagOf(doc, encEntry, 'starttls-required'));
    enforced = true;
  } else if (encEntry && enc.kind === 'env') mode = modeFromEnv(encEntry, enc.name);
  else if (encEntry && enc.kind === 'value') mode = modeFrom(encEntry, 'unknown');
  else mode = modeByDefault('none', encEntry?.key ?? `${prefix}ENCRYPTION`, encEntry?.innerRange ?? defaultRange);

  const usesEncryption = era === 'swift' || era === 'legacy-inferred';
  const rewrite: EndpointRewriter = {
    setTlsMode(target: TlsMode) {
      const edits = new GroupWriter(group, undefined);
      if (usesEncryption) {
        edits.set('ENCRYPTION', target === 'implicit' ? 'ssl' : target === 'starttls' ? 'tls' : 'null');
        return edits.edits();
      }
      // Symfony reads no "plaintext" wish from Laravel's skeleton config.
      if (target === 'none') return undefined;
      edits.set('SCHEME', target === 'implicit' ? 'smtps' : 'smtp');
      return edits.edits();
    },
    setPort: (value) => setPortEdits(group, value),
    ...(usesEncryption ? { enforceStartTls: () => new GroupWriter(group, undefined).set('ENCRYPTION', 'tls').edits() } : {}),
  };

  const encNote = encEntry ? ` ${encEntry.key}=${encEntry.value} is not read by these versions.` : '';
  const notes: Record<GuessedLaravelEra, string> = {
    scheme: `Read as Laravel ≥ 11.35 (MAIL_SCHEME present): smtps is implicit TLS; smtp or no scheme lets Symfony decide from the port — implicit TLS on 465, otherwise STARTTLS when the server offers it.${encNote}`,
    swift: `Read as Laravel ≤ 8 with SwiftMailer (MAIL_DRIVER is the ≤ 6 key): MAIL_ENCRYPTION=ssl is implicit TLS, tls is STARTTLS and fails without it, empty sends in plaintext with no STARTTLS. On Laravel 9+ with this old config the port decides instead.`,
    'legacy-inferred': `Read as Laravel 7–8 (SwiftMailer): MAIL_ENCRYPTION=${encWord ?? ''} is ${encWord === 'ssl' ? 'implicit TLS' : 'STARTTLS'}. Laravel 9.1–11.34 and ≥ 11.35.1 choose TLS from the port (465 implicit, otherwise STARTTLS when offered), so this pairing matters only on older versions — and on 9.0.x and 11.35.0, which treat tls as implicit TLS on every port. Newer apps set MAIL_SCHEME instead.`,
    'port-rule-inferred': `Read as Laravel ≥ 9: no MAIL_SCHEME or MAIL_ENCRYPTION, so Symfony decides from the port — implicit TLS on 465, otherwise STARTTLS when offered. (Laravel 7–8 would send in plaintext.)`,
  };
  const mailerNote = mailerEntry ? '' : ' MAIL_MAILER is not set here; assuming smtp.';

  return assemble({
    library: 'laravel',
    entries: groupEntries(group),
    host: hostOf(hostEntry, true),
    port: portOf(portEntry, true),
    mode,
    tlsFlags: flags,
    starttlsEnforced: enforced,
    credentials: credentialsOf(doc, [field(group, 'USERNAME'), field(group, 'PASSWORD')], true),
    note: `${notes[era]}${mailerNote} No composer.lock naming laravel/framework was found, so the version is a guess from the keys.`,
    certainty: era === 'scheme' || era === 'swift' ? 'certain' : 'inferred',
    rewrite,
  });
}

/** The reading when composer.lock names the laravel/framework version: no guessing from the keys. */
function lockedLaravelEndpoint(group: Group, version: string, mailerEntry: DotenvEntry | undefined): MailEndpoint | undefined {
  const era = laravelEraOf(version);
  if (!era) return undefined;
  const { doc, prefix } = group;
  const hostEntry = field(group, 'HOST');
  const portEntry = field(group, 'PORT');
  const schemeEntry = field(group, 'SCHEME');
  const encEntry = field(group, 'ENCRYPTION');
  const scheme = readText(schemeEntry, true);
  const enc = readText(encEntry, true);
  const port = readPort(portEntry, true);
  const word = (read: Read<string>): string | undefined => (read.kind === 'value' ? read.value.toLowerCase() : read.kind === 'env' ? 'env' : undefined);
  const decision = laravelDecision(era, { scheme: word(scheme), encryption: word(enc), port: port.kind === 'value' ? port.value : undefined });
  const defaultRange = portEntry?.innerRange ?? (hostEntry ?? portEntry)!.keyRange;

  const flags: TlsFlag[] = [];
  let mode: ModeResult;
  const decider = decision.decidedBy === 'scheme' ? schemeEntry : decision.decidedBy === 'encryption' ? encEntry : undefined;
  const deciderRead = decision.decidedBy === 'scheme' ? scheme : enc;
  if (decider && deciderRead.kind === 'env') mode = modeFromEnv(decider, deciderRead.name);
  else if (decider && deciderRead.kind === 'value') {
    mode = modeFrom(decider, decision.mode);
    if (decision.mode === 'implicit') flags.push(flagOf(doc, decider, 'implicit'));
    if (decision.mode === 'starttls') flags.push(flagOf(doc, decider, decision.enforced ? 'starttls-required' : 'starttls'));
  } else {
    const key = decision.decidedBy === 'encryption' ? (encEntry?.key ?? `${prefix}ENCRYPTION`) : (schemeEntry?.key ?? `${prefix}SCHEME`);
    mode = modeByDefault(decision.mode, key, decision.decidedBy === 'encryption' ? (encEntry?.innerRange ?? defaultRange) : defaultRange);
  }

  const swift = era === 'swift';
  // 9.0.x and 11.35.0 turn `tls` into implicit TLS on every port; removing it restores the port rule.
  const tlsMeansImplicit = (era === '9.0' || era === '11.35.0') && decision.decidedBy === 'encryption';
  const rewrite: EndpointRewriter = {
    setTlsMode(target: TlsMode) {
      const edits = new GroupWriter(group, undefined);
      if (swift) return edits.set('ENCRYPTION', target === 'implicit' ? 'ssl' : target === 'starttls' ? 'tls' : 'null').edits();
      // Symfony reads no "plaintext" wish from Laravel's skeleton config.
      if (target === 'none') return undefined;
      if (tlsMeansImplicit && target === 'starttls') edits.set('ENCRYPTION', null);
      edits.set('SCHEME', target === 'implicit' ? 'smtps' : 'smtp');
      return edits.edits();
    },
    setPort: (value) => setPortEdits(group, value),
    ...(swift ? { enforceStartTls: () => new GroupWriter(group, undefined).set('ENCRYPTION', 'tls').edits() } : {}),
  };

  const encNote = encEntry && !swift && decision.decidedBy !== 'encryption' && enc.kind === 'value' ? ` ${encEntry.key}=${encEntry.value.trim()} has no effect here.` : '';
  const mailerNote = mailerEntry ? '' : ` ${prefix}MAILER is not set here; assuming smtp.`;
  return assemble({
    library: 'laravel',
    entries: groupEntries(group),
    host: hostOf(hostEntry, true),
    port: portOf(portEntry, true),
    mode,
    tlsFlags: flags,
    starttlsEnforced: decision.enforced && mode.mode.value === 'starttls',
    credentials: credentialsOf(doc, [field(group, 'USERNAME'), field(group, 'PASSWORD')], true),
    note: laravelEraNote(era, version) + encNote + mailerNote,
    certainty: 'certain',
    rewrite,
  });
}

// ---------------------------------------------------------------------------------------------
// Mastodon (config/email.yml → Ruby mail gem). SMTP_TLS/SMTP_SSL are implicit TLS, and only the
// exact string `true` switches them on (`ENV.fetch('SMTP_TLS', false) == 'true'`).

function mastodonEndpoint(group: Group): MailEndpoint | undefined {
  const { doc, prefix } = group;
  const hostEntry = field(group, 'SERVER', 'ADDRESS', 'HOST');
  const portEntry = field(group, 'PORT');
  if (!hostEntry && !portEntry) return undefined;
  const tlsEntry = field(group, 'TLS');
  const sslEntry = field(group, 'SSL');
  const startEntry = field(group, 'ENABLE_STARTTLS');
  const autoEntry = field(group, 'ENABLE_STARTTLS_AUTO');
  const verifyEntry = field(group, 'OPENSSL_VERIFY_MODE');
  const isMastodon = has(group, 'SERVER');
  const exactTrue = (entry: DotenvEntry | undefined): boolean => entry !== undefined && !entry.interpolated && entry.value.trim() === 'true';
  const implicitEntries = [tlsEntry, sslEntry].filter((entry): entry is DotenvEntry => exactTrue(entry));
  const ignoredTruthy = [tlsEntry, sslEntry].filter((entry): entry is DotenvEntry => entry !== undefined && !exactTrue(entry) && isTrue(readBool(entry)));
  const startWord = readText(startEntry).kind === 'value' ? startEntry!.value.trim().toLowerCase() : undefined;
  const autoRead = readText(autoEntry);

  const flags: TlsFlag[] = implicitEntries.map((entry) => flagOf(doc, entry, 'implicit'));
  let starttlsWish: 'always' | 'auto' | 'never' | undefined;
  let wishEntry: DotenvEntry | undefined;
  if (startEntry && (startWord === 'always' || startWord === 'auto' || startWord === 'never')) {
    starttlsWish = startWord;
    wishEntry = startEntry;
    flags.push(flagOf(doc, startEntry, startWord === 'always' ? 'starttls-required' : startWord === 'auto' ? 'starttls' : 'no-tls'));
  } else if (autoEntry && autoRead.kind === 'value') {
    // email.yml: `ENV.fetch('SMTP_ENABLE_STARTTLS_AUTO', true) != 'false'`.
    starttlsWish = autoEntry.value.trim() === 'false' ? 'never' : 'auto';
    wishEntry = autoEntry;
    flags.push(flagOf(doc, autoEntry, starttlsWish === 'never' ? 'no-tls' : 'starttls'));
  }

  let mode: ModeResult;
  const implicitEntry = implicitEntries[0];
  const tlsEnv = [tlsEntry, sslEntry].find((entry) => entry?.interpolated);
  if (implicitEntry && wishEntry && starttlsWish !== 'never') mode = modeFrom(implicitEntry, 'unknown');
  else if (implicitEntry) mode = modeFrom(implicitEntry, 'implicit');
  else if (tlsEnv) mode = modeFromEnv(tlsEnv, tlsEnv.references[0] ?? tlsEnv.key);
  else if (wishEntry && starttlsWish) mode = modeFrom(wishEntry, starttlsWish === 'never' ? 'none' : 'starttls');
  // The mail gem's default with neither key: STARTTLS when the server offers it.
  else mode = modeByDefault('starttls', `${prefix}ENABLE_STARTTLS`, (portEntry ?? hostEntry)!.keyRange);

  const verifyOff = verifyEntry && !verifyEntry.interpolated && verifyEntry.value.trim().toLowerCase() === 'none';
  // Booleans are written lower-case on purpose: Mastodon compares with the exact string.
  const writer = (): GroupWriter => new GroupWriter(group, 'true', true);
  const rewrite: EndpointRewriter = {
    setTlsMode(target: TlsMode, options) {
      const edits = writer();
      if (target === 'implicit') {
        edits.set(sslEntry && exactTrue(sslEntry) ? 'SSL' : 'TLS', true);
        edits.set('ENABLE_STARTTLS', 'never', { insert: false, onlyIf: (entry) => entry.value.trim().toLowerCase() !== 'never' });
        edits.set('ENABLE_STARTTLS_AUTO', false, { insert: false });
        return edits.edits();
      }
      edits.set('TLS', false, { insert: false, onlyIf: exactTrue }).set('SSL', false, { insert: false, onlyIf: exactTrue });
      if (target === 'none') return edits.set('ENABLE_STARTTLS', 'never').edits();
      if (options?.enforce) edits.set('ENABLE_STARTTLS', 'always');
      else {
        edits.set('ENABLE_STARTTLS', 'auto', { insert: false, onlyIf: (entry) => entry.value.trim().toLowerCase() === 'never' });
        if (!startEntry) edits.set('ENABLE_STARTTLS_AUTO', true, { insert: false, onlyIf: (entry) => entry.value.trim() === 'false' });
      }
      return edits.edits();
    },
    setPort: (value) => setPortEdits(group, value),
    enforceStartTls: () => writer().set('ENABLE_STARTTLS', 'always').set('TLS', false, { insert: false, onlyIf: exactTrue }).set('SSL', false, { insert: false, onlyIf: exactTrue }).edits(),
    enableCertificateVerification: () => (verifyEntry && verifyOff ? [doc.setValue(verifyEntry, 'peer')] : undefined),
  };

  let note = isMastodon
    ? `Read as Mastodon (config/email.yml, Ruby mail gem): ${prefix}TLS=true or ${prefix}SSL=true is implicit TLS — not STARTTLS as in Django; ${prefix}ENABLE_STARTTLS=always|auto|never controls STARTTLS; TLS together with STARTTLS raises ArgumentError in mail ≥ 2.9.`
    : `Read with Ruby mail gem semantics, as Mastodon and Rails apps use these keys: ${prefix}TLS=true is implicit TLS, not STARTTLS. Other apps may mean STARTTLS by ${prefix}TLS.`;
  if (ignoredTruthy.length > 0) note += ` ${ignoredTruthy.map((entry) => `${entry.key}=${entry.value.trim()}`).join(', ')} is ignored: only the exact value 'true' counts.`;

  return assemble({
    library: 'mastodon',
    entries: groupEntries(group),
    host: hostOf(hostEntry),
    port: portOf(portEntry),
    mode,
    tlsFlags: flags,
    starttlsEnforced: !implicitEntry && starttlsWish === 'always',
    credentials: credentialsOf(doc, [field(group, 'LOGIN', 'USER_NAME', 'USERNAME', 'USER'), field(group, 'PASSWORD')]),
    certificateVerificationOff: verifyEntry && verifyOff ? { key: verifyEntry.key, range: doc.span(verifyEntry) } : undefined,
    note,
    certainty: isMastodon ? 'certain' : 'inferred',
    rewrite,
  });
}

// ---------------------------------------------------------------------------------------------
// Connection URLs in one key

type UrlDialect = 'symfony' | 'swiftmailer' | 'django-environ' | 'nodemailer';

const URL_KEYS: readonly [string, UrlDialect][] = [
  ['MAILER_DSN', 'symfony'],
  ['MAILER_URL', 'swiftmailer'],
  ['EMAIL_URL', 'django-environ'],
  ['SMTP_CONNECTION_URL', 'nodemailer'],
  ['SMTP_URL', 'nodemailer'],
  ['EMAIL_SERVER', 'nodemailer'],
  ['MAIL_URL', 'nodemailer'],
];

function dialectOf(key: string): UrlDialect | undefined {
  for (const [name, dialect] of URL_KEYS) {
    if (key === name || key.endsWith(`_${name}`)) return dialect;
  }
  return undefined;
}

/** 'not-a-url' lets the key take part in the grouping (`EMAIL_SERVER=smtp.example.com` is a host). */
function urlEndpoint(doc: EnvDoc, entry: DotenvEntry): MailEndpoint | undefined | 'not-a-url' {
  const dialect = dialectOf(entry.key);
  if (!dialect) return 'not-a-url';
  const raw = doc.raw(entry.innerRange).trim();
  const offset = entry.innerRange.start + (doc.raw(entry.innerRange).length - doc.raw(entry.innerRange).trimStart().length);
  if (!/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(raw)) return dialect === 'nodemailer' && entry.key.endsWith('SERVER') ? 'not-a-url' : undefined;
  // The raw text (not the unescaped value) keeps every part's range exact in the document.
  const url = parseMailUrl(raw, offset);
  if (!url) return undefined;
  switch (dialect) {
    case 'symfony':
      return symfonyEndpoint(doc, entry, url);
    case 'swiftmailer':
      return swiftmailerEndpoint(doc, entry, url);
    case 'django-environ':
      return djangoEnvironEndpoint(doc, entry, url);
    case 'nodemailer':
      return nodemailerUrlEndpoint(doc, entry, url);
  }
}

interface UrlFacts {
  readonly host?: Setting<string>;
  readonly hostText?: string;
  /** A port is written but is not a number (`:${SMTP_PORT}`): unknown, not absent. */
  readonly portUnknown: boolean;
  readonly port?: Setting<number>;
  readonly credentials?: { readonly range: TextRange };
  readonly param: (name: string) => MailUrl['query'][number] | undefined;
}

function urlFacts(doc: EnvDoc, entry: DotenvEntry, url: MailUrl): UrlFacts {
  const hostText = url.host && !url.host.text.includes('${') && !url.host.text.includes('$') ? url.host.text : undefined;
  const portUnknown = !url.port && doc.text[url.portInsertAt] === ':';
  const lower = (name: string): string => name.toLowerCase();
  return {
    ...(hostText && url.host ? { host: { value: hostText, range: url.host.range, key: entry.key, origin: 'url' as const }, hostText } : {}),
    portUnknown,
    ...(url.port ? { port: { value: url.port.value, range: url.port.range, key: entry.key, origin: 'url' as const } } : {}),
    ...(url.user || url.passwordRange ? { credentials: { range: url.user?.range ?? url.passwordRange! } } : {}),
    param: (name) => [...url.query].reverse().find((pair) => lower(pair.key) === lower(name)),
  };
}

function urlModeSetting(entry: DotenvEntry, url: MailUrl, value: TlsModeSetting, origin: 'url' | 'default' = 'url'): Setting<TlsModeSetting> {
  return { value, range: url.scheme.range, key: entry.key, origin };
}

function schemeFlag(doc: EnvDoc, entry: DotenvEntry, url: MailUrl, intent: TlsIntent): TlsFlag {
  return { key: entry.key, valueText: `${doc.raw(url.scheme.range)}://`, intent, range: url.scheme.range };
}

function paramFlag(doc: EnvDoc, entry: DotenvEntry, url: MailUrl, pair: MailUrl['query'][number], intent: TlsIntent): TlsFlag {
  const removal = removeParam(doc, url, pair);
  return { key: pair.key, valueText: pair.text, intent, range: pair.range, ...(removal ? { removal } : {}) };
}


function removeParam(doc: EnvDoc, url: MailUrl, pair: MailUrl['query'][number]): TextEdit | undefined {
  return urlQueryEdit(doc.text, url, [[pair.key, null]]);
}

/** Adds the query edit; an insertion at the same point as another (`:587` then `?…`) joins it, in order. */
function withQuery(edits: TextEdit[], query: TextEdit | undefined): TextEdit[] {
  if (!query) return edits;
  const index = edits.findIndex((edit) => edit.range.start === edit.range.end && edit.range.start === query.range.start && query.range.start === query.range.end);
  if (index < 0) return [...edits, query];
  return edits.map((edit, position) => (position === index ? { range: edit.range, newText: edit.newText + query.newText } : edit));
}

function setPortInUrl(url: MailUrl, port: number): TextEdit[] {
  if (url.port) return [{ range: url.port.range, newText: String(port) }];
  return [{ range: { start: url.portInsertAt, end: url.portInsertAt }, newText: `:${port}` }];
}

// Symfony Mailer: the DSN semantics are shared with config/packages/mailer.yaml|php (semantics/symfonyDsn.ts).
function symfonyEndpoint(doc: EnvDoc, entry: DotenvEntry, url: MailUrl): MailEndpoint | undefined {
  const dsn = readSymfonyDsn(doc.text, entry.key, url);
  if (!dsn) return undefined;
  return assemble({
    library: 'symfony',
    entries: [entry],
    host: dsn.host,
    port: dsn.port,
    credentials: dsn.credentials,
    mode: { mode: dsn.mode, explicit: dsn.modeExplicit },
    tlsFlags: dsn.tlsFlags,
    starttlsEnforced: dsn.starttlsEnforced,
    certificateVerificationOff: dsn.certificateVerificationOff,
    note: dsn.note,
    certainty: 'certain',
    rewrite: dsn.rewrite,
  });
}

function urlParts(facts: UrlFacts, port: Setting<number> | undefined): Pick<Assembly, 'host' | 'port' | 'credentials'> {
  return { host: facts.host, port: facts.portUnknown ? undefined : port, credentials: facts.credentials };
}

// SwiftmailerBundle's MAILER_URL (Symfony ≤ 5): `?encryption=ssl|tls`, port 465 for ssl, else 25;
// without encryption SwiftMailer never sends STARTTLS.
function swiftmailerEndpoint(doc: EnvDoc, entry: DotenvEntry, url: MailUrl): MailEndpoint | undefined {
  if (url.scheme.text !== 'smtp') return undefined;
  const facts = urlFacts(doc, entry, url);
  const encPair = facts.param('encryption');
  const enc = encPair?.value.toLowerCase();
  const flags: TlsFlag[] = [];
  let value: TlsModeSetting = 'none';
  let explicit = false;
  if (encPair && (enc === 'ssl' || enc === 'tls')) {
    value = enc === 'ssl' ? 'implicit' : 'starttls';
    explicit = true;
    flags.push(paramFlag(doc, entry, url, encPair, enc === 'ssl' ? 'implicit' : 'starttls-required'));
  } else if (encPair && encPair.value !== '') value = 'unknown';
  const mode: Setting<TlsModeSetting> = encPair ? { value, range: encPair.valueRange, key: encPair.key, origin: 'url' } : urlModeSetting(entry, url, value, 'default');
  const port =
    facts.port ?? (facts.portUnknown ? undefined : { value: value === 'implicit' ? 465 : 25, range: { start: url.portInsertAt, end: url.portInsertAt }, key: entry.key, origin: 'default' as const });
  const rewrite: EndpointRewriter = {
    setTlsMode(target: TlsMode) {
      return withQuery([], urlQueryEdit(doc.text, url, [['encryption', target === 'none' ? null : target === 'implicit' ? 'ssl' : 'tls']]));
    },
    setPort: (port) => setPortInUrl(url, port),
    enforceStartTls: () => withQuery([], urlQueryEdit(doc.text, url, [['encryption', 'tls']])),
  };
  return assemble({
    library: 'symfony',
    entries: [entry],
    ...urlParts(facts, port),
    mode: { mode, explicit },
    tlsFlags: flags,
    starttlsEnforced: value === 'starttls',
    note: `Read as a SwiftmailerBundle MAILER_URL (Symfony ≤ 5): encryption=ssl is implicit TLS, encryption=tls is STARTTLS (required), no encryption sends in plaintext. Symfony Mailer reads MAILER_DSN instead.`,
    certainty: 'inferred',
    rewrite,
  });
}

// django-environ's EMAIL_URL (checked in joke2k/django-environ environ.py): smtp+ssl sets
// EMAIL_USE_SSL; smtps AND smtp+tls set EMAIL_USE_TLS — `smtps://` means STARTTLS here.
function djangoEnvironEndpoint(doc: EnvDoc, entry: DotenvEntry, url: MailUrl): MailEndpoint | undefined {
  const scheme = url.scheme.text;
  const modes: Record<string, TlsModeSetting> = { smtp: 'none', smtps: 'starttls', 'smtp+tls': 'starttls', 'smtp+ssl': 'implicit' };
  const value = modes[scheme];
  if (value === undefined) return undefined;
  const facts = urlFacts(doc, entry, url);
  const flags: TlsFlag[] = value === 'none' ? [] : [schemeFlag(doc, entry, url, value === 'implicit' ? 'implicit' : 'starttls')];
  // smtplib's defaults when EMAIL_PORT is None: 465 for SMTP_SSL, else 25.
  const port = facts.port ?? (facts.portUnknown ? undefined : { value: value === 'implicit' ? 465 : 25, range: { start: url.portInsertAt, end: url.portInsertAt }, key: entry.key, origin: 'default' as const });
  const rewrite: EndpointRewriter = {
    setTlsMode: (target: TlsMode) => [{ range: url.scheme.range, newText: target === 'implicit' ? 'smtp+ssl' : target === 'starttls' ? 'smtp+tls' : 'smtp' }],
    setPort: (port) => setPortInUrl(url, port),
    enforceStartTls: () => [{ range: url.scheme.range, newText: 'smtp+tls' }],
  };
  return assemble({
    library: 'django',
    entries: [entry],
    ...urlParts(facts, port),
    mode: { mode: urlModeSetting(entry, url, value), explicit: value !== 'none' },
    tlsFlags: flags,
    starttlsEnforced: value === 'starttls',
    note: `Read as a django-environ EMAIL_URL: smtp+ssl:// is implicit TLS (EMAIL_USE_SSL); smtp+tls:// and also smtps:// are STARTTLS (EMAIL_USE_TLS); smtp:// uses no TLS.`,
    certainty: 'inferred',
    rewrite,
  });
}

// nodemailer's parseConnectionUrl: smtp: sets secure=false explicitly (so :465 hangs), smtps: sets
// secure=true; query options override (`secure`, `requireTLS`, `ignoreTLS`, `tls.rejectUnauthorized`).
function nodemailerUrlEndpoint(doc: EnvDoc, entry: DotenvEntry, url: MailUrl): MailEndpoint | undefined {
  const scheme = url.scheme.text;
  if (scheme !== 'smtp' && scheme !== 'smtps') return undefined;
  const facts = urlFacts(doc, entry, url);
  const securePair = facts.param('secure');
  const requirePair = facts.param('requireTLS');
  const ignorePair = facts.param('ignoreTLS');
  const rejectPair = facts.param('tls.rejectUnauthorized');
  const bool = (pair: MailUrl['query'][number] | undefined): boolean | undefined => (pair === undefined ? undefined : pair.value === 'true' ? true : pair.value === 'false' ? false : undefined);
  const secureOverride = bool(securePair);
  const secure = secureOverride ?? scheme === 'smtps';
  const flags: TlsFlag[] = [];
  let mode: Setting<TlsModeSetting>;
  if (securePair && secureOverride !== undefined) {
    mode = { value: secure ? 'implicit' : 'starttls', range: securePair.valueRange, key: securePair.key, origin: 'url' };
    flags.push(paramFlag(doc, entry, url, securePair, secure ? 'implicit' : 'starttls'));
  } else {
    mode = urlModeSetting(entry, url, secure ? 'implicit' : 'starttls');
    flags.push(schemeFlag(doc, entry, url, secure ? 'implicit' : 'starttls'));
  }
  if (ignorePair && bool(ignorePair)) {
    flags.push(paramFlag(doc, entry, url, ignorePair, 'no-tls'));
    if (!secure) mode = { value: 'none', range: ignorePair.range, key: ignorePair.key, origin: 'url' };
  }
  const requireTls = requirePair !== undefined && bool(requirePair) === true;
  if (requirePair && requireTls) flags.push(paramFlag(doc, entry, url, requirePair, 'starttls-required'));
  const certOff = rejectPair !== undefined && bool(rejectPair) === false;
  const port = facts.port ?? (facts.portUnknown ? undefined : { value: secure ? 465 : 587, range: { start: url.portInsertAt, end: url.portInsertAt }, key: entry.key, origin: 'default' as const });

  const rewrite: EndpointRewriter = {
    setTlsMode(target: TlsMode, options) {
      const edits: TextEdit[] = [];
      const wanted = target === 'implicit' ? 'smtps' : 'smtp';
      if (scheme !== wanted) edits.push({ range: url.scheme.range, newText: wanted });
      const changes: QueryChange[] = [];
      if (securePair) changes.push(['secure', null]);
      if (target !== 'none' && ignorePair && bool(ignorePair)) changes.push(['ignoreTLS', null]);
      if (target === 'none') changes.push(['ignoreTLS', 'true'], ['requireTLS', null]);
      if (target === 'starttls' && options?.enforce && !requireTls) changes.push(['requireTLS', 'true']);
      return withQuery(edits, urlQueryEdit(doc.text, url, changes));
    },
    setPort: (value) => setPortInUrl(url, value),
    enforceStartTls: () => withQuery([], urlQueryEdit(doc.text, url, [['ignoreTLS', null], ['requireTLS', 'true']])),
    enableCertificateVerification: () => (rejectPair && certOff ? withQuery([], removeParam(doc, url, rejectPair)) : undefined),
  };
  const meteor = entry.key === 'MAIL_URL' ? ' (Meteor reads MAIL_URL this way)' : '';
  return assemble({
    library: 'nodemailer',
    entries: [entry],
    ...urlParts(facts, port),
    mode: { mode, explicit: true },
    tlsFlags: flags,
    starttlsEnforced: requireTls && mode.value === 'starttls',
    certificateVerificationOff: rejectPair && certOff ? { key: rejectPair.key, range: rejectPair.range } : undefined,
    note: `Read as a nodemailer connection URL${meteor}: smtps:// is implicit TLS; smtp:// sets secure=false explicitly, so it is STARTTLS when offered even on 465 (where it hangs).`,
    certainty: 'inferred',
    rewrite,
  });
}

// ---------------------------------------------------------------------------------------------
// Self-hosted apps configured through the environment (in `.env` files and compose
// `environment:` blocks alike): Grafana GF_SMTP_*, Discourse DISCOURSE_SMTP_*, docker-mailserver
// RELAY_*, Gitea/Forgejo GITEA__mailer__*, Plausible SMTP_HOST_*. config-matrix.md §7.5, §11.7,
// §11.10, §11.11, §11.15.

const GITEA_KEY = /^(GITEA|FORGEJO)__mailer__([A-Za-z_]+)$/i;
const PLAUSIBLE_KEYS = ['SMTP_HOST_ADDR', 'SMTP_HOST_PORT', 'SMTP_HOST_SSL_ENABLED', 'SMTP_USER_NAME', 'SMTP_USER_PWD'];
// Keys only a docker-mailserver environment has; with one of them RELAY_* is surely its relay.
const MAILSERVER_MARKERS = /^(?:OVERRIDE_HOSTNAME|POSTMASTER_ADDRESS|PERMIT_DOCKER|ENABLE_CLAMAV|ENABLE_SPAMASSASSIN|ENABLE_FAIL2BAN|ENABLE_POSTGREY|ENABLE_AMAVIS|ENABLE_RSPAMD|ENABLE_OPENDKIM|SSL_TYPE|ONE_DIR|DMS_DEBUG|SPOOF_PROTECTION|POSTFIX_MESSAGE_SIZE_LIMIT|DEFAULT_RELAY_HOST)$/;

/** Keys the app profiles below read themselves, kept out of the prefix grouping. */
function appKeys(doc: EnvDoc): string[] {
  const keys = doc.latest.filter((entry) => GITEA_KEY.test(entry.key)).map((entry) => entry.key);
  if (doc.byKey.has('SMTP_HOST_ADDR') || doc.byKey.has('SMTP_HOST_PORT')) keys.push(...PLAUSIBLE_KEYS.filter((key) => doc.byKey.has(key)));
  return keys;
}

function appEndpoints(doc: EnvDoc): MailEndpoint[] {
  return [giteaEnvEndpoint(doc, 'GITEA'), giteaEnvEndpoint(doc, 'FORGEJO'), plausibleEndpoint(doc)].filter((endpoint): endpoint is MailEndpoint => endpoint !== undefined);
}

function appGroupEndpoint(group: Group): MailEndpoint | undefined | 'not-this-app' {
  if (group.prefix === 'GF_SMTP_') return grafanaEnvEndpoint(group);
  if (group.prefix === 'DISCOURSE_SMTP_') return discourseEndpoint(group);
  if (group.prefix === 'RELAY_' && !has(group, 'SECURE', 'TLS', 'SSL', 'USE_TLS', 'USE_SSL', 'STARTTLS', 'SECURITY', 'ENCRYPTION')) return mailserverRelayEndpoint(group);
  return 'not-this-app';
}

// Grafana: GF_SMTP_HOST carries host:port; 465 is implicit TLS by the port alone (no switch);
// other ports follow GF_SMTP_STARTTLS_POLICY (empty/OpportunisticStartTLS, MandatoryStartTLS, NoStartTLS).
function grafanaEnvEndpoint(group: Group): MailEndpoint | undefined {
  const { doc } = group;
  const enabled = doc.byKey.get('GF_SMTP_ENABLED');
  if (enabled && isFalse(readBool(enabled))) return undefined;
  const hostEntry = field(group, 'HOST');
  if (!hostEntry || hostEntry.interpolated) return undefined;
  const raw = doc.raw(hostEntry.innerRange);
  const trimmed = raw.trim();
  if (trimmed === '' || trimmed !== hostEntry.value.trim()) return undefined;
  const parts = splitHostPort(trimmed, hostEntry.innerRange.start + (raw.length - raw.trimStart().length));
  if (!parts.host) return undefined;
  const port: Setting<number> | undefined = parts.port?.value !== undefined ? { value: parts.port.value, range: parts.port.range, key: hostEntry.key, origin: 'literal' } : undefined;
  const policyEntry = field(group, 'STARTTLS_POLICY');
  const policyRead = readText(policyEntry);
  const policy = policyRead.kind === 'value' ? policyRead.value.toLowerCase() : '';
  const flags: TlsFlag[] = [];
  let mode: ModeResult;
  let enforced = false;
  if (!port) mode = modeByDefault('unknown', hostEntry.key, hostEntry.innerRange);
  else if (port.value === 465) mode = { mode: { value: 'implicit', range: port.range, key: hostEntry.key, origin: 'default' }, explicit: false };
  else if (policyEntry && policyRead.kind === 'env') mode = modeFromEnv(policyEntry, policyRead.name);
  else if (policyEntry && policy === 'nostarttls') {
    mode = modeFrom(policyEntry, 'none');
    flags.push(flagOf(doc, policyEntry, 'no-tls'));
  } else if (policyEntry && policy === 'mandatorystarttls') {
    mode = modeFrom(policyEntry, 'starttls');
    enforced = true;
    flags.push(flagOf(doc, policyEntry, 'starttls-required'));
  } else mode = modeByDefault('starttls', policyEntry?.key ?? 'GF_SMTP_STARTTLS_POLICY', policyEntry?.innerRange ?? port.range);
  const skipEntry = field(group, 'SKIP_VERIFY');
  const certOff = skipEntry && isTrue(readBool(skipEntry)) ? { key: skipEntry.key, range: doc.span(skipEntry) } : undefined;
  const rewrite: EndpointRewriter = {
    setTlsMode(target: TlsMode, options) {
      // Implicit TLS exists only on 465; there is no switch to write.
      if (target === 'implicit') return undefined;
      const word = target === 'none' ? 'NoStartTLS' : options?.enforce ? 'MandatoryStartTLS' : 'OpportunisticStartTLS';
      return new GroupWriter(group, undefined).set('STARTTLS_POLICY', word).edits();
    },
    setPort(number) {
      if (port) return [{ range: port.range, newText: String(number) }];
      return [{ range: { start: parts.host!.range.end, end: parts.host!.range.end }, newText: `:${number}` }];
    },
    enforceStartTls: () => new GroupWriter(group, undefined).set('STARTTLS_POLICY', 'MandatoryStartTLS').edits(),
    enableCertificateVerification: () => (skipEntry && certOff ? [doc.setValue(skipEntry, booleanLike(false, skipEntry.value))] : undefined),
  };
  return assemble({
    library: 'grafana',
    entries: groupEntries(group),
    host: { value: parts.host.value, range: parts.host.range, key: hostEntry.key, origin: 'literal' },
    port,
    mode,
    tlsFlags: flags,
    starttlsEnforced: enforced,
    credentials: credentialsOf(doc, [field(group, 'USER'), field(group, 'PASSWORD')]),
    certificateVerificationOff: certOff,
    note: '(Grafana GF_SMTP_*: port 465 in GF_SMTP_HOST gets implicit TLS automatically; other ports use STARTTLS per GF_SMTP_STARTTLS_POLICY — empty or OpportunisticStartTLS when offered, MandatoryStartTLS always, NoStartTLS never.)',
    certainty: 'certain',
    rewrite,
  });
}

// Discourse (app.yml env → GlobalSetting → ActionMailer): DISCOURSE_SMTP_FORCE_TLS=true is implicit
// TLS (and turns enable_starttls_auto off); otherwise DISCOURSE_SMTP_ENABLE_START_TLS (default true)
// is STARTTLS when offered, false never encrypts. OPENSSL_VERIFY_MODE=none skips certificate checks.
function discourseEndpoint(group: Group): MailEndpoint | undefined {
  const { doc } = group;
  const hostEntry = field(group, 'ADDRESS', 'HOST');
  const portEntry = field(group, 'PORT');
  if (!hostEntry && !portEntry) return undefined;
  const forceEntry = field(group, 'FORCE_TLS');
  const startEntry = field(group, 'ENABLE_START_TLS');
  const verifyEntry = field(group, 'OPENSSL_VERIFY_MODE');
  const force = readBool(forceEntry);
  const start = readBool(startEntry);
  const flags: TlsFlag[] = [];
  let mode: ModeResult;
  if (forceEntry && isTrue(force)) {
    mode = modeFrom(forceEntry, 'implicit');
    flags.push(flagOf(doc, forceEntry, 'implicit'));
  } else if (forceEntry && force.kind === 'env') mode = modeFromEnv(forceEntry, force.name);
  else if (startEntry && isFalse(start)) {
    mode = modeFrom(startEntry, 'none');
    flags.push(flagOf(doc, startEntry, 'no-tls'));
  } else if (startEntry && start.kind === 'env') mode = modeFromEnv(startEntry, start.name);
  else if (startEntry && isTrue(start)) {
    mode = modeFrom(startEntry, 'starttls');
    flags.push(flagOf(doc, startEntry, 'starttls'));
  } else mode = modeByDefault('starttls', `${group.prefix}FORCE_TLS`, (portEntry ?? hostEntry)!.innerRange);
  const verifyRead = readText(verifyEntry);
  const verifyOff = verifyEntry && verifyRead.kind === 'value' && verifyRead.value.toLowerCase() === 'none';
  const style = styleOf(group, 'true');
  const rewrite: EndpointRewriter = {
    setTlsMode(target: TlsMode) {
      const edits = new GroupWriter(group, style);
      if (target === 'implicit') return edits.set('FORCE_TLS', true).edits();
      edits.set('FORCE_TLS', false, { insert: false, onlyIf: (entry) => isTrue(readBool(entry)) });
      if (target === 'none') return edits.set('ENABLE_START_TLS', false).edits();
      return edits.set('ENABLE_START_TLS', true, { insert: false, onlyIf: (entry) => !isTrue(readBool(entry)) }).edits();
    },
    setPort: (value) => setPortEdits(group, value),
    enableCertificateVerification: () => (verifyEntry && verifyOff ? [doc.setValue(verifyEntry, 'peer')] : undefined),
  };
  return assemble({
    library: 'discourse',
    entries: groupEntries(group),
    host: hostOf(hostEntry),
    port: portOf(portEntry),
    mode,
    tlsFlags: flags,
    starttlsEnforced: false,
    credentials: credentialsOf(doc, [field(group, 'USER_NAME', 'USERNAME', 'USER'), field(group, 'PASSWORD')]),
    certificateVerificationOff: verifyEntry && verifyOff ? { key: verifyEntry.key, range: doc.span(verifyEntry) } : undefined,
    note: `(Discourse: ${group.prefix}FORCE_TLS=true is implicit TLS (port 465); otherwise ${group.prefix}ENABLE_START_TLS (default true) upgrades by STARTTLS when the server offers it, false never encrypts.)`,
    certainty: 'certain',
    rewrite,
  });
}

// docker-mailserver: RELAY_HOST/RELAY_PORT (default 25) feed Postfix's relayhost, which speaks
// STARTTLS; implicit TLS (465) needs smtp_tls_wrappermode in a postfix-main.cf override.
function mailserverRelayEndpoint(group: Group): MailEndpoint | undefined {
  const { doc } = group;
  const hostEntry = field(group, 'HOST');
  const portEntry = field(group, 'PORT');
  if (!hostEntry || readText(hostEntry).kind !== 'value') return undefined;
  const marked = doc.latest.some((entry) => MAILSERVER_MARKERS.test(entry.key));
  const mode = modeByDefault('starttls', 'RELAY_PORT', (portEntry ?? hostEntry).innerRange);
  return assemble({
    library: 'docker-mailserver',
    entries: groupEntries(group),
    host: hostOf(hostEntry),
    port: portOf(portEntry),
    mode,
    tlsFlags: [],
    starttlsEnforced: false,
    credentials: credentialsOf(doc, [field(group, 'USER'), field(group, 'PASSWORD')]),
    note: `(Read as docker-mailserver's relay settings${marked ? '' : ' (RELAY_HOST/RELAY_PORT)'}: the generated Postfix relay speaks STARTTLS only; port 465 works only with smtp_tls_wrappermode = yes in a postfix-main.cf override, which this file does not show.)`,
    certainty: 'inferred',
    rewrite: { setPort: (value) => setPortEdits(group, value) },
  });
}

// Gitea/Forgejo in the environment: GITEA__mailer__PROTOCOL and friends are app.ini's [mailer] keys.
const GITEA_PROTOCOLS: Readonly<Record<string, { mode: TlsMode; port: number }>> = {
  smtp: { mode: 'none', port: 25 },
  smtps: { mode: 'implicit', port: 465 },
  'smtp+starttls': { mode: 'starttls', port: 587 },
};

function giteaEnvEndpoint(doc: EnvDoc, app: 'GITEA' | 'FORGEJO'): MailEndpoint | undefined {
  const fields = new Map<string, DotenvEntry>();
  let prefix = '';
  for (const entry of doc.latest) {
    const match = GITEA_KEY.exec(entry.key);
    if (!match || match[1]!.toUpperCase() !== app) continue;
    const name = match[2]!.toUpperCase();
    prefix = entry.key.slice(0, entry.key.length - match[2]!.length);
    fields.set(name === 'SMTP_ADDR' ? 'HOST' : name === 'SMTP_PORT' ? 'PORT' : name, entry);
  }
  const hostEntry = fields.get('HOST');
  const portEntry = fields.get('PORT');
  if (!hostEntry && !portEntry) return undefined;
  const enabled = fields.get('ENABLED');
  if (enabled && isFalse(readBool(enabled))) return undefined;
  const protocolEntry = fields.get('PROTOCOL');
  const protocolRead = readText(protocolEntry);
  const protocolWord = protocolRead.kind === 'value' ? protocolRead.value.toLowerCase() : undefined;
  if (protocolWord !== undefined && !(protocolWord in GITEA_PROTOCOLS)) return undefined;
  const host = hostOf(hostEntry);
  if (host && (host.value.startsWith('/') || host.value.includes('$'))) return undefined;
  const keyCase = (suffix: string): string => (/[a-z]/.test(hostEntry?.key.slice(prefix.length) ?? portEntry?.key.slice(prefix.length) ?? '') ? suffix.toLowerCase() : suffix);
  const spelling: Record<string, string> = { HOST: 'SMTP_ADDR', PORT: 'SMTP_PORT' };
  const group: Group = { doc, prefix, stem: 'SMTP', fields, spell: (suffix) => prefix + keyCase(spelling[suffix] ?? suffix) };
  let port = portOf(portEntry);
  const flags: TlsFlag[] = [];
  let mode: ModeResult;
  let note: string;
  if (protocolEntry && protocolRead.kind === 'env') {
    mode = modeFromEnv(protocolEntry, protocolRead.name);
    note = `(Gitea ≥ 1.18: PROTOCOL = smtps is implicit TLS, smtp+starttls is STARTTLS when offered, smtp never encrypts.)`;
  } else if (protocolEntry && protocolWord) {
    const known = GITEA_PROTOCOLS[protocolWord]!;
    mode = modeFrom(protocolEntry, known.mode);
    flags.push(flagOf(doc, protocolEntry, known.mode === 'implicit' ? 'implicit' : known.mode === 'starttls' ? 'starttls' : 'no-tls'));
    if (!portEntry && hostEntry) port = { value: known.port, range: { start: hostEntry.innerRange.end, end: hostEntry.innerRange.end }, key: keyOf(group, 'PORT'), origin: 'default' };
    note = `(Gitea/Forgejo ≥ 1.18 [mailer] from the environment: PROTOCOL=smtps is implicit TLS, smtp+starttls is STARTTLS when the server offers it, smtp never encrypts.)`;
  } else {
    const inferred: TlsModeSetting = !port ? 'unknown' : port.value === 25 ? 'none' : port.value === 587 ? 'starttls' : 'implicit';
    mode = modeByDefault(inferred, keyOf(group, 'PROTOCOL'), (portEntry ?? hostEntry)!.innerRange);
    note = `(Gitea/Forgejo ≥ 1.18 [mailer] without PROTOCOL: inferred from SMTP_PORT — 25 smtp (no TLS), 465 smtps, 587 smtp+starttls, any other port smtps (implicit TLS).)`;
  }
  const certEntry = fields.get('FORCE_TRUST_SERVER_CERT') ?? fields.get('SKIP_VERIFY');
  const certOff = certEntry && isTrue(readBool(certEntry)) ? { key: certEntry.key, range: doc.span(certEntry) } : undefined;
  const rewrite: EndpointRewriter = {
    setTlsMode: (target: TlsMode) => new GroupWriter(group, undefined).set('PROTOCOL', target === 'implicit' ? 'smtps' : target === 'starttls' ? 'smtp+starttls' : 'smtp').edits(),
    setPort: (value) => setPortEdits(group, value),
    enableCertificateVerification: () => (certEntry && certOff ? [doc.setValue(certEntry, booleanLike(false, certEntry.value))] : undefined),
  };
  return assemble({
    library: 'gitea',
    entries: [...fields.values()],
    host,
    port,
    mode,
    tlsFlags: flags,
    starttlsEnforced: false,
    credentials: credentialsOf(doc, [fields.get('USER'), fields.get('PASSWD')]),
    certificateVerificationOff: certOff,
    note,
    certainty: 'certain',
    rewrite,
  });
}

// Plausible CE: SMTP_HOST_ADDR / SMTP_HOST_PORT (default 25); SMTP_HOST_SSL_ENABLED=true is implicit
// TLS, otherwise the adapter upgrades by STARTTLS when offered (tls: :if_available).
function plausibleEndpoint(doc: EnvDoc): MailEndpoint | undefined {
  const hostEntry = doc.byKey.get('SMTP_HOST_ADDR');
  const portEntry = doc.byKey.get('SMTP_HOST_PORT');
  if (!hostEntry && !portEntry) return undefined;
  const mailer = doc.byKey.get('MAILER_ADAPTER');
  const mailerRead = readText(mailer);
  if (mailerRead.kind === 'value' && !/smtp/i.test(mailerRead.value)) return undefined;
  const sslEntry = doc.byKey.get('SMTP_HOST_SSL_ENABLED');
  const fields = new Map<string, DotenvEntry>();
  const names: Record<string, string> = { HOST: 'SMTP_HOST_ADDR', PORT: 'SMTP_HOST_PORT', SSL: 'SMTP_HOST_SSL_ENABLED', USER: 'SMTP_USER_NAME', PASSWORD: 'SMTP_USER_PWD' };
  for (const [suffix, key] of Object.entries(names)) {
    const entry = doc.byKey.get(key);
    if (entry) fields.set(suffix, entry);
  }
  const group: Group = { doc, prefix: 'SMTP_', stem: 'SMTP', fields, spell: (suffix) => names[suffix] ?? `SMTP_${suffix}` };
  const ssl = readBool(sslEntry);
  const flags: TlsFlag[] = [];
  let mode: ModeResult;
  let note = `(Plausible CE: SMTP_HOST_SSL_ENABLED=true is implicit TLS (port 465); otherwise STARTTLS is used when the server offers it. SMTP_HOST_PORT defaults to 25.)`;
  if (sslEntry && ssl.kind === 'value' && sslEntry.value.trim().toLowerCase() !== String(ssl.value)) {
    // Plausible reads only the words true and false.
    mode = modeFrom(sslEntry, 'unknown');
    note += ` ${sslEntry.key}=${sslEntry.value.trim()} may not be read as a boolean; write true or false.`;
  } else if (sslEntry && isTrue(ssl)) {
    mode = modeFrom(sslEntry, 'implicit');
    flags.push(flagOf(doc, sslEntry, 'implicit'));
  } else if (sslEntry && ssl.kind === 'env') mode = modeFromEnv(sslEntry, ssl.name);
  else if (sslEntry && isFalse(ssl)) {
    mode = modeFrom(sslEntry, 'starttls');
    flags.push(flagOf(doc, sslEntry, 'starttls'));
  } else mode = modeByDefault('starttls', 'SMTP_HOST_SSL_ENABLED', (portEntry ?? hostEntry)!.innerRange);
  const rewrite: EndpointRewriter = {
    setTlsMode(target: TlsMode) {
      if (target === 'none') return undefined;
      return new GroupWriter(group, 'true', true).set('SSL', target === 'implicit').edits();
    },
    setPort: (value) => setPortEdits(group, value),
  };
  return assemble({
    library: 'plausible',
    entries: [...fields.values()],
    host: hostOf(hostEntry),
    port: portOf(portEntry),
    mode,
    tlsFlags: flags,
    starttlsEnforced: false,
    credentials: credentialsOf(doc, [fields.get('USER'), fields.get('PASSWORD')]),
    note,
    certainty: 'certain',
    rewrite,
  });
}
