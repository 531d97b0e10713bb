// Thunderbird autoconfig / ISPDB (`config-v1.1.xml`, served at autoconfig.<domain>/mail/ and kept in
// repositories as `*.autoconfig.xml`): `<clientConfig><emailProvider>` with `<incomingServer type="imap|pop3">`
// and `<outgoingServer type="smtp">`, each with `<hostname>`, `<port>`, `<socketType>`.
// Semantics (thunderbird-desktop mail/components/accountcreation readFromXML.sys.mjs; anchors.md A.6):
// - `socketType` is `SSL` (implicit TLS), `STARTTLS` (Thunderbird's "always STARTTLS": required) or
//   `plain` (no TLS); anything else is rejected by Thunderbird ("need proper <socketType> in XML").
// - `<authentication>` other than `none`/`client-IP-address` means a password is sent.
// A small exact-range element scan: comments are blanked first so offsets stay those of the file.
import type { EndpointRewriter, Extractor, MailEndpoint, Protocol, Setting, SourceDocument, TextRange, TlsFlag, TlsMode, TlsModeSetting } from '../model';

export const thunderbirdAutoconfigExtractor: Extractor = {
  id: 'thunderbird-autoconfig',
  appliesTo: (fileName) => /(?:^|[\\/])(?:config-v1\.1\.xml|[^\\/]*\.autoconfig\.xml|autoconfig\.xml)$/i.test(fileName),
  filePatterns: ['config-v1.1.xml', '*.autoconfig.xml', 'autoconfig.xml'],
  extract(document: SourceDocument): MailEndpoint[] {
    return extractThunderbirdAutoconfig(document.text);
  },
};

interface Element {
  readonly value: string;
  /** The trimmed text inside the element. */
  readonly range: TextRange;
  /** From `<name>` to `</name>`. */
  readonly whole: TextRange;
}

const SOCKET: Readonly<Record<string, TlsMode>> = { ssl: 'implicit', starttls: 'starttls', plain: 'none' };
const WRITTEN: Readonly<Record<TlsMode, string>> = { implicit: 'SSL', starttls: 'STARTTLS', none: 'plain' };

function blankComments(text: string): string {
  return text.replace(/<!--[\s\S]*?(?:-->|$)/g, (comment) => comment.replace(/[^\r\n]/g, ' '));
}

function element(text: string, from: number, to: number, name: string): Element | undefined {
  const pattern = new RegExp(`<${name}(?:\\s[^>]*)?>([^<]*)</${name}\\s*>`, 'g');
  pattern.lastIndex = from;
  const match = pattern.exec(text);
  if (!match || match.index + match[0].length > to) return undefined;
  const raw = match[1] ?? '';
  const innerStart = match.index + match[0].indexOf('>') + 1;
  const lead = raw.length - raw.trimStart().length;
  const value = raw.trim();
  return { value, range: { start: innerStart + lead, end: innerStart + lead + value.length }, whole: { start: match.index, end: match.index + match[0].length } };
}

export function extractThunderbirdAutoconfig(source: string): MailEndpoint[] {
  if (!/<clientConfig\b/i.test(source) || !/Server\b/.test(source)) return [];
  const text = blankComments(source);
  const endpoints: MailEndpoint[] = [];
  const server = /<(incomingServer|outgoingServer)\b([^>]*)>/g;
  for (let match = server.exec(text); match; match = server.exec(text)) {
    const tag = match[1]!;
    const close = text.indexOf(`</${tag}`, server.lastIndex);
    if (close < 0) continue;
    const start = match.index;
    const bodyStart = server.lastIndex;
    const typeMatch = /\btype\s*=\s*["']([^"']*)["']/.exec(match[2] ?? '');
    const type = typeMatch?.[1]?.toLowerCase() ?? '';
    const protocol: Protocol | undefined = tag === 'outgoingServer' ? (type === 'smtp' ? 'smtp' : undefined) : type === 'imap' ? 'imap' : type === 'pop3' ? 'pop3' : undefined;
    if (!protocol) continue;
    const hostname = element(text, bodyStart, close, 'hostname');
    const portElement = element(text, bodyStart, close, 'port');
    const socket = element(text, bodyStart, close, 'socketType');
    if (!hostname || hostname.value === '') continue;
    const end = text.indexOf('>', close) + 1 || close;

    const written = socket ? SOCKET[socket.value.toLowerCase()] : undefined;
    const value: TlsModeSetting = socket ? (written ?? 'unknown') : 'unknown';
    const flags: TlsFlag[] = [];
    if (socket && written) flags.push({ key: 'socketType', valueText: socket.value, intent: written === 'implicit' ? 'implicit' : written === 'starttls' ? 'starttls-required' : 'no-tls', range: socket.whole });
    const mode: Setting<TlsModeSetting> = socket ? { value, range: socket.range, key: 'socketType', origin: 'literal' } : { value, range: hostname.range, key: 'socketType', origin: 'default' };
    const portNumber = portElement && /^\d{1,5}$/.test(portElement.value) ? Number(portElement.value) : undefined;
    const port: Setting<number> | undefined = portElement && portNumber !== undefined && portNumber >= 1 && portNumber <= 65535 ? { value: portNumber, range: portElement.range, key: 'port', origin: 'literal' } : undefined;

    let credentials: { range: TextRange } | undefined;
    const authPattern = /<authentication(?:\s[^>]*)?>([^<]*)<\/authentication\s*>/g;
    authPattern.lastIndex = bodyStart;
    for (let auth = authPattern.exec(text); auth && auth.index < close; auth = authPattern.exec(text)) {
      const word = (auth[1] ?? '').trim().toLowerCase();
      if (word !== '' && word !== 'none' && word !== 'client-ip-address') {
        credentials = { range: { start: auth.index, end: auth.index + auth[0].length } };
        break;
      }
    }
    const rewrite: EndpointRewriter = {
      setTlsMode: (target) => (socket ? [{ range: socket.range, newText: WRITTEN[target] }] : undefined),
      setPort: (number) => (portElement ? [{ range: portElement.range, newText: String(number) }] : undefined),
    };
    endpoints.push({
      library: 'thunderbird',
      format: 'thunderbird-autoconfig',
      protocol,
      range: { start, end: Math.max(end, start) },
      anchor: { start: start + 1, end: start + 1 + tag.length },
      host: { value: hostname.value, range: hostname.range, key: 'hostname', origin: 'literal' },
      ...(port ? { port } : {}),
      mode,
      modeExplicit: socket !== undefined,
      tlsFlags: flags,
      starttlsEnforced: value === 'starttls',
      ...(credentials ? { credentials } : {}),
      reading: { note: '(Thunderbird autoconfig: socketType SSL is implicit TLS, STARTTLS upgrades and fails without it, plain sends everything in clear text.)', certainty: 'certain' },
      rewrite,
    });
  }
  return endpoints;
}
