// One port, start to finish: connect, decide the mode by what the server does, read what it
// offers before and after TLS, and describe the certificate. At most two connections decide the
// mode (the opt-in injection test adds one); every step has a deadline and the port's signal.
import { setMaxListeners } from 'node:events';
import type { Protocol } from '../model';
import { now } from './clock';
import { certificateReport } from './certificate';
import { connectAny } from './connect';
import { dialectFor } from './dialects';
import { ReplyTooLarge, starttls, type CapabilityReply, type Dialect, type Greeting, type LineSource, type ReplyBounds } from './dialects/types';
import { describeSocketError, StepFailure } from './errors';
import { runInjectionTest } from './injection';
import { resolveOptions, type ResolvedOptions } from './options';
import { resolveHost } from './resolve';
import { Session, type UpgradeSuccess } from './session';
import { Transcript } from './transcript';
import type { CapabilityFacts, CertificateReport, InjectionResult, PortReport, PortTarget, PortVerdict, ProbeOptions, TlsSessionInfo } from './types';

export interface ProbePortOptions extends Omit<ProbeOptions, 'targets'> {
  /** Addresses already resolved (probeHost resolves once for all ports); resolved here when absent. */
  readonly addresses?: readonly string[];
}

const PROTOCOL_NAMES: Record<Protocol, string> = { smtp: 'SMTP', imap: 'IMAP', pop3: 'POP3' };

function clip(text: string, max = 200): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

function isFailure(error: unknown, ...kinds: StepFailure['kind'][]): error is StepFailure {
  return error instanceof StepFailure && kinds.includes(error.kind);
}

/** Limits and cancellation end the port whatever step it is in. */
function rethrowFatal(error: unknown): void {
  if (error instanceof ReplyTooLarge || isFailure(error, 'limit', 'aborted')) throw error;
}

class PortProbe {
  private readonly started = now();
  private readonly transcript = new Transcript(this.started);
  private readonly dialect: Dialect;
  private readonly controller = new AbortController();
  private readonly sessions: Session[] = [];
  private readonly bounds: ReplyBounds;
  private readonly notes: string[] = [];

  private verdict: PortVerdict = 'error';
  private error: string | undefined;
  private address: string | undefined;
  private banner: string | undefined;
  private tls: TlsSessionInfo | undefined;
  private certificate: CertificateReport | undefined;
  private capsBefore: readonly string[] | undefined;
  private capsAfter: readonly string[] | undefined;
  private injectedBytes: number | undefined;
  private injection: InjectionResult | undefined;
  private connectMs: number | undefined;
  private greetingMs: number | undefined;
  private handshakeMs: number | undefined;
  private connections = 0;
  private connectedAt = 0;

  constructor(
    private readonly target: PortTarget,
    private readonly options: ResolvedOptions,
    private readonly given: ProbePortOptions,
  ) {
    this.dialect = dialectFor(target.protocol);
    setMaxListeners(0, this.controller.signal);
    this.bounds = { maxReplyBytes: options.limits.maxReplyBytes, maxReplyLines: options.limits.maxReplyLines };
  }

  private get signal(): AbortSignal {
    return this.controller.signal;
  }

  private set(verdict: PortVerdict, error?: string): void {
    this.verdict = verdict;
    this.error = error;
    if (error) this.transcript.note(`${verdict}: ${error}`, false);
  }

  async run(): Promise<PortReport> {
    const outer = this.given.signal;
    const onAbort = (): void => this.controller.abort();
    if (outer?.aborted) this.controller.abort();
    else outer?.addEventListener('abort', onAbort, { once: true });
    try {
      await this.main();
    } catch (error) {
      if (this.signal.aborted || isFailure(error, 'aborted')) this.set('error', 'cancelled');
      else if (error instanceof ReplyTooLarge || isFailure(error, 'limit')) this.set('error', error.message);
      else this.set('error', `unexpected failure: ${describeSocketError(error).message}`);
    } finally {
      for (const session of this.sessions) session.destroy();
    }
    try {
      if (this.options.starttlsInjection && this.verdict === 'starttls' && this.address && !this.signal.aborted) {
        this.connections++;
        this.injection = await runInjectionTest({
          dialect: this.dialect,
          options: this.options,
          transcript: this.transcript,
          signal: this.signal,
          address: this.address,
          port: this.target.port,
          bounds: this.bounds,
        });
      }
    } finally {
      outer?.removeEventListener('abort', onAbort);
    }
    return this.report();
  }

  private report(): PortReport {
    let capabilities: CapabilityFacts | undefined;
    if (this.capsBefore !== undefined || this.capsAfter !== undefined) {
      const before = this.capsBefore ?? [];
      const after = this.capsAfter ?? [];
      capabilities = {
        beforeTls: before,
        afterTls: after,
        authBeforeTls: this.dialect.authMechanisms(before),
        authAfterTls: this.dialect.authMechanisms(after),
        cleartextAuthOffered: this.dialect.cleartextAuth(before),
        ...(this.dialect.loginDisabled && this.capsBefore !== undefined ? { loginDisabledBeforeTls: this.dialect.loginDisabled(before) } : {}),
        starttlsAfterTls: this.dialect.offersStarttls(after),
      };
    }
    return {
      port: this.target.port,
      protocol: this.target.protocol,
      verdict: this.verdict,
      ...(this.address !== undefined ? { address: this.address } : {}),
      ...(this.error !== undefined ? { error: this.error } : {}),
      ...(this.banner !== undefined ? { banner: this.banner } : {}),
      ...(this.tls ? { tls: this.tls } : {}),
      ...(this.certificate ? { certificate: this.certificate } : {}),
      ...(capabilities ? { capabilities } : {}),
      ...(this.injectedBytes !== undefined ? { injectedBytesBeforeTls: this.injectedBytes } : {}),
      ...(this.injection ? { injection: this.injection } : {}),
      ...(this.notes.length > 0 ? { notes: this.notes } : {}),
      timings: {
        ...(this.connectMs !== undefined ? { connectMs: this.connectMs } : {}),
        ...(this.greetingMs !== undefined ? { greetingMs: this.greetingMs } : {}),
        ...(this.handshakeMs !== undefined ? { handshakeMs: this.handshakeMs } : {}),
        totalMs: Math.round(now() - this.started),
      },
      connections: this.connections,
      transcript: this.transcript.lines(),
    };
  }

  /** A line source whose every reply gets the step timeout from when the step begins. */
  private step(session: Session, deadline?: number): LineSource {
    const fixed = deadline ?? now() + this.options.timeoutMs;
    return {
      readLine: (timeoutMessage) => session.readLine(`${timeoutMessage} within ${this.options.timeoutMs} ms`, fixed),
      send: (line) => session.send(line),
      nextTag: () => session.nextTag(),
    };
  }

  private note(text: string, inTls = false): void {
    this.notes.push(text);
    this.transcript.note(text, inTls);
  }

  private async connect(addresses: readonly string[]): Promise<Session | undefined> {
    const result = await connectAny(addresses, this.target.port, this.options.timeoutMs, this.signal);
    if (!result.ok) {
      if (result.kind === 'aborted') throw new StepFailure('aborted', 'cancelled');
      if (result.address !== undefined && this.address === undefined) this.address = result.address;
      if (this.connectMs === undefined) this.connectMs = result.connectMs;
      const reasons: Record<typeof result.kind, string> = {
        refused: `connection refused by ${result.address ?? 'the host'} (nothing listens on port ${this.target.port}, or a firewall rejects it)`,
        filtered: `no answer to the connection attempt within ${this.options.timeoutMs} ms (a firewall drops the packets, or the host is down)`,
        unreachable: `the network reports ${result.address ?? 'the host'} unreachable: ${result.message}`,
        error: `could not connect: ${result.message}`,
      };
      this.set(result.kind, reasons[result.kind]);
      return undefined;
    }
    this.connections++;
    this.address = result.address;
    if (this.connectMs === undefined) this.connectMs = result.connectMs;
    this.connectedAt = now();
    this.transcript.note(`connected to ${result.address} port ${this.target.port} in ${result.connectMs} ms${this.connections > 1 ? ` (connection ${this.connections})` : ''}`, false);
    const session = new Session(result.socket, result.address, this.options, this.transcript, this.signal);
    this.sessions.push(session);
    return session;
  }

  private async main(): Promise<void> {
    let addresses = this.given.addresses;
    if (!addresses) {
      const resolved = await resolveHost(this.options.host, this.options.family, this.options.timeoutMs, this.signal);
      if (!resolved.ok) {
        this.set('dns-failure', resolved.message);
        return;
      }
      addresses = resolved.addresses;
    }
    const session = await this.connect(addresses);
    if (!session) return;

    const window = this.options.greetingWindowMs;
    let spoke: boolean;
    try {
      spoke = await session.lines.waitForData(now() + window, this.signal);
    } catch (error) {
      rethrowFatal(error);
      this.set('no-greeting', `${describeSocketError(error).message} without sending anything`);
      return;
    }
    if (spoke) {
      await this.plaintext(session, this.connectedAt + this.options.timeoutMs, false);
      return;
    }

    this.transcript.note(`no greeting within ${window} ms: starting a TLS handshake on this connection (an implicit-TLS server waits for the client to speak first)`, false);
    const attempt = await session.upgrade('implicit', now() + this.options.timeoutMs);
    if (attempt.ok) {
      await this.implicit(session, attempt);
      return;
    }
    rethrowFatal(attempt.failure);
    const greetedLate = attempt.plaintextBytes > 0;
    const droppedHello = !attempt.sawTlsRecord && attempt.failure.kind === 'closed';
    if (greetedLate || droppedHello) {
      const address = session.address;
      session.destroy();
      this.transcript.note(
        greetedLate
          ? `the server greeted in clear text after ${Math.round(now() - this.connectedAt)} ms (a delayed greeting, like Postfix's postscreen greet pause): reconnecting to wait for it without speaking first`
          : `${attempt.failure.message}, without a TLS answer: reconnecting to wait for a clear-text greeting`,
        false,
      );
      const second = await this.connect([address]);
      if (!second) return;
      await this.plaintext(second, this.connectedAt + this.options.timeoutMs, !greetedLate);
      return;
    }
    if (attempt.failure.kind === 'timeout') {
      this.set('no-greeting', `no greeting within ${window} ms and no answer to a TLS handshake within ${this.options.timeoutMs} ms`);
      return;
    }
    this.handshakeMs = attempt.handshakeMs;
    this.set('error', `TLS handshake failed: ${attempt.failure.message}`);
  }

  private async readGreeting(session: Session, deadline: number, inTls: boolean): Promise<Greeting | undefined> {
    const name = PROTOCOL_NAMES[this.target.protocol];
    let greeting: Greeting;
    try {
      greeting = await this.dialect.readGreeting(this.step(session, deadline), this.bounds);
    } catch (error) {
      rethrowFatal(error);
      const waited = Math.round(now() - this.connectedAt);
      const where = inTls ? ' inside TLS' : '';
      if (isFailure(error, 'timeout')) {
        const partial = session.lines.pendingPartial();
        if (inTls) this.set('error', `the TLS handshake completed but no ${name} greeting came${where} within ${this.options.timeoutMs} ms (is this a mail server?)`);
        else if (partial !== '') this.set('no-greeting', `the greeting was still incomplete after ${waited} ms (${Buffer.byteLength(partial)} bytes so far: the server sends very slowly)`);
        else this.set('no-greeting', `no ${name} greeting within ${waited} ms`);
      } else if (inTls) {
        this.set('error', `${describeSocketError(error).message} after the TLS handshake, before a ${name} greeting`);
      } else {
        this.set('no-greeting', `${describeSocketError(error).message} before a complete ${name} greeting`);
      }
      return undefined;
    }
    this.greetingMs = Math.round(now() - this.connectedAt);
    this.banner = greeting.lines.join('\n');
    const first = clip(greeting.lines[0] ?? '');
    if (greeting.kind === 'rejected') {
      this.set('rate-limited', `the server turned us away: "${first}"`);
      return undefined;
    }
    if (greeting.kind === 'unexpected') {
      this.set('error', `not ${name === 'POP3' ? 'a' : 'an'} ${name} greeting${inTls ? ' inside TLS' : ''}: "${first}"`);
      return undefined;
    }
    return greeting;
  }

  /** Capabilities, or undefined when the step ended the port (verdict set). */
  private async capabilities(session: Session, phase: 'before' | 'after'): Promise<CapabilityReply | undefined> {
    const command = this.dialect.capabilityCommandName;
    try {
      const reply = await this.dialect.capabilities(this.step(session), this.bounds, this.options.ehloName);
      if (reply.rejected) {
        this.set('rate-limited', `the server answered ${command} by turning us away: "${clip(reply.lines[reply.lines.length - 1] ?? '')}"`);
        return undefined;
      }
      if (!reply.ok) this.note(`${command} was not accepted${phase === 'after' ? ' after TLS' : ''}: "${clip(reply.lines[reply.lines.length - 1] ?? '')}"`, phase === 'after');
      return reply;
    } catch (error) {
      rethrowFatal(error);
      const reason = describeSocketError(error).message;
      if (phase === 'after') {
        // The upgrade itself succeeded; a missing list after TLS is a finding, not a failure.
        this.note(`no capability list after TLS: ${reason}`, true);
        return { ok: false, rejected: false, capabilities: [], lines: [] };
      }
      this.set('error', isFailure(error, 'timeout') ? reason : `${reason} after ${command}`);
      return undefined;
    }
  }

  private async plaintext(session: Session, greetingDeadline: number, afterDroppedHello: boolean): Promise<void> {
    const greeting = await this.readGreeting(session, greetingDeadline, false);
    if (!greeting) {
      if (afterDroppedHello && this.verdict === 'no-greeting') this.error = `${this.error}; on the first connection the server closed the connection when we tried TLS`;
      return;
    }
    const before = await this.capabilities(session, 'before');
    if (!before) return;
    this.capsBefore = before.ok ? before.capabilities : (greeting.capabilities ?? []);

    if (greeting.kind === 'preauth') {
      this.note('IMAP PREAUTH greeting: the session is already authenticated in clear text, so STARTTLS is impossible (an attacker can use this to prevent the upgrade)');
      this.set('plaintext');
      await session.close(this.dialect.goodbye);
      return;
    }
    if (!this.dialect.offersStarttls(this.capsBefore)) {
      this.set('plaintext');
      await session.close(this.dialect.goodbye);
      return;
    }

    const command = this.dialect.starttlsCommandName;
    let reply;
    try {
      reply = await starttls(this.dialect, this.step(session), this.bounds);
    } catch (error) {
      rethrowFatal(error);
      this.set('starttls-failed', isFailure(error, 'timeout') ? describeSocketError(error).message : `${describeSocketError(error).message} after ${command}`);
      return;
    }
    if (!reply.ok) {
      this.set('starttls-failed', `the server answered ${command} with "${clip(reply.lines[reply.lines.length - 1] ?? '')}"`);
      await session.close(this.dialect.goodbye);
      return;
    }
    const upgrade = await session.upgrade('starttls', now() + this.options.timeoutMs);
    const discarded = upgrade.ok ? upgrade.discardedBytes : upgrade.plaintextBytes;
    if (discarded > 0) this.injectedBytes = discarded;
    if (!upgrade.ok) {
      rethrowFatal(upgrade.failure);
      this.handshakeMs = upgrade.handshakeMs;
      this.set('starttls-failed', `the TLS handshake after ${command} failed: ${upgrade.failure.message}`);
      return;
    }
    this.recordTls(upgrade);
    const after = await this.capabilities(session, 'after');
    if (!after) return;
    this.capsAfter = after.capabilities;
    this.set('starttls');
    await session.close(this.dialect.goodbye);
  }

  private async implicit(session: Session, upgrade: UpgradeSuccess): Promise<void> {
    this.recordTls(upgrade);
    const greeting = await this.readGreeting(session, now() + this.options.timeoutMs, true);
    if (!greeting) return;
    const caps = await this.capabilities(session, 'after');
    if (!caps) return;
    this.capsAfter = caps.ok ? caps.capabilities : (greeting.capabilities ?? []);
    this.set('implicit-tls');
    await session.close(this.dialect.goodbye);
  }

  private recordTls(upgrade: UpgradeSuccess): void {
    this.handshakeMs = upgrade.handshakeMs;
    this.tls = upgrade.tls;
    try {
      this.certificate = certificateReport(upgrade.socket, this.options.referenceName);
    } catch (error) {
      this.note(`the certificate could not be read: ${describeSocketError(error).message}`, true);
    }
    this.transcript.note(`TLS established: ${upgrade.tls.version}, ${upgrade.tls.cipher}, in ${upgrade.handshakeMs} ms`, true);
  }
}

/** Probes one port; never rejects. */
export async function probePort(target: PortTarget, options: ProbePortOptions): Promise<PortReport> {
  const resolved = resolveOptions(options);
  return new PortProbe(target, resolved, options).run();
}

export function dnsFailureReport(target: PortTarget, message: string): PortReport {
  return { port: target.port, protocol: target.protocol, verdict: 'dns-failure', error: message, timings: { totalMs: 0 }, connections: 0, transcript: [] };
}

export function cancelledReport(target: PortTarget): PortReport {
  return { port: target.port, protocol: target.protocol, verdict: 'error', error: 'cancelled', timings: { totalMs: 0 }, connections: 0, transcript: [] };
}
