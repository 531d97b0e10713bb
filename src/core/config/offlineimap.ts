// OfflineIMAP (`~/.offlineimaprc`, `offlineimaprc`, `offlineimap.conf`): INI sections
// `[Repository Name]` with `type = IMAP` (or `Gmail`).
// Semantics (OfflineIMAP/offlineimap3 offlineimap/repository/IMAP.py, Gmail.py, imapserver.py,
// offlineimap.conf; config-matrix.md §11.4):
// - `ssl` is implicit TLS; `getconfboolean('ssl', True)`: it defaults to YES in OfflineIMAP 7 and
//   offlineimap3 — but defaulted to no in OfflineIMAP 6.x. The default therefore is a reading.
// - With `ssl = no`, `starttls` (default yes) upgrades when the server offers STARTTLS and goes on in
//   plaintext otherwise; `starttls = no` is plaintext.
// - `remoteport` unset: imaplib's default, 993 with ssl, 143 without. `remoteporteval`/`remotehosteval`
//   are Python expressions: not visible here.
// - `type = Gmail`: host imap.gmail.com, port 993, ssl yes by default in every version.
// - `remoteuser(eval)`, `remotepass(eval|file)` send credentials. No option turns verification off.
import type { EndpointRewriter, Extractor, MailEndpoint, Setting, SourceDocument, TlsFlag, TlsMode, TlsModeSetting } from '../model';
import { IniWriter, iniSections } from './parsers/iniHelpers';
import { boolLike, lineBool, LineEdits, linePort, parseLines, type LineEntry } from './parsers/lines';

export const offlineimapExtractor: Extractor = {
  id: 'offlineimap',
  appliesTo: (fileName) => /(?:^|[\\/])(?:\.?offlineimaprc|offlineimap\.conf|[^\\/]*\.offlineimaprc)$/i.test(fileName),
  filePatterns: ['.offlineimaprc', 'offlineimaprc', '*.offlineimaprc', 'offlineimap.conf'],
  extract(document: SourceDocument): MailEndpoint[] {
    return extractOfflineimap(document.text);
  },
};

export function extractOfflineimap(text: string): MailEndpoint[] {
  if (!/\[\s*repository/i.test(text)) return [];
  const file = parseLines(text, { separator: 'equals', comments: '#;', sections: true });
  const edits = new LineEdits(text, file.eol);
  const endpoints: MailEndpoint[] = [];
  for (const section of iniSections(file, (name) => /^repository\s/.test(name))) {
    const keys = section.keys;
    const type = keys.get('type')?.value.trim().toLowerCase();
    if (type !== 'imap' && type !== 'gmail') continue;
    const gmail = type === 'gmail';
    if (keys.has('preauthtunnel') || keys.has('transporttunnel')) continue;
    const hostEntry = keys.get('remotehost');
    if (!hostEntry && (!gmail || keys.has('remotehosteval'))) continue;
    const hostValue = hostEntry?.value.trim() ?? 'imap.gmail.com';
    if (hostValue === '' || hostValue.includes('%(')) continue;
    const anchorEntry = keys.get('type')!;

    const sslEntry = keys.get('ssl');
    const startEntry = keys.get('starttls');
    const sslWritten = sslEntry ? lineBool(sslEntry.value) : undefined;
    const ssl = sslEntry ? sslWritten : true;
    const starttls = startEntry ? lineBool(startEntry.value) : true;
    const flags: TlsFlag[] = [];
    const flag = (entry: LineEntry, intent: TlsFlag['intent']): TlsFlag => ({ key: entry.key, valueText: entry.value.trim(), intent, range: edits.span(entry), removal: edits.removeLine(entry) });
    let value: TlsModeSetting;
    let decider: LineEntry | undefined;
    if (ssl === undefined) {
      value = 'unknown';
      decider = sslEntry;
    } else if (ssl) {
      value = 'implicit';
      decider = sslEntry;
      if (sslEntry) flags.push(flag(sslEntry, 'implicit'));
    } else if (starttls === undefined) {
      value = 'unknown';
      decider = startEntry;
    } else if (starttls) {
      value = 'starttls';
      decider = startEntry ?? sslEntry;
      if (startEntry) flags.push(flag(startEntry, 'starttls'));
    } else {
      value = 'none';
      decider = startEntry;
      if (startEntry) flags.push(flag(startEntry, 'no-tls'));
    }
    const anchorRange = (hostEntry ?? anchorEntry).innerRange;
    const mode: Setting<TlsModeSetting> = decider
      ? { value, range: decider.innerRange, key: decider.key, origin: 'literal' }
      : { value, range: anchorRange, key: 'ssl', origin: 'default' };

    const portEntry = keys.get('remoteport');
    let port: Setting<number> | undefined;
    if (portEntry) {
      const number = linePort(portEntry.value);
      if (number !== undefined) port = { value: number, range: portEntry.innerRange, key: portEntry.key, origin: 'literal' };
    } else if (!keys.has('remoteporteval') && (value === 'implicit' || value === 'starttls' || value === 'none')) {
      port = { value: value === 'implicit' ? 993 : 143, range: { start: anchorRange.end, end: anchorRange.end }, key: 'remoteport', origin: 'default' };
    }

    const credentialsEntry = ['remotepass', 'remotepasseval', 'remotepassfile', 'remoteuser', 'remoteusereval'].map((key) => keys.get(key)).find((entry) => entry !== undefined && entry.value.trim() !== '');
    const after = portEntry ?? hostEntry ?? anchorEntry;
    const example = sslEntry?.value ?? startEntry?.value;
    const writer = (): IniWriter => new IniWriter(edits, keys, after);
    const rewrite: EndpointRewriter = {
      setTlsMode(target: TlsMode) {
        const yes = boolLike(true, example, 'yes');
        const no = boolLike(false, example, 'yes');
        if (target === 'implicit') return writer().set('ssl', yes).result();
        if (target === 'starttls') {
          const result = writer().set('ssl', no);
          if (startEntry && starttls !== true) result.set('starttls', yes);
          return result.result();
        }
        return writer().set('ssl', no).set('starttls', no).result();
      },
      setPort: (number) => writer().set('remoteport', String(number)).result(),
    };
    // Relying on `ssl`'s default is the version-dependent reading.
    const byDefault = !sslEntry && !gmail;
    endpoints.push({
      library: 'offlineimap',
      format: 'offlineimaprc',
      protocol: 'imap',
      range: { start: Math.min(...section.entries.map((entry) => entry.lineRange.start)), end: Math.max(...section.entries.map((entry) => entry.lineRange.end)) },
      anchor: anchorEntry.keyRange,
      host: { value: hostValue, range: hostEntry?.innerRange ?? anchorEntry.innerRange, key: hostEntry?.key ?? 'type', origin: hostEntry ? 'literal' : 'preset' },
      ...(port ? { port } : {}),
      mode,
      modeExplicit: decider !== undefined,
      tlsFlags: flags,
      starttlsEnforced: false,
      ...(credentialsEntry ? { credentials: { range: edits.span(credentialsEntry) } } : {}),
      reading: {
        note: byDefault
          ? '(OfflineIMAP: ssl is not set, read with the default of OfflineIMAP 7 and offlineimap3, ssl = yes — implicit TLS, port 993 unless remoteport says otherwise; OfflineIMAP 6.x defaulted to ssl = no.)'
          : '(OfflineIMAP: ssl = yes is implicit TLS (port 993 by default); ssl = no with starttls = yes (the default) upgrades port 143 when the server offers STARTTLS; starttls = no is plaintext.)',
        certainty: byDefault ? 'inferred' : 'certain',
      },
      rewrite,
    });
  }
  return endpoints;
}
