// Hostile servers no real peer imitates on demand. Each must end within its timeout with the
// right verdict, without a crash, with bounded memory, and with no socket left open.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { probeHost, probePort, type ProbeEvent } from '../../src/core/probe';
import { filteredPort, implicitServer, lineServer, makeSelfSignedCert, rawServer, smtpScript, type Fake, type TestCert } from './probeFakes';

const TIMEOUT = 1500;
// Scheduling slack: the suite runs beside other work on shared machines.
const SLACK = 1500;
// Window (≤ timeout/2) + one full step + the polite goodbye.
const BOUND = TIMEOUT / 2 + TIMEOUT + 1000 + SLACK;
let cert: TestCert;
const servers: Fake[] = [];

async function serve(fake: Promise<Fake>): Promise<Fake> {
  const server = await fake;
  servers.push(server);
  return server;
}

before(() => {
  cert = makeSelfSignedCert();
});

after(async () => {
  await Promise.all(servers.map((server) => server.close()));
});

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = Date.now();
  const value = await work();
  return { value, ms: Date.now() - started };
}

function smtpAt(port: number, extra: { starttlsInjection?: boolean; timeoutMs?: number } = {}) {
  return probePort({ port, protocol: 'smtp' }, { host: '127.0.0.1', timeoutMs: TIMEOUT, ...extra });
}

// For servers that answer promptly: no timeout is measured, so a loaded machine must not matter.
const RELAXED = { timeoutMs: 5000 };

describe('probe: hostile servers', { concurrency: true }, () => {
  it('greeting never sent, ClientHello unanswered → no-greeting', async () => {
    const server = await serve(rawServer(() => undefined));
    const { value: report, ms } = await timed(() => smtpAt(server.port));
    assert.equal(report.verdict, 'no-greeting', report.error);
    assert.match(report.error ?? '', /no greeting within \d+ ms and no answer to a TLS handshake/);
    assert.ok(ms < BOUND, `${ms} ms`);
    assert.equal(report.connections, 1);
    assert.ok(await server.allClosed());
  });

  it('a greeting at 1 byte per second → no-greeting, incomplete', async () => {
    const server = await serve(
      rawServer((socket) => {
        const text = Buffer.from('220 slow.example ESMTP\r\n');
        let index = 0;
        const drip = (): void => {
          if (socket.destroyed || index >= text.length) return;
          socket.write(text.subarray(index, ++index));
          setTimeout(drip, 1000).unref();
        };
        drip();
      }),
    );
    const { value: report, ms } = await timed(() => smtpAt(server.port));
    assert.equal(report.verdict, 'no-greeting', report.error);
    assert.match(report.error ?? '', /incomplete/);
    assert.ok(ms < TIMEOUT + SLACK, `${ms} ms`);
    assert.ok(await server.allClosed());
  });

  it('a 1 MB line → error at the line bound, without buffering it', async () => {
    const server = await serve(
      rawServer((socket) => {
        socket.write('220-');
        socket.write(Buffer.alloc(1024 * 1024, 0x41));
        socket.write('\r\n220 ok\r\n');
      }),
    );
    const { value: report, ms } = await timed(() => smtpAt(server.port));
    assert.equal(report.verdict, 'error', report.error);
    assert.match(report.error ?? '', /line longer than 8192 bytes/);
    assert.ok(ms < TIMEOUT + SLACK, `${ms} ms`);
    assert.ok(await server.allClosed());
  });

  it('more than the total byte budget → error', async () => {
    const server = await serve(
      rawServer((socket) => {
        const line = `220-${'x'.repeat(1000)}\r\n`;
        const write = (): void => {
          while (!socket.destroyed && socket.write(line));
          if (!socket.destroyed) socket.once('drain', write);
        };
        write();
      }),
    );
    const report = await probePort({ port: server.port, protocol: 'smtp' }, { host: '127.0.0.1', timeoutMs: TIMEOUT, limits: { maxReplyLines: 100000, maxReplyBytes: 10 * 1024 * 1024 } });
    assert.equal(report.verdict, 'error', report.error);
    assert.match(report.error ?? '', /more than 262144 bytes/);
    assert.ok(await server.allClosed());
  });

  it('binary garbage → error, kept as data', async () => {
    const server = await serve(rawServer((socket) => socket.write(Buffer.concat([Buffer.from([0xff, 0x00, 0xfe, 0x80]), randomBytes(500), Buffer.from('\n')]))));
    const { value: report, ms } = await timed(() => smtpAt(server.port));
    assert.equal(report.verdict, 'error', report.error);
    assert.match(report.error ?? '', /not an SMTP greeting/);
    assert.ok(report.banner?.includes('\uFFFD'));
    assert.ok(ms < TIMEOUT + SLACK, `${ms} ms`);
    assert.ok(await server.allClosed());
  });

  it('reset in the middle of the TLS handshake (implicit port) → error', async () => {
    const server = await serve(
      rawServer((socket) => {
        socket.once('data', () => {
          // The start of a ServerHello, then a reset.
          socket.write(Buffer.from([0x16, 0x03, 0x03, 0x00, 0x7a, 0x02, 0x00, 0x00, 0x76, 0x03, 0x03]));
          setTimeout(() => socket.resetAndDestroy(), 20);
        });
      }),
    );
    const { value: report, ms } = await timed(() => smtpAt(server.port));
    assert.equal(report.verdict, 'error', report.error);
    assert.match(report.error ?? '', /TLS handshake failed: .*(ECONNRESET|during the TLS handshake)/);
    assert.equal(report.connections, 1);
    assert.ok(ms < BOUND, `${ms} ms`);
    assert.ok(await server.allClosed());
  });

  it('reset when our ClientHello follows STARTTLS → starttls-failed', async () => {
    const server = await serve(lineServer(cert, smtpScript({ resetOnHello: true })));
    const report = await smtpAt(server.port, RELAXED);
    assert.equal(report.verdict, 'starttls-failed', report.error);
    assert.match(report.error ?? '', /TLS handshake after STARTTLS failed/);
    assert.ok(await server.allClosed());
  });

  it('plaintext injected right after "220 Ready to start TLS" is discarded and reported', async () => {
    const injected = '250-INJECTED\r\n250 AUTH PLAIN\r\n';
    const server = await serve(lineServer(cert, smtpScript({ inject: injected })));
    const report = await smtpAt(server.port, RELAXED);
    assert.equal(report.verdict, 'starttls', report.error);
    assert.equal(report.injectedBytesBeforeTls, Buffer.byteLength(injected));
    const line = report.transcript.find((entry) => entry.text === '250-INJECTED');
    assert.equal(line?.direction, 'server');
    assert.equal(line?.inTls, false);
    assert.ok(report.transcript.some((entry) => entry.direction === 'note' && /RFC 3207 §6/.test(entry.text)));
    // The injected lines never became capabilities.
    assert.ok(!report.capabilities?.afterTls.includes('INJECTED'));
    assert.ok(await server.allClosed());
  });

  it('STARTTLS advertised again after TLS is reported', async () => {
    const server = await serve(lineServer(cert, smtpScript({ after: ['250-mail.test', '250-STARTTLS', '250 AUTH PLAIN'] })));
    const report = await smtpAt(server.port, RELAXED);
    assert.equal(report.verdict, 'starttls', report.error);
    assert.equal(report.capabilities?.starttlsAfterTls, true);
    assert.ok(await server.allClosed());
  });

  it('10,000 capability lines → error at the reply line bound', async () => {
    const lines = Array.from({ length: 10000 }, (_, index) => `250-X-CAP-${index}`);
    const server = await serve(lineServer(cert, smtpScript({ before: ['250-mail.test', ...lines, '250 STARTTLS'] })));
    const { value: report, ms } = await timed(() => smtpAt(server.port));
    assert.equal(report.verdict, 'error', report.error);
    assert.match(report.error ?? '', /ran past 1000 lines/);
    assert.ok(report.transcript.length <= 401);
    assert.ok(ms < TIMEOUT + SLACK, `${ms} ms`);
    assert.ok(await server.allClosed());
  });

  it('HTML, <script> and invalid UTF-8 in the banner are kept as data', async () => {
    const banner = Buffer.concat([Buffer.from('220 <b>mail</b><script>alert(1)</script> '), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from(' ESMTP\r\n')]);
    const server = await serve(
      rawServer((socket) => {
        socket.write(banner);
        socket.on('data', (data: Buffer) => {
          if (/^EHLO/i.test(data.toString())) socket.write('250-mail\r\n250 SIZE 1000\r\n');
          else if (/^QUIT/i.test(data.toString())) socket.end('221 bye\r\n');
        });
      }),
    );
    const report = await smtpAt(server.port, RELAXED);
    assert.equal(report.verdict, 'plaintext', report.error);
    assert.equal(report.banner, '220 <b>mail</b><script>alert(1)</script> \uFFFD(\uFFFD ESMTP');
    assert.ok(await server.allClosed());
  });

  it('421 at connect → rate-limited', async () => {
    const server = await serve(rawServer((socket) => socket.end('421 4.7.0 mail.test Error: too many connections from 127.0.0.1\r\n')));
    const { value: report, ms } = await timed(() => smtpAt(server.port));
    assert.equal(report.verdict, 'rate-limited', report.error);
    assert.match(report.error ?? '', /too many connections/);
    assert.ok(ms < TIMEOUT + SLACK);
    assert.ok(await server.allClosed());
  });

  it('IMAP * BYE and POP3 -ERR at connect → rate-limited', async () => {
    const imap = await serve(rawServer((socket) => socket.end('* BYE Too many connections\r\n')));
    const pop3 = await serve(rawServer((socket) => socket.end('-ERR [SYS/TEMP] Too many connections\r\n')));
    const [a, b] = await Promise.all([
      probePort({ port: imap.port, protocol: 'imap' }, { host: '127.0.0.1', timeoutMs: TIMEOUT }),
      probePort({ port: pop3.port, protocol: 'pop3' }, { host: '127.0.0.1', timeoutMs: TIMEOUT }),
    ]);
    assert.equal(a.verdict, 'rate-limited');
    assert.equal(b.verdict, 'rate-limited');
  });

  it('a server that greets and then never reads → error after one step', async () => {
    const server = await serve(
      rawServer((socket) => {
        socket.pause();
        socket.write('220 mail.test ESMTP\r\n');
      }),
    );
    const { value: report, ms } = await timed(() => smtpAt(server.port));
    assert.equal(report.verdict, 'error', report.error);
    assert.match(report.error ?? '', /no reply to EHLO within 1500 ms/);
    assert.ok(ms < TIMEOUT * 2 + SLACK, `${ms} ms`);
    assert.ok(await server.allClosed());
  });

  it('a server that accepts and never reads nor writes → no-greeting', async () => {
    const server = await serve(rawServer((socket) => socket.pause()));
    const { value: report, ms } = await timed(() => probePort({ port: server.port, protocol: 'pop3' }, { host: '127.0.0.1', timeoutMs: TIMEOUT }));
    assert.equal(report.verdict, 'no-greeting', report.error);
    assert.ok(ms < BOUND, `${ms} ms`);
    assert.ok(await server.allClosed());
  });

  it('closes on the ClientHello, then silent → no-greeting after a second connection', async () => {
    const server = await serve(rawServer((socket) => socket.once('data', () => socket.destroy())));
    const { value: report, ms } = await timed(() => smtpAt(server.port));
    assert.equal(report.verdict, 'no-greeting', report.error);
    assert.equal(report.connections, 2);
    assert.match(report.error ?? '', /closed the connection when we tried TLS/);
    // Worst case: the window, the TLS attempt, then a full greeting wait on the second connection.
    assert.ok(ms < TIMEOUT / 2 + 2 * TIMEOUT + SLACK, `${ms} ms`);
    assert.ok(await server.allClosed());
  });

  it('a TLS server on a mail port that never greets inside TLS → error, certificate kept', async () => {
    const server = await serve(implicitServer(cert, '', () => undefined));
    const report = await smtpAt(server.port);
    assert.equal(report.verdict, 'error', report.error);
    assert.match(report.error ?? '', /no SMTP greeting came inside TLS/);
    assert.ok(report.certificate);
    assert.ok(await server.allClosed());
  });

  it('refused: a port whose listener just closed', async () => {
    const listener = createServer();
    const port = await new Promise<number>((resolve) => listener.listen(0, '127.0.0.1', () => resolve((listener.address() as { port: number }).port)));
    await new Promise((resolve) => listener.close(resolve));
    const { value: report, ms } = await timed(() => smtpAt(port));
    assert.equal(report.verdict, 'refused', report.error);
    assert.equal(report.connections, 0);
    assert.ok(ms < SLACK, `${ms} ms`);
  });

  it('refused on ::1 falls through to 127.0.0.1', async () => {
    const server = await serve(lineServer(cert, smtpScript()));
    const report = await probePort({ port: server.port, protocol: 'smtp' }, { host: 'localhost', ...RELAXED, addresses: ['::1', '127.0.0.1'] });
    assert.equal(report.verdict, 'starttls', report.error);
    assert.equal(report.address, '127.0.0.1');
  });

  it('filtered: SYNs dropped → filtered after the connect timeout, not longer', async (context) => {
    const filtered = await filteredPort();
    if (!filtered) {
      context.skip('python3 is not available to hold a full accept queue');
      return;
    }
    try {
      const { value: report, ms } = await timed(() => smtpAt(filtered.port));
      assert.equal(report.verdict, 'filtered', report.error);
      assert.ok(ms >= TIMEOUT - 50 && ms < TIMEOUT + SLACK / 2, `${ms} ms`);
    } finally {
      filtered.stop();
    }
  });

  it('DNS failure → every port dns-failure', async () => {
    const events: ProbeEvent[] = [];
    for await (const event of probeHost({ host: 'does-not-exist.invalid', targets: [{ port: 25, protocol: 'smtp' }, { port: 993, protocol: 'imap' }], timeoutMs: TIMEOUT })) events.push(event);
    const done = events[events.length - 1];
    assert.equal(done?.type, 'done');
    if (done?.type !== 'done') return;
    assert.deepEqual(done.report.ports.map((report) => report.verdict), ['dns-failure', 'dns-failure']);
  });

  it('STARTTLS injection test: a vulnerable server and a safe one', async () => {
    const vulnerable = await serve(lineServer(cert, smtpScript({ vulnerable: true })));
    const safe = await serve(lineServer(cert, smtpScript()));
    const [bad, good] = await Promise.all([smtpAt(vulnerable.port, { starttlsInjection: true, timeoutMs: 3000 }), smtpAt(safe.port, { starttlsInjection: true, timeoutMs: 3000 })]);
    assert.equal(bad.verdict, 'starttls', bad.error);
    assert.equal(bad.injection?.outcome, 'vulnerable', bad.injection?.detail);
    assert.equal(good.injection?.outcome, 'not-vulnerable', good.injection?.detail);
    assert.equal(good.connections, 2);
    assert.ok(await vulnerable.allClosed());
    assert.ok(await safe.allClosed());
  });

  it('cancellation mid-probe ends every port at once and closes every socket', async () => {
    const silent = await serve(rawServer(() => undefined));
    const slow = await serve(lineServer(cert, smtpScript({ greetDelayMs: 10000 })));
    const controller = new AbortController();
    const events: ProbeEvent[] = [];
    const started = Date.now();
    setTimeout(() => controller.abort(), 400);
    for await (const event of probeHost({
      host: '127.0.0.1',
      targets: [
        { port: silent.port, protocol: 'smtp' },
        { port: slow.port, protocol: 'smtp' },
        { port: silent.port, protocol: 'imap' },
      ],
      timeoutMs: 4000,
      signal: controller.signal,
    }))
      events.push(event);
    const ms = Date.now() - started;
    assert.ok(ms < 400 + SLACK, `${ms} ms`);
    const done = events[events.length - 1];
    assert.equal(done?.type, 'done');
    if (done?.type !== 'done') return;
    assert.equal(done.report.cancelled, true);
    assert.deepEqual(done.report.ports.map((report) => report.error), ['cancelled', 'cancelled', 'cancelled']);
    assert.ok(await silent.allClosed(1000));
    assert.ok(await slow.allClosed(1000));
  });

  it('a consumer that stops iterating stops the probe', async () => {
    const silent = await serve(rawServer(() => undefined));
    const started = Date.now();
    for await (const event of probeHost({ host: '127.0.0.1', targets: [{ port: silent.port, protocol: 'smtp' }], timeoutMs: 4000 })) {
      if (event.type === 'resolved') break;
    }
    assert.ok(await silent.allClosed(1000));
    assert.ok(Date.now() - started < 1500);
  });
});
