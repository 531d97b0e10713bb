// Small hostile and well-behaved mail servers for the probe's unit tests. Each server tracks its
// own sockets so a test can assert that the probe left none open.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer as createTlsServer, TLSSocket } from 'node:tls';
import type { Duplex } from 'node:stream';

export interface TestCert {
  readonly key: string;
  readonly cert: string;
}

/** A self-signed certificate for localhost, mail.test, 127.0.0.1 and ::1, made by openssl now. */
export function makeSelfSignedCert(): TestCert {
  const dir = mkdtempSync(join(tmpdir(), 'probe-cert-'));
  try {
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes',
      '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '30',
      '-subj', '/CN=mail.test', '-addext', 'subjectAltName=DNS:localhost,DNS:mail.test,IP:127.0.0.1,IP:::1',
    ], { stdio: 'ignore' });
    return { key: readFileSync(join(dir, 'key.pem'), 'utf8'), cert: readFileSync(join(dir, 'cert.pem'), 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface Fake {
  readonly port: number;
  /** Connections accepted so far. */
  readonly accepted: () => number;
  /** Resolves true once every accepted socket has closed (false after `ms`). */
  allClosed(ms?: number): Promise<boolean>;
  close(): Promise<void>;
}

function track(server: Server, onSocket?: (socket: Socket, index: number) => void): Promise<Fake> {
  const sockets = new Set<Socket>();
  let accepted = 0;
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
    onSocket?.(socket, accepted++);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      resolve({
        port,
        accepted: () => accepted,
        async allClosed(ms = 2000) {
          // A server that never reads never sees the FIN; read now, after the probe has ended.
          for (const socket of sockets) socket.resume();
          const until = Date.now() + ms;
          while (sockets.size > 0 && Date.now() < until) await new Promise((done) => setTimeout(done, 20));
          return sockets.size === 0;
        },
        close() {
          for (const socket of sockets) socket.destroy();
          return new Promise((done) => server.close(() => done()));
        },
      });
    });
  });
}

/** A raw TCP server: the handler does whatever hostile thing the test needs. */
export function rawServer(handler: (socket: Socket, index: number) => void): Promise<Fake> {
  return track(createServer(), handler);
}

export interface LineContext {
  readonly index: number;
  readonly inTls: boolean;
  write(text: string): void;
  /** Answer (optionally with extra bytes in the same write), then start TLS server-side. */
  startTls(answer: string, options?: { inject?: string; runBufferedLines?: boolean; resetOnHello?: boolean }): void;
  end(): void;
}

export interface LineScript {
  greeting?: string | null;
  greetDelayMs?: number;
  onLine(line: string, context: LineContext): void;
}

/** A line-based mail server in clear text with STARTTLS. */
export function lineServer(cert: TestCert, script: LineScript): Promise<Fake> {
  return track(createServer(), (socket, index) => {
    let stream: Duplex = socket;
    let inTls = false;
    let buffer = '';
    let stopped = false;
    const context: LineContext = {
      index,
      get inTls() {
        return inTls;
      },
      write: (text) => {
        if (!stream.destroyed) stream.write(text);
      },
      end: () => stream.end(),
      startTls(answer, options = {}) {
        stopped = true;
        const rest = buffer;
        buffer = '';
        socket.removeListener('data', onData);
        socket.write(answer + (options.inject ?? ''));
        if (options.resetOnHello) {
          socket.once('data', () => socket.resetAndDestroy());
          return;
        }
        const secure = new TLSSocket(socket, { isServer: true, key: cert.key, cert: cert.cert });
        secure.on('error', () => undefined);
        stream = secure;
        inTls = true;
        secure.on('data', onData);
        if (options.runBufferedLines && rest !== '') {
          // The CVE-2011-0411 bug: clear-text lines read with STARTTLS run after the switch.
          secure.once('secure', () => {
            stopped = false;
            onData(Buffer.from(rest));
          });
        }
      },
    };
    function onData(chunk: Buffer): void {
      buffer += chunk.toString('latin1');
      stopped = false;
      for (;;) {
        if (stopped) return;
        const newline = buffer.indexOf('\n');
        if (newline === -1) return;
        const line = buffer.slice(0, newline).replace(/\r$/, '');
        buffer = buffer.slice(newline + 1);
        script.onLine(line, context);
      }
    }
    socket.on('data', onData);
    if (script.greeting !== null) {
      const greet = (): void => {
        if (!socket.destroyed) socket.write(script.greeting ?? '220 mail.test ESMTP fake\r\n');
      };
      if (script.greetDelayMs) setTimeout(greet, script.greetDelayMs).unref();
      else greet();
    }
  });
}

/** An implicit-TLS server: TLS from the first byte, then the same line script inside. */
export function implicitServer(cert: TestCert, greeting: string, onLine: (line: string, write: (text: string) => void, end: () => void) => void): Promise<Fake> {
  const server = createTlsServer({ key: cert.key, cert: cert.cert }, (secure) => {
    secure.on('error', () => undefined);
    secure.write(greeting);
    let buffer = '';
    secure.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('latin1');
      for (;;) {
        const newline = buffer.indexOf('\n');
        if (newline === -1) return;
        const line = buffer.slice(0, newline).replace(/\r$/, '');
        buffer = buffer.slice(newline + 1);
        onLine(line, (text) => secure.write(text), () => secure.end());
      }
    });
  });
  server.on('tlsClientError', () => undefined);
  return track(server);
}

export const EHLO_BEFORE = ['250-mail.test', '250-PIPELINING', '250-AUTH PLAIN LOGIN', '250-STARTTLS', '250 8BITMIME'];
export const EHLO_AFTER = ['250-mail.test', '250-PIPELINING', '250-AUTH PLAIN LOGIN', '250 8BITMIME'];

/** A well-behaved SMTP server with STARTTLS, with knobs for the hostile variants. */
export function smtpScript(options: { after?: string[]; before?: string[]; inject?: string; vulnerable?: boolean; greeting?: string | null; greetDelayMs?: number; resetOnHello?: boolean } = {}): LineScript {
  return {
    ...(options.greeting !== undefined ? { greeting: options.greeting } : {}),
    ...(options.greetDelayMs !== undefined ? { greetDelayMs: options.greetDelayMs } : {}),
    onLine(line, context) {
      const command = line.toUpperCase();
      if (command.startsWith('EHLO')) context.write(`${(context.inTls ? options.after ?? EHLO_AFTER : options.before ?? EHLO_BEFORE).join('\r\n')}\r\n`);
      else if (command === 'STARTTLS' && !context.inTls) context.startTls('220 2.0.0 Ready to start TLS\r\n', { ...(options.inject ? { inject: options.inject } : {}), runBufferedLines: options.vulnerable === true, resetOnHello: options.resetOnHello === true });
      else if (command === 'QUIT') {
        context.write('221 2.0.0 Bye\r\n');
        context.end();
      } else context.write('502 5.5.2 Error: command not recognized\r\n');
    },
  };
}

/**
 * A port that drops SYNs: a listener with a full accept queue that never accepts. Node cannot
 * stop accepting, so a tiny python3 child holds the socket; undefined when python3 is missing.
 */
export async function filteredPort(): Promise<{ port: number; stop(): void } | undefined> {
  let child: ChildProcess;
  try {
    child = spawn('python3', ['-c', "import socket,time\ns=socket.socket()\ns.bind(('127.0.0.1',0))\ns.listen(0)\nprint(s.getsockname()[1],flush=True)\ntime.sleep(120)"], { stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return undefined;
  }
  const port = await new Promise<number | undefined>((resolve) => {
    child.once('error', () => resolve(undefined));
    child.stdout?.once('data', (data: Buffer) => resolve(Number(data.toString().trim())));
  });
  if (!port) return undefined;
  // One parked connection fills the queue of a backlog-0 listener; later SYNs are dropped.
  const { connect } = await import('node:net');
  const parked = connect(port, '127.0.0.1');
  parked.on('error', () => undefined);
  await new Promise((resolve) => parked.once('connect', resolve));
  return {
    port,
    stop() {
      parked.destroy();
      child.kill();
    },
  };
}
