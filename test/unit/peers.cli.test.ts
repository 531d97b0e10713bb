// `mail-tls probe` as a user runs it, against the real Postfix and Dovecot peers: the text
// table and recommendation, the versioned JSON, Markdown, DNS, and the exit codes.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { peerSkipReason } from '../peers/harness';
import { startPeers, type Peers } from '../peers/matrix';

const skip = peerSkipReason();
const cli = join(resolve(__dirname, '../../..'), 'dist/cli.js');

function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string; ms: number }> {
  const started = Date.now();
  return new Promise((done) => {
    execFile(process.execPath, [cli, ...args], { env: { ...process.env, NO_COLOR: '1' }, timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error ? Number((error as unknown as { code?: number }).code ?? 1) : 0;
      done({ code, stdout, stderr, ms: Date.now() - started });
    });
  });
}

describe('mail-tls probe against real Postfix and Dovecot', { skip }, () => {
  let peers: Peers;
  let caFile = '';
  let plan = '';
  before(async () => {
    peers = await startPeers({ mail: true, dns: true });
    caFile = join(peers.dir, 'cli-root.pem');
    writeFileSync(caFile, peers.pki.rootPem);
    const p = peers.ports;
    plan = `${p.smtpStarttls}/smtp,${p.smtps}/smtp,${p.submission}/smtp,${p.imap}/imap,${p.imaps}/imap,${p.pop3}/pop3,${p.pop3s}/pop3,${p.smtpsExpired}/smtp,${p.refused}/smtp`;
  });
  after(async () => {
    await peers?.stop();
  });

  it('prints a port table, the findings and a recommendation, and exits 0', async () => {
    const result = await run(['probe', '127.0.0.2', '--ports', plan, '--ca', caFile, '--timeout', '3000', '--no-dns']);
    assert.equal(result.code, 0, result.stderr);
    const p = peers.ports;
    const row = (port: number): string => result.stdout.split('\n').find((line) => line.startsWith(`${port}/`)) ?? '';
    assert.match(row(p.smtps), /implicit-tls\s+TLSv1\.[23]\s+trusted, \d+ d left/);
    assert.match(row(p.submission), /starttls\s+TLSv1\.[23]\s+trusted/);
    assert.match(row(p.imap), /starttls/);
    assert.match(row(p.pop3s), /implicit-tls/);
    assert.match(row(p.smtpsExpired), /implicit-tls\s+TLSv1\.[23]\s+expired/);
    assert.match(row(p.refused), /refused/);
    assert.match(result.stdout, /Recommendation\n\s+SMTP submission: use \d+ with implicit TLS; \d+ with STARTTLS also works\./);
    assert.match(result.stdout, /certificate expired on 2021-01-01/);
    assert.match(result.stdout, /offers PLAIN LOGIN before TLS|offers LOGIN PLAIN before TLS/);
  });

  it('writes versioned JSON with every port entry the docs promise', async () => {
    const result = await run(['probe', '127.0.0.2', '--ports', plan, '--ca', caFile, '--timeout', '3000', '--no-dns', '--format', 'json']);
    assert.equal(result.code, 0, result.stderr);
    const json = JSON.parse(result.stdout) as { version: number; ports: Array<Record<string, unknown>>; recommendations: unknown[] };
    assert.equal(json.version, 1);
    for (const port of json.ports) {
      for (const key of ['port', 'protocol', 'verdict', 'tls', 'certificate', 'capabilities', 'timings', 'transcript']) assert.ok(key in port, `${key} in ${JSON.stringify(port).slice(0, 80)}`);
    }
    const smtps = json.ports.find((port) => port.port === peers.ports.smtps) as { verdict: string; certificate: { trusted: boolean; nameMatches: boolean } };
    assert.equal(smtps.verdict, 'implicit-tls');
    assert.deepEqual([smtps.certificate.trusted, smtps.certificate.nameMatches], [true, true]);
    assert.ok(json.recommendations.length >= 1);
  });

  it('adds transcripts with --verbose, marking plaintext and TLS lines', async () => {
    const result = await run(['probe', '127.0.0.2', '--ports', `${peers.ports.submission}/smtp`, '--ca', caFile, '--no-dns', '--verbose']);
    assert.match(result.stdout, /\[txt\] C: STARTTLS/);
    assert.match(result.stdout, /\[tls\] C: EHLO/);
  });

  it('looks up the DNS around a mail domain', async () => {
    const result = await run(['probe', '127.0.0.2', '--ports', `${peers.ports.refused}/smtp`, '--domain', 'mail.test', '--dns-server', peers.dnsServer, '--timeout', '2000']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /DNS for mail\.test/);
    assert.match(result.stdout, /MX\s+10 mx1\.mail\.test/);
    assert.match(result.stdout, /_submissions\._tcp/);
  });

  it('writes Markdown', async () => {
    const result = await run(['probe', '127.0.0.2', '--ports', `${peers.ports.smtps}/smtp`, '--ca', caFile, '--no-dns', '--format', 'markdown']);
    assert.match(result.stdout, /^# Mail TLS probe of `127\.0\.0\.2`/);
    assert.match(result.stdout, /\| \d+\/smtp \| implicit-tls \|/);
  });

  it('exits 2 with one line on usage errors', async () => {
    for (const args of [['probe'], ['probe', 'a', 'b'], ['probe', 'x.test', '--ports', '70000'], ['probe', 'x.test', '--timeout', 'soon'], ['probe', 'x.test', '--format', 'xml'], ['probe', 'x.test', '--ca', '/nonexistent.pem'], ['probe', 'bad host!']]) {
      const result = await run(args);
      assert.equal(result.code, 2, `${args.join(' ')}: ${result.stderr}`);
      assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
    }
  });
});
