// Free ports for one run of the peers. Picked at random below the kernel's ephemeral range
// (32768+), so an outgoing connection of the same machine cannot take one between our check
// and the daemon's bind; each is checked on every address the peers bind. Test files run in
// parallel processes, so a port is also claimed with a lock file before it is handed out:
// two runs can never both pick it in the moment before either daemon binds it.
import { createServer } from 'node:net';
import { createSocket } from 'node:dgram';
import { mkdirSync, openSync, closeSync, writeSync, readFileSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';

const LOW = 20_000;
const HIGH = 32_000;
const LOCK_DIR = '/tmp/mtp-ports';
const claimed = new Set<number>();

function tcpFree(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    // No ::1 on a machine without IPv6: nothing can be bound there either.
    server.once('error', (err: NodeJS.ErrnoException) => resolve(err.code === 'EADDRNOTAVAIL'));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

function udpFree(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createSocket('udp4');
    socket.once('error', () => {
      socket.close();
      resolve(false);
    });
    socket.bind(port, host, () => socket.close(() => resolve(true)));
  });
}

function ownerAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

function claim(port: number): boolean {
  mkdirSync(LOCK_DIR, { recursive: true });
  const file = join(LOCK_DIR, String(port));
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      claimed.add(port);
      return true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      let owner = 0;
      try {
        owner = Number(readFileSync(file, 'utf8').trim());
      } catch {
        // removed meanwhile: try again
      }
      if (owner > 0 && ownerAlive(owner)) return false;
      try {
        unlinkSync(file); // a claim left by a run that died
      } catch {
        // someone else removed it first
      }
    }
  }
  return false;
}

/** A port free for TCP (and UDP when asked) on 127.0.0.1, 127.0.0.2 and ::1, claimed for this process. */
export async function freePort(options: { udp?: boolean } = {}): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = LOW + Math.floor(Math.random() * (HIGH - LOW));
    if (claimed.has(port) || !claim(port)) continue;
    const checks = [tcpFree(port, '127.0.0.1'), tcpFree(port, '127.0.0.2'), tcpFree(port, '::1')];
    if (options.udp) checks.push(udpFree(port, '127.0.0.1'));
    if ((await Promise.all(checks)).every(Boolean)) return port;
    releasePorts([port]);
  }
  throw new Error('no free port found in 200 tries');
}

export function releasePorts(ports: Iterable<number>): void {
  for (const port of ports) {
    if (!claimed.delete(port)) continue;
    try {
      unlinkSync(join(LOCK_DIR, String(port)));
    } catch {
      // already gone
    }
  }
}
