// Opt-in STARTTLS command-injection test (CVE-2011-0411 class; the EAST / testssl.sh method):
// on a fresh connection, send STARTTLS and a second command in one segment. A server that keeps
// the buffered clear text and runs it after the handshake answers that command inside TLS,
// unprompted. We read inside TLS without sending first, then fall back to a real command.
import { now } from './clock';
import { connectAny } from './connect';
import { readReply, type Dialect, type ReplyBounds } from './dialects/types';
import { describeSocketError, StepFailure } from './errors';
import type { ResolvedOptions } from './options';
import { Session } from './session';
import type { Transcript } from './transcript';
import type { InjectionResult } from './types';

export interface InjectionContext {
  readonly dialect: Dialect;
  readonly options: ResolvedOptions;
  readonly transcript: Transcript;
  readonly signal: AbortSignal;
  readonly address: string;
  readonly port: number;
  readonly bounds: ReplyBounds;
}

function clip(text: string): string {
  return text.length > 120 ? `${text.slice(0, 120)}…` : text;
}

export async function runInjectionTest(context: InjectionContext): Promise<InjectionResult> {
  const { dialect, options, transcript, signal, bounds } = context;
  const result = (outcome: InjectionResult['outcome'], detail: string): InjectionResult => {
    transcript.note(`injection test: ${outcome} — ${detail}`, session?.inTls ?? false);
    return { outcome, detail };
  };
  let session: Session | undefined;
  transcript.note('STARTTLS injection test on a separate connection', false);
  const connected = await connectAny([context.address], context.port, options.timeoutMs, signal);
  if (!connected.ok) return result('inconclusive', `could not reconnect: ${connected.message}`);
  session = new Session(connected.socket, connected.address, options, transcript, signal);
  const step = (target: Session) => {
    const deadline = now() + options.timeoutMs;
    return { readLine: (message: string) => target.readLine(`${message} within ${options.timeoutMs} ms`, deadline), send: (line: string) => target.send(line), nextTag: () => target.nextTag() };
  };
  try {
    const greeting = await dialect.readGreeting(step(session), bounds);
    if (greeting.kind !== 'ok') return result('inconclusive', 'the server did not greet normally on the test connection');
    const caps = await dialect.capabilities(step(session), bounds, options.ehloName);
    if (!dialect.offersStarttls(caps.capabilities)) return result('inconclusive', `${dialect.starttlsCommandName} was not offered on the test connection`);

    const exchange = dialect.starttlsExchange(() => session?.nextTag() ?? 'a0');
    const smuggled = dialect.injection(options.ehloName, () => session?.nextTag() ?? 'a0');
    // One write, no Nagle delay: both commands must reach the server in the same segment.
    session.sendRaw(`${exchange.command}\r\n${smuggled.injected}\r\n`, [exchange.command, smuggled.injected]);
    let reply: string[];
    try {
      reply = await readReply(step(session), bounds, `no reply to ${dialect.starttlsCommandName}`, exchange.isLast);
    } catch (error) {
      if (error instanceof StepFailure && error.kind === 'closed') return result('not-vulnerable', 'the server closed the connection when a command followed STARTTLS in the same packet');
      throw error;
    }
    if (!exchange.ok(reply)) return result('not-vulnerable', `the server refused the pipelined ${dialect.starttlsCommandName}: "${clip(reply[reply.length - 1] ?? '')}"`);

    const upgrade = await session.upgrade('starttls', now() + options.timeoutMs);
    if (!upgrade.ok) {
      if (upgrade.failure.kind === 'aborted') throw upgrade.failure;
      if (upgrade.failure.kind === 'closed') return result('not-vulnerable', `the server dropped the connection instead of completing TLS after the pipelined command (${upgrade.failure.message})`);
      return result('inconclusive', `the TLS handshake failed: ${upgrade.failure.message}`);
    }
    const plainAnswer = upgrade.discardedBytes > 0 ? ` (it answered ${upgrade.discardedBytes} byte(s) in clear text before the handshake)` : '';

    const quiet = Math.min(2000, Math.max(500, Math.round(options.timeoutMs / 2)));
    const unsolicited = await session.lines.waitForData(now() + quiet, signal).catch((error: unknown) => {
      if (error instanceof StepFailure && error.kind === 'closed') return false;
      throw error;
    });
    if (unsolicited) {
      const line = await session.readLine('incomplete line', now() + options.timeoutMs).catch(() => session?.lines.pendingPartial() ?? '');
      if (smuggled.answersInjected(line)) return result('vulnerable', `inside TLS the server answered "${smuggled.injected}", which was sent in clear text before the handshake: "${clip(line)}"`);
      return result('probably-vulnerable', `the server sent data inside TLS before we sent anything: "${clip(line)}"`);
    }
    if (session.closed) return result('inconclusive', 'the server closed the connection after the handshake');
    session.send(smuggled.probe);
    try {
      await session.readLine(`no answer inside TLS`, now() + options.timeoutMs);
    } catch {
      return result('inconclusive', `the server did not answer inside TLS within ${options.timeoutMs} ms`);
    }
    return result('not-vulnerable', `nothing arrived inside TLS for ${quiet} ms, and the server answered our own command: the smuggled command was discarded${plainAnswer}`);
  } catch (error) {
    if (error instanceof StepFailure && error.kind === 'aborted') return { outcome: 'inconclusive', detail: 'cancelled' };
    return result('inconclusive', describeSocketError(error).message);
  } finally {
    session?.destroy();
  }
}
