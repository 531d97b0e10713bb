// What several rules need to phrase a finding: the port's class, the reading note, the
// severity after the extractor's certainty, and the two "switch" fixes.
import type { Fix, MailEndpoint, Severity, TextRange, TlsFlag, TlsMode } from '../model';
import { lookupPort, standardPort } from '../ports';

/** The mode a server on the endpoint's port speaks, when the port is a well-known one. */
export function portMode(endpoint: MailEndpoint): 'implicit' | 'starttls' | undefined {
  if (!endpoint.port) return undefined;
  return lookupPort(endpoint.port.value, endpoint.protocol)?.mode;
}

export function describePortOrigin(endpoint: MailEndpoint): string {
  const port = endpoint.port;
  if (!port) return '';
  if (port.origin === 'fallback' && port.envName) return ` (used when ${port.envName} is unset)`;
  if (port.origin === 'default') return ' (the library default)';
  if (port.origin === 'preset') return ' (from the service preset)';
  return '';
}

/** The finding's message plus, when the meaning of the keys was a reading, which one. */
export function withReading(endpoint: MailEndpoint, message: string): string {
  return endpoint.reading ? `${message} ${endpoint.reading.note}` : message;
}

/** An error on a guessed reading is only a warning: a wrong guess must not shout. */
export function softened(endpoint: MailEndpoint, severity: Severity): Severity {
  return severity === 'error' && endpoint.reading?.certainty === 'inferred' ? 'warning' : severity;
}

export function modeLabel(mode: TlsMode): string {
  switch (mode) {
    case 'implicit':
      return 'implicit TLS';
    case 'starttls':
      return 'STARTTLS';
    case 'none':
      return 'no TLS';
  }
}

/**
 * The two ways out of a port/mode mismatch. Keeping the port and changing the mode is
 * preferred: the port usually comes from the provider's instructions and is known to be
 * open, while the other port may be blocked or not offered; the mode flag is the part people
 * guess. See docs/rules/starttls-port-with-implicit-tls.md.
 */
export function switchFixes(endpoint: MailEndpoint, modeForPort: 'implicit' | 'starttls'): Fix[] {
  const fixes: Fix[] = [];
  const modeEdits = endpoint.rewrite.setTlsMode?.(modeForPort);
  const port = endpoint.port?.value;
  if (modeEdits && modeEdits.length > 0) {
    fixes.push({ title: `Use ${modeLabel(modeForPort)} on port ${port}`, edits: modeEdits, preferred: true });
  }
  const currentMode = modeForPort === 'implicit' ? 'starttls' : 'implicit';
  const otherPort = standardPort(endpoint.protocol, currentMode);
  const portEdits = endpoint.rewrite.setPort?.(otherPort);
  if (portEdits && portEdits.length > 0) {
    fixes.push({ title: `Keep ${modeLabel(currentMode)} and use port ${otherPort}`, edits: portEdits, preferred: fixes.length === 0 });
  }
  return fixes;
}

/**
 * Where a finding about the mode goes: the whole `secure: true` entry that decided it when
 * there is one (so the squiggle covers key and value), else the value's own range.
 */
export function modeRange(endpoint: MailEndpoint): TextRange {
  const deciding = endpoint.tlsFlags.find((flag) => flag.key === endpoint.mode.key && flag.range.start <= endpoint.mode.range.start && endpoint.mode.range.end <= flag.range.end);
  return deciding ? deciding.range : endpoint.mode.range;
}

/** The setting that chose the mode as the user wrote it: `secure: true`, `SMTP_SECURE=false`, `smtps://`. */
export function modeSource(endpoint: MailEndpoint): string {
  const deciding = endpoint.tlsFlags.find((flag) => flag.key === endpoint.mode.key);
  if (!deciding) return endpoint.mode.key;
  if (/:\/\/$/.test(deciding.valueText) || deciding.key.toLowerCase() === 'scheme') return `the ${deciding.valueText} scheme`;
  return flagText(endpoint, deciding);
}

const ASSIGNMENT_STYLE: Readonly<Record<string, string>> = {
  dotenv: '=',
  'yaml-env-list': '=',
  properties: '=',
  'gitea-ini': ' = ',
  'grafana-ini': ' = ',
  gitconfig: ' = ',
  'postfix-main-cf': ' = ',
  python: ' = ',
  php: ' = ',
  csharp: ' = ',
  ruby: ': ',
  msmtprc: ' ',
  muttrc: ' = ',
  go: '', // the flag's valueText carries its own ` = true` / `: true` / `(…)`
  rust: '', // `.tls(Tls::Wrapper(…))`, `SmtpTransport::relay(…)`
  'ssmtp-conf': '=',
  mbsyncrc: ' ',
  offlineimaprc: ' = ',
  fetchmailrc: '',
  'thunderbird-autoconfig': ' ',
  'fluentd-conf': ' ',
  'web-config': '=', // enableSsl="true"
  java: '=', // mail.smtp.ssl.enable=true
};

/** A flag as the file spells it: `KEY=value` in .env files, `KEY = value` in Python, `key: value` in JS. */
export function flagText(endpoint: MailEndpoint, flag: TlsFlag): string {
  return `${flag.key}${ASSIGNMENT_STYLE[endpoint.format] ?? ': '}${flag.valueText}`;
}
