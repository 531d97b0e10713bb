// The PHP extractor: PHPMailer, WP Mail SMTP constants, Nextcloud config.php and Laravel
// config/mail.php (with the laravel/framework version read from composer.lock).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { phpExtractor } from '../../src/core/config/php';
import { laravelDecision, laravelEraOf, laravelVersionFromLock } from '../../src/core/config/semantics/laravel';
import { lintDocument } from '../../src/core/lint';
import type { Finding, SourceDocument } from '../../src/core/model';
import { applyEdits } from '../../src/core/text';

const fixtures = resolve(__dirname, '../../../test/fixtures/php');
const fixture = (name: string): string => readFileSync(join(fixtures, name), 'utf8');

function doc(name: string, text: string, lock?: string): SourceDocument {
  return { fileName: `/app/${name}`, text, readNearby: async (file) => (lock !== undefined && file === 'composer.lock' ? { path: '/app/composer.lock', text: lock } : undefined) };
}

async function verdicts(name: string, text: string, lock?: string): Promise<Finding[]> {
  const result = await lintDocument(doc(name, text, lock));
  assert.deepEqual(result.problems, []);
  return result.findings.filter((finding) => finding.severity === 'error' || finding.severity === 'warning');
}

/** Applies the finding's preferred fix and checks that the finding is gone. */
async function fixClears(name: string, text: string, ruleId: string, lock?: string): Promise<string> {
  const finding = (await verdicts(name, text, lock)).find((item) => item.ruleId === ruleId);
  assert.ok(finding, `expected ${ruleId}`);
  const fix = finding.fixes.find((item) => item.preferred);
  assert.ok(fix, `${ruleId} has a preferred fix`);
  const fixed = applyEdits(text, fix.edits);
  const after = await verdicts(name, fixed, lock);
  assert.ok(!after.some((item) => item.ruleId === ruleId), `${ruleId} remains after the fix:\n${fixed}`);
  return fixed;
}

describe('php extractor: file names', () => {
  it('reads *.php only', () => {
    assert.equal(phpExtractor.appliesTo('/srv/wp-config.php'), true);
    assert.equal(phpExtractor.appliesTo('config/mail.PHP'), true);
    assert.equal(phpExtractor.appliesTo('mail.phtml'), false);
    assert.deepEqual(phpExtractor.filePatterns, ['*.php']);
  });
  it('skips files without mail words before parsing', async () => {
    assert.deepEqual(await phpExtractor.extract(doc('a.php', '<?php $x->Port = 465;')), []);
  });
});

describe('php extractor: PHPMailer', () => {
  it("flags ENCRYPTION_SMTPS on 587 and rewrites it to the STARTTLS constant", async () => {
    const text = fixture('phpmailer-ssl-587.php');
    const found = await verdicts('m.php', text);
    assert.deepEqual(found.map((item) => item.ruleId).sort(), ['certificate-verification-disabled', 'starttls-port-with-implicit-tls']);
    assert.match(found.find((item) => item.ruleId === 'starttls-port-with-implicit-tls')!.message, /wrong version number/);
    const fixed = await fixClears('m.php', text, 'starttls-port-with-implicit-tls');
    assert.match(fixed, /\$mail->SMTPSecure = PHPMailer::ENCRYPTION_STARTTLS;/);
    const certFixed = await fixClears('m.php', text, 'certificate-verification-disabled');
    assert.match(certFixed, /'verify_peer' => true/);
    assert.match(certFixed, /'allow_self_signed' => false/);
  });

  it("flags 'tls' on 465 (PHPMailer never picks the mode from the port)", async () => {
    const text = fixture('phpmailer-tls-465.php');
    const found = await verdicts('m.php', text);
    assert.deepEqual(found.map((item) => item.ruleId), ['implicit-port-without-implicit-tls']);
    assert.match(found[0]!.message, /300 sec/);
    const fixed = await fixClears('m.php', text, 'implicit-port-without-implicit-tls');
    assert.match(fixed, /SMTPSecure = "ssl";/);
  });

  it('flags SMTPAutoTLS = false with credentials, and the fix inserts SMTPSecure', async () => {
    const text = fixture('phpmailer-autotls-off.php');
    const fixed = await fixClears('m.php', text, 'tls-disabled-with-credentials');
    assert.match(fixed, /\$mail->Port = 587;\n\$mail->SMTPSecure = 'tls';\n/);
  });

  it('reads ssl:// host prefixes and host ports, which override SMTPSecure and Port', async () => {
    const text = "<?php\n$mail = new PHPMailer();\n$mail->Host = 'ssl://smtp.example.com:587';\n$mail->SMTPSecure = 'tls';\n$mail->Port = 465;\n";
    const result = await lintDocument(doc('m.php', text));
    const endpoint = result.endpoints[0]!;
    assert.equal(endpoint.host?.value, 'smtp.example.com');
    assert.equal(endpoint.port?.value, 587);
    assert.equal(endpoint.mode.value, 'implicit');
    const ids = result.findings.filter((item) => item.severity !== 'information').map((item) => item.ruleId).sort();
    assert.deepEqual(ids, ['conflicting-tls-flags', 'starttls-port-with-implicit-tls']);
    const fixed = await fixClears('m.php', text, 'starttls-port-with-implicit-tls');
    assert.match(fixed, /'tls:\/\/smtp\.example\.com:587'/);
  });

  it('is silent on correct transports (465 ssl, 587 tls with env fallback, ssl:// on 465)', async () => {
    const text = fixture('phpmailer-correct.php');
    assert.deepEqual(await verdicts('m.php', text), []);
    const result = await lintDocument(doc('m.php', text));
    assert.equal(result.endpoints.length, 3);
    const office = result.endpoints[1]!;
    assert.equal(office.port?.value, 587);
    assert.equal(office.port?.origin, 'fallback');
    assert.equal(office.port?.envName, 'SMTP_PORT');
  });
});

describe('php extractor: WP Mail SMTP and Nextcloud', () => {
  it("flags WPMS_SSL 'ssl' on 587 and fixes it in place", async () => {
    const text = fixture('wp-config.php');
    const fixed = await fixClears('wp-config.php', text, 'starttls-port-with-implicit-tls');
    assert.match(fixed, /define\( 'WPMS_SSL', 'tls' \);/);
  });

  it("flags Nextcloud 'ssl' on 587, and is silent on 465 with '' (Symfony's port rule)", async () => {
    const fixed = await fixClears('config.php', fixture('nextcloud-config.php'), 'starttls-port-with-implicit-tls');
    assert.match(fixed, /'mail_smtpsecure' => '',/);
    assert.deepEqual(await verdicts('config.php', fixture('nextcloud-465-correct.php')), []);
    const tls465 = fixture('nextcloud-465-correct.php').replace("'mail_smtpsecure' => ''", "'mail_smtpsecure' => 'tls'");
    assert.deepEqual(await verdicts('config.php', tls465), []);
  });
});

describe('php extractor: Laravel config/mail.php', () => {
  it('reads the version from composer.lock: tls on 587 is implicit TLS in 11.35.0', async () => {
    const text = fixture('laravel-mail.php');
    const lock = fixture('laravel-11.35.0.lock');
    const found = await verdicts('config/mail.php', text, lock);
    assert.deepEqual(found.map((item) => item.ruleId), ['starttls-port-with-implicit-tls']);
    assert.equal(found[0]!.severity, 'error');
    assert.match(found[0]!.message, /11\.35\.0 \(composer\.lock\)/);
    await fixClears('config/mail.php', text, 'starttls-port-with-implicit-tls', lock);
  });

  it('is silent on the same file with 11.35.1 or 10.x, and without a lock file', async () => {
    const text = fixture('laravel-mail.php');
    const lock = fixture('laravel-11.35.0.lock');
    assert.deepEqual(await verdicts('config/mail.php', text, lock.replace('v11.35.0', 'v11.35.1')), []);
    assert.deepEqual(await verdicts('config/mail.php', text, lock.replace('v11.35.0', 'v10.48.2')), []);
    assert.deepEqual(await verdicts('config/mail.php', text), []);
    assert.deepEqual(await verdicts('config/mail.php', fixture('laravel-scheme-mail.php')), []);
  });

  it('flags a literal smtps scheme fallback on 587', async () => {
    const text = fixture('laravel-scheme-mail.php').replace("env('MAIL_SCHEME')", "env('MAIL_SCHEME', 'smtps')").replace('2525', '587');
    const fixed = await fixClears('config/mail.php', text, 'starttls-port-with-implicit-tls');
    assert.match(fixed, /env\('MAIL_SCHEME', 'smtp'\)/);
  });

  it('version table', () => {
    assert.equal(laravelVersionFromLock(fixture('laravel-11.35.0.lock')), '11.35.0');
    assert.equal(laravelEraOf('8.83.27'), 'swift');
    assert.equal(laravelEraOf('9.0.2'), '9.0');
    assert.equal(laravelEraOf('9.1.0'), 'port-rule');
    assert.equal(laravelEraOf('11.34.2'), 'port-rule');
    assert.equal(laravelEraOf('11.35.0'), '11.35.0');
    assert.equal(laravelEraOf('11.35.1'), 'scheme');
    assert.equal(laravelEraOf('12.1.0'), 'scheme');
    assert.equal(laravelDecision('9.0', { scheme: undefined, encryption: 'tls', port: 587 }).mode, 'implicit');
    assert.equal(laravelDecision('port-rule', { scheme: undefined, encryption: 'ssl', port: 587 }).mode, 'starttls');
    assert.equal(laravelDecision('swift', { scheme: undefined, encryption: 'ssl', port: 587 }).mode, 'implicit');
    assert.equal(laravelDecision('scheme', { scheme: 'smtp', encryption: 'tls', port: 465 }).mode, 'implicit');
  });
});
