// The probe as JSON; the shape is documented in docs/probe-json.md and versioned.
import { probeFindings, recommend } from '../explain/recommend';
import type { DnsReport, HostReport } from '../probe/types';

export const PROBE_JSON_VERSION = 1;

export function probeJson(report: HostReport, dns: DnsReport | undefined): unknown {
  return {
    version: PROBE_JSON_VERSION,
    host: report.host,
    addresses: report.addresses,
    startedAt: report.startedAt,
    durationMs: Math.round(report.durationMs),
    cancelled: report.cancelled,
    ports: report.ports.map((port) => ({
      port: port.port,
      protocol: port.protocol,
      verdict: port.verdict,
      address: port.address ?? null,
      error: port.error ?? null,
      banner: port.banner ?? null,
      tls: port.tls ?? null,
      certificate: port.certificate ?? null,
      capabilities: port.capabilities ?? null,
      injectedBytesBeforeTls: port.injectedBytesBeforeTls ?? 0,
      injection: port.injection ?? null,
      timings: port.timings,
      connections: port.connections,
      notes: port.notes ?? [],
      transcript: port.transcript,
    })),
    dns: dns ?? null,
    findings: probeFindings(report),
    recommendations: recommend(report),
  };
}
