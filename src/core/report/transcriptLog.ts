// A port's transcript as lines for a log. The probe never authenticates, so no credential can be
// in it; the redaction is a second fence in case that ever changes, and control characters are
// made visible so a server cannot forge log lines.
import type { PortReport } from '../probe/types';
import { certificateSummary, visible } from './probeText';

// SMTP `AUTH mech [response]` and IMAP `tag AUTHENTICATE mech [response]` keep the mechanism;
// IMAP `tag LOGIN user pass` and POP3 USER/PASS/APOP lose every argument.
const SASL_COMMAND = /^((?:[A-Za-z0-9.]+\s+)?(?:AUTH|AUTHENTICATE)\s+\S+)(\s+.*)?$/i;
const CREDENTIAL_COMMAND = /^((?:[A-Za-z0-9.]+\s+)?(?:LOGIN|USER|PASS|APOP))(\s+.*)?$/i;
// A bare SASL continuation line: base64, and unlike a command it has digits, symbols or mixed case.
const SASL_CONTINUATION = /^[A-Za-z0-9+/]{4,}={0,2}$/;
const LOOKS_ENCODED = /[0-9+/=]|[a-z].*[A-Z]|[A-Z].*[a-z]/;

export function redactClientLine(text: string): string {
  const trimmed = text.trim();
  const match = SASL_COMMAND.exec(trimmed) ?? CREDENTIAL_COMMAND.exec(trimmed);
  if (match) return match[2] ? `${match[1]} [redacted]` : (match[1] ?? text);
  if (SASL_CONTINUATION.test(trimmed) && LOOKS_ENCODED.test(trimmed)) return '[redacted]';
  return text;
}

export function transcriptLogLines(port: PortReport): string[] {
  const head = `${port.port}/${port.protocol} ${port.verdict}${port.tls ? ` ${port.tls.version}` : ''}${port.certificate ? `, certificate ${certificateSummary(port)}` : ''}, ${Math.round(port.timings.totalMs)} ms${port.error ? ` — ${visible(port.error)}` : ''}`;
  const lines = [head];
  for (const line of port.transcript) {
    const arrow = line.direction === 'client' ? 'C:' : line.direction === 'server' ? 'S:' : '--';
    const text = line.direction === 'client' ? redactClientLine(line.text) : line.text;
    lines.push(`  ${String(Math.round(line.atMs)).padStart(5)} ms ${line.inTls ? '[tls]' : '[txt]'} ${arrow} ${visible(text)}`);
  }
  return lines;
}
