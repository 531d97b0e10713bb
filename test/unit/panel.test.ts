// The panel's pure parts: how server text is displayed, what the host accepts from the page,
// what the probe input accepts, and what reaches the output channel.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { mailDomainFor, parseHostInput } from '../../src/core/hostInput';
import type { PortReport } from '../../src/core/probe/types';
import { redactClientLine, transcriptLogLines } from '../../src/core/report/transcriptLog';
import { isWebviewMessage } from '../../src/webview/messages';
import { displayText, formatMs } from '../../src/webview/text';

function projectRoot(): string {
  let dir = __dirname;
  while (!statSync(join(dir, 'package.json'), { throwIfNoEntry: false })?.isFile()) dir = join(dir, '..');
  return dir;
}

describe('displayText', () => {
  it('keeps HTML as the characters it is (the DOM builder makes it a text node)', () => {
    const banner = '220 <b>hi</b><script>alert(1)</script><img src=x onerror=alert(2)> &amp;';
    assert.equal(displayText(banner), banner);
  });

  it('makes control characters visible instead of letting them reflow the line', () => {
    assert.equal(displayText('220 a\r\nb\u0000\u001b[31m\u007f\u009b'), '220 a\\x0d\\x0ab\\x00\\x1b[31m\\x7f\\x9b');
    assert.equal(displayText('tab\tstays'), 'tab\tstays');
  });

  it('shows bidirectional overrides and zero-width characters as escapes', () => {
    assert.equal(displayText('mail.\u202eexample\u202c.com'), 'mail.\\u202eexample\\u202c.com');
    assert.equal(displayText('a\u200bb\u2066c\u2069\ufeff'), 'a\\u200bb\\u2066c\\u2069\\ufeff');
  });

  it('bounds the length', () => {
    assert.equal(displayText('x'.repeat(50), 10), `${'x'.repeat(10)}…`);
  });

  it('formats timings', () => {
    assert.equal(formatMs(undefined), '–');
    assert.equal(formatMs(12.4), '12 ms');
    assert.equal(formatMs(1530), '1.5 s');
    assert.equal(formatMs(15_300), '15 s');
  });
});

describe('the page script never parses HTML', () => {
  it('uses no innerHTML, outerHTML, insertAdjacentHTML, document.write or inline handlers', () => {
    const dir = join(projectRoot(), 'src', 'webview');
    const files = readdirSync(dir).filter((name) => name.endsWith('.ts'));
    assert.ok(files.includes('main.ts'));
    for (const name of files) {
      const source = readFileSync(join(dir, name), 'utf8').replace(/\/\/.*$/gm, '');
      assert.doesNotMatch(source, /\.(innerHTML|outerHTML)\b|insertAdjacentHTML|document\.write|createContextualFragment|DOMParser|\beval\(|new Function\(/, name);
    }
  });
});

describe('isWebviewMessage', () => {
  it('accepts the protocol and nothing else', () => {
    assert.ok(isWebviewMessage({ type: 'ready' }));
    assert.ok(isWebviewMessage({ type: 'export', format: 'json' }));
    assert.ok(isWebviewMessage({ type: 'copy', text: 'x', what: 'y' }));
    assert.equal(isWebviewMessage({ type: 'export', format: 'html' }), false);
    assert.equal(isWebviewMessage({ type: 'copy', text: 1, what: 'y' }), false);
    assert.equal(isWebviewMessage({ type: 'copy', text: 'x'.repeat(100_001), what: 'y' }), false);
    assert.equal(isWebviewMessage({ type: 'runCommand', command: 'x' }), false);
    assert.equal(isWebviewMessage(null), false);
    assert.equal(isWebviewMessage('ready'), false);
  });
});

describe('parseHostInput', () => {
  it('takes names, addresses and ports as users type them', () => {
    assert.deepEqual(parseHostInput(' SMTP.Example.com '), { host: 'smtp.example.com' });
    assert.deepEqual(parseHostInput('smtp.example.com:587'), { host: 'smtp.example.com', port: 587 });
    assert.deepEqual(parseHostInput('127.0.0.1'), { host: '127.0.0.1' });
    assert.deepEqual(parseHostInput('[::1]:465'), { host: '::1', port: 465 });
    assert.deepEqual(parseHostInput('::1'), { host: '::1' });
    assert.deepEqual(parseHostInput('localhost'), { host: 'localhost' });
    assert.deepEqual(parseHostInput('bücher.example'), { host: 'xn--bcher-kva.example' });
  });

  it('keeps only the authority of a pasted URL, never its user info', () => {
    assert.deepEqual(parseHostInput('smtps://user:secret@smtp.example.com:465/'), { host: 'smtp.example.com', port: 465 });
  });

  it('rejects what is not a host', () => {
    for (const bad of ['', 'a b', 'host:99999', 'host:x', '-bad.example', 'a..b', '<script>', 'x'.repeat(300)]) {
      assert.ok('error' in parseHostInput(bad), bad);
    }
  });

  it('guesses the mail domain behind a service host name', () => {
    assert.equal(mailDomainFor('smtp.example.com'), 'example.com');
    assert.equal(mailDomainFor('imap.mail.example.org'), 'mail.example.org');
    assert.equal(mailDomainFor('example.com'), 'example.com');
    assert.equal(mailDomainFor('mx1.example.com'), 'example.com');
    assert.equal(mailDomainFor('www.example.com'), 'www.example.com');
  });
});

describe('transcript in the output channel', () => {
  it('redacts credential commands, should a probe ever send one', () => {
    assert.equal(redactClientLine('AUTH PLAIN AHVzZXIAcGFzcw=='), 'AUTH PLAIN [redacted]');
    assert.equal(redactClientLine('a1 LOGIN user pass'), 'a1 LOGIN [redacted]');
    assert.equal(redactClientLine('PASS hunter2'), 'PASS [redacted]');
    assert.equal(redactClientLine('dXNlcm5hbWU='), '[redacted]');
    assert.equal(redactClientLine('EHLO mail-tls-doctor.invalid'), 'EHLO mail-tls-doctor.invalid');
    assert.equal(redactClientLine('STARTTLS'), 'STARTTLS');
  });

  it('writes one line per transcript entry with control characters made visible', () => {
    const report: PortReport = {
      port: 587,
      protocol: 'smtp',
      verdict: 'starttls',
      timings: { totalMs: 42 },
      connections: 1,
      transcript: [
        { direction: 'server', inTls: false, text: '220 evil\u001b[2J banner', atMs: 3 },
        { direction: 'client', inTls: false, text: 'STARTTLS', atMs: 4 },
        { direction: 'client', inTls: true, text: 'AUTH LOGIN c2VjcmV0', atMs: 9 },
      ],
    };
    const lines = transcriptLogLines(report);
    assert.equal(lines[0], '587/smtp starttls, 42 ms');
    assert.match(lines[1] ?? '', /\[txt\] S: 220 evil\\x1b\[2J banner$/);
    assert.match(lines[2] ?? '', /\[txt\] C: STARTTLS$/);
    assert.match(lines[3] ?? '', /\[tls\] C: AUTH LOGIN \[redacted\]$/);
  });
});
