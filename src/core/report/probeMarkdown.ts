// The probe as Markdown, for issues and chat. Server text goes into code spans with backticks
// neutralised, so a banner cannot inject links or HTML into a rendered document.
import { probeFindings, recommend } from '../explain/recommend';
import type { DnsReport, HostReport } from '../probe/types';
import { certificateSummary, visible } from './probeText';

function code(text: string): string {
  const safe = visible(text).replace(/`/g, 'ˋ');
  return `\`${safe}\``;
}

function cell(text: string): string {
  return visible(text).replace(/\|/g, '\\|').replace(/[<>]/g, (char) => (char === '<' ? '&lt;' : '&gt;'));
}

export function formatProbeMarkdown(report: HostReport, dns: DnsReport | undefined): string {
  const out = [`# Mail TLS probe of ${code(report.host)}`, '', `${report.startedAt} · ${Math.round(report.durationMs)} ms · ${report.addresses.map(code).join(', ') || 'no address'}`, ''];
  out.push('| Port | Verdict | TLS | Certificate | Time |', '|---|---|---|---|---|');
  for (const port of report.ports) {
    out.push(`| ${port.port}/${port.protocol} | ${port.verdict} | ${port.tls?.version ?? ''} | ${cell(certificateSummary(port))} | ${Math.round(port.timings.totalMs)} ms |`);
  }
  const findings = probeFindings(report);
  if (findings.length > 0) {
    out.push('', '## Findings', '');
    for (const finding of findings) out.push(`- **${finding.severity}** ${cell(finding.message)}`);
  }
  out.push('', '## Recommendation', '');
  for (const recommendation of recommend(report)) out.push(`- ${cell(recommendation.text)}`);
  if (dns) {
    out.push('', '## DNS', '', `- MX: ${dns.mx.map((mx) => `${mx.priority} ${code(mx.exchange)}`).join(', ') || cell(dns.mxError ?? 'none')}`);
    for (const service of dns.srv) out.push(`- SRV ${code(service.label)}: ${service.notOffered ? 'not offered' : service.records.map((record) => `${code(record.target)}:${record.port}`).join(', ') || 'none'}`);
    out.push(`- MTA-STS: ${dns.mtaSts.policy ? `mode ${dns.mtaSts.policy.mode}` : cell(dns.mtaSts.error ?? 'none')}`);
    out.push(`- TLS-RPT: ${dns.tlsRpt.rua ? dns.tlsRpt.rua.map(code).join(', ') : cell(dns.tlsRpt.error ?? 'none')}`);
  }
  return `${out.join('\n')}\n`;
}
