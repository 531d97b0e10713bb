// lookupMailDns against a real DNS server (dnsmasq on a loopback port) and a real HTTPS
// policy host signed by the run's own CA: MX, SRV with a "." target, MTA-STS end to end,
// TLS-RPT, TLSA over UDP and (truncated) TCP, and the ways each of them fails.
import assert from 'node:assert/strict';
import { createSocket, type Socket } from 'node:dgram';
import { after, before, describe, it } from 'node:test';
import { lookupMailDns } from '../../src/core/probe/dns';
import type { DnsOptions } from '../../src/core/probe/types';
import { peerSkipReason } from '../peers/harness';
import { MAIL_TEST_POLICY, STS_ID, TLSA_BIG_COUNT, TLSRPT_MAIL_TEST, startPeers, type Peers } from '../peers/matrix';

const skip = peerSkipReason();

describe('DNS around a mail domain, against dnsmasq', { skip }, () => {
  let peers: Peers;
  let options: (domain: string, extra?: Partial<DnsOptions>) => DnsOptions;

  before(async () => {
    peers = await startPeers({ dns: true });
    options = (domain, extra = {}) => ({
      domain,
      servers: [peers.dnsServer],
      timeoutMs: 2000,
      mtaStsHttps: { port: peers.ports.mtaSts, extraCa: [peers.pki.rootPem] },
      ...extra,
    });
  });
  after(async () => {
    await peers?.stop();
  });

  it('reads MX, SRV, MTA-STS, TLS-RPT and TLSA of mail.test', async () => {
    const report = await lookupMailDns(options('mail.test'));
    assert.equal(report.domain, 'mail.test');
    assert.deepEqual(report.mx, [
      { exchange: 'mx1.mail.test', priority: 10 },
      { exchange: 'backup.elsewhere.test', priority: 20 },
    ]);
    assert.equal(report.mxError, undefined);

    const srv = new Map(report.srv.map((s) => [s.label, s]));
    assert.deepEqual([...srv.keys()], ['_submissions._tcp', '_submission._tcp', '_imaps._tcp', '_imap._tcp', '_pop3s._tcp', '_pop3._tcp']);
    assert.deepEqual(srv.get('_submissions._tcp')?.records, [{ target: 'mail.test', port: peers.ports.smtps, priority: 0, weight: 1 }]);
    assert.deepEqual(srv.get('_submission._tcp')?.records, [{ target: 'mail.test', port: peers.ports.submission, priority: 10, weight: 1 }]);
    assert.equal(srv.get('_imaps._tcp')?.records[0]?.port, peers.ports.imaps);
    assert.equal(srv.get('_imap._tcp')?.records[0]?.port, peers.ports.imap);
    assert.equal(srv.get('_pop3s._tcp')?.records[0]?.port, peers.ports.pop3s);
    for (const label of ['_submissions._tcp', '_submission._tcp', '_imaps._tcp', '_imap._tcp', '_pop3s._tcp']) {
      assert.equal(srv.get(label)?.notOffered, false, label);
      assert.equal(srv.get(label)?.error, undefined, label);
    }
    // RFC 6186 §3.4: the single "." target says POP3 is not offered.
    const pop3 = srv.get('_pop3._tcp');
    assert.equal(pop3?.notOffered, true);
    assert.equal(pop3?.records[0]?.target, '.');

    assert.equal(report.mtaSts.error, undefined, report.mtaSts.error);
    assert.equal(report.mtaSts.txt, `v=STSv1; id=${STS_ID}`);
    assert.equal(report.mtaSts.id, STS_ID);
    assert.deepEqual(report.mtaSts.policy, { version: 'STSv1', mode: 'enforce', maxAge: 86400, mx: ['*.mail.test', 'mail.test'] });
    // *.mail.test covers mx1.mail.test; nothing covers the backup in another domain.
    assert.deepEqual(report.mtaSts.mxNotCovered, ['backup.elsewhere.test']);
    assert.ok(MAIL_TEST_POLICY.includes('mode: enforce'));
    // The policy host was found through our resolver (it exists only in dnsmasq), by HTTPS.
    assert.ok(peers.policy?.requests.includes('mta-sts.mail.test/.well-known/mta-sts.txt'));

    assert.equal(report.tlsRpt.error, undefined);
    assert.equal(report.tlsRpt.txt, TLSRPT_MAIL_TEST);
    assert.deepEqual(report.tlsRpt.rua, ['mailto:tlsrpt@mail.test', 'https://report.mail.test/tlsrpt']);

    assert.equal(report.tlsa.length, 2);
    const mx1 = report.tlsa.find((t) => t.host === 'mx1.mail.test');
    assert.ok(mx1);
    assert.equal(mx1.validated, false);
    assert.equal(mx1.error, undefined);
    const sorted = [...mx1.records].sort((a, b) => b.usage - a.usage);
    assert.deepEqual(sorted, [
      { usage: 3, selector: 1, matchingType: 1, data: peers.goodSpkiSha256 },
      { usage: 2, selector: 0, matchingType: 1, data: 'ab'.repeat(32) },
    ]);
    const backup = report.tlsa.find((t) => t.host === 'backup.elsewhere.test');
    assert.deepEqual(backup, { host: 'backup.elsewhere.test', records: [], validated: false });
    assert.ok(report.durationMs < 2000, `took ${report.durationMs} ms`);
  });

  it('takes TLSA over TCP when the UDP answer is truncated', async () => {
    const report = await lookupMailDns(options('tlsa-big.test'));
    const tlsa = report.tlsa[0];
    assert.equal(tlsa?.error, undefined, tlsa?.error);
    assert.equal(tlsa?.records.length, TLSA_BIG_COUNT);
    assert.equal(tlsa?.validated, false);
  });

  it('names every MX that no policy pattern covers (RFC 8461 §4.1) and a TLS-RPT record without rua', async () => {
    const report = await lookupMailDns(options('uncovered.test'));
    assert.equal(report.mtaSts.policy?.mode, 'testing');
    assert.equal(report.mtaSts.policy?.maxAge, 604800);
    // "*.uncovered.test" matches one label only: not a.b.uncovered.test, not uncovered.test itself.
    assert.deepEqual(report.mtaSts.mxNotCovered, ['a.b.uncovered.test', 'uncovered.test']);
    assert.match(report.tlsRpt.error ?? '', /no "rua=" field/);
  });

  it('reports two STSv1 records and the TSLRPTv1 typo as errors, and fetches no policy then', async () => {
    const report = await lookupMailDns(options('broken.test'));
    assert.match(report.mtaSts.error ?? '', /2 "v=STSv1" TXT records/);
    assert.equal(report.mtaSts.policy, undefined);
    assert.ok(!peers.policy?.requests.some((r) => r.startsWith('mta-sts.broken.test')));
    assert.match(report.tlsRpt.error ?? '', /TSLRPTv1.*typo/);
    assert.equal(report.tlsRpt.txt, 'v=TSLRPTv1; rua=mailto:tlsrpt@broken.test');
  });

  it('does not follow a redirect for the policy', async () => {
    const before = peers.policy?.requests.filter((r) => r.startsWith('mta-sts.mail.test')).length ?? 0;
    const report = await lookupMailDns(options('redirect.test'));
    assert.match(report.mtaSts.error ?? '', /answered 301, a redirect to https:\/\/mta-sts\.mail\.test\/.*forbids following it/);
    assert.equal(report.mtaSts.policy, undefined);
    const afterCount = peers.policy?.requests.filter((r) => r.startsWith('mta-sts.mail.test')).length ?? 0;
    assert.equal(afterCount, before, 'the redirect target was fetched');
  });

  it('refuses a policy over 64 KiB', async () => {
    const report = await lookupMailDns(options('big.test'));
    assert.match(report.mtaSts.error ?? '', /more than 64 KiB/);
    assert.equal(report.mtaSts.policy, undefined);
  });

  it('gives up on a policy host that never answers within the timeout', async () => {
    const started = Date.now();
    const report = await lookupMailDns(options('slow.test', { timeoutMs: 800 }));
    assert.match(report.mtaSts.error ?? '', /timed out after 800 ms/);
    assert.ok(Date.now() - started < 2500, `took ${Date.now() - started} ms`);
  });

  it('requires a trusted certificate on the policy host', async () => {
    const report = await lookupMailDns(options('mail.test', { mtaStsHttps: { port: peers.ports.mtaSts } }));
    assert.match(report.mtaSts.error ?? '', /UNABLE_TO_GET_ISSUER_CERT_LOCALLY/);
    assert.equal(report.mtaSts.policy, undefined);
    // The TXT part still stands.
    assert.equal(report.mtaSts.id, STS_ID);
  });

  it('says NXDOMAIN for a domain that does not exist, without inventing SRV or policy errors', async () => {
    const report = await lookupMailDns(options('nosuch.test'));
    assert.deepEqual(report.mx, []);
    assert.match(report.mxError ?? '', /nosuch\.test does not exist \(NXDOMAIN\)/);
    assert.ok(report.srv.every((s) => s.records.length === 0 && s.error === undefined && !s.notOffered));
    assert.deepEqual(report.mtaSts, {});
    assert.deepEqual(report.tlsRpt, {});
    assert.deepEqual(report.tlsa, []);
  });
});

describe('DNS lookups stay bounded', () => {
  let silent: Socket;
  let silentServer = '';
  before(async () => {
    // A DNS server that reads every question and answers none.
    silent = createSocket('udp4');
    await new Promise<void>((resolve) => silent.bind(0, '127.0.0.1', () => resolve()));
    silentServer = `127.0.0.1:${silent.address().port}`;
  });
  after(() => silent.close());

  it('ends within the timeout when the server never answers, with errors instead of a throw', async () => {
    const started = Date.now();
    const report = await lookupMailDns({ domain: 'mail.test', servers: [silentServer], timeoutMs: 600 });
    const took = Date.now() - started;
    assert.ok(took < 1500, `took ${took} ms`);
    assert.match(report.mxError ?? '', /no answer for mail\.test MX within 600 ms/);
    assert.ok(report.srv.every((s) => /within 600 ms/.test(s.error ?? '')));
    assert.match(report.mtaSts.error ?? '', /within 600 ms/);
    assert.match(report.tlsRpt.error ?? '', /within 600 ms/);
  });

  it('stops at once when cancelled', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const started = Date.now();
    const report = await lookupMailDns({ domain: 'mail.test', servers: [silentServer], timeoutMs: 5000, signal: controller.signal });
    assert.ok(Date.now() - started < 1000, `took ${Date.now() - started} ms`);
    assert.match(report.mxError ?? '', /cancelled/);
  });

  it('rejects a malformed server or domain in the report, not by throwing', async () => {
    const badServer = await lookupMailDns({ domain: 'mail.test', servers: ['not-an-ip:53'] });
    assert.match(badServer.mxError ?? '', /not a DNS server address/);
    const badDomain = await lookupMailDns({ domain: 'a..b', servers: [silentServer] });
    assert.match(badDomain.mxError ?? '', /not a valid domain name/);
    assert.equal(badDomain.srv.length, 6);
  });
});
