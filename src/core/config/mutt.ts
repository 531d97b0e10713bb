// mutt / NeoMutt (`.muttrc`, `muttrc`, `neomuttrc`, `*.muttrc`): `set var = value` commands whose
// URLs carry the TLS mode. Semantics (muttmua/mutt init.h, NeoMutt conn/config.c; config-matrix.md §11.2):
// - `smtps://` is implicit TLS (default port 465), `smtp://` plaintext upgraded by STARTTLS (25);
//   `imaps://` 993 / `imap://` 143, `pops://` 995 / `pop://` 110.
// - On a non-`s` URL, `ssl_starttls` (default yes) upgrades when STARTTLS is advertised, and
//   `ssl_force_tls` refuses to go on without TLS (NeoMutt: default yes; mutt 1.x: unset). Both off
//   is plaintext.
// - `ssl_verify_host = no` / `ssl_verify_dates = no` switch certificate checks off.
// Only top-level `set`/`unset` commands are read; hooks (`account-hook … 'set …'`) are not.
import type { EndpointRewriter, Extractor, MailEndpoint, Protocol, Setting, SourceDocument, TextEdit, TextRange, TlsFlag, TlsMode, TlsModeSetting } from '../model';
import { parseMailUrl, type MailUrl } from './mailUrl';

export const muttExtractor: Extractor = {
  id: 'mutt',
  appliesTo: isMuttFileName,
  filePatterns: ['.muttrc', 'muttrc', '.neomuttrc', 'neomuttrc', '*.muttrc', '*.neomuttrc', 'muttrc.*'],
  extract(document: SourceDocument): MailEndpoint[] {
    return extractMutt(document.text);
  },
};

export function isMuttFileName(fileName: string): boolean {
  const base = fileName.slice(Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\')) + 1).toLowerCase();
  if (['.muttrc', 'muttrc', '.neomuttrc', 'neomuttrc'].includes(base)) return true;
  if (base.endsWith('.muttrc') || base.endsWith('.neomuttrc')) return true;
  return base.startsWith('muttrc.') && !/\.(?:md|txt|json|ya?ml|[jt]s|py)$/.test(base);
}

export interface MuttSetting {
  /** The variable name without `no`/`inv` prefixes, lower-cased. */
  readonly name: string;
  readonly nameRange: TextRange;
  /** The value as written (unquoted); `yes`/`no` for boolean forms (`set x`, `unset x`, `set nox`). */
  readonly value: string;
  /** The characters inside the quotes, or where a value would go for a bare `set x`. */
  readonly innerRange: TextRange;
  readonly hasValue: boolean;
  /** The whole `name = value` (or `noname`) item, for highlighting. */
  readonly range: TextRange;
  /** The line the command sits on, without the line break. */
  readonly lineRange: TextRange;
  readonly lineWithBreakRange: TextRange;
  /** The only item of its command, so the whole line can be removed. */
  readonly alone: boolean;
  readonly indent: string;
}

/** Reads the `set`/`unset` commands of a muttrc with exact ranges. Never throws. */
export function parseMuttrc(text: string): MuttSetting[] {
  const settings: MuttSetting[] = [];
  let position = 0;
  while (position < text.length) {
    const lineStart = position;
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    const next = lineEnd < text.length ? lineEnd + 1 : lineEnd;
    const contentEnd = text[lineEnd - 1] === '\r' ? lineEnd - 1 : lineEnd;
    position = next > lineStart ? next : lineStart + 1;
    const items = parseCommandLine(text, lineStart, contentEnd, next);
    settings.push(...items);
  }
  return settings;
}

interface Word {
  readonly text: string;
  readonly range: TextRange;
  readonly inner: TextRange;
}

/** Splits a line into words: quotes group, `#` outside quotes ends the line, `;` splits commands. */
function words(text: string, start: number, end: number): Word[][] {
  const commands: Word[][] = [[]];
  let cursor = start;
  while (cursor < end) {
    const char = text[cursor];
    if (char === ' ' || char === '\t') {
      cursor++;
      continue;
    }
    if (char === '#') break;
    if (char === ';') {
      commands.push([]);
      cursor++;
      continue;
    }
    if (char === '=') {
      commands[commands.length - 1]!.push({ text: '=', range: { start: cursor, end: cursor + 1 }, inner: { start: cursor, end: cursor + 1 } });
      cursor++;
      continue;
    }
    const wordStart = cursor;
    let value = '';
    let inner: TextRange | undefined;
    while (cursor < end) {
      const c = text[cursor];
      if (c === ' ' || c === '\t' || c === ';' || c === '=' || c === '#') break;
      if (c === '"' || c === "'") {
        const close = findClose(text, cursor, end, c);
        inner ??= { start: cursor + 1, end: close };
        value += text.slice(cursor + 1, close);
        cursor = Math.min(end, close + 1);
        continue;
      }
      if (c === '\\' && cursor + 1 < end) {
        value += text[cursor + 1];
        cursor += 2;
        continue;
      }
      value += c;
      cursor++;
    }
    const range = { start: wordStart, end: cursor };
    commands[commands.length - 1]!.push({ text: value, range, inner: inner && inner.end <= range.end ? inner : range });
  }
  return commands;
}

function findClose(text: string, open: number, end: number, quote: string): number {
  for (let index = open + 1; index < end; index++) {
    if (quote === '"' && text[index] === '\\') {
      index++;
      continue;
    }
    if (text[index] === quote) return index;
  }
  return end;
}

function parseCommandLine(text: string, lineStart: number, contentEnd: number, next: number): MuttSetting[] {
  const found: MuttSetting[] = [];
  const lineRange = { start: lineStart, end: contentEnd };
  const lineWithBreakRange = { start: lineStart, end: next };
  let indentEnd = lineStart;
  while (indentEnd < contentEnd && (text[indentEnd] === ' ' || text[indentEnd] === '\t')) indentEnd++;
  const indent = text.slice(lineStart, indentEnd);
  const commands = words(text, lineStart, contentEnd);
  for (const command of commands) {
    const verb = command[0]?.text;
    if (verb !== 'set' && verb !== 'unset' && verb !== 'reset') continue;
    const items: MuttSetting[] = [];
    for (let index = 1; index < command.length; index++) {
      const word = command[index]!;
      if (word.text === '=') continue;
      let name = word.text.toLowerCase();
      let value = verb === 'set' ? 'yes' : 'no';
      const assigned = command[index + 1]?.text === '=';
      if (verb === 'set' && !assigned && name.startsWith('no') && !KNOWN.has(name)) {
        name = name.slice(2);
        value = 'no';
      }
      if (verb === 'set' && name.startsWith('inv')) continue;
      let innerRange: TextRange = { start: word.range.end, end: word.range.end };
      let hasValue = false;
      let end = word.range.end;
      if (verb === 'set' && command[index + 1]?.text === '=') {
        const valueWord = command[index + 2];
        if (valueWord && valueWord.text !== '=') {
          value = valueWord.text;
          innerRange = valueWord.inner;
          hasValue = true;
          end = valueWord.range.end;
          index += 2;
        } else {
          value = '';
          innerRange = { start: command[index + 1]!.range.end, end: command[index + 1]!.range.end };
          hasValue = true;
          index += 1;
        }
      }
      items.push({ name, nameRange: word.range, value, innerRange, hasValue, range: { start: word.range.start, end }, lineRange, lineWithBreakRange, alone: false, indent });
    }
    const alone = items.length === 1 && commands.filter((other) => other.length > 0).length === 1;
    for (const item of items) found.push(alone ? { ...item, alone } : item);
  }
  return found;
}

const KNOWN = new Set(['noop']);

// ---------------------------------------------------------------------------------------------

const URL_KEYS: readonly { readonly name: string; readonly protocols: readonly Protocol[] }[] = [
  { name: 'smtp_url', protocols: ['smtp'] },
  { name: 'folder', protocols: ['imap', 'pop3'] },
  { name: 'spoolfile', protocols: ['imap', 'pop3'] },
  { name: 'spool_file', protocols: ['imap', 'pop3'] },
];

const SCHEMES: Readonly<Record<string, { protocol: Protocol; implicit: boolean; port: number }>> = {
  smtp: { protocol: 'smtp', implicit: false, port: 25 },
  smtps: { protocol: 'smtp', implicit: true, port: 465 },
  imap: { protocol: 'imap', implicit: false, port: 143 },
  imaps: { protocol: 'imap', implicit: true, port: 993 },
  pop: { protocol: 'pop3', implicit: false, port: 110 },
  pops: { protocol: 'pop3', implicit: true, port: 995 },
};

const yes = (value: string | undefined): boolean | undefined => {
  if (value === undefined) return undefined;
  const word = value.trim().toLowerCase();
  if (word === 'yes' || word === 'ask-yes') return true;
  if (word === 'no' || word === 'ask-no') return false;
  return undefined;
};

export function extractMutt(text: string): MailEndpoint[] {
  if (!/(?:smtps?|imaps?|pops?):\/\//i.test(text)) return [];
  const settings = parseMuttrc(text);
  const last = new Map<string, MuttSetting>();
  for (const setting of settings) last.set(setting.name, setting);
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const endpoints: MailEndpoint[] = [];
  const seen = new Set<string>();
  for (const { name, protocols } of URL_KEYS) {
    const setting = last.get(name);
    if (!setting || !setting.hasValue) continue;
    const url = parseMailUrl(text.slice(setting.innerRange.start, setting.innerRange.end), setting.innerRange.start);
    if (!url) continue;
    const scheme = SCHEMES[url.scheme.text];
    if (!scheme || !protocols.includes(scheme.protocol)) continue;
    // `folder` and `spoolfile` on the same server are one connection.
    const identity = `${url.scheme.text}://${url.host?.text ?? ''}:${url.port?.value ?? ''}`;
    if (seen.has(identity)) continue;
    seen.add(identity);
    // The ssl_verify_* switches are global: reported once, on the first connection.
    endpoints.push(urlEndpoint(text, eol, last, setting, url, scheme, endpoints.length === 0));
  }
  return endpoints;
}

function urlEndpoint(text: string, eol: string, last: ReadonlyMap<string, MuttSetting>, setting: MuttSetting, url: MailUrl, scheme: { protocol: Protocol; implicit: boolean; port: number }, reportCertificate: boolean): MailEndpoint {
  const startTls = last.get('ssl_starttls');
  const force = last.get('ssl_force_tls');
  const startTlsOn = yes(startTls?.value) ?? true;
  const forceOn = force ? yes(force.value) : undefined;
  const schemeText = text.slice(url.scheme.range.start, url.scheme.range.end);
  const flags: TlsFlag[] = [];
  let value: TlsModeSetting;
  let mode: Setting<TlsModeSetting>;
  if (scheme.implicit) {
    value = 'implicit';
    mode = { value, range: url.scheme.range, key: setting.name, origin: 'url' };
    flags.push({ key: setting.name, valueText: `${schemeText}://`, intent: 'implicit', range: url.scheme.range });
  } else if (!startTlsOn && forceOn === false) {
    value = 'none';
    mode = { value, range: startTls!.range, key: 'ssl_starttls', origin: 'literal' };
    flags.push({ key: 'ssl_starttls', valueText: startTls!.value, intent: 'no-tls', range: startTls!.range });
  } else {
    value = 'starttls';
    mode = { value, range: url.scheme.range, key: setting.name, origin: 'url' };
    flags.push({ key: setting.name, valueText: `${schemeText}://`, intent: 'starttls', range: url.scheme.range });
  }
  const port: Setting<number> = url.port
    ? { value: url.port.value, range: url.port.range, key: setting.name, origin: 'url' }
    : { value: scheme.port, range: { start: url.portInsertAt, end: url.portInsertAt }, key: setting.name, origin: 'default' };
  const prefix = scheme.protocol === 'smtp' ? 'smtp' : scheme.protocol === 'imap' ? 'imap' : 'pop';
  const secret = url.passwordRange ?? last.get(`${prefix}_pass`)?.range ?? last.get(`${prefix}_user`)?.range ?? url.user?.range;
  const verifyHost = last.get('ssl_verify_host');
  const verifyDates = last.get('ssl_verify_dates');
  const certOff = reportCertificate ? [verifyHost, verifyDates].find((item) => item !== undefined && yes(item.value) === false) : undefined;

  const setVar = (name: string, newValue: string): TextEdit => {
    const existing = last.get(name);
    if (existing && existing.alone) return { range: existing.lineRange, newText: `${existing.indent}set ${name} = ${newValue}` };
    return { range: { start: setting.lineRange.end, end: setting.lineRange.end }, newText: `${eol}${setting.indent}set ${name} = ${newValue}` };
  };
  const schemeFor = (target: 'implicit' | 'starttls'): string => {
    const base = scheme.protocol === 'smtp' ? 'smtp' : scheme.protocol === 'imap' ? 'imap' : 'pop';
    return target === 'implicit' ? `${base}s` : base;
  };
  const rewrite: EndpointRewriter = {
    setTlsMode(target: TlsMode, options) {
      if (target === 'none') return undefined;
      const edits: TextEdit[] = [];
      if (url.scheme.text !== schemeFor(target)) edits.push({ range: url.scheme.range, newText: schemeFor(target) });
      if (target === 'starttls' && value === 'none' && startTls) edits.push(setVar('ssl_starttls', 'yes'));
      if (target === 'starttls' && options?.enforce && forceOn === false) edits.push(setVar('ssl_force_tls', 'yes'));
      return edits;
    },
    setPort(number) {
      if (url.port) return [{ range: url.port.range, newText: String(number) }];
      return [{ range: { start: url.portInsertAt, end: url.portInsertAt }, newText: `:${number}` }];
    },
    enforceStartTls: () => (forceOn === true ? undefined : [setVar('ssl_force_tls', 'yes')]),
    enableCertificateVerification() {
      if (!certOff) return undefined;
      const edits = [verifyHost, verifyDates].filter((item): item is MuttSetting => item !== undefined && yes(item.value) === false).map((item) => setVar(item.name, 'yes'));
      return edits.length === 2 && edits[0]!.range.start === edits[1]!.range.start ? [edits[0]!] : edits;
    },
  };
  return {
    library: 'mutt',
    format: 'muttrc',
    protocol: scheme.protocol,
    range: setting.lineRange,
    anchor: setting.nameRange,
    ...(url.host ? { host: { value: url.host.text, range: url.host.range, key: setting.name, origin: 'url' as const } } : {}),
    port,
    mode,
    modeExplicit: true,
    tlsFlags: flags,
    // ssl_force_tls is on by default in NeoMutt (and Mutt ≥ 2.0 per its release notes); only an explicit `no` leaves STARTTLS optional.
    starttlsEnforced: value === 'starttls' && forceOn !== false,
    ...(secret ? { credentials: { range: secret } } : {}),
    ...(certOff ? { certificateVerificationOff: { key: certOff.name, range: certOff.range } } : {}),
    reading: {
      note: `(mutt/NeoMutt: ${scheme.protocol === 'smtp' ? 'smtps://' : scheme.protocol === 'imap' ? 'imaps://' : 'pops://'} is implicit TLS; ${scheme.protocol === 'smtp' ? 'smtp://' : scheme.protocol === 'imap' ? 'imap://' : 'pop://'} is plaintext upgraded by STARTTLS (ssl_starttls, default yes).)`,
      certainty: 'certain',
    },
    rewrite,
  };
}
