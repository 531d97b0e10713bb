// The error catalogue on texts users actually paste (shared/reference/config-matrix.md §2).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { explainError } from '../../src/core/explain/errors';

const causes = (text: string): string[] => explainError(text).map((item) => item.cause);

describe('explainError', () => {
  const cases: [string, string][] = [
    ["Error: 1408F10B:SSL routines:ssl3_get_record:wrong version number:../deps/openssl/openssl/ssl/record/ssl3_record.c:332: { code: 'ESOCKET', command: 'CONN' }", 'implicit-tls-on-plaintext-port'],
    ['error:0A00010B:SSL routines:tls_validate_record_header:wrong version number:../deps/openssl/openssl/ssl/record/methods/tlsany_meth.c:77:', 'implicit-tls-on-plaintext-port'],
    ['ssl.SSLError: [SSL: WRONG_VERSION_NUMBER] wrong version number (_ssl.c:1006)', 'implicit-tls-on-plaintext-port'],
    ['javax.mail.MessagingException: Could not connect to SMTP host: smtp.xxx.com, port: 587; nested exception is: javax.net.ssl.SSLException: Unrecognized SSL message, plaintext connection?', 'implicit-tls-on-plaintext-port'],
    ['tls: first record does not look like a TLS handshake', 'implicit-tls-on-plaintext-port'],
    ['received corrupt message of type InvalidContentType', 'implicit-tls-on-plaintext-port'],
    ["Error: Greeting never received { code: 'ETIMEDOUT', command: 'CONN' }", 'plaintext-on-implicit-tls-port'],
    ['Failed to receive greeting from server in required time. Maybe should use TLS?', 'plaintext-on-implicit-tls-port'],
    ['Net::ReadTimeout with #<TCPSocket:(closed)>', 'plaintext-on-implicit-tls-port'],
    ['smtplib.SMTPServerDisconnected: Connection unexpectedly closed', 'plaintext-on-implicit-tls-port'],
    ['Could not connect to SMTP host: smtp.gmail.com, port: 465, response: -1', 'plaintext-on-implicit-tls-port'],
    ['530 5.7.0 Must issue a STARTTLS command first.', 'starttls-required-by-server'],
    ['ValueError: EMAIL_USE_TLS/EMAIL_USE_SSL are mutually exclusive, so only set one of those settings to True.', 'both-tls-modes'],
    ['smtplib.SMTPNotSupportedError: STARTTLS extension not supported by server.', 'starttls-not-offered'],
    ['Error: self-signed certificate { code: DEPTH_ZERO_SELF_SIGNED_CERT }', 'certificate-self-signed'],
    ["Error [ERR_TLS_CERT_ALTNAME_INVALID]: Hostname/IP does not match certificate's altnames", 'certificate-wrong-name'],
    ['Error: certificate has expired { code: CERT_HAS_EXPIRED }', 'certificate-expired'],
    ['unable to verify the first certificate', 'certificate-incomplete-chain'],
    ["Error: Connection timeout { code: 'ETIMEDOUT', command: 'CONN' }", 'connect-timeout'],
    ['connect ECONNREFUSED 127.0.0.1:587', 'connection-refused'],
    ['getaddrinfo ENOTFOUND smtp.exmaple.com', 'dns-failure'],
    ['535-5.7.8 Username and Password not accepted.', 'authentication-failed'],
  ];
  for (const [text, cause] of cases) {
    it(`recognises ${cause}: ${text.slice(0, 60)}`, () => {
      assert.equal(causes(text)[0], cause, JSON.stringify(causes(text)));
    });
  }

  it('explains the fix in terms of port and mode, and names the lint rule', () => {
    const [first] = explainError('wrong version number');
    assert.ok(first);
    assert.match(first.fix.join(' '), /587/);
    assert.match(first.fix.join(' '), /465/);
    assert.equal(first.ruleId, 'starttls-port-with-implicit-tls');
  });

  it('shows the certificate reason rather than the STARTTLS wrapper around it', () => {
    assert.deepEqual(causes("Error upgrading connection with STARTTLS { code: 'ETLS' } self-signed certificate"), ['certificate-self-signed']);
  });

  it('says nothing for text it does not know', () => {
    assert.deepEqual(explainError('TypeError: cannot read properties of undefined'), []);
    assert.deepEqual(explainError(''), []);
  });

  it('never throws and stays fast on any input, including huge pastes', () => {
    fc.assert(fc.property(fc.string({ maxLength: 2000 }), (text) => void explainError(text)), { numRuns: 500 });
    const started = performance.now();
    explainError('x'.repeat(5_000_000));
    assert.ok(performance.now() - started < 1000);
  });
});
