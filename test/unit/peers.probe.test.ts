// The probe against real mail servers: Postfix 3.7 and Dovecot 2.3 on loopback with the
// run's own certificates. Every verdict and certificate fact the probe reports is checked
// against what these servers are known to do (see test/peers/matrix.ts for the matrix).
//
// Most checks read one probe of the whole matrix, run once: that is also the test that a
// filtered port costs no more than the connect timeout and holds back no other port.
// Mail ports are reached on 127.0.0.2 because Dovecot treats a client on the same address
// as secure (no LOGINDISABLED, AUTH offered in clear) — one test below shows that too.
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { probeHost } from '../../src/core/probe/index';
import type { CertificateReport, PortReport, PortTarget, ProbeEvent, ProbeOptions } from '../../src/core/probe/types';
import { peerSkipReason } from '../peers/harness';
import { POSTSCREEN_GREET_WAIT_S, SILENT_DELAY_MS, startPeers, type PeerPorts, type Peers } from '../peers/matrix';

const skip = peerSkipReason();
const TIMEOUT_MS = 4000;
const HOST = '127.0.0.2';

type PortName = keyof PeerPorts;

const MATRIX: readonly [PortName, PortTarget['protocol']][] = [
  ['smtpStarttls', 'smtp'],
  ['submission', 'smtp'],
  ['smtps', 'smtp'],
  ['smtpPlain', 'smtp'],
  ['smtpSelfSigned', 'smtp'],
  ['smtpsExpired', 'smtp'],
  ['smtpWrongName', 'smtp'],
  ['smtpsMissingIntermediate', 'smtp'],
  ['smtpPostscreen', 'smtp'],
  ['smtpSilentDelay', 'smtp'],
  ['imap', 'imap'],
  ['imaps', 'imap'],
  ['pop3', 'pop3'],
  ['pop3s', 'pop3'],
  ['imapPlain', 'imap'],
  ['pop3Plain', 'pop3'],
  ['refused', 'smtp'],
  ['filtered', 'smtp'],
];

interface Arrival {
  readonly report: PortReport;
  readonly order: number;
  readonly atMs: number;
}

interface Run {
  readonly events: ProbeEvent[];
  readonly byPort: Map<number, Arrival>;
  readonly wallMs: number;
}

async function collect(options: ProbeOptions): Promise<Run> {
  const started = Date.now();
  const events: ProbeEvent[] = [];
  const byPort = new Map<number, Arrival>();
  for await (const event of probeHost(options)) {
    events.push(event);
    if (event.type === 'port') byPort.set(event.report.port, { report: event.report, order: byPort.size, atMs: Date.now() - started });
  }
  return { events, byPort, wallMs: Date.now() - started };
}

const hex = (text: string): string => text.replace(/[^0-9a-f]/gi, '').toLowerCase();

function capsUpper(list: readonly string[] | undefined): string[] {
  return (list ?? []).map((c) => c.toUpperCase());
}

describe('probe against real Postfix and Dovecot', { skip, timeout: 90_000 }, () => {
  let peers: Peers;
  let matrix: Run;
  let noCa: Run;
  let sameAddress: Run;
  let byName: Run;
  let ipv6: Run;
  let good: X509Certificate;
  const report = (name: PortName): PortReport => {
    const arrival = matrix.byPort.get(peers.ports[name]);
    assert.ok(arrival, `no report for ${name}`);
    return arrival.report;
  };
  const cert = (r: PortReport): CertificateReport => {
    assert.ok(r.certificate, `no certificate on port ${r.port}: ${r.verdict} ${r.error ?? ''}`);
    return r.certificate;
  };

  before(async () => {
    peers = await startPeers({ mail: true });
    const p = peers.ports;
    good = new X509Certificate(readFileSync(peers.pki.good.chain));
    const ca = [peers.pki.rootPem];
    const targets = (names: readonly PortName[]): PortTarget[] => names.map((name) => ({ port: p[name], protocol: MATRIX.find(([n]) => n === name)?.[1] ?? 'smtp' }));
    // Side probes run beside the big one: the suite lasts as long as its slowest port.
    [matrix, noCa, sameAddress, byName, ipv6] = await Promise.all([
      collect({ host: HOST, targets: MATRIX.map(([name, protocol]) => ({ port: p[name], protocol })), extraCa: ca, timeoutMs: TIMEOUT_MS }),
      collect({ host: HOST, targets: targets(['smtps', 'imap']), timeoutMs: TIMEOUT_MS }),
      collect({ host: '127.0.0.1', targets: targets(['imap', 'pop3']), extraCa: ca, timeoutMs: TIMEOUT_MS }),
      collect({ host: HOST, servername: 'mail.test', targets: targets(['smtps', 'smtpWrongName']), extraCa: ca, timeoutMs: TIMEOUT_MS }),
      collect({ host: '::1', targets: targets(['smtpStarttls', 'imaps']), extraCa: ca, timeoutMs: TIMEOUT_MS }),
    ]);
  });
  after(async () => {
    await peers?.stop();
  });

  it('runs on the real peers', (t) => {
    t.diagnostic(`peers up in ${peers.startupMs} ms in ${peers.dir}; probe of ${MATRIX.length} ports took ${matrix.wallMs} ms`);
    assert.ok(peers.filtered.ok, peers.filtered.ok ? '' : `no filtered port: ${peers.filtered.reason}`);
    t.diagnostic(`filtered port: ${peers.filtered.method}`);
  });

  it('streams start, resolved, one report per port, then done', () => {
    assert.equal(matrix.events[0]?.type, 'start');
    assert.equal(matrix.events[1]?.type, 'resolved');
    const last = matrix.events[matrix.events.length - 1];
    assert.equal(last?.type, 'done');
    assert.equal(matrix.byPort.size, MATRIX.length);
    if (last?.type === 'done') {
      assert.equal(last.report.ports.length, MATRIX.length);
      assert.equal(last.report.cancelled, false);
      assert.deepEqual(last.report.addresses, [HOST]);
    }
    for (const { report: r } of matrix.byPort.values()) {
      assert.ok(r.connections <= 2, `port ${r.port} used ${r.connections} connections`);
      if (r.verdict !== 'refused' && r.verdict !== 'filtered') assert.equal(r.address, HOST);
      assert.ok(!r.injectedBytesBeforeTls, `port ${r.port}: ${r.injectedBytesBeforeTls} injected bytes from a real server`);
    }
  });

  it('says implicit-tls on the 465-, 993- and 995-like ports', () => {
    for (const name of ['smtps', 'imaps', 'pop3s', 'smtpsExpired', 'smtpsMissingIntermediate'] as const) {
      const r = report(name);
      assert.equal(r.verdict, 'implicit-tls', `${name}: ${r.error ?? ''}`);
      assert.match(r.tls?.version ?? '', /^TLSv1\.[23]$/, name);
      assert.ok(r.tls?.cipher, name);
      assert.equal(r.connections <= 2, true);
    }
    assert.match(report('smtps').banner ?? '', /^220 mail\.test ESMTP MailTlsDoctorPeer/);
    assert.match(report('imaps').banner ?? '', /^\* OK .*Dovecot/);
    assert.match(report('pop3s').banner ?? '', /^\+OK Dovecot/);
  });

  it('says starttls on the 25-, 587-, 143- and 110-like ports', () => {
    for (const name of ['smtpStarttls', 'submission', 'imap', 'pop3', 'smtpSelfSigned', 'smtpWrongName'] as const) {
      const r = report(name);
      assert.equal(r.verdict, 'starttls', `${name}: ${r.error ?? ''}`);
      assert.match(r.tls?.version ?? '', /^TLSv1\.[23]$/, name);
      assert.equal(r.connections, 1, name);
    }
    assert.match(report('smtpStarttls').banner ?? '', /^220 mail\.test ESMTP/);
    assert.match(report('imap').banner ?? '', /^\* OK /);
    assert.match(report('pop3').banner ?? '', /^\+OK /);
  });

  it('says plaintext where no STARTTLS is offered', () => {
    for (const name of ['smtpPlain', 'imapPlain', 'pop3Plain'] as const) {
      const r = report(name);
      assert.equal(r.verdict, 'plaintext', `${name}: ${r.error ?? ''}`);
      assert.equal(r.tls, undefined, name);
      assert.equal(r.certificate, undefined, name);
      assert.ok((r.capabilities?.beforeTls.length ?? 0) > 0, `${name} lists its capabilities`);
    }
    assert.ok(!capsUpper(report('smtpPlain').capabilities?.beforeTls).includes('STARTTLS'));
    assert.ok(!capsUpper(report('imapPlain').capabilities?.beforeTls).includes('STARTTLS'));
    assert.ok(!capsUpper(report('pop3Plain').capabilities?.beforeTls).includes('STLS'));
  });

  it('says refused at once where nothing listens', () => {
    const arrival = matrix.byPort.get(peers.ports.refused);
    assert.equal(arrival?.report.verdict, 'refused');
    assert.ok(arrival.report.error);
    assert.ok(arrival.report.timings.totalMs < 1000, `refused took ${arrival.report.timings.totalMs} ms`);
  });

  it('says filtered within the connect timeout, after every faster port, delaying none', () => {
    const filtered = matrix.byPort.get(peers.ports.filtered);
    assert.ok(filtered);
    assert.equal(filtered.report.verdict, 'filtered', filtered.report.error);
    assert.equal(filtered.report.connections, 0);
    assert.ok(filtered.report.timings.totalMs >= TIMEOUT_MS - 50, `filtered gave up after ${filtered.report.timings.totalMs} ms`);
    assert.ok(filtered.report.timings.totalMs < TIMEOUT_MS + 1000, `filtered took ${filtered.report.timings.totalMs} ms`);
    // Everything that answers quickly was delivered before the filtered port, within its timeout.
    for (const name of ['smtpStarttls', 'submission', 'smtps', 'smtpPlain', 'imap', 'imaps', 'pop3', 'pop3s', 'imapPlain', 'pop3Plain', 'refused', 'smtpsExpired'] as const) {
      const arrival = matrix.byPort.get(peers.ports[name]);
      assert.ok(arrival);
      assert.ok(arrival.order < filtered.order, `${name} arrived after the filtered port`);
      assert.ok(arrival.atMs < TIMEOUT_MS, `${name} arrived at ${arrival.atMs} ms`);
    }
    // The whole probe lasts about as long as its slowest port, not the sum.
    const slowest = Math.max(...[...matrix.byPort.values()].map((a) => a.report.timings.totalMs));
    assert.ok(matrix.wallMs < slowest * 1.3 + 500, `probe took ${matrix.wallMs} ms, slowest port ${slowest} ms`);
  });

  it('trusts the good chain with the local CA and reports its facts', () => {
    const c = cert(report('smtpStarttls'));
    assert.equal(c.trusted, true, c.trustError);
    assert.equal(c.trustError, undefined);
    assert.equal(c.nameMatches, true);
    assert.equal(c.referenceName, HOST);
    assert.equal(c.expired, false);
    assert.equal(c.notYetValid, false);
    assert.ok(c.daysRemaining >= 28 && c.daysRemaining <= 31, `daysRemaining ${c.daysRemaining}`);
    const leaf = c.chain[0];
    assert.ok(leaf);
    assert.match(leaf.subject, /CN=mail\.test/);
    assert.match(c.chain[1]?.subject ?? '', /CN=Mail TLS Doctor Test Intermediate/);
    assert.match(leaf.issuer, /CN=Mail TLS Doctor Test Intermediate/);
    for (const san of ['localhost', 'mail.test', '127.0.0.1', '127.0.0.2']) assert.ok(leaf.subjectAltNames.some((s) => s.endsWith(`:${san}`)), `SAN ${san} in ${leaf.subjectAltNames.join(', ')}`);
    assert.equal(hex(leaf.fingerprintSha256), hex(good.fingerprint256));
    assert.equal(hex(leaf.serialNumber), hex(good.serialNumber));
    assert.equal(new Date(leaf.validFrom).getTime(), new Date(good.validFrom).getTime());
    assert.equal(new Date(leaf.validTo).getTime(), new Date(good.validTo).getTime());
    assert.equal(leaf.keyType, 'ec');
    assert.equal(leaf.keyBits, 256);
    assert.equal(leaf.selfSigned, false);
    // The same certificate on every port that uses it, whichever way TLS started.
    for (const name of ['submission', 'smtps', 'imap', 'imaps', 'pop3', 'pop3s'] as const) {
      const other = cert(report(name));
      assert.equal(other.trusted, true, `${name}: ${other.trustError ?? ''}`);
      assert.equal(hex(other.chain[0]?.fingerprintSha256 ?? ''), hex(good.fingerprint256), name);
    }
  });

  it('does not trust the chain without the local CA (UNABLE_TO_GET_ISSUER_CERT_LOCALLY), yet completes the probe', () => {
    for (const [name, verdict] of [['smtps', 'implicit-tls'], ['imap', 'starttls']] as const) {
      const r = noCa.byPort.get(peers.ports[name])?.report;
      assert.equal(r?.verdict, verdict, name);
      const c = cert(r);
      assert.equal(c.trusted, false, name);
      assert.equal(c.trustError, 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', name);
      assert.equal(c.nameMatches, true, name);
      assert.ok((r.capabilities?.afterTls.length ?? 0) > 0, `${name} still read capabilities after TLS`);
    }
  });

  it('reports a self-signed certificate', () => {
    const c = cert(report('smtpSelfSigned'));
    assert.equal(c.trusted, false);
    assert.equal(c.trustError, 'DEPTH_ZERO_SELF_SIGNED_CERT');
    assert.equal(c.chain.length, 1);
    assert.equal(c.chain[0]?.selfSigned, true);
    assert.equal(c.nameMatches, true);
  });

  it('reports an expired certificate', () => {
    const c = cert(report('smtpsExpired'));
    assert.equal(c.trusted, false);
    assert.equal(c.trustError, 'CERT_HAS_EXPIRED');
    assert.equal(c.expired, true);
    assert.equal(c.notYetValid, false);
    assert.ok(c.daysRemaining < 0);
    assert.equal(new Date(c.chain[0]?.validTo ?? '').toISOString(), '2021-01-01T00:00:00.000Z');
    assert.equal(new Date(c.chain[0]?.validFrom ?? '').toISOString(), '2020-01-01T00:00:00.000Z');
  });

  it('reports a certificate for another name: chain trusted, name not matching', () => {
    const c = cert(report('smtpWrongName'));
    assert.equal(c.trusted, true, c.trustError);
    assert.equal(c.nameMatches, false);
    assert.deepEqual(c.chain[0]?.subjectAltNames.map((s) => s.replace(/^\w+:/, '')), ['wrong.example.invalid']);
    const named = byName.byPort.get(peers.ports.smtpWrongName)?.report;
    assert.equal(named?.certificate?.referenceName, 'mail.test');
    assert.equal(named?.certificate?.nameMatches, false);
    const right = byName.byPort.get(peers.ports.smtps)?.report;
    assert.equal(right?.certificate?.referenceName, 'mail.test');
    assert.equal(right?.certificate?.nameMatches, true);
  });

  it('reports a chain that leaves out the intermediate (UNABLE_TO_VERIFY_LEAF_SIGNATURE)', () => {
    const c = cert(report('smtpsMissingIntermediate'));
    assert.equal(c.trusted, false);
    assert.equal(c.trustError, 'UNABLE_TO_VERIFY_LEAF_SIGNATURE');
    assert.equal(c.chain.length, 1);
    assert.equal(c.nameMatches, true);
  });

  it('flags AUTH PLAIN/LOGIN offered before TLS, and not where TLS is required first', () => {
    const open = report('smtpStarttls').capabilities;
    assert.ok(open);
    assert.deepEqual([...open.authBeforeTls].sort(), ['LOGIN', 'PLAIN']);
    assert.equal(open.cleartextAuthOffered, true);
    const required = report('submission').capabilities;
    assert.ok(required);
    assert.deepEqual(required.authBeforeTls, []);
    assert.deepEqual([...required.authAfterTls].sort(), ['LOGIN', 'PLAIN']);
    assert.equal(required.cleartextAuthOffered, false);
    for (const name of ['imap', 'pop3'] as const) {
      assert.deepEqual(report(name).capabilities?.authBeforeTls, [], name);
      assert.equal(report(name).capabilities?.cleartextAuthOffered, false, name);
    }
  });

  it('sees LOGINDISABLED before TLS on IMAP via 127.0.0.2, and Dovecot dropping it for a same-address client', () => {
    const imap = report('imap').capabilities;
    assert.equal(imap?.loginDisabledBeforeTls, true);
    assert.ok(capsUpper(imap?.beforeTls).includes('LOGINDISABLED'));
    assert.ok(!capsUpper(imap?.afterTls).includes('LOGINDISABLED'));
    assert.equal(report('imapPlain').capabilities?.loginDisabledBeforeTls, true);
    // From 127.0.0.1 to 127.0.0.1 Dovecot counts the connection as secure.
    const local = sameAddress.byPort.get(peers.ports.imap)?.report.capabilities;
    assert.equal(sameAddress.byPort.get(peers.ports.imap)?.report.verdict, 'starttls');
    assert.notEqual(local?.loginDisabledBeforeTls, true);
    assert.equal(local?.cleartextAuthOffered, true);
  });

  it('sees STARTTLS/STLS gone after TLS and the capabilities re-read after TLS', () => {
    const cases = [
      ['smtpStarttls', 'STARTTLS', 'AUTH PLAIN LOGIN'],
      ['submission', 'STARTTLS', 'AUTH PLAIN LOGIN'],
      ['imap', 'STARTTLS', 'AUTH=PLAIN'],
      ['pop3', 'STLS', 'USER'],
    ] as const;
    for (const [name, upgrade, afterOnly] of cases) {
      const caps = report(name).capabilities;
      assert.ok(caps, name);
      assert.ok(capsUpper(caps.beforeTls).includes(upgrade), `${name} offers ${upgrade} before TLS`);
      assert.ok(!capsUpper(caps.afterTls).includes(upgrade), `${name} no ${upgrade} after TLS`);
      assert.equal(caps.starttlsAfterTls, false, name);
      assert.ok(capsUpper(caps.afterTls).includes(afterOnly), `${name} lists ${afterOnly} after TLS: ${caps.afterTls.join(' | ')}`);
    }
    // POP3 USER (a clear-text password) only once TLS is up.
    assert.ok(!capsUpper(report('pop3').capabilities?.beforeTls).includes('USER'));
    for (const name of ['smtps', 'imaps', 'pop3s'] as const) {
      const caps = report(name).capabilities;
      assert.ok((caps?.afterTls.length ?? 0) > 0, `${name} lists capabilities inside TLS`);
      assert.equal(caps?.starttlsAfterTls, false, name);
    }
  });

  it('still says starttls when the greeting comes late', () => {
    const postscreen = report('smtpPostscreen');
    assert.equal(postscreen.verdict, 'starttls', postscreen.error);
    assert.ok((postscreen.timings.greetingMs ?? 0) >= POSTSCREEN_GREET_WAIT_S * 1000 - 500, `postscreen greeting after ${postscreen.timings.greetingMs} ms`);
    assert.match(postscreen.banner ?? '', /mail\.test ESMTP/);
    const silent = report('smtpSilentDelay');
    assert.equal(silent.verdict, 'starttls', silent.error);
    assert.ok(silent.connections <= 2);
    assert.ok((silent.timings.greetingMs ?? 0) >= SILENT_DELAY_MS - 500, `delayed greeting after ${silent.timings.greetingMs} ms`);
    assert.equal(silent.certificate?.trusted, true);
  });

  it('marks transcript lines inside TLS, and only after the handshake', () => {
    for (const name of ['smtpStarttls', 'imap', 'pop3'] as const) {
      const lines = report(name).transcript;
      const firstTls = lines.findIndex((l) => l.inTls);
      assert.ok(firstTls > 0, `${name} has lines before and inside TLS`);
      assert.ok(lines.slice(firstTls).every((l) => l.inTls), `${name}: a clear-text line after TLS began`);
      const upgrade = lines.find((l) => l.direction === 'client' && /^(\S+ )?(STARTTLS|STLS)$/i.test(l.text));
      assert.equal(upgrade?.inTls, false, `${name}: the upgrade command is sent in clear`);
      assert.ok(lines.slice(firstTls).some((l) => l.direction === 'server'), `${name}: the server spoke inside TLS`);
      for (let i = 1; i < lines.length; i++) assert.ok((lines[i]?.atMs ?? 0) >= (lines[i - 1]?.atMs ?? 0), `${name}: times go forward`);
    }
    for (const name of ['smtps', 'imaps'] as const) {
      const server = report(name).transcript.filter((l) => l.direction === 'server');
      assert.ok(server.length > 0 && server.every((l) => l.inTls), `${name}: every server line is inside TLS`);
    }
    for (const name of ['smtpPlain', 'imapPlain'] as const) assert.ok(report(name).transcript.every((l) => !l.inTls), name);
  });

  it('probes over IPv6 (::1) too', () => {
    const starttls = ipv6.byPort.get(peers.ports.smtpStarttls)?.report;
    assert.equal(starttls?.verdict, 'starttls', starttls?.error);
    assert.equal(starttls?.address, '::1');
    assert.equal(starttls?.certificate?.nameMatches, true);
    const imaps = ipv6.byPort.get(peers.ports.imaps)?.report;
    assert.equal(imaps?.verdict, 'implicit-tls', imaps?.error);
    assert.equal(imaps?.certificate?.trusted, true);
  });

  it('stops every port at once when cancelled', async () => {
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(), 300);
    const run = await collect({
      host: HOST,
      targets: [
        { port: peers.ports.filtered, protocol: 'smtp' },
        { port: peers.ports.smtpSilentDelay, protocol: 'smtp' },
        { port: peers.ports.smtpPostscreen, protocol: 'smtp' },
      ],
      timeoutMs: TIMEOUT_MS,
      signal: controller.signal,
    });
    assert.ok(Date.now() - started < 1500, `cancel took ${Date.now() - started} ms`);
    const done = run.events[run.events.length - 1];
    assert.equal(done?.type, 'done');
    if (done?.type === 'done') assert.equal(done.report.cancelled, true);
  });
});
