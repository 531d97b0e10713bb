// The engine's shared pieces: the port table, local-host detection, offsets, edits, URLs.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parseMailUrl } from '../../src/core/config/mailUrl';
import { isLocalHost, lookupPort, standardPort } from '../../src/core/ports';
import { applyEdits, LineIndex } from '../../src/core/text';

describe('ports', () => {
  it('knows the mode of every well-known mail port', () => {
    assert.deepEqual(
      [25, 465, 587, 2525, 143, 993, 110, 995].map((port) => lookupPort(port)?.mode),
      ['starttls', 'implicit', 'starttls', 'starttls', 'starttls', 'implicit', 'starttls', 'implicit'],
    );
    assert.equal(lookupPort(465, 'imap'), undefined);
    assert.equal(lookupPort(1025), undefined);
    assert.equal(standardPort('imap', 'implicit'), 993);
    assert.equal(standardPort('pop3', 'starttls'), 110);
  });

  it('treats loopback, catchers and compose service names as local, real domains as remote', () => {
    for (const host of ['localhost', '127.0.0.1', '127.1.2.3', '::1', '[::1]', 'mailpit', 'postfix', 'mail.localhost', 'host.docker.internal']) assert.ok(isLocalHost(host), host);
    for (const host of ['smtp.gmail.com', 'smtp.example.com', '10.0.0.5', '2001:db8::1', '']) assert.ok(!isLocalHost(host), host);
  });
});

describe('LineIndex', () => {
  it('maps offsets to 0-based lines and UTF-16 columns across LF, CRLF and CR', () => {
    const text = 'a\r\nbé😀c\nd\re';
    const index = new LineIndex(text);
    assert.deepEqual(index.positionAt(0), { line: 0, character: 0 });
    assert.deepEqual(index.positionAt(text.indexOf('c')), { line: 1, character: 4 });
    assert.deepEqual(index.positionAt(text.indexOf('e')), { line: 3, character: 0 });
    assert.equal(index.offsetAt({ line: 1, character: 4 }), text.indexOf('c'));
  });

  it('round-trips every offset', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', '\n', '\r', 'é', '😀', ' ') }), (text) => {
        const index = new LineIndex(text);
        for (let offset = 0; offset <= text.length; offset++) {
          const position = index.positionAt(offset);
          // Inside a CRLF pair the offset of '\n' maps back to the end of the line, which is fine for editors.
          if (text[offset - 1] === '\r' && text[offset] === '\n') continue;
          assert.equal(index.offsetAt(position), offset);
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('applyEdits', () => {
  it('applies edits in any order and keeps the first of two overlapping ones', () => {
    const text = 'port: 587, secure: true';
    assert.equal(
      applyEdits(text, [
        { range: { start: 19, end: 23 }, newText: 'false' },
        { range: { start: 6, end: 9 }, newText: '465' },
      ]),
      'port: 465, secure: false',
    );
  });
});

describe('parseMailUrl', () => {
  it('finds every part with its range and keeps no password text', () => {
    const text = 'smtps://user%40example.com:p%40ss@smtp.example.com:465/?verify_peer=0&auth_mode=login';
    const url = parseMailUrl(text, 10);
    assert.ok(url);
    assert.equal(url.scheme.text, 'smtps');
    assert.equal(url.user?.text, 'user@example.com');
    assert.equal(url.host?.text, 'smtp.example.com');
    assert.equal(url.port?.value, 465);
    assert.equal(text.slice((url.port?.range.start ?? 0) - 10, (url.port?.range.end ?? 0) - 10), '465');
    assert.ok(url.passwordRange);
    assert.equal(text.slice(url.passwordRange.start - 10, url.passwordRange.end - 10), 'p%40ss');
    assert.ok(!JSON.stringify({ ...url, passwordRange: undefined }).includes('p%40ss'));
    assert.deepEqual(url.query.map((part) => [part.key, part.value]), [['verify_peer', '0'], ['auth_mode', 'login']]);
  });

  it('handles missing ports, IPv6 hosts and half-typed URLs', () => {
    assert.equal(parseMailUrl('smtp://mail.example.com', 0)?.port, undefined);
    assert.equal(parseMailUrl('smtp://mail.example.com', 0)?.portInsertAt, 'smtp://mail.example.com'.length);
    assert.equal(parseMailUrl('smtp://[::1]:2525', 0)?.port?.value, 2525);
    assert.equal(parseMailUrl('smtp://[::1]:2525', 0)?.host?.text, '[::1]');
    assert.equal(parseMailUrl('smtp://', 0)?.host, undefined);
    assert.equal(parseMailUrl('not a url', 0), undefined);
  });

  it('never throws and keeps ranges inside the text', () => {
    fc.assert(
      fc.property(fc.string(), fc.constantFrom('smtp://', 'smtps://', 'smtp+tls://', ''), (rest, scheme) => {
        const text = scheme + rest;
        const url = parseMailUrl(text, 0);
        if (!url) return;
        for (const range of [url.scheme.range, url.host?.range, url.port?.range, url.user?.range, url.passwordRange, ...url.query.map((part) => part.range)]) {
          if (!range) continue;
          assert.ok(range.start >= 0 && range.start <= range.end && range.end <= text.length);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
