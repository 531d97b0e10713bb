// git send-email settings in git config files (`.gitconfig`, `.git/config`, `gitconfig`):
// `[sendemail]` smtpServer, smtpServerPort, smtpEncryption, smtpUser, and per-identity
// `[sendemail "name"]` sections that override the base section.
// Semantics (git Documentation/git-send-email.txt, config/sendemail.txt; config-matrix.md §11.9):
// - smtpEncryption = ssl is implicit TLS (SMTPS), default port 465; tls is STARTTLS, default port
//   25, and send-email stops when the server does not offer it; anything else is plaintext on 25.
// - smtpSSL = true is the deprecated spelling of smtpEncryption = ssl.
// - smtpSSLCertPath set to an empty value switches certificate verification off.
// - smtpServer starting with `/` is a sendmail-like program, not a server.
import type { EndpointRewriter, Extractor, MailEndpoint, Setting, SourceDocument, TlsFlag, TlsMode, TlsModeSetting } from '../model';
import { IniWriter, iniSections, type IniSection } from './parsers/iniHelpers';
import { lineBool, LineEdits, linePort, parseLines, type LineEntry } from './parsers/lines';

export const gitConfigExtractor: Extractor = {
  id: 'git-config',
  appliesTo: isGitConfigFileName,
  filePatterns: ['.gitconfig', 'gitconfig', 'config', '*.gitconfig'],
  extract(document: SourceDocument): MailEndpoint[] {
    return extractGitConfig(document.text);
  },
};

export function isGitConfigFileName(fileName: string): boolean {
  const normal = fileName.replace(/\\/g, '/');
  const base = normal.slice(normal.lastIndexOf('/') + 1).toLowerCase();
  if (base === '.gitconfig' || base === 'gitconfig' || base.endsWith('.gitconfig')) return true;
  // `config` alone is too common a name: only git's own (`.git/config`, `~/.config/git/config`).
  return base === 'config' && /(?:^|\/)(?:\.git|git)\/config$/i.test(normal);
}

export function extractGitConfig(text: string): MailEndpoint[] {
  if (!/sendemail/i.test(text)) return [];
  const file = parseLines(text, { separator: 'equals', comments: '#;', inlineComments: true, sections: true });
  const edits = new LineEdits(text, file.eol);
  const sections = iniSections(file, (name) => name === 'sendemail');
  const base = sections.find((section) => section.subsection === undefined);
  const endpoints: MailEndpoint[] = [];
  for (const section of sections) {
    const merged = new Map(section.subsection !== undefined && base ? base.keys : []);
    for (const [key, entry] of section.keys) merged.set(key, entry);
    const endpoint = sectionEndpoint(edits, section, merged);
    if (endpoint) endpoints.push(endpoint);
  }
  return endpoints;
}

function sectionEndpoint(edits: LineEdits, section: IniSection, keys: ReadonlyMap<string, LineEntry>): MailEndpoint | undefined {
  const serverEntry = keys.get('smtpserver');
  if (!serverEntry) return undefined;
  // An identity that sets nothing about the server is the base section again.
  if (section.subsection !== undefined && !['smtpserver', 'smtpserverport', 'smtpencryption', 'smtpssl'].some((key) => section.keys.has(key))) return undefined;
  const server = serverEntry.value.trim();
  if (server === '' || server.startsWith('/') || server.startsWith('~') || server.includes('$')) return undefined;
  const hostMatch = /^(.*?)(?::(\d{1,5}))?$/.exec(server);
  const hostText = hostMatch?.[1] ?? server;
  const offset = serverEntry.innerRange.start + (serverEntry.value.length - serverEntry.value.trimStart().length);
  const encEntry = keys.get('smtpencryption');
  const sslEntry = keys.get('smtpssl');
  const portEntry = keys.get('smtpserverport');
  const enc = encEntry?.value.trim().toLowerCase();
  const flags: TlsFlag[] = [];
  const flag = (entry: LineEntry, intent: TlsFlag['intent']): TlsFlag => ({ key: entry.key, valueText: entry.value.trim(), intent, range: edits.span(entry), removal: edits.removeLine(entry) });
  let value: TlsModeSetting;
  let decider: LineEntry | undefined;
  if (encEntry && enc === 'ssl') {
    value = 'implicit';
    decider = encEntry;
    flags.push(flag(encEntry, 'implicit'));
  } else if (encEntry && enc === 'tls') {
    value = 'starttls';
    decider = encEntry;
    flags.push(flag(encEntry, 'starttls-required'));
  } else if (!encEntry && sslEntry && (sslEntry.bare || lineBool(sslEntry.value) === true)) {
    value = 'implicit';
    decider = sslEntry;
    flags.push(flag(sslEntry, 'implicit'));
  } else if (encEntry && enc !== undefined && enc.includes('$')) value = 'unknown';
  else {
    value = 'none';
    decider = encEntry;
    if (encEntry) flags.push(flag(encEntry, 'no-tls'));
  }
  const mode: Setting<TlsModeSetting> = decider
    ? { value, range: decider.innerRange, key: decider.key, origin: 'literal' }
    : { value, range: serverEntry.innerRange, key: 'smtpEncryption', origin: 'default' };

  let port: Setting<number> | undefined;
  const inlinePort = hostMatch?.[2];
  if (portEntry) {
    const number = linePort(portEntry.value);
    if (number !== undefined) port = { value: number, range: portEntry.innerRange, key: portEntry.key, origin: 'literal' };
  } else if (inlinePort !== undefined) {
    const start = offset + hostText.length + 1;
    port = { value: Number(inlinePort), range: { start, end: start + inlinePort.length }, key: serverEntry.key, origin: 'literal' };
  } else if (value !== 'unknown') {
    const at = offset + hostText.length;
    port = { value: value === 'implicit' ? 465 : 25, range: { start: at, end: at }, key: 'smtpServerPort', origin: 'default' };
  }

  const userEntry = keys.get('smtpuser');
  const certEntry = keys.get('smtpsslcertpath');
  // Without TLS there is no certificate to check.
  const certOff = certEntry !== undefined && !certEntry.bare && certEntry.value.trim() === '' && value !== 'none';
  const writer = (): IniWriter => new IniWriter(edits, section.keys, section.keys.get('smtpserverport') ?? section.keys.get('smtpserver') ?? section.entries[section.entries.length - 1]!);
  const rewrite: EndpointRewriter = {
    setTlsMode(target: TlsMode) {
      if (target === 'none') return undefined;
      const write = writer().set('smtpEncryption', target === 'implicit' ? 'ssl' : 'tls');
      if (sslEntry && section.keys.get('smtpssl') === sslEntry && target !== 'implicit') write.set('smtpSSL', null);
      return write.result();
    },
    setPort(number) {
      if (!portEntry && inlinePort !== undefined && port) return [{ range: port.range, newText: String(number) }];
      return writer().set('smtpServerPort', String(number)).result();
    },
    enforceStartTls: () => writer().set('smtpEncryption', 'tls').result(),
    enableCertificateVerification: () => (certOff && section.keys.get('smtpsslcertpath') === certEntry ? [edits.removeLine(certEntry)] : undefined),
  };
  const lines = [...section.entries];
  return {
    library: 'git-send-email',
    format: 'gitconfig',
    protocol: 'smtp',
    range: { start: Math.min(...lines.map((entry) => entry.lineRange.start)), end: Math.max(...lines.map((entry) => entry.lineRange.end)) },
    anchor: serverEntry.keyRange,
    host: { value: hostText, range: { start: offset, end: offset + hostText.length }, key: serverEntry.key, origin: 'literal' },
    ...(port ? { port } : {}),
    mode,
    modeExplicit: decider !== undefined,
    tlsFlags: flags,
    starttlsEnforced: value === 'starttls',
    ...(userEntry && userEntry.value.trim() !== '' ? { credentials: { range: edits.span(userEntry) } } : {}),
    ...(certOff ? { certificateVerificationOff: { key: certEntry.key, range: edits.span(certEntry) } } : {}),
    reading: {
      note: '(git send-email: smtpEncryption = ssl is implicit TLS, default port 465; tls is STARTTLS and required, default port 25 (587 is the usual submission port); unset sends in plaintext.)',
      certainty: 'certain',
    },
    rewrite,
  };
}
