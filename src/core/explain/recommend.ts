// Turns a host report into what a developer should write: which port and mode to use per
// protocol, and the findings that matter, in plain words. The CLI and the panel show these.
import type { Protocol } from '../model';
import type { HostReport, PortReport } from '../probe/types';

export interface ProbeFinding {
  readonly severity: 'error' | 'warning' | 'information';
  readonly port?: number;
  readonly protocol?: Protocol;
  readonly message: string;
}

export interface Recommendation {
  readonly protocol: Protocol;
  /** One sentence, e.g. "use 465 with implicit TLS; 587 with STARTTLS also works". */
  readonly text: string;
  readonly port?: number;
  readonly mode?: 'implicit' | 'starttls';
}

const PROTOCOL_NAME: Record<Protocol, string> = { smtp: 'SMTP submission', imap: 'IMAP', pop3: 'POP3' };

/** A TLS port a client can use as it is: the handshake worked and the certificate checks out. */
function usable(port: PortReport): boolean {
  if (port.verdict !== 'implicit-tls' && port.verdict !== 'starttls') return false;
  const certificate = port.certificate;
  return !certificate || (certificate.trusted && certificate.nameMatches && !certificate.expired && !certificate.notYetValid);
}

function certificateProblem(port: PortReport): string | undefined {
  const certificate = port.certificate;
  if (!certificate) return undefined;
  if (certificate.expired) return `the certificate expired on ${(certificate.chain[0]?.validTo ?? "").slice(0, 10)}`;
  if (certificate.notYetValid) return `the certificate is not valid before ${(certificate.chain[0]?.validFrom ?? "").slice(0, 10)}`;
  if (!certificate.nameMatches) return `the certificate does not name ${certificate.referenceName} (it names ${certificate.chain[0]?.subjectAltNames.join(', ') || certificate.chain[0]?.subject || 'something else'})`;
  if (!certificate.trusted) return `the certificate is not trusted (${certificate.trustError ?? 'unknown issuer'})`;
  return undefined;
}

export function probeFindings(report: HostReport): ProbeFinding[] {
  const findings: ProbeFinding[] = [];
  for (const port of report.ports) {
    const where = { port: port.port, protocol: port.protocol };
    const problem = certificateProblem(port);
    if (problem && (port.verdict === 'implicit-tls' || port.verdict === 'starttls')) {
      findings.push({ ...where, severity: 'error', message: `${port.port}: ${problem}; clients that verify certificates (the default almost everywhere) refuse to connect.` });
    }
    switch (port.verdict) {
      case 'starttls-failed':
        findings.push({ ...where, severity: 'error', message: `${port.port}: STARTTLS is offered but the upgrade failed${port.error ? ` (${port.error})` : ''}.` });
        break;
      case 'plaintext':
        findings.push({ ...where, severity: 'warning', message: `${port.port}: greets in plaintext and offers no STARTTLS; passwords sent here travel in clear text.` });
        break;
      case 'rate-limited':
        findings.push({ ...where, severity: 'warning', message: `${port.port}: the server turned the probe away (${port.banner ?? port.error ?? '421'}); this says nothing about TLS — try again later.` });
        break;
      case 'filtered':
        findings.push({ ...where, severity: 'information', message: `${port.port}: no answer at all (filtered by a firewall); a client configured for it waits for its full connect timeout.` });
        break;
      case 'no-greeting':
        findings.push({ ...where, severity: 'warning', message: `${port.port}: accepted the connection but sent neither a greeting nor completed a TLS handshake.` });
        break;
      default:
        break;
    }
    const capabilities = port.capabilities;
    if (capabilities?.cleartextAuthOffered) {
      findings.push({ ...where, severity: 'warning', message: `${port.port}: offers ${capabilities.authBeforeTls.join(' ')} before TLS, inviting clients to send passwords in clear text.` });
    }
    if (capabilities?.starttlsAfterTls) {
      findings.push({ ...where, severity: 'warning', message: `${port.port}: still advertises STARTTLS after TLS started (RFC 3207 §4.2 forbids it).` });
    }
    if (port.injectedBytesBeforeTls && port.injectedBytesBeforeTls > 0) {
      findings.push({ ...where, severity: 'error', message: `${port.port}: ${port.injectedBytesBeforeTls} bytes arrived between the STARTTLS reply and the handshake; they were discarded (RFC 3207 §6). A server or middlebox is injecting plaintext.` });
    }
    if (port.injection && (port.injection.outcome === 'vulnerable' || port.injection.outcome === 'probably-vulnerable')) {
      findings.push({ ...where, severity: 'error', message: `${port.port}: STARTTLS command injection ${port.injection.outcome === 'vulnerable' ? 'works' : 'probably works'} (${port.injection.detail}).` });
    }
    if (port.tls && (port.tls.version === 'TLSv1' || port.tls.version === 'TLSv1.1')) {
      findings.push({ ...where, severity: 'warning', message: `${port.port}: negotiated ${port.tls.version}, deprecated for mail by RFC 8997.` });
    }
  }
  return findings;
}

export function recommend(report: HostReport): Recommendation[] {
  const recommendations: Recommendation[] = [];
  for (const protocol of ['smtp', 'imap', 'pop3'] as const) {
    const ports = report.ports.filter((port) => port.protocol === protocol && (protocol !== 'smtp' || port.port !== 25));
    if (ports.length === 0) continue;
    const implicit = ports.filter((port) => port.verdict === 'implicit-tls' && usable(port));
    const starttls = ports.filter((port) => port.verdict === 'starttls' && usable(port));
    const first = implicit[0] ?? starttls[0];
    if (!first) {
      const brokenTls = ports.find((port) => port.verdict === 'implicit-tls' || port.verdict === 'starttls');
      const silent = ports.every((port) => ['refused', 'filtered', 'unreachable', 'dns-failure'].includes(port.verdict));
      const verdicts = [...new Set(ports.map((port) => port.verdict))].join(' or ');
      recommendations.push({
        protocol,
        text: brokenTls
          ? `${PROTOCOL_NAME[protocol]}: TLS works on ${brokenTls.port} but ${certificateProblem(brokenTls) ?? 'the certificate does not check out'}; fix the certificate before pointing clients at it.`
          : silent
            ? `${PROTOCOL_NAME[protocol]}: nothing answered on ${ports.map((port) => port.port).join(', ')} (${verdicts}).`
            : `${PROTOCOL_NAME[protocol]}: no port offers working TLS.`,
      });
      continue;
    }
    const mode = first.verdict === 'implicit-tls' ? 'implicit' : 'starttls';
    const alternative = mode === 'implicit' ? starttls[0] : undefined;
    recommendations.push({
      protocol,
      port: first.port,
      mode,
      text:
        `${PROTOCOL_NAME[protocol]}: use ${first.port} with ${mode === 'implicit' ? 'implicit TLS' : 'STARTTLS (required)'}` +
        (alternative ? `; ${alternative.port} with STARTTLS also works.` : mode === 'starttls' ? '; no implicit-TLS port answered, which RFC 8314 would prefer.' : '.'),
    });
  }
  return recommendations;
}
