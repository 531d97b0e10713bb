// Every port of a host at once, each result delivered the moment it is known. The host is
// resolved once; each port races its own deadlines, so the whole probe lasts as long as the
// slowest port and a filtered port delays no other port's result.
import { setMaxListeners } from 'node:events';
import { now } from './clock';
import { StepFailure } from './errors';
import { bareHost, resolveOptions } from './options';
import { cancelledReport, dnsFailureReport, probePort } from './probePort';
import { resolveHost } from './resolve';
import type { HostReport, PortReport, ProbeEvent, ProbeOptions } from './types';

export async function* probeHost(options: ProbeOptions): AsyncGenerator<ProbeEvent, void, undefined> {
  const resolved = resolveOptions(options);
  const controller = new AbortController();
  // Every port listens on this one signal; a long plan is not a listener leak.
  setMaxListeners(0, controller.signal);
  const outer = options.signal;
  const onAbort = (): void => controller.abort();
  if (outer?.aborted) controller.abort();
  else outer?.addEventListener('abort', onAbort, { once: true });
  const startedAt = new Date();
  const started = now();
  const targets = options.targets;
  const reports: (PortReport | undefined)[] = targets.map(() => undefined);
  let addresses: readonly string[] = [];

  try {
    yield { type: 'start', host: options.host, targets };

    let dnsError: string | undefined;
    try {
      const resolution = await resolveHost(bareHost(options.host), resolved.family, resolved.timeoutMs, controller.signal);
      if (resolution.ok) addresses = resolution.addresses;
      else dnsError = resolution.message;
    } catch (error) {
      if (!(error instanceof StepFailure && error.kind === 'aborted')) throw error;
    }
    if (dnsError === undefined && !controller.signal.aborted) yield { type: 'resolved', addresses };

    const ready: PortReport[] = [];
    let wake: (() => void) | undefined;
    const settle = (index: number, report: PortReport): void => {
      reports[index] = report;
      ready.push(report);
      wake?.();
    };
    targets.forEach((target, index) => {
      if (dnsError !== undefined) settle(index, dnsFailureReport(target, dnsError));
      else if (controller.signal.aborted) settle(index, cancelledReport(target));
      else
        probePort(target, { ...options, signal: controller.signal, addresses }).then(
          (report) => settle(index, report),
          // probePort never rejects; this keeps a bug from hanging the stream.
          (error: unknown) => settle(index, { ...cancelledReport(target), error: `unexpected failure: ${String(error)}` }),
        );
    });

    for (let delivered = 0; delivered < targets.length; delivered++) {
      while (ready.length === 0) await new Promise<void>((resolve) => (wake = resolve));
      wake = undefined;
      const report = ready.shift();
      if (report) yield { type: 'port', report };
    }

    const report: HostReport = {
      host: options.host,
      addresses,
      startedAt: startedAt.toISOString(),
      durationMs: Math.round(now() - started),
      ports: reports.map((entry, index) => entry ?? cancelledReport(targets[index] ?? { port: 0, protocol: 'smtp' })),
      cancelled: outer?.aborted === true,
    };
    yield { type: 'done', report };
  } finally {
    // A consumer that stops early (break, return, throw) stops every port still running.
    controller.abort();
    outer?.removeEventListener('abort', onAbort);
  }
}
