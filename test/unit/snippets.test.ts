// "What to write": one snippet per library and mode, with credentials only as references.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Recommendation } from '../../src/core/explain/recommend';
import { EXAMPLE_TARGETS, SNIPPET_LIBRARIES, type SnippetLibrary, type SnippetTarget, isSnippetHost, snippetFor, snippetsFor, targetsFromRecommendations } from '../../src/core/explain/snippets';

const implicit: SnippetTarget = { protocol: 'smtp', host: 'smtp.example.com', port: 465, mode: 'implicit' };
const starttls: SnippetTarget = { protocol: 'smtp', host: 'smtp.example.com', port: 587, mode: 'starttls' };
const imaps: SnippetTarget = { protocol: 'imap', host: 'imap.example.com', port: 993, mode: 'implicit' };
const imapStarttls: SnippetTarget = { protocol: 'imap', host: 'imap.example.com', port: 143, mode: 'starttls' };

const text = (library: SnippetLibrary, target: SnippetTarget): string => {
  const snippet = snippetFor(library, target);
  assert.ok(snippet, `${library} should have a snippet for ${target.port}/${target.protocol}`);
  return snippet.text;
};

describe('snippets', () => {
  it('covers the libraries the panel promises', () => {
    assert.deepEqual(
      SNIPPET_LIBRARIES.map((entry) => entry.id),
      ['nodemailer', 'imapflow', 'django', 'phpmailer', 'laravel', 'symfony', 'spring', 'rails', 'msmtp'],
    );
  });

  it('writes the implicit-TLS setting of each SMTP library', () => {
    assert.match(text('nodemailer', implicit), /port: 465,\n\s+secure: true,/);
    assert.doesNotMatch(text('nodemailer', implicit), /requireTLS/);
    assert.match(text('django', implicit), /EMAIL_USE_SSL = True/);
    assert.match(text('django', implicit), /EMAIL_USE_TLS = False/);
    assert.match(text('phpmailer', implicit), /ENCRYPTION_SMTPS/);
    assert.match(text('laravel', implicit), /^MAIL_SCHEME=smtps$/m);
    assert.match(text('symfony', implicit), /^MAILER_DSN=smtps:\/\/.*@smtp\.example\.com:465$/m);
    assert.match(text('spring', implicit), /mail\.smtp\.ssl\.enable=true/);
    assert.match(text('rails', implicit), /tls: true/);
    assert.doesNotMatch(text('rails', implicit), /enable_starttls:/);
    assert.match(text('msmtp', implicit), /^tls_starttls off/m);
  });

  it('writes required STARTTLS for each SMTP library', () => {
    assert.match(text('nodemailer', starttls), /secure: false,[^\n]*\n\s+requireTLS: true/);
    assert.match(text('django', starttls), /EMAIL_USE_TLS = True/);
    assert.match(text('django', starttls), /EMAIL_USE_SSL = False/);
    assert.match(text('phpmailer', starttls), /ENCRYPTION_STARTTLS/);
    assert.match(text('laravel', starttls), /^MAIL_SCHEME=smtp$/m);
    assert.match(text('symfony', starttls), /^MAILER_DSN=smtp:\/\/.*:587\?require_tls=true$/m);
    assert.match(text('spring', starttls), /starttls\.enable=true\n.*starttls\.required=true/);
    assert.match(text('rails', starttls), /enable_starttls: true/);
    assert.doesNotMatch(text('rails', starttls), /\btls: true/);
    assert.match(text('msmtp', starttls), /^tls_starttls on/m);
  });

  it('writes ImapFlow for IMAP only, and the SMTP libraries for SMTP only', () => {
    assert.match(text('imapflow', imaps), /port: 993,\n\s+secure: true,/);
    assert.match(text('imapflow', imapStarttls), /secure: false,\n\s+doSTARTTLS: true/);
    assert.equal(snippetFor('imapflow', implicit), undefined);
    assert.equal(snippetFor('nodemailer', imaps), undefined);
    assert.deepEqual(snippetsFor([imaps]).map((snippet) => snippet.library), ['imapflow']);
  });

  it('never holds a secret: credentials are references or left empty', () => {
    for (const snippet of snippetsFor([implicit, starttls, imaps, imapStarttls])) {
      assert.doesNotMatch(snippet.text, /(pass(word)?|PASS(WORD)?)\s*[:=]\s*['"][^'"$]+['"]/, `${snippet.library}: a quoted password literal`);
      assert.match(snippet.text, /process\.env\.|os\.environ|getenv\(|\$\{|ENV\[|PASSWORD=$|passwordeval/m, `${snippet.library}: no credential reference`);
    }
  });

  it('puts only host names and addresses into code; anything else becomes a placeholder', () => {
    for (const host of ["evil'); require('child_process').exec('x", 'a"b', 'x\ny', '$(id)', '']) {
      assert.equal(isSnippetHost(host), false, host);
      for (const snippet of snippetsFor([{ ...implicit, host }])) {
        assert.ok(snippet.text.includes('smtp.example.com'), `${snippet.library} falls back to the placeholder`);
        assert.ok(!snippet.text.includes('child_process') && !snippet.text.includes('$(id)'), snippet.library);
      }
    }
    assert.ok(isSnippetHost('mail.example.com'));
    assert.ok(isSnippetHost('127.0.0.1'));
    assert.ok(isSnippetHost('::1'));
    assert.match(text('symfony', { ...implicit, host: '::1' }), /@\[::1\]:465/);
  });

  it('turns recommendations with a port and mode into targets, and skips the rest', () => {
    const recommendations: Recommendation[] = [
      { protocol: 'smtp', text: 'use 465', port: 465, mode: 'implicit' },
      { protocol: 'imap', text: 'nothing answered' },
      { protocol: 'pop3', text: 'use 110', port: 110, mode: 'starttls' },
    ];
    assert.deepEqual(targetsFromRecommendations(recommendations, 'mail.test'), [
      { protocol: 'smtp', host: 'mail.test', port: 465, mode: 'implicit' },
      { protocol: 'pop3', host: 'mail.test', port: 110, mode: 'starttls' },
    ]);
  });

  it('filters by library and keeps the library order', () => {
    const libraries = snippetsFor(EXAMPLE_TARGETS, ['msmtp', 'nodemailer']).map((snippet) => `${snippet.library}:${snippet.port}`);
    assert.deepEqual(libraries, ['nodemailer:465', 'nodemailer:587', 'msmtp:465', 'msmtp:587']);
  });
});
