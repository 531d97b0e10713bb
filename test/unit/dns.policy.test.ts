// The pure parts of the DNS module: the MTA-STS policy grammar (RFC 8461 §3.2) and MX
// pattern matching (§4.1), without a network.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mxPatternMatches, parsePolicy } from '../../src/core/probe/dns';

describe('MTA-STS mx patterns (RFC 8461 §4.1)', () => {
  it('matches a wildcard against exactly one extra left-most label', () => {
    assert.equal(mxPatternMatches('*.example.com', 'mail.example.com'), true);
    assert.equal(mxPatternMatches('*.example.com', 'example.com'), false);
    assert.equal(mxPatternMatches('*.example.com', 'foo.bar.example.com'), false);
    assert.equal(mxPatternMatches('*.example.com', 'mail.example.com.'), true);
    assert.equal(mxPatternMatches('*.example.com', 'MAIL.Example.COM'), true);
    assert.equal(mxPatternMatches('*.example.com', 'mailexample.com'), false);
  });
  it('matches other patterns exactly, case-insensitively', () => {
    assert.equal(mxPatternMatches('mail.example.com', 'mail.example.com'), true);
    assert.equal(mxPatternMatches('mail.example.com', 'MAIL.EXAMPLE.COM.'), true);
    assert.equal(mxPatternMatches('mail.example.com', 'mx.example.com'), false);
  });
});

describe('MTA-STS policy text (RFC 8461 §3.2)', () => {
  it('reads version, mode, max_age and every mx line', () => {
    const parsed = parsePolicy('version: STSv1\r\nmode: enforce\r\nmx: mail.example.com\r\nmx: *.example.net\r\nmax_age: 604800\r\n');
    assert.deepEqual(parsed, { policy: { version: 'STSv1', mode: 'enforce', maxAge: 604800, mx: ['mail.example.com', '*.example.net'] } });
  });
  it('accepts LF line ends and ignores unknown keys', () => {
    const parsed = parsePolicy('version: STSv1\nmode: testing\nmx: a.example\nmax_age: 1\nextension: yes\n');
    assert.ok('policy' in parsed && parsed.policy.mode === 'testing');
  });
  it('needs no mx in mode none', () => {
    assert.ok('policy' in parsePolicy('version: STSv1\nmode: none\nmax_age: 86400\n'));
  });
  it('rejects what a sender would reject', () => {
    const cases: [string, RegExp][] = [
      ['mode: enforce\nmx: a\nmax_age: 1\n', /no "version: STSv1"/],
      ['version: STSv2\nmode: enforce\nmx: a\nmax_age: 1\n', /not "STSv1"/],
      ['version: STSv1\nmode: strict\nmx: a\nmax_age: 1\n', /not enforce, testing or none/],
      ['version: STSv1\nmode: enforce\nmx: a\n', /no "max_age"/],
      ['version: STSv1\nmode: enforce\nmx: a\nmax_age: -5\n', /not a whole number/],
      ['version: STSv1\nmode: enforce\nmx: a\nmax_age: 31557601\n', /above the limit/],
      ['version: STSv1\nmode: enforce\nmax_age: 86400\n', /lists no "mx"/],
      ['<html>oops</html>\n', /not "key: value"/],
    ];
    for (const [text, expected] of cases) {
      const parsed = parsePolicy(text);
      assert.ok('error' in parsed, text);
      assert.match(parsed.error, expected);
    }
  });
});
