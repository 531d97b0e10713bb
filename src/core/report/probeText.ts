// The probe as text for a terminal: a port table, the findings that matter, a recommendation,
// and (verbose) the transcripts. Server text is data: control characters are made visible so a
// hostile banner cannot drive the terminal.
import { type ProbeFinding, probeFindings, recommend } from '../explain/recommend';
import type { DnsReport, HostReport, PortReport } from '../probe/types';

export function visible(text: string): string {
  // C0 controls except tab, DEL, and C1 controls (which include the 8-bit CSI) become \xNN.
  return text.replace(/[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/g, (char) => `\\x${char.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

export function certificateSummary(port: PortReport): string {
  const certificate = port.certificate;
  if (!certificate) return port.verdict === 'implicit-tls' || port.verdict === 'starttls' ? '?' : '';
  if (certificate.expired) return 'expired';
  if (certificate.notYetValid) return 'not yet valid';
  if (!certificate.nameMatches) return 'wrong name';
  if (!certificate.trusted) {
    const code = certificate.trustError ?? '';
    if (code.includes('SELF_SIGNED')) return 'self-signed';
    if (code === 'UNABLE_TO_VERIFY_LEAF_SIGNATURE') return 'incomplete chain';
    return 'untrusted';
  }
  return `trusted, ${certificate.daysRemaining} d left`;
}

function table(rows: string[][]): string[] {
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? [];
  return rows.map((row) => row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column] ?? 0))).join('  ').trimEnd());
}

export interface ProbeTextOptions {
  readonly verbose: boolean;
  readonly color: boolean;
}

export function formatProbeText(report: HostReport, dns: DnsReport | undefined, options: ProbeTextOptions): string {
  const paint = (code: number, text: string): string => (options.color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const out: string[] = [];
  out.push(paint(1, `${visible(report.host)}${report.addresses.length > 0 ? ` (${report.addresses.join(', ')})` : ''}`), '');
  const rows = [['PORT', 'VERDICT', 'TLS', 'CERTIFICATE', 'TIME']];
  for (const port of [...report.ports].sort((a, b) => order(a) - order(b))) {
    rows.push([`${port.port}/${port.protocol}`, port.verdict, port.tls?.version ?? '', certificateSummary(port), `${Math.round(port.timings.totalMs)} ms`]);
  }
  out.push(...table(rows));
  if (report.cancelled) out.push('', 'Cancelled before every port finished.');

  const findings = probeFindings(report);
  if (findings.length > 0) {
    out.push('', paint(1, 'Findings'));
    for (const finding of findings) out.push(`  ${label(finding, paint)} ${visible(finding.message)}`);
  }
  const recommendations = recommend(report);
  if (recommendations.length > 0) {
    out.push('', paint(1, 'Recommendation'));
    for (const recommendation of recommendations) out.push(`  ${recommendation.text}`);
  }
  if (dns) out.push('', ...formatDns(dns, paint));
  if (options.verbose) {
    for (const port of report.ports) {
      out.push('', paint(1, `Transcript ${port.port}/${port.protocol}`));
      for (const line of port.transcript) {
        const arrow = line.direction === 'client' ? 'C:' : line.direction === 'server' ? 'S:' : '  ';
        out.push(`  ${String(Math.round(line.atMs)).padStart(5)} ms ${line.inTls ? '[tls]' : '[txt]'} ${arrow} ${visible(line.text)}`);
      }
    }
  }
  return `${out.join('\n')}\n`;
}

function order(port: PortReport): number {
  return { smtp: 0, imap: 1, pop3: 2 }[port.protocol] * 100000 + port.port;
}

function label(finding: ProbeFinding, paint: (code: number, text: string) => string): string {
  return finding.severity === 'error' ? paint(31, 'error  ') : finding.severity === 'warning' ? paint(33, 'warning') : paint(34, 'info   ');
}

function formatDns(dns: DnsReport, paint: (code: number, text: string) => string): string[] {
  const out = [paint(1, `DNS for ${visible(dns.domain)}`)];
  out.push(`  MX       ${dns.mx.length > 0 ? dns.mx.map((mx) => `${mx.priority} ${visible(mx.exchange)}`).join(', ') : (dns.mxError ?? 'none')}`);
  for (const service of dns.srv) {
    const value = service.notOffered ? 'not offered (target ".")' : service.records.length > 0 ? service.records.map((record) => `${visible(record.target)}:${record.port}`).join(', ') : (service.error ?? 'none');
    out.push(`  SRV      ${service.label.padEnd(18)} ${value}`);
  }
  const sts = dns.mtaSts;
  out.push(`  MTA-STS  ${sts.policy ? `mode ${sts.policy.mode}, max_age ${sts.policy.maxAge}, mx ${sts.policy.mx.map(visible).join(' ')}` : (sts.error ?? (sts.txt ? visible(sts.txt) : 'none'))}`);
  if (sts.mxNotCovered && sts.mxNotCovered.length > 0) out.push(`           MX not covered by the policy: ${sts.mxNotCovered.map(visible).join(', ')}`);
  out.push(`  TLS-RPT  ${dns.tlsRpt.rua ? dns.tlsRpt.rua.map(visible).join(', ') : (dns.tlsRpt.error ?? 'none')}`);
  for (const tlsa of dns.tlsa) {
    out.push(`  TLSA     ${visible(tlsa.host)}: ${tlsa.records.length > 0 ? `${tlsa.records.length} record(s), not DNSSEC-validated` : (tlsa.error ?? 'none')}`);
  }
  return out;
}
