// Laravel's `.env` with composer.lock next to it: the locked laravel/framework version decides
// what MAIL_ENCRYPTION and MAIL_SCHEME mean, with certainty; without a lock the keys are guessed.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { dotenvExtractor } from '../../src/core/config/dotenv';
import { lintDocument } from '../../src/core/lint';
import type { Finding, MailEndpoint, SourceDocument } from '../../src/core/model';
import { applyEdits } from '../../src/core/text';

const fixtures = resolve(__dirname, '../../../test/fixtures/dotenv');
const fixture = (name: string): string => readFileSync(join(fixtures, name), 'utf8');
const lockOf = (version: string): string => readFileSync(resolve(__dirname, `../../../test/fixtures/composer-lock/composer-${version}.lock`), 'utf8');

function doc(text: string, lock?: string, reads: string[] = []): SourceDocument {
  return {
    fileName: '/app/.env',
    text,
    readNearby: async (file) => {
      reads.push(file);
      return lock !== undefined && file === 'composer.lock' ? { path: '/app/composer.lock', text: lock } : undefined;
    },
  };
}

async function laravel(text: string, lock?: string): Promise<MailEndpoint> {
  const list = await dotenvExtractor.extract(doc(text, lock));
  const found = list.find((endpoint) => endpoint.library === 'laravel');
  assert.ok(found, 'a Laravel endpoint');
  return found;
}

async function verdicts(text: string, lock?: string): Promise<Finding[]> {
  const result = await lintDocument(doc(text, lock));
  assert.deepEqual(result.problems, []);
  return result.findings.filter((finding) => finding.severity === 'error' || finding.severity === 'warning');
}

async function fixClears(text: string, ruleId: string, lock?: string): Promise<string> {
  const finding = (await verdicts(text, lock)).find((item) => item.ruleId === ruleId);
  assert.ok(finding, `expected ${ruleId}`);
  const fix = finding.fixes.find((item) => item.preferred);
  assert.ok(fix, `${ruleId} has a preferred fix`);
  const fixed = applyEdits(text, fix.edits);
  assert.deepEqual(await verdicts(fixed, lock), [], `findings remain after the fix:\n${fixed}`);
  return fixed;
}

const TLS_587 = 'MAIL_MAILER=smtp\nMAIL_HOST=smtp.resend.com\nMAIL_PORT=587\nMAIL_USERNAME=resend\nMAIL_PASSWORD=secret\nMAIL_ENCRYPTION=tls\n';

describe('dotenv Laravel profile: composer.lock decides the era', () => {
  it('Laravel 11.44: MAIL_ENCRYPTION=ssl on 587 is dead — STARTTLS by the port, certain and silent', async () => {
    const text = fixture('laravel-resend.env');
    const endpoint = await laravel(text, lockOf('v11.44.2'));
    assert.equal(endpoint.mode.value, 'starttls');
    assert.equal(endpoint.modeExplicit, false);
    assert.deepEqual(endpoint.tlsFlags, []);
    assert.equal(endpoint.reading?.certainty, 'certain');
    assert.match(endpoint.reading!.note, /laravel\/framework 11\.44\.2 \(composer\.lock\)/);
    assert.match(endpoint.reading!.note, /MAIL_ENCRYPTION=ssl has no effect/);
    assert.deepEqual(await verdicts(text, lockOf('v11.44.2')), []);
  });

  it('Laravel 8: MAIL_ENCRYPTION=ssl on 587 is implicit TLS, an error with certainty; the fix writes tls', async () => {
    const text = fixture('laravel-resend.env');
    const endpoint = await laravel(text, lockOf('v8.83.27'));
    assert.equal(endpoint.mode.value, 'implicit');
    assert.equal(endpoint.reading?.certainty, 'certain');
    assert.match(endpoint.reading!.note, /SwiftMailer/);
    const errors = (await verdicts(text, lockOf('v8.83.27'))).filter((finding) => finding.severity === 'error');
    assert.ok(errors.length > 0, 'an error, not a warning');
    const fixed = await fixClears(text, errors[0]!.ruleId, lockOf('v8.83.27'));
    assert.match(fixed, /^MAIL_ENCRYPTION=tls$/m);
  });

  it('Laravel 11.35.0: MAIL_ENCRYPTION=tls on 587 is implicit TLS (laravel/framework#53861); the fix drops it', async () => {
    const endpoint = await laravel(TLS_587, lockOf('v11.35.0'));
    assert.equal(endpoint.mode.value, 'implicit');
    assert.equal(endpoint.mode.key, 'MAIL_ENCRYPTION');
    assert.equal(endpoint.reading?.certainty, 'certain');
    const errors = (await verdicts(TLS_587, lockOf('v11.35.0'))).filter((finding) => finding.severity === 'error');
    assert.ok(errors.length > 0);
    const fixed = await fixClears(TLS_587, errors[0]!.ruleId, lockOf('v11.35.0'));
    assert.doesNotMatch(fixed, /MAIL_ENCRYPTION/);
  });

  it('Laravel 10: MAIL_ENCRYPTION=tls on 587 is STARTTLS by the port rule, silent', async () => {
    const endpoint = await laravel(TLS_587, lockOf('v10.48.4'));
    assert.equal(endpoint.mode.value, 'starttls');
    assert.equal(endpoint.reading?.certainty, 'certain');
    assert.deepEqual(await verdicts(TLS_587, lockOf('v10.48.4')), []);
  });

  it('Laravel 8 (MAIL_DRIVER): tls on 465 is STARTTLS and hangs — certain; the fix writes ssl', async () => {
    const text = fixture('laravel-5.env');
    const endpoint = await laravel(text, lockOf('v8.83.27'));
    assert.equal(endpoint.mode.value, 'starttls');
    assert.equal(endpoint.starttlsEnforced, true);
    const errors = (await verdicts(text, lockOf('v8.83.27'))).filter((finding) => finding.severity === 'error');
    assert.ok(errors.length > 0);
    assert.match(await fixClears(text, errors[0]!.ruleId, lockOf('v8.83.27')), /^MAIL_ENCRYPTION=ssl$|^MAIL_PORT=587$/m);
  });

  it('MAIL_SCHEME=smtps on 587 under 11.44 is an error; the fix writes smtp', async () => {
    const text = 'MAIL_MAILER=smtp\nMAIL_SCHEME=smtps\nMAIL_HOST=smtp.example.com\nMAIL_PORT=587\n';
    const endpoint = await laravel(text, lockOf('v11.44.2'));
    assert.equal(endpoint.mode.value, 'implicit');
    assert.equal(endpoint.modeExplicit, true);
    const errors = (await verdicts(text, lockOf('v11.44.2'))).filter((finding) => finding.severity === 'error');
    assert.ok(errors.length > 0);
    await fixClears(text, errors[0]!.ruleId, lockOf('v11.44.2'));
  });

  it('without a lock file (or one without laravel/framework) keeps the guess, inferred, and says so', async () => {
    for (const lock of [undefined, '{"packages": [{"name": "symfony/mailer", "version": "v7.2.0"}]}', 'not json {']) {
      const endpoint = await laravel(fixture('laravel-resend.env'), lock);
      assert.equal(endpoint.mode.value, 'implicit');
      assert.equal(endpoint.reading?.certainty, 'inferred');
      assert.match(endpoint.reading!.note, /No composer\.lock/);
    }
  });

  it('survives a reader that throws and skips the lock for files without Laravel keys', async () => {
    const throwing: SourceDocument = { fileName: '/app/.env', text: TLS_587, readNearby: () => Promise.reject(new Error('EACCES')) };
    assert.equal((await dotenvExtractor.extract(throwing)).length, 1);
    const reads: string[] = [];
    await dotenvExtractor.extract(doc('SMTP_HOST=smtp.example.com\nSMTP_PORT=587\nSMTP_SECURE=true\n', lockOf('v11.44.2'), reads));
    assert.deepEqual(reads, []);
  });
});
