// Verify against server: each probe verdict held against real endpoints read from real
// configuration text, so the message the editor shows is checked word for word where it matters.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { extractEndpoints } from '../../src/core/lint';
import type { MailEndpoint } from '../../src/core/model';
import type { CertificateReport, PortReport, PortVerdict } from '../../src/core/probe/types';
import { expectedMode, literalHost, verifyEndpoint } from '../../src/core/verify';

async function endpointOf(fileName: string, text: string): Promise<MailEndpoint> {
  const { endpoints } = await extractEndpoints({ fileName, text });
  assert.equal(endpoints.length, 1, `expected one endpoint in ${text}`);
  return endpoints[0]!;
}

const nodemailer = (options: string): Promise<MailEndpoint> =>
  endpointOf('mail.js', `const nodemailer = require('nodemailer');\nconst t = nodemailer.createTransport({ ${options} });\n`);

const TRUSTED: CertificateReport = {
  chain: [
    {
      subject: 'CN=smtp.example.com',
      subjectAltNames: ['DNS:smtp.example.com'],
      issuer: 'CN=Example CA',
      validFrom: '2025-01-01T00:00:00.000Z',
      validTo: '2026-03-01T00:00:00.000Z',
      keyType: 'ec',
      keyBits: 256,
      fingerprintSha256: 'AA',
      serialNumber: '01',
      selfSigned: false,
    },
  ],
  trusted: true,
  nameMatches: true,
  referenceName: 'smtp.example.com',
  expired: false,
  notYetValid: false,
  daysRemaining: 83,
};

function report(port: number, verdict: PortVerdict, extra: Partial<PortReport> = {}): PortReport {
  const tls = verdict === 'implicit-tls' || verdict === 'starttls' ? { tls: { version: 'TLSv1.3', cipher: 'TLS_AES_256_GCM_SHA384' }, certificate: TRUSTED } : {};
  return { port, protocol: 'smtp', verdict, address: '192.0.2.10', timings: { totalMs: 12 }, connections: 1, transcript: [], ...tls, ...extra };
}

function lineOf(text: string, offset: number): number {
  return text.slice(0, offset).split('\n').length;
}

describe('verifyEndpoint: the mode the configuration expects against what the server did', () => {
  it('implicit TLS on a port that greets in plaintext and offers STARTTLS: an error quoting the library', async () => {
    const endpoint = await nodemailer(`host: 'smtp.example.com', port: 587, secure: true`);
    const result = verifyEndpoint(endpoint, report(587, 'starttls'));
    assert.equal(result.outcome, 'mode-mismatch');
    assert.equal(result.severity, 'error');
    assert.match(result.message, /^The server at smtp\.example\.com:587 greets in plaintext and offers STARTTLS — secure: true asks for implicit TLS, so nodemailer fails at once with 'wrong version number'/);
    assert.match(result.message, /Use STARTTLS on port 587, or keep implicit TLS and use port 465\./);
  });

  it('implicit TLS on a plaintext port without STARTTLS says there is no TLS there at all', async () => {
    const endpoint = await nodemailer(`host: 'smtp.example.com', port: 2525, secure: true`);
    const result = verifyEndpoint(endpoint, report(2525, 'plaintext'));
    assert.equal(result.outcome, 'mode-mismatch');
    assert.equal(result.severity, 'error');
    assert.match(result.message, /greets in plaintext and does not offer STARTTLS — secure: true asks for implicit TLS, so nodemailer fails at once with 'wrong version number'/);
    assert.match(result.message, /offers no TLS at all/);
  });

  it('implicit TLS where the STARTTLS upgrade would fail is still the mode mismatch first', async () => {
    const endpoint = await nodemailer(`host: 'smtp.example.com', port: 587, secure: true`);
    const result = verifyEndpoint(endpoint, report(587, 'starttls-failed', { error: 'handshake failure' }));
    assert.equal(result.outcome, 'mode-mismatch');
  });

  it('STARTTLS against an implicit-TLS port: the hang, in the library\'s words', async () => {
    const endpoint = await nodemailer(`host: 'smtp.example.com', port: 465, secure: false`);
    const result = verifyEndpoint(endpoint, report(465, 'implicit-tls'));
    assert.equal(result.outcome, 'mode-mismatch');
    assert.equal(result.severity, 'error');
    assert.match(result.message, /expects TLS from the first byte \(implicit TLS, TLSv1\.3\) — secure: false asks for STARTTLS, so nodemailer hangs until 'Greeting never received'/);
    assert.match(result.message, /keep STARTTLS and use port 587/);
  });

  it('the diagnostic for a mode problem sits on the setting that chose the mode', async () => {
    const text = `const nodemailer = require('nodemailer');\nconst t = nodemailer.createTransport({\n  host: 'smtp.example.com',\n  port: 587,\n  secure: true,\n});\n`;
    const endpoint = await endpointOf('mail.js', text);
    const result = verifyEndpoint(endpoint, report(587, 'starttls'));
    assert.equal(text.slice(result.range.start, result.range.end), 'secure: true');
    assert.equal(lineOf(text, result.range.start), 5);
  });

  it('implicit TLS confirmed, with TLS version and certificate status', async () => {
    const endpoint = await nodemailer(`host: 'smtp.example.com', port: 465, secure: true`);
    const result = verifyEndpoint(endpoint, report(465, 'implicit-tls'));
    assert.equal(result.outcome, 'confirmed');
    assert.equal(result.severity, 'information');
    assert.equal(result.message, 'Confirmed: smtp.example.com:465 speaks implicit TLS (TLSv1.3), certificate trusted, 83 days left.');
  });

  it('nodemailer\'s default for 465 counts as implicit TLS', async () => {
    const endpoint = await nodemailer(`host: 'smtp.example.com', port: 465`);
    assert.equal(expectedMode(endpoint), 'implicit');
    assert.equal(verifyEndpoint(endpoint, report(465, 'implicit-tls')).outcome, 'confirmed');
  });

  it('required STARTTLS confirmed', async () => {
    const endpoint = await nodemailer(`host: 'smtp.example.com', port: 587, secure: false, requireTLS: true`);
    const result = verifyEndpoint(endpoint, report(587, 'starttls'));
    assert.equal(result.outcome, 'confirmed');
    assert.equal(result.message, 'Confirmed: smtp.example.com:587 greets in plaintext and upgrades with STARTTLS (TLSv1.3), certificate trusted, 83 days left.');
  });

  it('opportunistic STARTTLS confirmed, with a note that nothing insists on it', async () => {
    const endpoint = await nodemailer(`host: 'smtp.example.com', port: 587, secure: false`);
    const result = verifyEndpoint(endpoint, report(587, 'starttls'));
    assert.equal(result.outcome, 'confirmed');
    assert.match(result.message, /does not insist on STARTTLS/);
  });

  it('STARTTLS offered but the upgrade fails', async () => {
    const endpoint = await nodemailer(`host: 'smtp.example.com', port: 587, secure: false, requireTLS: true`);
    const result = verifyEndpoint(endpoint, report(587, 'starttls-failed', { error: 'the TLS handshake after STARTTLS failed: no shared cipher' }));
    assert.equal(result.outcome, 'starttls-failed');
    assert.equal(result.severity, 'error');
    assert.match(result.message, /offers STARTTLS, but the TLS upgrade fails: the TLS handshake after STARTTLS failed: no shared cipher\. nodemailer stops here/);
  });

  it('required STARTTLS against a server without STARTTLS: the client refuses', async () => {
    const endpoint = await nodemailer(`host: 'smtp.example.com', port: 587, requireTLS: true`);
    const result = verifyEndpoint(endpoint, report(587, 'plaintext'));
    assert.equal(result.outcome, 'no-tls');
    assert.equal(result.severity, 'error');
    assert.match(result.message, /— requireTLS: true requires STARTTLS, so nodemailer refuses to go on/);
  });

  it('opportunistic STARTTLS against a remote server without STARTTLS: a warning about plaintext', async () => {
    const endpoint = await nodemailer(`host: 'smtp.example.com', port: 587, auth: { user: 'u', pass: 'p' }`);
    const result = verifyEndpoint(endpoint, report(587, 'plaintext'));
    assert.equal(result.outcome, 'no-tls');
    assert.equal(result.severity, 'warning');
    assert.match(result.message, /goes on in plaintext and sends mail and the password readable/);
  });

  it('a local catcher without STARTTLS is only information', async () => {
    const endpoint = await nodemailer(`host: 'localhost', port: 1025, secure: false`);
    const result = verifyEndpoint(endpoint, report(1025, 'plaintext'));
    assert.equal(result.severity, 'information');
    assert.match(result.message, /usual for a local test server/);
  });

  it('TLS switched off while the server offers STARTTLS: a warning', async () => {
    const endpoint = await nodemailer(`host: 'smtp.example.com', port: 587, ignoreTLS: true, auth: { user: 'u', pass: 'p' }`);
    assert.equal(expectedMode(endpoint), 'none');
    const result = verifyEndpoint(endpoint, report(587, 'starttls'));
    assert.equal(result.outcome, 'no-tls');
    assert.equal(result.severity, 'warning');
    assert.match(result.message, /switches TLS off: mail and the password cross the network readable/);
  });

  it('refused, filtered and unreachable: a warning that says what failed, on the port', async () => {
    const text = `const nodemailer = require('nodemailer');\nconst t = nodemailer.createTransport({\n  host: 'smtp.example.com',\n  port: 25,\n  secure: false,\n});\n`;
    const endpoint = await endpointOf('mail.js', text);
    const refused = verifyEndpoint(endpoint, report(25, 'refused', { error: 'connection refused by 192.0.2.10 (nothing listens on port 25, or a firewall rejects it)' }));
    assert.equal(refused.outcome, 'unreachable');
    assert.equal(refused.severity, 'warning');
    assert.match(refused.message, /^Could not verify smtp\.example\.com:25 from this machine: connection refused by 192\.0\.2\.10/);
    assert.match(refused.message, /inside a container, localhost is the container itself/);
    assert.equal(text.slice(refused.range.start, refused.range.end), '25');

    const filtered = verifyEndpoint(endpoint, report(25, 'filtered', { error: 'no answer to the connection attempt within 4000 ms (a firewall drops the packets, or the host is down)' }));
    assert.equal(filtered.outcome, 'unreachable');
    assert.match(filtered.message, /'Connection timeout', ETIMEDOUT/);
    assert.match(filtered.message, /Outbound port 25 is blocked by most cloud providers/);

    const unreachable = verifyEndpoint(endpoint, report(25, 'unreachable', { error: 'the network reports 192.0.2.10 unreachable: EHOSTUNREACH' }));
    assert.equal(unreachable.outcome, 'unreachable');
    assert.match(unreachable.message, /EHOSTUNREACH/);
  });

  it('a host that does not resolve', async () => {
    const endpoint = await nodemailer(`host: 'smtp.exmaple.com', port: 587`);
    const result = verifyEndpoint(endpoint, report(587, 'dns-failure', { error: 'getaddrinfo ENOTFOUND smtp.exmaple.com' }));
    assert.equal(result.outcome, 'unreachable');
    assert.match(result.message, /smtp\.exmaple\.com does not resolve from this machine/);
  });

  it('no greeting, rate-limited, error and cancelled give no TLS verdict', async () => {
    const endpoint = await nodemailer(`host: 'smtp.example.com', port: 587`);
    const silent = verifyEndpoint(endpoint, report(587, 'no-greeting', { error: 'no greeting within 1500 ms and no answer to a TLS handshake within 4000 ms' }));
    assert.equal(silent.outcome, 'no-verdict');
    assert.equal(silent.severity, 'warning');
    assert.match(silent.message, /neither greeted in plaintext nor answered a TLS handshake/);

    const busy = verifyEndpoint(endpoint, report(587, 'rate-limited', { error: 'the server turned us away: "421 4.7.0 Try again later"' }));
    assert.equal(busy.outcome, 'no-verdict');
    assert.equal(busy.severity, 'information');
    assert.match(busy.message, /turned the probe away \("421 4\.7\.0 Try again later"\): busy or rate-limiting, which says nothing about TLS/);

    const failed = verifyEndpoint(endpoint, report(587, 'error', { error: 'not an SMTP greeting: "HTTP/1.1 400 Bad Request"' }));
    assert.equal(failed.outcome, 'no-verdict');
    assert.match(failed.message, /^Could not verify smtp\.example\.com:587: not an SMTP greeting/);

    assert.equal(verifyEndpoint(endpoint, report(587, 'error', { error: 'cancelled' })).outcome, 'cancelled');
  });

  describe('certificates, once the mode is right', () => {
    it('self-signed on a remote host is an error with the client\'s error text', async () => {
      const endpoint = await nodemailer(`host: 'smtp.example.com', port: 465, secure: true`);
      const certificate: CertificateReport = { ...TRUSTED, trusted: false, trustError: 'DEPTH_ZERO_SELF_SIGNED_CERT', chain: [{ ...TRUSTED.chain[0]!, selfSigned: true }] };
      const result = verifyEndpoint(endpoint, report(465, 'implicit-tls', { certificate }));
      assert.equal(result.outcome, 'certificate');
      assert.equal(result.severity, 'error');
      assert.match(result.message, /^smtp\.example\.com:465 speaks implicit TLS \(TLSv1\.3\), but the certificate is self-signed \(DEPTH_ZERO_SELF_SIGNED_CERT\) — clients that check certificates fail with 'self-signed certificate'\.$/);
    });

    it('with certificate checks switched off it is a warning that says what that costs', async () => {
      const endpoint = await nodemailer(`host: 'smtp.example.com', port: 465, secure: true, tls: { rejectUnauthorized: false }`);
      const certificate: CertificateReport = { ...TRUSTED, trusted: false, trustError: 'DEPTH_ZERO_SELF_SIGNED_CERT' };
      const result = verifyEndpoint(endpoint, report(465, 'implicit-tls', { certificate }));
      assert.equal(result.severity, 'warning');
      assert.match(result.message, /Certificate checks are off here \(rejectUnauthorized\)/);
    });

    it('expired, wrong name and incomplete chain each name the error clients print', async () => {
      const endpoint = await nodemailer(`host: 'smtp.example.com', port: 587, secure: false, requireTLS: true`);
      const expired = verifyEndpoint(endpoint, report(587, 'starttls', { certificate: { ...TRUSTED, expired: true, trusted: false, trustError: 'CERT_HAS_EXPIRED', daysRemaining: -3 } }));
      assert.equal(expired.severity, 'error');
      assert.match(expired.message, /the certificate expired on 2026-03-01 — clients fail with 'certificate has expired'/);
      assert.doesNotMatch(expired.message, /not trusted/, 'an expired certificate is reported once, as expired');

      const wrongName = verifyEndpoint(endpoint, report(587, 'starttls', { certificate: { ...TRUSTED, nameMatches: false, chain: [{ ...TRUSTED.chain[0]!, subjectAltNames: ['DNS:mail.example.net'] }] } }));
      assert.match(wrongName.message, /does not name smtp\.example\.com \(it names DNS:mail\.example\.net\) — clients fail with "Hostname\/IP does not match certificate's altnames"/);

      const chain = verifyEndpoint(endpoint, report(587, 'starttls', { certificate: { ...TRUSTED, trusted: false, trustError: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' } }));
      assert.match(chain.message, /no intermediate certificate .* 'unable to verify the first certificate'/);
    });

    it('a certificate close to expiry is a warning', async () => {
      const endpoint = await nodemailer(`host: 'smtp.example.com', port: 465, secure: true`);
      const result = verifyEndpoint(endpoint, report(465, 'implicit-tls', { certificate: { ...TRUSTED, daysRemaining: 5 } }));
      assert.equal(result.outcome, 'certificate');
      assert.equal(result.severity, 'warning');
      assert.match(result.message, /expires in 5 days \(2026-03-01\)/);
    });
  });

  describe('hosts and modes the file does not show', () => {
    it('a host read from the environment is not connected to; the host the user typed is used in the message', async () => {
      const endpoint = await nodemailer(`host: process.env.SMTP_HOST, port: 465, secure: true`);
      assert.equal(literalHost(endpoint), undefined);
      const result = verifyEndpoint(endpoint, report(465, 'implicit-tls'), { host: 'relay.example.org' });
      assert.match(result.message, /^Confirmed: relay\.example\.org:465/);
    });

    it('an unknown mode is told which mode the port needs', async () => {
      const endpoint = await nodemailer(`host: 'smtp.example.com', port: 465, secure: process.env.SMTP_SECURE === 'true'`);
      if (expectedMode(endpoint) !== 'unknown') return; // the extractor may learn to read this; nothing to check then
      const result = verifyEndpoint(endpoint, report(465, 'implicit-tls'));
      assert.equal(result.severity, 'information');
      assert.match(result.message, /must select implicit TLS for this port/);
      const plain = verifyEndpoint(endpoint, report(465, 'plaintext'));
      assert.equal(plain.outcome, 'no-tls');
    });

    it('IPv6 literals are bracketed in messages', async () => {
      const endpoint = await nodemailer(`host: '::1', port: 465, secure: true`);
      const result = verifyEndpoint(endpoint, report(465, 'implicit-tls'));
      assert.match(result.message, /\[::1\]:465/);
    });

    it('reads .env endpoints too', async () => {
      const endpoint = await endpointOf('.env', 'MAIL_MAILER=smtp\nMAIL_HOST=smtp.example.com\nMAIL_PORT=587\nMAIL_SCHEME=smtps\n');
      const result = verifyEndpoint(endpoint, report(587, 'starttls'));
      assert.equal(result.outcome, 'mode-mismatch');
      assert.match(result.message, /greets in plaintext and offers STARTTLS/);
      assert.match(result.message, /Laravel fails at once/);
    });
  });
});
