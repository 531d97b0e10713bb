// Gitea / Forgejo `app.ini`, section `[mailer]`.
// Semantics (go-gitea/gitea modules/setting/mailer.go, services/mailer/sender/smtp.go;
// config-matrix.md §11.11):
// - Gitea ≥ 1.18: PROTOCOL = smtps is implicit TLS; smtp+starttls upgrades by STARTTLS when the
//   server offers it (and goes on without it); smtp never encrypts; smtp+unix, sendmail, dummy do not
//   dial a server. SMTP_ADDR / SMTP_PORT; a missing port follows the protocol (smtp 25, smtps 465,
//   smtp+starttls 587); a missing protocol follows the port (25 smtp, 465 smtps, 587 smtp+starttls,
//   anything else smtps). FORCE_TRUST_SERVER_CERT = true skips certificate checks.
// - Gitea < 1.18 (migrated by 1.18+): HOST = host:port, IS_TLS_ENABLED = true (or port 465) is
//   implicit TLS, otherwise STARTTLS when offered; MAILER_TYPE = smtp|sendmail|dummy; SKIP_VERIFY.
import type { EndpointRewriter, Extractor, MailEndpoint, Setting, SourceDocument, TextRange, TlsFlag, TlsMode, TlsModeSetting } from '../model';
import { IniWriter, iniSections } from './parsers/iniHelpers';
import { lineBool, LineEdits, linePort, parseLines, splitHostPort, type LineEntry } from './parsers/lines';

export const giteaIniExtractor: Extractor = {
  id: 'gitea-ini',
  appliesTo: (fileName) => /(?:^|[\\/])app(?:\.example)?\.ini$/i.test(fileName),
  filePatterns: ['app.ini', 'app.example.ini'],
  extract(document: SourceDocument): MailEndpoint[] {
    return extractGiteaIni(document.text);
  },
};

const PROTOCOL_MODES: Readonly<Record<string, { mode: TlsModeSetting; port: number }>> = {
  smtp: { mode: 'none', port: 25 },
  smtps: { mode: 'implicit', port: 465 },
  'smtp+starttls': { mode: 'starttls', port: 587 },
};

export function extractGiteaIni(text: string): MailEndpoint[] {
  if (!/\[mailer\]/i.test(text)) return [];
  const file = parseLines(text, { separator: 'equals', comments: '#;', sections: true });
  const edits = new LineEdits(text, file.eol);
  const section = iniSections(file, (name) => name === 'mailer')[0];
  if (!section) return [];
  const keys = section.keys;
  const enabled = keys.get('enabled');
  if (enabled && lineBool(enabled.value) === false) return [];
  const protocolEntry = keys.get('protocol');
  const typeEntry = keys.get('mailer_type');
  const addrEntry = keys.get('smtp_addr');
  const portEntry = keys.get('smtp_port');
  const legacyHost = keys.get('host');
  const tlsEntry = keys.get('is_tls_enabled');
  const legacy = !addrEntry && !portEntry && !protocolEntry && legacyHost !== undefined;
  const protocolWord = protocolEntry?.value.trim().toLowerCase();
  if (protocolWord && !(protocolWord in PROTOCOL_MODES)) return [];
  if (!protocolWord && typeEntry && typeEntry.value.trim().toLowerCase() !== 'smtp') return [];

  let host: Setting<string> | undefined;
  let port: Setting<number> | undefined;
  let portInsert: TextRange | undefined;
  if (legacy) {
    const raw = legacyHost.value.trim();
    const parts = splitHostPort(raw, legacyHost.innerRange.start + (legacyHost.value.length - legacyHost.value.trimStart().length));
    if (parts.host) host = { value: parts.host.value, range: parts.host.range, key: legacyHost.key, origin: 'literal' };
    if (parts.port?.value !== undefined) port = { value: parts.port.value, range: parts.port.range, key: legacyHost.key, origin: 'literal' };
    if (!parts.port && parts.host) portInsert = { start: parts.host.range.end, end: parts.host.range.end };
  } else {
    if (addrEntry && addrEntry.value.trim() !== '') host = { value: addrEntry.value.trim(), range: addrEntry.innerRange, key: addrEntry.key, origin: 'literal' };
    const number = linePort(portEntry?.value);
    if (portEntry && number !== undefined) port = { value: number, range: portEntry.innerRange, key: portEntry.key, origin: 'literal' };
  }
  if (!host && !port) return [];
  if (host && (host.value.startsWith('/') || host.value.includes('$'))) return [];

  const flags: TlsFlag[] = [];
  const flag = (entry: LineEntry, intent: TlsFlag['intent']): TlsFlag => ({ key: entry.key, valueText: entry.value.trim(), intent, range: edits.span(entry), removal: edits.removeLine(entry) });
  let mode: Setting<TlsModeSetting>;
  let explicit = true;
  let enforced = false;
  let note: string;
  if (legacy) {
    const tlsOn = tlsEntry ? lineBool(tlsEntry.value) === true : false;
    note = '(Gitea < 1.18 keys (HOST, IS_TLS_ENABLED); Gitea ≥ 1.18 migrates them to SMTP_ADDR/SMTP_PORT/PROTOCOL with the same meaning: IS_TLS_ENABLED = true or port 465 is implicit TLS, otherwise STARTTLS when the server offers it.)';
    if (tlsOn) {
      mode = { value: 'implicit', range: tlsEntry!.innerRange, key: tlsEntry!.key, origin: 'literal' };
      flags.push(flag(tlsEntry!, 'implicit'));
    } else {
      explicit = false;
      mode = { value: port?.value === 465 ? 'implicit' : 'starttls', range: port?.range ?? legacyHost.innerRange, key: 'IS_TLS_ENABLED', origin: 'default' };
    }
  } else if (protocolEntry && protocolWord) {
    const known = PROTOCOL_MODES[protocolWord]!;
    mode = { value: known.mode, range: protocolEntry.innerRange, key: protocolEntry.key, origin: 'literal' };
    flags.push(flag(protocolEntry, known.mode === 'implicit' ? 'implicit' : known.mode === 'starttls' ? 'starttls' : 'no-tls'));
    if (!port && addrEntry) {
      port = { value: known.port, range: { start: addrEntry.lineRange.end, end: addrEntry.lineRange.end }, key: 'SMTP_PORT', origin: 'default' };
    }
    note = '(Gitea ≥ 1.18 [mailer]: PROTOCOL = smtps is implicit TLS, smtp+starttls is STARTTLS when the server offers it, smtp never encrypts.)';
  } else {
    explicit = false;
    const inferred = port === undefined ? 'unknown' : port.value === 25 ? 'none' : port.value === 587 ? 'starttls' : 'implicit';
    mode = { value: inferred, range: port?.range ?? addrEntry!.innerRange, key: 'PROTOCOL', origin: 'default' };
    note = '(Gitea ≥ 1.18 [mailer] without PROTOCOL: Gitea infers it from SMTP_PORT — 25 smtp (no TLS), 465 smtps, 587 smtp+starttls, any other port smtps (implicit TLS).)';
  }
  // Gitea's smtp+starttls goes on without TLS when STARTTLS is missing.
  enforced = false;

  const certEntry = keys.get('force_trust_server_cert') ?? keys.get('skip_verify');
  const certOff = certEntry && lineBool(certEntry.value) === true ? { key: certEntry.key, range: edits.span(certEntry) } : undefined;
  const userEntry = keys.get('user');
  const passEntry = keys.get('passwd');
  const credentialsEntry = [userEntry, passEntry].find((entry) => entry !== undefined && entry.value.trim() !== '');
  const after = portEntry ?? addrEntry ?? protocolEntry ?? legacyHost ?? section.entries[section.entries.length - 1]!;
  const writer = (): IniWriter => new IniWriter(edits, keys, after);
  const upper = (after.key === after.key.toUpperCase());
  const name = (key: string): string => (upper ? key : key.toLowerCase());
  const rewrite: EndpointRewriter = {
    setTlsMode(target: TlsMode) {
      if (legacy) {
        if (target === 'implicit') return writer().set(name('IS_TLS_ENABLED'), 'true').result();
        if (target === 'starttls' && tlsEntry) return writer().set(name('IS_TLS_ENABLED'), 'false').result();
        return undefined;
      }
      const word = target === 'implicit' ? 'smtps' : target === 'starttls' ? 'smtp+starttls' : 'smtp';
      return writer().set(name('PROTOCOL'), word).result();
    },
    setPort(number) {
      if (legacy) {
        if (port) return [{ range: port.range, newText: String(number) }];
        return portInsert ? [{ range: portInsert, newText: `:${number}` }] : undefined;
      }
      return writer().set(name('SMTP_PORT'), String(number)).result();
    },
    enableCertificateVerification: () => (certEntry && certOff ? [edits.setValue(certEntry, 'false')] : undefined),
  };
  const lines = section.entries;
  return [
    {
      library: 'gitea',
      format: 'gitea-ini',
      protocol: 'smtp',
      range: { start: Math.min(...lines.map((entry) => entry.lineRange.start)), end: Math.max(...lines.map((entry) => entry.lineRange.end)) },
      anchor: (protocolEntry ?? addrEntry ?? legacyHost ?? portEntry)!.keyRange,
      ...(host ? { host } : {}),
      ...(port ? { port } : {}),
      mode,
      modeExplicit: explicit,
      tlsFlags: flags,
      starttlsEnforced: enforced,
      ...(credentialsEntry ? { credentials: { range: edits.span(credentialsEntry) } } : {}),
      ...(certOff ? { certificateVerificationOff: certOff } : {}),
      reading: { note, certainty: 'certain' },
      rewrite,
    },
  ];
}
