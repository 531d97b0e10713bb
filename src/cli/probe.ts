// `mail-tls probe HOST`: every mail port of a host at once, then DNS around it.
import { readFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import { parseArgs } from 'node:util';
import { lookupMailDns } from '../core/probe/dns';
import { DEFAULT_TARGETS, parseTargets, probeHost } from '../core/probe/index';
import type { DnsReport, HostReport, PortTarget } from '../core/probe/types';
import { probeJson } from '../core/report/probeJson';
import { formatProbeMarkdown } from '../core/report/probeMarkdown';
import { certificateSummary, formatProbeText, visible } from '../core/report/probeText';

export class ProbeUsageError extends Error {}

export const PROBE_USAGE = `Usage: mail-tls probe HOST [options]

  --ports LIST            ports to probe, e.g. 465/smtp,587/smtp,993,2525
                          (default: 25,465,587 smtp; 143,993 imap; 110,995 pop3)
  --timeout MS            per-step timeout: connect, greeting, each reply, handshake (default 4000)
  --ca FILE               trust this CA (PEM) in addition to Node's; repeatable
  --servername NAME       SNI and the name the certificate must match (default: HOST)
  --ehlo NAME             name to send in EHLO (default: mail-tls-doctor.invalid)
  --starttls-injection    also test for STARTTLS command injection (one more connection per port)
  --no-dns                skip MX, SRV, MTA-STS, TLS-RPT and TLSA lookups
  --domain NAME           mail domain for the DNS lookups (default: HOST)
  --dns-server IP[:PORT]  ask this DNS server instead of the system's; repeatable
  --format text|json|markdown
  --verbose               add each port's transcript (text format)
`;

export async function probeCommand(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        ports: { type: 'string' },
        timeout: { type: 'string' },
        ca: { type: 'string', multiple: true },
        servername: { type: 'string' },
        ehlo: { type: 'string' },
        'starttls-injection': { type: 'boolean', default: false },
        'no-dns': { type: 'boolean', default: false },
        domain: { type: 'string' },
        'dns-server': { type: 'string', multiple: true },
        format: { type: 'string', default: 'text' },
        verbose: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    throw new ProbeUsageError(error instanceof Error ? (error.message.split('\n')[0] ?? error.message) : String(error));
  }
  if (parsed.values.help) {
    process.stdout.write(PROBE_USAGE);
    return 0;
  }
  const [host, ...extra] = parsed.positionals;
  if (!host) throw new ProbeUsageError('probe needs a host, e.g. mail-tls probe smtp.example.com');
  if (extra.length > 0) throw new ProbeUsageError(`one host at a time (got also: ${extra.join(' ')})`);
  if (!/^[A-Za-z0-9.:_\-[\]]+$/.test(host)) throw new ProbeUsageError(`'${host}' is not a host name or IP address`);
  const format = parsed.values.format ?? 'text';
  if (!['text', 'json', 'markdown'].includes(format)) throw new ProbeUsageError(`unknown format '${format}' (use text, json or markdown)`);
  let targets: readonly PortTarget[] = DEFAULT_TARGETS;
  if (parsed.values.ports !== undefined) {
    try {
      targets = parseTargets(parsed.values.ports);
    } catch (error) {
      throw new ProbeUsageError(error instanceof Error ? error.message : String(error));
    }
  }
  let timeoutMs: number | undefined;
  if (parsed.values.timeout !== undefined) {
    timeoutMs = Number(parsed.values.timeout);
    if (!Number.isInteger(timeoutMs) || timeoutMs < 100 || timeoutMs > 120000) throw new ProbeUsageError('--timeout needs milliseconds between 100 and 120000');
  }
  const extraCa: string[] = [];
  for (const file of parsed.values.ca ?? []) {
    try {
      extraCa.push(await readFile(file, 'utf8'));
    } catch {
      throw new ProbeUsageError(`cannot read CA file ${file}`);
    }
  }
  const hostName = host.replace(/^\[|\]$/g, '');

  const controller = new AbortController();
  const onInterrupt = (): void => controller.abort();
  process.once('SIGINT', onInterrupt);
  const progress = format === 'text' && Boolean(process.stderr.isTTY);
  try {
    const domain = parsed.values.domain ?? hostName;
    const dnsPromise: Promise<DnsReport | undefined> =
      parsed.values['no-dns'] || (isIP(domain) !== 0 && parsed.values.domain === undefined)
        ? Promise.resolve(undefined)
        : lookupMailDns({
            domain,
            ...(parsed.values['dns-server'] ? { servers: parsed.values['dns-server'] } : {}),
            ...(timeoutMs !== undefined ? { timeoutMs } : {}),
            signal: controller.signal,
          }).catch(() => undefined);

    let report: HostReport | undefined;
    for await (const event of probeHost({
      host: hostName,
      targets,
      ...(timeoutMs !== undefined ? { timeoutMs } : {}),
      ...(extraCa.length > 0 ? { extraCa } : {}),
      ...(parsed.values.servername ? { servername: parsed.values.servername } : {}),
      ...(parsed.values.ehlo ? { ehloName: parsed.values.ehlo } : {}),
      starttlsInjection: parsed.values['starttls-injection'] ?? false,
      signal: controller.signal,
    })) {
      if (event.type === 'port' && progress) {
        const port = event.report;
        process.stderr.write(`  ${`${port.port}/${port.protocol}`.padEnd(9)} ${port.verdict.padEnd(15)} ${certificateSummary(port).padEnd(20)} ${Math.round(port.timings.totalMs)} ms\n`);
      }
      if (event.type === 'done') report = event.report;
    }
    const dns = await dnsPromise;
    if (!report) throw new Error('the probe ended without a report');
    if (format === 'json') process.stdout.write(`${JSON.stringify(probeJson(report, dns), null, 2)}\n`);
    else if (format === 'markdown') process.stdout.write(formatProbeMarkdown(report, dns));
    else {
      if (progress) process.stderr.write('\n');
      process.stdout.write(formatProbeText(report, dns, { verbose: parsed.values.verbose ?? false, color: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR }));
    }
    return 0;
  } finally {
    process.removeListener('SIGINT', onInterrupt);
  }
}

