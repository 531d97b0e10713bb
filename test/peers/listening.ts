// Readiness without side effects: a test connection to a Postfix port would spawn an smtpd
// (and log a session); the kernel's socket table says "listening" without touching the daemon.
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { sleep } from './exec';

function listeningPorts(): Set<number> {
  const ports = new Set<number>();
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      const local = fields[1];
      if (fields[3] !== '0A' || local === undefined) continue; // 0A = TCP_LISTEN
      ports.add(parseInt(local.slice(local.lastIndexOf(':') + 1), 16));
    }
  }
  return ports;
}

/** Waits until every port is in LISTEN; `alive()` false means the daemon died, so stop waiting. */
export async function waitListening(ports: readonly number[], deadlineMs: number, alive: () => boolean, what: string): Promise<void> {
  const end = Date.now() + deadlineMs;
  for (;;) {
    const open = listeningPorts();
    const missing = ports.filter((p) => !open.has(p));
    if (missing.length === 0) return;
    if (!alive()) throw new Error(`${what} exited before listening on ${missing.join(', ')}`);
    if (Date.now() > end) throw new Error(`${what} not listening on ${missing.join(', ')} after ${deadlineMs} ms`);
    await sleep(25);
  }
}

/** Connects and reads until `ready` matches the text received (a full greeting), then closes. */
export function waitForBanner(port: number, host: string, ready: RegExp, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host });
    let text = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no greeting matching ${ready} from ${host}:${port} within ${timeoutMs} ms (got ${JSON.stringify(text)})`));
    }, timeoutMs);
    socket.on('data', (chunk: Buffer) => {
      text += chunk.toString('latin1');
      if (ready.test(text)) {
        clearTimeout(timer);
        socket.destroy();
        resolve(text);
      }
    });
    socket.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}
