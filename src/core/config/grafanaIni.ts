// Grafana `[smtp]` in grafana.ini / custom.ini / defaults.ini.
// Semantics (grafana/grafana pkg/services/notifications/smtp.go, conf/defaults.ini; config-matrix.md §11.10):
// - `host = smtp.example.com:587` carries host and port in one value.
// - Implicit TLS is chosen by the port alone: 465 (go-mail/gomail NewDialer, SSL = port == 465). There
//   is no switch for it, so 465 is always right and no other port can be implicit.
// - On other ports `startTLS_policy` decides: empty/OpportunisticStartTLS upgrades when offered,
//   MandatoryStartTLS fails without it, NoStartTLS never encrypts.
// - `skip_verify = true` switches certificate checks off. `enabled = false` turns mail off.
import type { EndpointRewriter, Extractor, MailEndpoint, Setting, SourceDocument, TlsFlag, TlsMode, TlsModeSetting } from '../model';
import { IniWriter, iniSections } from './parsers/iniHelpers';
import { lineBool, LineEdits, parseLines, splitHostPort, type LineEntry } from './parsers/lines';

export const grafanaIniExtractor: Extractor = {
  id: 'grafana-ini',
  appliesTo: (fileName) => /(?:^|[\\/])(?:grafana|custom|defaults)\.ini$/i.test(fileName),
  filePatterns: ['grafana.ini', 'custom.ini', 'defaults.ini'],
  extract(document: SourceDocument): MailEndpoint[] {
    return extractGrafanaIni(document.text);
  },
};

export function extractGrafanaIni(text: string): MailEndpoint[] {
  if (!/\[smtp\]/i.test(text)) return [];
  const file = parseLines(text, { separator: 'equals', comments: '#;', inlineComments: true, sections: true });
  const edits = new LineEdits(text, file.eol);
  const section = iniSections(file, (name) => name === 'smtp')[0];
  if (!section) return [];
  const keys = section.keys;
  const enabled = keys.get('enabled');
  if (enabled && lineBool(enabled.value) === false) return [];
  const hostEntry = keys.get('host');
  if (!hostEntry) return [];
  const raw = hostEntry.value.trim();
  if (raw === '' || raw.includes('$')) return [];
  const parts = splitHostPort(raw, hostEntry.innerRange.start + (hostEntry.value.length - hostEntry.value.trimStart().length));
  if (!parts.host) return [];
  const port: Setting<number> | undefined = parts.port?.value !== undefined ? { value: parts.port.value, range: parts.port.range, key: hostEntry.key, origin: 'literal' } : undefined;
  const policyEntry = keys.get('starttls_policy');
  const policy = policyEntry?.value.trim().toLowerCase() ?? '';
  const flags: TlsFlag[] = [];
  const flag = (entry: LineEntry, intent: TlsFlag['intent']): TlsFlag => ({ key: entry.key, valueText: entry.value.trim(), intent, range: edits.span(entry), removal: edits.removeLine(entry) });
  let mode: Setting<TlsModeSetting>;
  let explicit = false;
  let enforced = false;
  if (!port) mode = { value: 'unknown', range: hostEntry.innerRange, key: 'host', origin: 'default' };
  else if (port.value === 465) mode = { value: 'implicit', range: port.range, key: hostEntry.key, origin: 'default' };
  else if (policyEntry && policy === 'nostarttls') {
    mode = { value: 'none', range: policyEntry.innerRange, key: policyEntry.key, origin: 'literal' };
    explicit = true;
    flags.push(flag(policyEntry, 'no-tls'));
  } else if (policyEntry && policy === 'mandatorystarttls') {
    mode = { value: 'starttls', range: policyEntry.innerRange, key: policyEntry.key, origin: 'literal' };
    explicit = true;
    enforced = true;
    flags.push(flag(policyEntry, 'starttls-required'));
  } else mode = { value: 'starttls', range: policyEntry?.innerRange ?? port.range, key: policyEntry?.key ?? 'startTLS_policy', origin: policyEntry ? 'literal' : 'default' };

  const skip = keys.get('skip_verify');
  const certOff = skip && lineBool(skip.value) === true ? { key: skip.key, range: edits.span(skip) } : undefined;
  const user = keys.get('user');
  const password = keys.get('password');
  const credentialsEntry = [user, password].find((entry) => entry !== undefined && entry.value.trim() !== '' && entry.value.trim() !== '""');
  const writer = (): IniWriter => new IniWriter(edits, keys, hostEntry);
  const rewrite: EndpointRewriter = {
    setTlsMode(target: TlsMode, options) {
      // Implicit TLS exists only on 465, and NoStartTLS there changes nothing.
      if (target === 'implicit') return undefined;
      if (target === 'none') return writer().set('startTLS_policy', 'NoStartTLS').result();
      return writer().set(policyEntry?.key ?? 'startTLS_policy', options?.enforce ? 'MandatoryStartTLS' : 'OpportunisticStartTLS').result();
    },
    setPort(number) {
      if (port) return [{ range: port.range, newText: String(number) }];
      return [{ range: { start: parts.host!.range.end, end: parts.host!.range.end }, newText: `:${number}` }];
    },
    enforceStartTls: () => writer().set(policyEntry?.key ?? 'startTLS_policy', 'MandatoryStartTLS').result(),
    enableCertificateVerification: () => (skip && certOff ? [edits.setValue(skip, 'false')] : undefined),
  };
  const lines = section.entries;
  return [
    {
      library: 'grafana',
      format: 'grafana-ini',
      protocol: 'smtp',
      range: { start: Math.min(...lines.map((entry) => entry.lineRange.start)), end: Math.max(...lines.map((entry) => entry.lineRange.end)) },
      anchor: hostEntry.keyRange,
      host: { value: parts.host.value, range: parts.host.range, key: hostEntry.key, origin: 'literal' },
      ...(port ? { port } : {}),
      mode,
      modeExplicit: explicit,
      tlsFlags: flags,
      starttlsEnforced: enforced,
      ...(credentialsEntry ? { credentials: { range: edits.span(credentialsEntry) } } : {}),
      ...(certOff ? { certificateVerificationOff: certOff } : {}),
      reading: {
        note: '(Grafana [smtp]: port 465 in host gets implicit TLS automatically; other ports use STARTTLS per startTLS_policy — empty or OpportunisticStartTLS when offered, MandatoryStartTLS always, NoStartTLS never.)',
        certainty: 'certain',
      },
      rewrite,
    },
  ];
}
