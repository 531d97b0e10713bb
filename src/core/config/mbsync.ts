// isync / mbsync (`~/.mbsyncrc`, `mbsyncrc`, `isyncrc`): sections of `Keyword value` lines.
// Semantics (isync src/mbsync.1, src/drv_imap.c; config-matrix.md §11.3):
// - An `IMAPAccount name` section (or an `IMAPStore` carrying the account options itself) has
//   `Host`, `Port`, `User`, `Pass`/`PassCmd`, and `SSLType` (renamed `TLSType` in newer isync, the
//   old name still read) `None|STARTTLS|IMAPS`, keywords and values case-insensitive.
// - The TLS type defaults to STARTTLS (None with `Tunnel`); STARTTLS is required, not opportunistic:
//   mbsync stops when the server does not offer it. Port defaults to 993 for IMAPS, else 143.
// - isync 1.0–1.2's `UseIMAPS yes` means IMAPS when no SSLType is given.
// - A `Tunnel` command replaces the network connection: nothing to judge.
// - `CertificateFile` adds trusted certificates; no option switches verification off.
import type { EndpointRewriter, Extractor, MailEndpoint, Setting, SourceDocument, TextEdit, TlsFlag, TlsMode, TlsModeSetting } from '../model';
import { lineBool, LineEdits, linePort, parseLines, type LineEntry } from './parsers/lines';

export const mbsyncExtractor: Extractor = {
  id: 'mbsync',
  appliesTo: (fileName) => /(?:^|[\\/])(?:\.?mbsyncrc|\.?isyncrc|[^\\/]*\.mbsyncrc)$/i.test(fileName),
  filePatterns: ['.mbsyncrc', 'mbsyncrc', '*.mbsyncrc', '.isyncrc', 'isyncrc'],
  extract(document: SourceDocument): MailEndpoint[] {
    return extractMbsync(document.text);
  },
};

const SECTION_KEYS = new Set(['imapaccount', 'imapstore', 'maildirstore', 'channel', 'group', 'mailboxstore']);
const TLS_VALUES: Readonly<Record<string, TlsMode>> = { imaps: 'implicit', starttls: 'starttls', none: 'none' };
const WRITTEN: Readonly<Record<TlsMode, string>> = { implicit: 'IMAPS', starttls: 'STARTTLS', none: 'None' };

interface Section {
  readonly kind: string;
  readonly header: LineEntry;
  readonly keys: Map<string, LineEntry>;
  readonly entries: LineEntry[];
}

export function extractMbsync(text: string): MailEndpoint[] {
  if (!/imap(?:account|store)/i.test(text)) return [];
  const file = parseLines(text, { separator: 'space', comments: '#' });
  const edits = new LineEdits(text, file.eol);
  const sections: Section[] = [];
  let current: Section | undefined;
  for (const entry of file.entries) {
    const key = entry.key.toLowerCase();
    if (SECTION_KEYS.has(key)) {
      current = { kind: key, header: entry, keys: new Map(), entries: [] };
      sections.push(current);
      continue;
    }
    if (!current) continue;
    current.keys.set(key, entry);
    current.entries.push(entry);
  }
  const usesTlsType = file.entries.some((entry) => entry.key.toLowerCase() === 'tlstype');
  const endpoints: MailEndpoint[] = [];
  for (const section of sections) {
    if (section.kind !== 'imapaccount' && section.kind !== 'imapstore') continue;
    const endpoint = sectionEndpoint(edits, section, usesTlsType);
    if (endpoint) endpoints.push(endpoint);
  }
  return endpoints;
}

function sectionEndpoint(edits: LineEdits, section: Section, usesTlsType: boolean): MailEndpoint | undefined {
  const keys = section.keys;
  const hostEntry = keys.get('host');
  if (!hostEntry || hostEntry.bare || keys.has('tunnel')) return undefined;
  const hostValue = hostEntry.value.trim();
  if (hostValue === '') return undefined;
  const typeEntry = keys.get('tlstype') ?? keys.get('ssltype');
  const legacy = keys.get('useimaps');
  const flags: TlsFlag[] = [];
  const flag = (entry: LineEntry, intent: TlsFlag['intent']): TlsFlag => ({ key: entry.key, valueText: entry.value.trim(), intent, range: edits.span(entry), removal: edits.removeLine(entry) });
  let value: TlsModeSetting;
  let decider: LineEntry | undefined;
  if (typeEntry && !typeEntry.bare) {
    const written = TLS_VALUES[typeEntry.value.trim().toLowerCase()];
    value = written ?? 'unknown';
    decider = typeEntry;
    if (written) flags.push(flag(typeEntry, written === 'implicit' ? 'implicit' : written === 'starttls' ? 'starttls-required' : 'no-tls'));
  } else if (legacy && lineBool(legacy.value) === true) {
    value = 'implicit';
    decider = legacy;
    flags.push(flag(legacy, 'implicit'));
  } else value = 'starttls';
  const mode: Setting<TlsModeSetting> = decider
    ? { value, range: decider.innerRange, key: decider.key, origin: 'literal' }
    : { value, range: hostEntry.innerRange, key: 'SSLType', origin: 'default' };

  const portEntry = keys.get('port');
  let port: Setting<number> | undefined;
  if (portEntry) {
    const number = linePort(portEntry.value);
    if (number !== undefined) port = { value: number, range: portEntry.innerRange, key: portEntry.key, origin: 'literal' };
  } else if (value !== 'unknown') port = { value: value === 'implicit' ? 993 : 143, range: { start: hostEntry.valueRange.end, end: hostEntry.valueRange.end }, key: 'Port', origin: 'default' };

  const credentialsEntry = keys.get('pass') ?? keys.get('passcmd') ?? keys.get('user');
  const typeKey = typeEntry?.key ?? (usesTlsType ? 'TLSType' : 'SSLType');
  const set = (key: string, newValue: string): TextEdit[] => {
    const own = keys.get(key.toLowerCase());
    if (own) return own.value.trim() === newValue ? [] : [edits.setValue(own, own.bare ? ` ${newValue}` : newValue)];
    return [edits.insertAfter(keys.get('port') ?? hostEntry, [`${key} ${newValue}`])];
  };
  const rewrite: EndpointRewriter = {
    setTlsMode(target: TlsMode) {
      const result = set(typeKey, WRITTEN[target]);
      if (!typeEntry && legacy && target !== 'implicit') result.push(edits.removeLine(legacy));
      return result;
    },
    setPort: (number) => set('Port', String(number)),
  };
  const lines = [section.header, ...section.entries];
  return {
    library: 'mbsync',
    format: 'mbsyncrc',
    protocol: 'imap',
    range: { start: Math.min(...lines.map((entry) => entry.lineRange.start)), end: Math.max(...lines.map((entry) => entry.lineRange.end)) },
    anchor: section.header.keyRange,
    host: { value: hostValue, range: hostEntry.innerRange, key: hostEntry.key, origin: 'literal' },
    ...(port ? { port } : {}),
    mode,
    modeExplicit: decider !== undefined,
    tlsFlags: flags,
    starttlsEnforced: value === 'starttls',
    ...(credentialsEntry && !credentialsEntry.bare ? { credentials: { range: edits.span(credentialsEntry) } } : {}),
    reading: {
      note: `(mbsync${section.header.value.trim() ? ` ${section.header.key} ${section.header.value.trim()}` : ''}: SSLType/TLSType IMAPS is implicit TLS (port 993 by default), STARTTLS — the default — upgrades port 143 and fails without it, None is plaintext.)`,
      certainty: 'certain',
    },
    rewrite,
  };
}
