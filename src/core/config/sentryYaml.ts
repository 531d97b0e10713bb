// Sentry (self-hosted) `sentry/config.yml`: the `mail.*` options as flat dotted keys at the top of
// the YAML document (config-matrix.md §11.13; getsentry/sentry `src/sentry/options/defaults.py`,
// docs "Email"). Sentry hands them to Django's SMTP backend, so Django's meaning applies:
// - `mail.use-tls: true` = STARTTLS (Django calls starttls() unconditionally, so it is required);
//   `mail.use-ssl: true` = implicit TLS; both true → Django raises ValueError ("mutually exclusive").
// - `mail.port` defaults to 25, `mail.use-tls`/`mail.use-ssl` to false, `mail.backend` to `smtp`;
//   `dummy`/`console`/`preview` backends send nothing and are skipped.
// - Booleans go through Sentry's Bool type (`true/yes/on/1`, `false/no/off/0`, any case).
// Options left out of config.yml may still be set in Sentry's admin UI (they are stored in the
// database), so values read from the defaults are marked as an inferred reading.
// Fixes are written back as `mail.key: value` lines.
import { isMap, isPair, isScalar, parseDocument, type Scalar } from 'yaml';
import type { EndpointRewriter, Extractor, MailEndpoint, Setting, SourceDocument, TextEdit, TextRange, TlsFlag, TlsIntent, TlsMode, TlsModeSetting } from '../model';

const SENTRY_FILE = /(?:^|[\\/])config\.ya?ml$/i;
const MAIL_KEYS = /^[ \t]*["']?mail\.(?:backend|host|port)["']?[ \t]*:/m;

export const sentryYamlExtractor: Extractor = {
  id: 'sentry-yaml',
  appliesTo: (fileName) => SENTRY_FILE.test(fileName),
  filePatterns: ['config.yml', 'config.yaml'],
  extract(document: SourceDocument): MailEndpoint[] {
    try {
      return extractSentryYaml(document.text);
    } catch {
      return [];
    }
  },
};

interface FlatEntry {
  readonly key: string;
  readonly keyRange: TextRange;
  readonly node: Scalar;
  /** The value's characters (quotes included), or an empty range after the colon for `key:`. */
  readonly valueRange: TextRange;
  /** `key: value` as written, for highlighting. */
  readonly span: TextRange;
  /** The physical line without its break, and with it; absent when the entry is not alone on its lines. */
  readonly line?: TextRange;
  readonly lineWithBreak?: TextRange;
}

function lineAround(text: string, start: number, end: number): { line: TextRange; withBreak: TextRange } | undefined {
  let lineStart = start;
  while (lineStart > 0 && text[lineStart - 1] !== '\n' && text[lineStart - 1] !== '\r') lineStart--;
  if (!/^[ \t]*$/.test(text.slice(lineStart, start))) return undefined;
  let lineEnd = end;
  while (lineEnd < text.length && text[lineEnd] !== '\n' && text[lineEnd] !== '\r') lineEnd++;
  if (!/^[ \t]*(?:#.*)?$/.test(text.slice(end, lineEnd))) return undefined;
  let breakEnd = lineEnd;
  if (text[breakEnd] === '\r' && text[breakEnd + 1] === '\n') breakEnd += 2;
  else if (breakEnd < text.length) breakEnd++;
  return { line: { start: lineStart, end: lineEnd }, withBreak: { start: lineStart, end: breakEnd } };
}

/** Sentry's Bool type: undefined when the value is not a boolean it understands (a template, a list). */
function sentryBool(node: Scalar): boolean | undefined {
  const value = node.value;
  if (typeof value === 'boolean') return value;
  if (value === null || value === undefined) return false;
  if (typeof value === 'number') return value === 1 ? true : value === 0 ? false : undefined;
  if (typeof value !== 'string') return undefined;
  const word = value.trim().toLowerCase();
  if (['y', 'yes', 't', 'true', '1', 'on'].includes(word)) return true;
  if (['n', 'no', 'f', 'false', '0', 'off', ''].includes(word)) return false;
  return undefined;
}

function portOf(node: Scalar): number | undefined {
  const value = node.value;
  const number = typeof value === 'number' ? value : typeof value === 'string' && /^\s*\d{1,5}\s*$/.test(value) ? Number(value.trim()) : undefined;
  return number !== undefined && Number.isInteger(number) && number >= 1 && number <= 65535 ? number : undefined;
}

/** The `mail.*` entries with a scalar value, and every `mail.*` key written (a template value included). */
function flatEntries(text: string, written: Set<string>): FlatEntry[] {
  const doc = parseDocument(text, { uniqueKeys: false, keepSourceTokens: false });
  const root = doc.contents;
  if (!isMap(root) || root.flow) return [];
  const entries: FlatEntry[] = [];
  for (const pair of root.items) {
    if (!isPair(pair) || !isScalar(pair.key) || !pair.key.range) continue;
    const key = String(pair.key.value);
    if (!key.startsWith('mail.')) continue;
    written.add(key);
    const keyRange = { start: pair.key.range[0], end: pair.key.range[1] };
    let node: Scalar;
    let valueRange: TextRange;
    if (pair.value === null || pair.value === undefined) {
      const colon = text.indexOf(':', keyRange.end);
      const at = colon >= 0 ? Math.min(colon + 1, text.length) : keyRange.end;
      node = { value: null } as Scalar;
      valueRange = { start: at, end: at };
    } else if (isScalar(pair.value) && pair.value.range) {
      if (pair.value.type === 'BLOCK_LITERAL' || pair.value.type === 'BLOCK_FOLDED') continue;
      node = pair.value;
      valueRange = { start: pair.value.range[0], end: pair.value.range[1] };
      if (valueRange.end < valueRange.start) continue;
    } else continue; // a map or list (a Jinja `{{ var }}` reads as a flow map): not visible here
    const around = lineAround(text, keyRange.start, Math.max(valueRange.end, keyRange.end));
    entries.push({
      key,
      keyRange,
      node,
      valueRange,
      span: { start: keyRange.start, end: Math.max(valueRange.end, keyRange.end) },
      ...(around ? { line: around.line, lineWithBreak: around.withBreak } : {}),
    });
  }
  return entries;
}

export function extractSentryYaml(text: string): MailEndpoint[] {
  if (!MAIL_KEYS.test(text)) return [];
  const written = new Set<string>();
  const all = flatEntries(text, written);
  if (all.length === 0) return [];
  // The last of duplicated keys wins (PyYAML).
  const byKey = new Map<string, FlatEntry>();
  for (const entry of all) byKey.set(entry.key, entry);
  const backend = byKey.get('mail.backend');
  if (backend) {
    const name = backend.node.value;
    if (typeof name !== 'string' || (name.trim() !== '' && !/smtp/i.test(name))) return [];
  }
  const hostEntry = byKey.get('mail.host');
  const portEntry = byKey.get('mail.port');
  const tlsEntry = byKey.get('mail.use-tls');
  const sslEntry = byKey.get('mail.use-ssl');
  if (!hostEntry && !portEntry && !tlsEntry && !sslEntry) return [];
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const sorted = [...byKey.values()].sort((a, b) => a.keyRange.start - b.keyRange.start);
  const first = sorted[0]!;
  const last = sorted[sorted.length - 1]!;
  const anchor = (hostEntry ?? portEntry ?? first).keyRange;

  const flags: TlsFlag[] = [];
  const flag = (entry: FlatEntry, intent: TlsIntent): TlsFlag => ({
    key: entry.key,
    valueText: text.slice(entry.valueRange.start, entry.valueRange.end),
    intent,
    range: entry.span,
    ...(entry.lineWithBreak ? { removal: { range: entry.lineWithBreak, newText: '' } } : {}),
  });
  const tls = tlsEntry ? sentryBool(tlsEntry.node) : false;
  const ssl = sslEntry ? sentryBool(sslEntry.node) : false;
  if (tls === true && tlsEntry) flags.push(flag(tlsEntry, 'starttls'));
  if (ssl === true && sslEntry) flags.push(flag(sslEntry, 'implicit'));

  const notes: string[] = [];
  let mode: Setting<TlsModeSetting>;
  let modeExplicit = true;
  const modeFrom = (entry: FlatEntry, value: TlsModeSetting): Setting<TlsModeSetting> => ({ value, range: entry.valueRange, key: entry.key, origin: 'literal' });
  if (tls === true && ssl === true) mode = modeFrom(sslEntry!, 'unknown');
  else if (ssl === true) mode = modeFrom(sslEntry!, 'implicit');
  else if (tls === true) mode = modeFrom(tlsEntry!, 'starttls');
  else if (tls === undefined || ssl === undefined) {
    const entry = tls === undefined ? tlsEntry! : sslEntry!;
    mode = { value: 'unknown', range: entry.valueRange, key: entry.key, origin: 'computed' };
  } else if (tlsEntry) {
    flags.push(flag(tlsEntry, 'no-tls'));
    mode = modeFrom(tlsEntry, 'none');
  } else if (sslEntry) mode = modeFrom(sslEntry, 'none');
  else {
    mode = { value: 'none', range: anchor, key: 'mail.use-tls', origin: 'default' };
    modeExplicit = false;
    notes.push('mail.use-tls and mail.use-ssl are not set in this file, so the default false applies (no TLS) unless they are set in Sentry\'s admin UI.');
  }

  let port: Setting<number> | undefined;
  if (portEntry) {
    const number = portOf(portEntry.node);
    if (number !== undefined) port = { value: number, range: portEntry.valueRange, key: portEntry.key, origin: 'literal' };
  } else if (!written.has('mail.port')) {
    port = { value: 25, range: anchor, key: 'mail.port', origin: 'default' };
    notes.push('mail.port is not set in this file, so the default 25 applies unless it is set in Sentry\'s admin UI.');
  }
  let host: Setting<string> | undefined;
  if (hostEntry && typeof hostEntry.node.value === 'string' && hostEntry.node.value.trim() !== '') {
    const raw = text.slice(hostEntry.valueRange.start, hostEntry.valueRange.end);
    const quoted = raw.length >= 2 && (raw.startsWith('"') || raw.startsWith("'"));
    host = { value: hostEntry.node.value.trim(), range: quoted ? { start: hostEntry.valueRange.start + 1, end: hostEntry.valueRange.end - 1 } : hostEntry.valueRange, key: hostEntry.key, origin: 'literal' };
  } else if (!written.has('mail.host')) host = { value: 'localhost', range: anchor, key: 'mail.host', origin: 'default' };

  const filled = (entry: FlatEntry | undefined): boolean => entry !== undefined && entry.node.value !== null && entry.node.value !== undefined && String(entry.node.value) !== '';
  const user = byKey.get('mail.username');
  const password = byKey.get('mail.password');
  const credentialEntry = filled(user) ? user : filled(password) ? password : undefined;

  /** Sets keys to values (or adds them after the last mail line); null removes nothing, it skips. */
  const write = (changes: readonly (readonly [string, string, boolean])[]): TextEdit[] | undefined => {
    const edits: TextEdit[] = [];
    const added: string[] = [];
    for (const [key, value, addIfMissing] of changes) {
      const entry = byKey.get(key);
      if (entry) {
        if (text.slice(entry.valueRange.start, entry.valueRange.end) === value) continue;
        const empty = entry.valueRange.start === entry.valueRange.end;
        edits.push({ range: entry.valueRange, newText: empty ? ` ${value}` : value });
      } else if (addIfMissing) added.push(`${key}: ${value}`);
    }
    if (added.length > 0) {
      const place = [...sorted].reverse().find((entry) => entry.line);
      if (!place?.line) return undefined;
      edits.push({ range: { start: place.line.end, end: place.line.end }, newText: added.map((line) => `${eol}${line}`).join('') });
    }
    return edits.length > 0 ? edits : undefined;
  };
  const rewrite: EndpointRewriter = {
    setTlsMode(target: TlsMode) {
      if (target === 'implicit') return write([['mail.use-ssl', 'true', true], ['mail.use-tls', 'false', false]]);
      if (target === 'starttls') return write([['mail.use-tls', 'true', true], ['mail.use-ssl', 'false', false]]);
      return write([['mail.use-tls', 'false', true], ['mail.use-ssl', 'false', false]]);
    },
    setPort: (value: number) => write([['mail.port', String(value), true]]),
    enforceStartTls: () => write([['mail.use-tls', 'true', true], ['mail.use-ssl', 'false', false]]),
  };

  return [
    {
      library: 'sentry',
      format: 'sentry-yaml',
      protocol: 'smtp',
      range: { start: first.keyRange.start, end: Math.max(last.span.end, first.keyRange.end) },
      anchor,
      ...(host ? { host } : {}),
      ...(port ? { port } : {}),
      mode,
      modeExplicit,
      tlsFlags: flags,
      starttlsEnforced: mode.value === 'starttls',
      ...(credentialEntry ? { credentials: { range: credentialEntry.span } } : {}),
      reading: notes.length > 0
        ? { note: `(Sentry config.yml, Django semantics: ${notes.join(' ')})`, certainty: 'inferred' }
        : { note: '(Sentry config.yml, Django semantics: mail.use-tls is STARTTLS, mail.use-ssl is implicit TLS.)', certainty: 'certain' },
      rewrite,
    },
  ];
}
