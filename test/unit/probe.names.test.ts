// RFC 7817 / RFC 6125 name matching, SAN parsing, and the --ports syntax.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_TARGETS, dnsNameMatches, identityMatches, parseTargets } from '../../src/core/probe';
import { ipKey, splitSubjectAltNames } from '../../src/core/probe/certificate';

describe('RFC 7817 name matching', () => {
  it('exact DNS-IDs, case- and trailing-dot-insensitive', () => {
    assert.equal(dnsNameMatches('mail.example.com', 'mail.example.com'), true);
    assert.equal(dnsNameMatches('MAIL.Example.COM', 'mail.example.com.'), true);
    assert.equal(dnsNameMatches('mail.example.com', 'smtp.example.com'), false);
  });

  it('a wildcard is the whole left-most label and matches exactly one label', () => {
    assert.equal(dnsNameMatches('*.example.com', 'mail.example.com'), true);
    assert.equal(dnsNameMatches('*.example.com', 'example.com'), false, 'never the bare domain');
    assert.equal(dnsNameMatches('*.example.com', 'a.b.example.com'), false, 'never two labels');
    assert.equal(dnsNameMatches('m*.example.com', 'mail.example.com'), false, 'no partial-label wildcard');
    assert.equal(dnsNameMatches('*oo.example.com', 'foo.example.com'), false);
    assert.equal(dnsNameMatches('mail.*.com', 'mail.example.com'), false, 'only the left-most label');
    assert.equal(dnsNameMatches('*.com', 'example.com'), false, 'not directly under a one-label suffix');
    assert.equal(dnsNameMatches('*.*.example.com', 'a.b.example.com'), false);
  });

  it('internationalised names compare as A-labels', () => {
    assert.equal(dnsNameMatches('xn--bcher-kva.example', 'bücher.example'), true);
  });

  it('CN only when there is no DNS SAN; IP hosts match IP SANs only', () => {
    assert.equal(identityMatches('mail.example.com', { dnsNames: [], ipAddresses: [], commonNames: ['mail.example.com'] }), true);
    assert.equal(identityMatches('mail.example.com', { dnsNames: ['other.example.com'], ipAddresses: [], commonNames: ['mail.example.com'] }), false);
    assert.equal(identityMatches('192.0.2.1', { dnsNames: ['192.0.2.1'], ipAddresses: [], commonNames: ['192.0.2.1'] }), false);
    assert.equal(identityMatches('192.0.2.1', { dnsNames: [], ipAddresses: ['192.0.2.1'], commonNames: [] }), true);
    assert.equal(identityMatches('::1', { dnsNames: [], ipAddresses: ['0:0:0:0:0:0:0:1'], commonNames: [] }), true);
    assert.equal(identityMatches('[2001:db8::1]', { dnsNames: [], ipAddresses: ['2001:DB8:0:0:0:0:0:1'], commonNames: [] }), true);
    assert.equal(identityMatches('2001:db8::2', { dnsNames: [], ipAddresses: ['2001:db8::1'], commonNames: [] }), false);
  });

  it('IP keys and SAN text parsing', () => {
    assert.equal(ipKey('::ffff:192.0.2.1'), ipKey('0:0:0:0:0:ffff:c000:201'));
    assert.equal(ipKey('not an ip'), undefined);
    assert.deepEqual(splitSubjectAltNames('DNS:a.example, IP Address:127.0.0.1, DNS:"b, c.example"'), [
      { type: 'DNS', value: 'a.example' },
      { type: 'IP Address', value: '127.0.0.1' },
      { type: 'DNS', value: 'b, c.example' },
    ]);
  });
});

describe('parseTargets and DEFAULT_TARGETS', () => {
  it('the default plan', () => {
    assert.deepEqual(DEFAULT_TARGETS.map((target) => `${target.port}/${target.protocol}`), ['25/smtp', '465/smtp', '587/smtp', '143/imap', '993/imap', '110/pop3', '995/pop3']);
  });

  it('explicit protocols, bare well-known ports, duplicates dropped', () => {
    assert.deepEqual(parseTargets('465/smtp, 587/SMTP,2525,993,110/pop,465/smtp'), [
      { port: 465, protocol: 'smtp' },
      { port: 587, protocol: 'smtp' },
      { port: 2525, protocol: 'smtp' },
      { port: 993, protocol: 'imap' },
      { port: 110, protocol: 'pop3' },
    ]);
    assert.deepEqual(parseTargets('8025/smtp'), [{ port: 8025, protocol: 'smtp' }]);
  });

  it('clear errors for the usage message', () => {
    assert.throws(() => parseTargets(''), /no ports given/);
    assert.throws(() => parseTargets('8025'), /8025 is not a well-known mail port.*8025\/smtp/);
    assert.throws(() => parseTargets('70000/smtp'), /between 1 and 65535/);
    assert.throws(() => parseTargets('0'), /between 1 and 65535/);
    assert.throws(() => parseTargets('465/http'), /unknown protocol "http"/);
    assert.throws(() => parseTargets('smtp'), /is not a port/);
  });
});
