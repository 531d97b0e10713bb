// TCP connect with one deadline for all of a host's addresses. Addresses are raced with a
// stagger (Happy Eyeballs, RFC 8305): a refused or unreachable address hands over at once, a
// silent one after the stagger, so a filtered address never costs more than the connect timeout.
import { Socket } from 'node:net';
import { aborted, describeSocketError } from './errors';
import { now } from './clock';

export type ConnectFailureKind = 'refused' | 'filtered' | 'unreachable' | 'error';

export interface Connected {
  readonly ok: true;
  readonly socket: Socket;
  readonly address: string;
  readonly connectMs: number;
}

export interface ConnectFailed {
  readonly ok: false;
  readonly kind: ConnectFailureKind | 'aborted';
  readonly address?: string;
  readonly message: string;
  readonly connectMs: number;
}

const STAGGER_MS = 250;

const UNREACHABLE_CODES = new Set(['EHOSTUNREACH', 'ENETUNREACH', 'EACCES', 'EPERM', 'EHOSTDOWN', 'ENETDOWN', 'EADDRNOTAVAIL', 'EAFNOSUPPORT']);

function classify(code: string | undefined): ConnectFailureKind {
  if (code === 'ECONNREFUSED') return 'refused';
  if (code === 'ETIMEDOUT') return 'filtered';
  if (code !== undefined && UNREACHABLE_CODES.has(code)) return 'unreachable';
  return 'error';
}

// When addresses disagree, report what says most about the host: an answer beats silence,
// and silence on a reachable family beats a family with no route at all.
const PRECEDENCE: Record<ConnectFailureKind, number> = { refused: 4, filtered: 3, unreachable: 2, error: 1 };

export function connectAny(addresses: readonly string[], port: number, timeoutMs: number, signal?: AbortSignal): Promise<Connected | ConnectFailed> {
  const started = now();
  return new Promise((resolve) => {
    const pending = new Set<Socket>();
    const failures: { kind: ConnectFailureKind; address: string; message: string }[] = [];
    let next = 0;
    let settled = false;
    let staggerTimer: NodeJS.Timeout | undefined;

    const finish = (result: Connected | ConnectFailed): void => {
      if (settled) return;
      settled = true;
      clearTimeout(deadlineTimer);
      clearTimeout(staggerTimer);
      signal?.removeEventListener('abort', onAbort);
      for (const socket of pending) if (result.ok === false || socket !== result.socket) socket.destroy();
      pending.clear();
      resolve(result);
    };

    const failWithBest = (timedOut: readonly string[]): void => {
      const all = [...failures, ...timedOut.map((address) => ({ kind: 'filtered' as const, address, message: `no answer within ${timeoutMs} ms` }))];
      all.sort((a, b) => PRECEDENCE[b.kind] - PRECEDENCE[a.kind]);
      const best = all[0];
      const elapsed = Math.round(now() - started);
      if (!best) finish({ ok: false, kind: 'error', message: 'no address to connect to', connectMs: elapsed });
      else finish({ ok: false, kind: best.kind, address: best.address, message: best.message, connectMs: elapsed });
    };

    const launch = (): void => {
      clearTimeout(staggerTimer);
      const address = addresses[next++];
      if (address === undefined || settled) return;
      const socket = new Socket();
      pending.add(socket);
      socket.once('connect', () => {
        pending.delete(socket);
        socket.removeAllListeners('error');
        // Later errors belong to the session; until it attaches its handler, none may escape.
        socket.on('error', () => undefined);
        finish({ ok: true, socket, address, connectMs: Math.round(now() - started) });
      });
      socket.once('error', (error) => {
        pending.delete(socket);
        socket.destroy();
        const { message, code } = describeSocketError(error);
        failures.push({ kind: classify(code), address, message });
        if (next < addresses.length) launch();
        else if (pending.size === 0) failWithBest([]);
      });
      socket.connect({ host: address, port });
      if (next < addresses.length) staggerTimer = setTimeout(launch, STAGGER_MS);
    };

    const onAbort = (): void => finish({ ok: false, kind: 'aborted', message: aborted().message, connectMs: Math.round(now() - started) });
    const deadlineTimer = setTimeout(() => {
      const unanswered = addresses.slice(0, next).filter((address) => !failures.some((failure) => failure.address === address));
      failWithBest(unanswered);
    }, timeoutMs);
    if (signal?.aborted) {
      onAbort();
      return;
    }
    signal?.addEventListener('abort', onAbort, { once: true });
    launch();
  });
}
