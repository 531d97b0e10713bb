// sSMTP (`/etc/ssmtp/ssmtp.conf`): `Key=Value` lines read in order, last one wins.
// Semantics (ssmtp.c read_config()/smtp_open(), ssmtp 2.64 as shipped by Debian; ssmtp.conf(5);
// config-matrix.md §11.8):
// - `mailhub=host[:port]` (port 25 by default; sSMTP never picks 465 by itself); `RemotePort=N` too.
// - A switch is on only when its value is `YES` (any case): `UseTLS=true` or `UseTLS=1` is OFF.
// - `UseTLS=YES` alone is implicit TLS from the first byte; `UseSTARTTLS=YES` sets TLS on as well and
//   upgrades with STARTTLS, which it sends whether or not it is offered (so STARTTLS is required).
//   `UseTLS=NO` after them clears both; `UseSTARTTLS=NO` clears only STARTTLS.
// - `AuthUser`/`AuthPass` send credentials (AUTH LOGIN). sSMTP has no switch that turns
//   certificate checks off (2.64 does not check them at all), so none is reported.
import type { EndpointRewriter, Extractor, MailEndpoint, Setting, SourceDocument, TextEdit, TlsFlag, TlsMode, TlsModeSetting } from '../model';
import { LineEdits, parseLines, splitHostPort, type LineEntry } from './parsers/lines';

export const ssmtpExtractor: Extractor = {
  id: 'ssmtp',
  appliesTo: (fileName) => /(?:^|[\\/])ssmtp\.conf$/i.test(fileName),
  filePatterns: ['ssmtp.conf'],
  extract(document: SourceDocument): MailEndpoint[] {
    return extractSsmtp(document.text);
  },
};

/** sSMTP's `strcasecmp(value, "YES")` on the first word of the value. */
const isYes = (entry: LineEntry): boolean => (entry.value.trim().split(/\s+/)[0] ?? '').toLowerCase() === 'yes';

/** `YES` as the file already writes it (`Yes`, `yes`), else `YES`. */
function yesLike(entries: readonly LineEntry[], value: boolean): string {
  const example = entries.map((entry) => entry.value.trim()).find((word) => /^(?:yes|no)$/i.test(word));
  const word = value ? 'yes' : 'no';
  if (!example || example === example.toUpperCase()) return word.toUpperCase();
  if (/^[A-Z]/.test(example)) return word[0]!.toUpperCase() + word.slice(1);
  return word;
}

export function extractSsmtp(text: string): MailEndpoint[] {
  if (!/mailhub/i.test(text)) return [];
  const file = parseLines(text, { separator: 'equals', comments: '#', inlineComments: true });
  const edits = new LineEdits(text, file.eol);
  let hub: LineEntry | undefined;
  let portEntry: LineEntry | undefined;
  let useTls = false;
  let useStartTls = false;
  let tlsDecider: LineEntry | undefined;
  let startDecider: LineEntry | undefined;
  let user: LineEntry | undefined;
  let pass: LineEntry | undefined;
  const tlsLines: LineEntry[] = [];
  const startLines: LineEntry[] = [];
  for (const entry of file.entries) {
    if (entry.bare) continue;
    switch (entry.key.toLowerCase()) {
      case 'mailhub':
        hub = entry;
        if (entry.value.includes(':')) portEntry = entry;
        break;
      case 'remoteport':
        portEntry = entry;
        break;
      case 'usetls':
        tlsLines.push(entry);
        tlsDecider = entry;
        if (isYes(entry)) useTls = true;
        else {
          useTls = false;
          useStartTls = false;
          startDecider = entry;
        }
        break;
      case 'usestarttls':
        startLines.push(entry);
        startDecider = entry;
        if (isYes(entry)) {
          useStartTls = true;
          useTls = true;
          tlsDecider = entry;
        } else useStartTls = false;
        break;
      case 'authuser':
        user ??= entry;
        break;
      case 'authpass':
        pass ??= entry;
        break;
    }
  }
  if (!hub) return [];
  const hubValue = hub.value.trim().split(/\s+/)[0] ?? '';
  if (hubValue === '' || hubValue.includes('$')) return [];
  const offset = hub.innerRange.start + (hub.value.length - hub.value.trimStart().length);
  const parts = splitHostPort(hubValue, offset);
  if (!parts.host) return [];

  let port: Setting<number> | undefined;
  if (portEntry && portEntry !== hub) {
    const number = Number.parseInt(portEntry.value.trim(), 10);
    if (number >= 1 && number <= 65535) port = { value: number, range: portEntry.innerRange, key: portEntry.key, origin: 'literal' };
  } else if (parts.port) {
    if (parts.port.value !== undefined) port = { value: parts.port.value, range: parts.port.range, key: hub.key, origin: 'literal' };
  } else port = { value: 25, range: { start: parts.host.range.end, end: parts.host.range.end }, key: hub.key, origin: 'default' };

  const flag = (entry: LineEntry, intent: TlsFlag['intent']): TlsFlag => ({ key: entry.key, valueText: entry.value.trim(), intent, range: edits.span(entry), removal: edits.removeLine(entry) });
  const flags: TlsFlag[] = [];
  let value: TlsModeSetting;
  let decider: LineEntry | undefined;
  if (useTls && useStartTls) {
    value = 'starttls';
    decider = startDecider;
    if (startDecider) flags.push(flag(startDecider, 'starttls-required'));
  } else if (useTls) {
    value = 'implicit';
    decider = tlsDecider;
    if (tlsDecider) flags.push(flag(tlsDecider, 'implicit'));
  } else {
    value = 'none';
    decider = [tlsDecider, startDecider].filter((entry): entry is LineEntry => entry !== undefined).sort((a, b) => b.keyRange.start - a.keyRange.start)[0];
    if (decider) flags.push(flag(decider, 'no-tls'));
  }
  const mode: Setting<TlsModeSetting> = decider
    ? { value, range: decider.innerRange, key: decider.key, origin: 'literal' }
    : { value, range: hub.innerRange, key: 'UseTLS', origin: 'default' };

  const all = [...tlsLines, ...startLines];
  const yes = yesLike(all, true);
  /** Keeps one line of a key set to `newValue` (the last one), removes the others, or adds it after mailhub. */
  const keep = (lines: readonly LineEntry[], key: string, newValue: string, out: TextEdit[], added: string[]): void => {
    const last = lines[lines.length - 1];
    for (const line of lines) if (line !== last) out.push(edits.removeLine(line));
    if (!last) added.push(`${key}=${newValue}`);
    else if (last.value.trim() !== newValue) out.push(edits.setValue(last, newValue));
  };
  const finish = (out: TextEdit[], added: string[]): TextEdit[] => (added.length > 0 ? [...out, edits.insertAfter(hub!, added)] : out);
  const rewrite: EndpointRewriter = {
    setTlsMode(target: TlsMode) {
      if (target === 'none') return undefined;
      const out: TextEdit[] = [];
      const added: string[] = [];
      keep(tlsLines, 'UseTLS', yes, out, added);
      if (target === 'implicit') for (const line of startLines) out.push(edits.removeLine(line));
      else keep(startLines, 'UseSTARTTLS', yes, out, added);
      return finish(out, added);
    },
    setPort(number) {
      if (port?.origin === 'literal') return [{ range: port.range, newText: String(number) }];
      return [{ range: { start: parts.host!.range.end, end: parts.host!.range.end }, newText: `:${number}` }];
    },
  };
  const lines = [hub, ...all, ...(portEntry ? [portEntry] : []), ...(user ? [user] : []), ...(pass ? [pass] : [])];
  const credentials = user && user.value.trim() !== '' ? { range: edits.span(user) } : undefined;
  return [
    {
      library: 'ssmtp',
      format: 'ssmtp-conf',
      protocol: 'smtp',
      range: { start: Math.min(...lines.map((entry) => entry.lineRange.start)), end: Math.max(...lines.map((entry) => entry.lineRange.end)) },
      anchor: hub.keyRange,
      host: { value: parts.host.value, range: parts.host.range, key: hub.key, origin: 'literal' },
      ...(port ? { port } : {}),
      mode,
      modeExplicit: decider !== undefined,
      tlsFlags: flags,
      starttlsEnforced: value === 'starttls',
      ...(credentials ? { credentials } : {}),
      reading: {
        note: '(sSMTP: UseTLS=YES alone is implicit TLS, UseSTARTTLS=YES is STARTTLS (required); only the value YES switches them on — true or 1 is read as NO; the port in mailhub defaults to 25.)',
        certainty: 'certain',
      },
      rewrite,
    },
  ];
}
