// fetchmail (`~/.fetchmailrc`, `fetchmailrc`): free-form `poll host protocol IMAP port 993 user … ssl`
// entries. Semantics (fetchmail(1) "The run control file", rcfile_y.y; config-matrix.md §11.5):
// - an entry starts with `poll`, `skip` or `server`; `defaults` sets options for the entries after it;
//   `and with has wants options here there is` and `, ; :` are noise.
// - `ssl` is implicit TLS (default port 993/995); without it fetchmail upgrades with STARTTLS when
//   the server offers it, and (fetchmail ≥ 6.4.2) any `sslproto` value makes STARTTLS required.
// - `port`/`service` picks the port (default 143 IMAP / 110 POP3); `protocol auto` (the default)
//   tries IMAP then POP3, so the port tells which one is meant.
// - `no sslcertck` switches certificate checks off (on by default since 6.4).
// - `user`/`username`, `pass`/`password` send credentials.
import type { EndpointRewriter, Extractor, MailEndpoint, Protocol, Setting, SourceDocument, TextEdit, TextRange, TlsFlag, TlsMode, TlsModeSetting } from '../model';

export const fetchmailExtractor: Extractor = {
  id: 'fetchmail',
  appliesTo: (fileName) => /(?:^|[\\/])(?:\.?fetchmailrc|[^\\/]*\.fetchmailrc)$/i.test(fileName),
  filePatterns: ['.fetchmailrc', 'fetchmailrc', '*.fetchmailrc'],
  extract(document: SourceDocument): MailEndpoint[] {
    return extractFetchmail(document.text);
  },
};

interface Token {
  /** Unquoted text (escapes not decoded). */
  readonly text: string;
  readonly range: TextRange;
  /** Inside the quotes. */
  readonly inner: TextRange;
}

export function tokenizeFetchmail(text: string): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  while (index < text.length) {
    const char = text[index]!;
    if (/[\s,;:]/.test(char)) {
      index++;
      continue;
    }
    if (char === '#') {
      while (index < text.length && text[index] !== '\n' && text[index] !== '\r') index++;
      continue;
    }
    const start = index;
    if (char === '"' || char === "'") {
      index++;
      while (index < text.length && text[index] !== char && text[index] !== '\n') index += text[index] === '\\' ? 2 : 1;
      const closed = index < text.length && text[index] === char;
      const end = Math.min(text.length, closed ? index + 1 : index);
      const innerEnd = Math.min(index, text.length);
      tokens.push({ text: text.slice(start + 1, innerEnd), range: { start, end }, inner: { start: start + 1, end: innerEnd } });
      index = end;
      continue;
    }
    while (index < text.length && !/[\s,;:#"']/.test(text[index]!)) index++;
    tokens.push({ text: text.slice(start, index), range: { start, end: index }, inner: { start, end: index } });
  }
  return tokens;
}

const NOISE = new Set(['and', 'with', 'has', 'wants', 'options', 'here', 'there']);
const STARTS = new Set(['poll', 'skip', 'server', 'defaults']);
/** Keywords followed by one argument (so the argument is not read as a keyword). */
const ONE_ARG = new Set([
  'via', 'protocol', 'proto', 'port', 'service', 'user', 'username', 'pass', 'password', 'sslproto', 'sslcertfile', 'sslcertpath', 'sslfingerprint', 'sslkey', 'sslcert',
  'sslcommonname', 'is', 'to', 'folder', 'smtphost', 'smtpname', 'mda', 'bsmtp', 'lmtp', 'preconnect', 'postconnect', 'plugin', 'plugout', 'principal', 'auth', 'authenticate',
  'timeout', 'interval', 'envelope', 'qvirtual', 'interface', 'monitor', 'limit', 'warnings', 'batchlimit', 'fetchlimit', 'fetchsizelimit', 'fastuidl', 'expunge', 'properties',
  'smtpaddress', 'badheader', 'retrieveerror',
]);

interface Options {
  host?: Token;
  protocol?: Token;
  port?: Token;
  user?: Token;
  ssl?: Token;
  sslproto?: Token;
  /** `no sslcertck`: the `no` token and the keyword. */
  certOff?: { no: Token; key: Token };
  last?: Token;
}

const PORT_NAMES: Readonly<Record<string, number>> = { imap: 143, imap2: 143, imaps: 993, pop3: 110, pop3s: 995, 'pop-3': 110 };

export function extractFetchmail(text: string): MailEndpoint[] {
  if (!/\b(?:poll|server|skip)\b/i.test(text)) return [];
  const tokens = tokenizeFetchmail(text);
  const entries: { start: Token; options: Options; defaults: Options }[] = [];
  let defaults: Options = {};
  let current: { start: Token; options: Options; defaults: Options } | undefined;
  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index]!;
    const word = token.text.toLowerCase();
    if (token.range.end - token.range.start === token.text.length && STARTS.has(word)) {
      if (current && current.start.text.toLowerCase() === 'defaults') defaults = current.options;
      current = { start: token, options: {}, defaults };
      if (word !== 'defaults') {
        entries.push(current);
        const host = tokens[index + 1];
        if (host && !STARTS.has(host.text.toLowerCase())) {
          current.options.host = host;
          current.options.last = host;
          index++;
        }
      }
      continue;
    }
    if (!current || NOISE.has(word)) continue;
    const options = current.options;
    options.last = token;
    if (word === 'no') {
      const next = tokens[index + 1];
      if (next?.text.toLowerCase() === 'sslcertck') {
        options.certOff = { no: token, key: next };
        options.last = next;
        index++;
      } else if (next && !ONE_ARG.has(next.text.toLowerCase())) index++;
      continue;
    }
    if (word === 'ssl') {
      options.ssl = token;
      continue;
    }
    if (word === 'sslcertck') {
      delete options.certOff;
      continue;
    }
    if (ONE_ARG.has(word)) {
      const argument = tokens[index + 1];
      if (!argument) continue;
      index++;
      options.last = argument;
      if (word === 'protocol' || word === 'proto') options.protocol = argument;
      else if (word === 'port' || word === 'service') options.port = argument;
      else if (word === 'user' || word === 'username' || word === 'pass' || word === 'password') options.user ??= token;
      else if (word === 'sslproto') options.sslproto = argument;
    }
  }
  const endpoints: MailEndpoint[] = [];
  for (const entry of entries) {
    const endpoint = entryEndpoint(text, entry.start, entry.options, entry.defaults);
    if (endpoint) endpoints.push(endpoint);
  }
  return endpoints;
}

function entryEndpoint(text: string, start: Token, own: Options, defaults: Options): MailEndpoint | undefined {
  const host = own.host;
  if (!host || host.text === '') return undefined;
  const pick = <K extends keyof Options>(key: K): Options[K] => own[key] ?? defaults[key];
  const protocolToken = pick('protocol');
  const portToken = pick('port');
  const ssl = pick('ssl');
  const sslproto = pick('sslproto');
  const certOff = own.certOff ?? defaults.certOff;
  const portNumber = portToken ? (/^\d{1,5}$/.test(portToken.text) ? Number(portToken.text) : PORT_NAMES[portToken.text.toLowerCase()]) : undefined;
  const protocolWord = protocolToken?.text.toLowerCase() ?? 'auto';
  let protocol: Protocol | undefined;
  if (protocolWord.startsWith('imap')) protocol = 'imap';
  else if (['pop3', 'apop', 'rpop', 'kpop', 'sdps', 'pop3s'].includes(protocolWord)) protocol = 'pop3';
  else if (protocolWord === 'auto') protocol = portNumber === 110 || portNumber === 995 ? 'pop3' : portNumber === 143 || portNumber === 993 ? 'imap' : undefined;
  if (!protocol) return undefined;

  const flags: TlsFlag[] = [];
  const removal = (token: Token): TextEdit => ({ range: tokenWithSpace(text, token.range), newText: '' });
  let value: TlsModeSetting;
  let enforced = false;
  let decider: Token | undefined;
  if (ssl) {
    value = 'implicit';
    decider = ssl;
    flags.push({ key: 'ssl', valueText: '', intent: 'implicit', range: ssl.range, removal: removal(ssl) });
  } else if (sslproto) {
    decider = sslproto;
    if (sslproto.text.trim() === '') value = 'unknown';
    else {
      value = 'starttls';
      enforced = true;
      flags.push({ key: 'sslproto', valueText: ` ${sslproto.text}`, intent: 'starttls-required', range: sslproto.range });
    }
  } else value = 'starttls';
  const mode: Setting<TlsModeSetting> = decider
    ? { value, range: decider.inner, key: decider === ssl ? 'ssl' : 'sslproto', origin: 'literal' }
    : { value, range: host.inner, key: 'ssl', origin: 'default' };
  let port: Setting<number> | undefined;
  if (portToken) {
    if (portNumber !== undefined && portNumber >= 1 && portNumber <= 65535) port = { value: portNumber, range: portToken.inner, key: 'port', origin: 'literal' };
  } else if (value !== 'unknown') {
    const implicit = value === 'implicit';
    port = { value: protocol === 'imap' ? (implicit ? 993 : 143) : implicit ? 995 : 110, range: { start: host.range.end, end: host.range.end }, key: 'port', origin: 'default' };
  }
  const insertAt = (own.port ?? own.protocol ?? host).range.end;
  const rewrite: EndpointRewriter = {
    setTlsMode(target: TlsMode, options) {
      if (target === 'none') return undefined;
      if (target === 'implicit') return ssl ? [] : [{ range: { start: insertAt, end: insertAt }, newText: ' ssl' }];
      const result: TextEdit[] = [];
      if (ssl) {
        if (ssl !== own.ssl) return undefined; // set in `defaults`: shared by other entries
        result.push(removal(ssl));
      }
      if (options?.enforce && !sslproto) result.push({ range: { start: insertAt, end: insertAt }, newText: " sslproto 'tls1.2+'" });
      return result;
    },
    setPort(number) {
      if (portToken && portToken === own.port) return [{ range: portToken.range, newText: String(number) }];
      return [{ range: { start: insertAt, end: insertAt }, newText: ` port ${number}` }];
    },
    enforceStartTls: () => (sslproto ? undefined : [{ range: { start: insertAt, end: insertAt }, newText: " sslproto 'tls1.2+'" }]),
    enableCertificateVerification: () => (certOff && certOff === own.certOff ? [{ range: tokenWithSpace(text, certOff.no.range), newText: '' }] : undefined),
  };
  const endToken = own.last ?? host;
  return {
    library: 'fetchmail',
    format: 'fetchmailrc',
    protocol,
    range: { start: start.range.start, end: endToken.range.end },
    anchor: start.range,
    host: { value: host.text, range: host.inner, key: 'poll', origin: 'literal' },
    ...(port ? { port } : {}),
    mode,
    modeExplicit: decider !== undefined,
    tlsFlags: flags,
    starttlsEnforced: enforced,
    ...(own.user ?? defaults.user ? { credentials: { range: (own.user ?? defaults.user)!.range } } : {}),
    ...(certOff ? { certificateVerificationOff: { key: 'no sslcertck', range: { start: certOff.no.range.start, end: certOff.key.range.end } } } : {}),
    reading: {
      note: '(fetchmail: `ssl` is implicit TLS (port 993/995 by default); without it fetchmail upgrades with STARTTLS when offered, and since 6.4.2 any sslproto value makes STARTTLS required.)',
      certainty: 'certain',
    },
    rewrite,
  };
}

/** A token with the blanks before it on its line (or after it, when it starts the line). */
function tokenWithSpace(text: string, range: TextRange): TextRange {
  let start = range.start;
  while (start > 0 && (text[start - 1] === ' ' || text[start - 1] === '\t')) start--;
  if (start > 0 && text[start - 1] !== '\n' && text[start - 1] !== '\r') return { start, end: range.end };
  let end = range.end;
  while (end < text.length && (text[end] === ' ' || text[end] === '\t')) end++;
  return { start: range.start, end };
}
