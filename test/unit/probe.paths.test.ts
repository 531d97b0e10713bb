// The probe against well-behaved fake servers: each mode decided by what the server does.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { probeHost, probePort, type PortReport, type ProbeEvent } from '../../src/core/probe';
import { EHLO_BEFORE, implicitServer, lineServer, makeSelfSignedCert, smtpScript, type Fake, type TestCert } from './probeFakes';

// Short enough for a fast suite; these servers answer at once, so only the implicit ports wait (the window).
const TIMEOUT = 2000;
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

function imapScript(): Parameters<typeof lineServer>[1] {
  return {
    greeting: '* OK [CAPABILITY IMAP4rev1 STARTTLS LOGINDISABLED] fake ready\r\n',
    onLine(line, context) {
      const [tag = '', command = ''] = line.split(' ');
      if (/^capability$/i.test(command)) context.write(`* CAPABILITY IMAP4rev1 ${context.inTls ? 'AUTH=PLAIN' : 'STARTTLS LOGINDISABLED'}\r\n${tag} OK done\r\n`);
      else if (/^starttls$/i.test(command)) context.startTls(`${tag} OK Begin TLS negotiation now\r\n`);
      else if (/^logout$/i.test(command)) {
        context.write(`* BYE bye\r\n${tag} OK done\r\n`);
        context.end();
      } else context.write(`${tag} BAD unknown\r\n`);
    },
  };
}

function pop3Script(): Parameters<typeof lineServer>[1] {
  return {
    greeting: '+OK fake POP3 ready\r\n',
    onLine(line, context) {
      const command = line.toUpperCase();
      if (command === 'CAPA') context.write(context.inTls ? '+OK\r\nUSER\r\nSASL PLAIN\r\n.\r\n' : '+OK\r\nUSER\r\nSTLS\r\nSASL PLAIN LOGIN\r\n.\r\n');
      else if (command === 'STLS') context.startTls('+OK Begin TLS\r\n');
      else if (command === 'QUIT') {
        context.write('+OK bye\r\n');
        context.end();
      } else context.write('-ERR unknown\r\n');
    },
  };
}

describe('probe: modes decided by behaviour', { concurrency: true }, () => {
  it('SMTP with STARTTLS: capabilities before and after, AUTH flagged, certificate described', async () => {
    const server = await serve(lineServer(cert, smtpScript()));
    const report = await probePort({ port: server.port, protocol: 'smtp' }, { host: '127.0.0.1', timeoutMs: TIMEOUT });
    assert.equal(report.verdict, 'starttls', report.error);
    assert.equal(report.connections, 1);
    assert.equal(report.address, '127.0.0.1');
    assert.match(report.banner ?? '', /^220 mail\.test/);
    assert.deepEqual(report.capabilities?.beforeTls, EHLO_BEFORE.slice(1).map((line) => line.slice(4)));
    assert.deepEqual(report.capabilities?.authBeforeTls, ['PLAIN', 'LOGIN']);
    assert.equal(report.capabilities?.cleartextAuthOffered, true);
    assert.equal(report.capabilities?.starttlsAfterTls, false);
    assert.ok(report.capabilities?.afterTls.includes('AUTH PLAIN LOGIN'));
    assert.equal(report.injectedBytesBeforeTls, undefined);
    assert.match(report.tls?.version ?? '', /^TLSv1\.[23]$/);
    const certificate = report.certificate;
    assert.ok(certificate);
    assert.equal(certificate.trusted, false);
    assert.equal(certificate.trustError, 'DEPTH_ZERO_SELF_SIGNED_CERT');
    assert.equal(certificate.nameMatches, true);
    assert.equal(certificate.referenceName, '127.0.0.1');
    assert.equal(certificate.chain[0]?.selfSigned, true);
    assert.equal(certificate.chain[0]?.keyType, 'ec');
    assert.equal(certificate.chain[0]?.keyBits, 256);
    assert.ok(certificate.chain[0]?.subjectAltNames.includes('IP Address:::1'));
    assert.match(certificate.chain[0]?.fingerprintSha256 ?? '', /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    assert.ok(certificate.daysRemaining >= 28 && certificate.daysRemaining <= 30);
    assert.equal(certificate.expired, false);
    // The transcript marks the clear and the TLS part, and we said goodbye.
    assert.ok(report.transcript.some((line) => line.direction === 'client' && line.text === 'STARTTLS' && !line.inTls));
    assert.ok(report.transcript.some((line) => line.direction === 'client' && line.text.startsWith('EHLO mail-tls-doctor.invalid') && line.inTls));
    assert.ok(report.transcript.some((line) => line.direction === 'client' && line.text === 'QUIT' && line.inTls));
    assert.ok(report.timings.connectMs !== undefined && report.timings.greetingMs !== undefined && report.timings.handshakeMs !== undefined);
    assert.ok(await server.allClosed());
  });

  it('a certificate trusted through extraCa, and a name that does not match', async () => {
    const server = await serve(lineServer(cert, smtpScript()));
    const report = await probePort({ port: server.port, protocol: 'smtp' }, { host: '127.0.0.1', servername: 'other.example', timeoutMs: TIMEOUT, extraCa: [cert.cert] });
    assert.equal(report.verdict, 'starttls', report.error);
    assert.equal(report.certificate?.trusted, true);
    assert.equal(report.certificate?.trustError, undefined);
    assert.equal(report.certificate?.nameMatches, false);
    assert.equal(report.certificate?.referenceName, 'other.example');
  });

  it('SMTP without STARTTLS is plaintext; a custom EHLO name is used', async () => {
    const server = await serve(lineServer(cert, smtpScript({ before: ['250-mail.test', '250 AUTH PLAIN LOGIN'] })));
    const report = await probePort({ port: server.port, protocol: 'smtp' }, { host: '127.0.0.1', timeoutMs: TIMEOUT, ehloName: 'probe.example' });
    assert.equal(report.verdict, 'plaintext', report.error);
    assert.equal(report.capabilities?.cleartextAuthOffered, true);
    assert.equal(report.tls, undefined);
    assert.ok(report.transcript.some((line) => line.text === 'EHLO probe.example'));
    assert.ok(await server.allClosed());
  });

  it('implicit TLS: silence, then a completed handshake', async () => {
    const server = await serve(
      implicitServer(cert, '220 mail.test ESMTP implicit\r\n', (line, write, end) => {
        if (/^EHLO/i.test(line)) write('250-mail.test\r\n250 AUTH PLAIN\r\n');
        else if (/^QUIT/i.test(line)) {
          write('221 Bye\r\n');
          end();
        }
      }),
    );
    const report = await probePort({ port: server.port, protocol: 'smtp' }, { host: 'localhost', timeoutMs: TIMEOUT });
    assert.equal(report.verdict, 'implicit-tls', report.error);
    assert.equal(report.connections, 1);
    assert.equal(report.banner, '220 mail.test ESMTP implicit');
    assert.deepEqual(report.capabilities?.beforeTls, []);
    assert.deepEqual(report.capabilities?.authAfterTls, ['PLAIN']);
    assert.equal(report.capabilities?.cleartextAuthOffered, false);
    assert.equal(report.certificate?.nameMatches, true);
    assert.equal(report.certificate?.referenceName, 'localhost');
    assert.ok(report.transcript.find((line) => line.text.startsWith('220 mail.test'))?.inTls);
    assert.ok(await server.allClosed());
  });

  it('IMAP STARTTLS with LOGINDISABLED before TLS', async () => {
    const server = await serve(lineServer(cert, imapScript()));
    const report = await probePort({ port: server.port, protocol: 'imap' }, { host: '127.0.0.1', timeoutMs: TIMEOUT });
    assert.equal(report.verdict, 'starttls', report.error);
    assert.equal(report.capabilities?.loginDisabledBeforeTls, true);
    assert.equal(report.capabilities?.cleartextAuthOffered, false);
    assert.deepEqual(report.capabilities?.authAfterTls, ['PLAIN']);
    const sent = report.transcript.filter((line) => line.direction === 'client').map((line) => `${line.inTls ? '~' : ''}${line.text}`);
    assert.deepEqual(sent, ['a1 CAPABILITY', 'a2 STARTTLS', '~a3 CAPABILITY', '~a9 LOGOUT']);
    assert.ok(await server.allClosed());
  });

  it('POP3 STLS; USER before TLS is clear-text auth', async () => {
    const server = await serve(lineServer(cert, pop3Script()));
    const report = await probePort({ port: server.port, protocol: 'pop3' }, { host: '127.0.0.1', timeoutMs: TIMEOUT });
    assert.equal(report.verdict, 'starttls', report.error);
    assert.equal(report.capabilities?.cleartextAuthOffered, true);
    assert.deepEqual(report.capabilities?.authBeforeTls, ['PLAIN', 'LOGIN']);
    assert.equal(report.capabilities?.starttlsAfterTls, false);
    assert.ok(await server.allClosed());
  });

  it('IMAP PREAUTH in clear text is plaintext with a note; STARTTLS answered NO is starttls-failed', async () => {
    const preauth = await serve(lineServer(cert, { ...imapScript(), greeting: '* PREAUTH [CAPABILITY IMAP4rev1 STARTTLS] logged in\r\n' }));
    const refusing = await serve(
      lineServer(cert, {
        ...imapScript(),
        onLine(line, context) {
          const [tag = '', command = ''] = line.split(' ');
          if (/^starttls$/i.test(command)) context.write(`${tag} NO TLS not available\r\n`);
          else imapScript().onLine(line, context);
        },
      }),
    );
    const [a, b] = await Promise.all([
      probePort({ port: preauth.port, protocol: 'imap' }, { host: '127.0.0.1', timeoutMs: TIMEOUT }),
      probePort({ port: refusing.port, protocol: 'imap' }, { host: '127.0.0.1', timeoutMs: TIMEOUT }),
    ]);
    assert.equal(a.verdict, 'plaintext');
    assert.match(a.notes?.[0] ?? '', /PREAUTH/);
    assert.equal(b.verdict, 'starttls-failed');
    assert.match(b.error ?? '', /NO TLS not available/);
  });

  it('a greeting delayed by 3 s (postscreen greet pause) is still STARTTLS, on a second connection', async () => {
    const server = await serve(lineServer(cert, smtpScript({ greetDelayMs: 3000 })));
    const started = Date.now();
    const report = await probePort({ port: server.port, protocol: 'smtp' }, { host: '127.0.0.1', timeoutMs: 4000 });
    assert.equal(report.verdict, 'starttls', report.error);
    assert.equal(report.connections, 2);
    assert.equal(server.accepted(), 2);
    assert.ok(Date.now() - started < 4000 + 4000 + 1500, `took ${Date.now() - started} ms`);
    assert.ok(report.transcript.some((line) => line.direction === 'note' && /delayed greeting/.test(line.text)));
    assert.ok(await server.allClosed());
  });
});

describe('probe: a whole host', () => {
  it('probes all ports at once and streams each result as it ends; total ≈ slowest port', async () => {
    const starttlsSmtp = await serve(lineServer(cert, smtpScript()));
    const implicitSmtp = await serve(implicitServer(cert, '220 implicit\r\n', (line, write, end) => (/^QUIT/i.test(line) ? (write('221 bye\r\n'), end()) : write('250 ok\r\n'))));
    const imap = await serve(lineServer(cert, imapScript()));
    const imaps = await serve(implicitServer(cert, '* OK ready\r\n', (line, write, end) => {
      const tag = line.split(' ')[0];
      if (/ LOGOUT/i.test(line)) (write(`* BYE\r\n${tag} OK\r\n`), end());
      else write(`* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\n${tag} OK done\r\n`);
    }));
    const pop3 = await serve(lineServer(cert, pop3Script()));
    const pop3s = await serve(implicitServer(cert, '+OK ready\r\n', (line, write, end) => (/^QUIT/i.test(line) ? (write('+OK bye\r\n'), end()) : write('+OK\r\nUSER\r\n.\r\n'))));
    const targets = [
      { port: starttlsSmtp.port, protocol: 'smtp' as const },
      { port: implicitSmtp.port, protocol: 'smtp' as const },
      { port: imap.port, protocol: 'imap' as const },
      { port: imaps.port, protocol: 'imap' as const },
      { port: pop3.port, protocol: 'pop3' as const },
      { port: pop3s.port, protocol: 'pop3' as const },
    ];
    const events: { event: ProbeEvent; at: number }[] = [];
    const started = Date.now();
    for await (const event of probeHost({ host: '127.0.0.1', targets, timeoutMs: TIMEOUT })) events.push({ event, at: Date.now() - started });
    const done = events[events.length - 1]?.event;
    assert.equal(done?.type, 'done');
    if (done?.type !== 'done') return;
    assert.equal(events[0]?.event.type, 'start');
    assert.equal(events[1]?.event.type, 'resolved');
    const ports = events.filter((entry) => entry.event.type === 'port');
    assert.equal(ports.length, targets.length);
    const verdicts = done.report.ports.map((report: PortReport) => report.verdict);
    assert.deepEqual(verdicts, ['starttls', 'implicit-tls', 'starttls', 'implicit-tls', 'starttls', 'implicit-tls']);
    // Plaintext-first ports answer at once; implicit ports wait the greeting window first.
    const firstImplicit = ports.findIndex((entry) => entry.event.type === 'port' && entry.event.report.verdict === 'implicit-tls');
    assert.ok(firstImplicit >= 3, 'STARTTLS ports were reported before the implicit ones');
    const slowest = Math.max(...done.report.ports.map((report) => report.timings.totalMs));
    assert.ok(done.report.durationMs <= slowest * 1.3 + 100, `host ${done.report.durationMs} ms vs slowest port ${slowest} ms`);
    assert.equal(done.report.cancelled, false);
    for (const server of [starttlsSmtp, implicitSmtp, imap, imaps, pop3, pop3s]) assert.ok(await server.allClosed());
  });
});
