// The .env extractor: which reading each group of keys gets, the effective mode and port under
// that library's rules, and the rewriter's edits applied to the real text.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { dotenvExtractor, extractDotenv } from '../../src/core/config/dotenv';
import type { MailEndpoint, TextEdit, TextRange } from '../../src/core/model';
import { applyEdits } from '../../src/core/text';

const fixtures = resolve(__dirname, '../../../test/fixtures/dotenv');
const fixture = (name: string): string => readFileSync(join(fixtures, name), 'utf8');

function endpoints(text: string): MailEndpoint[] {
  return extractDotenv(text);
}

/** The endpoint whose host (or first key) matches. */
function byKey(list: MailEndpoint[], text: string, keyPrefix: string): MailEndpoint {
  const found = list.find((endpoint) => text.slice(endpoint.anchor.start, endpoint.anchor.end).startsWith(keyPrefix));
  assert.ok(found, `no endpoint anchored at ${keyPrefix}; have ${list.map((endpoint) => text.slice(endpoint.anchor.start, endpoint.anchor.end)).join(', ')}`);
  return found;
}

function apply(text: string, edits: TextEdit[] | undefined): string {
  assert.ok(edits, 'expected edits');
  return applyEdits(text, edits);
}

const slice = (text: string, range: TextRange): string => text.slice(range.start, range.end);

function assertRangesInside(text: string, endpoint: MailEndpoint): void {
  const ranges: TextRange[] = [endpoint.range, endpoint.anchor, endpoint.mode.range, ...endpoint.tlsFlags.map((flag) => flag.range)];
  if (endpoint.host) ranges.push(endpoint.host.range);
  if (endpoint.port) ranges.push(endpoint.port.range);
  if (endpoint.credentials) ranges.push(endpoint.credentials.range);
  if (endpoint.certificateVerificationOff) ranges.push(endpoint.certificateVerificationOff.range);
  for (const range of ranges) assert.ok(range.start >= 0 && range.start <= range.end && range.end <= text.length, `range ${JSON.stringify(range)} outside text`);
}

describe('dotenv extractor: file names', () => {
  it('reads .env, .env.* and *.env but not .envrc or code named like env files', () => {
    for (const name of ['.env', '/app/.env', 'C:\\app\\.env.production', '.env.example', '.env.local', 'mailserver.env', 'deploy/prod.env']) {
      assert.equal(dotenvExtractor.appliesTo(name), true, name);
    }
    for (const name of ['.envrc', 'env', 'environment.ts', '.env.d.ts', '.env.example.json', 'src/.env.js', '.env']) {
      if (name === '.env') continue;
      assert.equal(dotenvExtractor.appliesTo(name), false, name);
    }
    assert.equal(dotenvExtractor.id, 'dotenv');
  });
});

describe('dotenv extractor: nodemailer-style keys', () => {
  const text = fixture('node-app.env');
  const list = endpoints(text);

  it('finds the SMTP_, NODEMAILER_ and IMAP_ groups', () => {
    assert.deepEqual(
      list.map((endpoint) => [endpoint.library, endpoint.protocol]),
      [
        ['nodemailer', 'smtp'],
        ['nodemailer', 'smtp'],
        ['imapflow', 'imap'],
      ],
    );
    for (const endpoint of list) {
      assertRangesInside(text, endpoint);
      assert.equal(endpoint.format, 'dotenv');
      assert.equal(endpoint.reading?.certainty, 'inferred');
    }
  });

  it('reads SMTP_SECURE=false on 465 as explicit STARTTLS (the hang)', () => {
    const smtp = byKey(list, text, 'SMTP_HOST');
    assert.equal(smtp.host?.value, 'smtp.example.com');
    assert.equal(smtp.port?.value, 465);
    assert.equal(slice(text, smtp.port!.range), '465');
    assert.equal(smtp.mode.value, 'starttls');
    assert.equal(smtp.modeExplicit, true);
    assert.equal(smtp.mode.key, 'SMTP_SECURE');
    assert.deepEqual(
      smtp.tlsFlags.map((flag) => [flag.key, flag.intent, flag.valueText]),
      [['SMTP_SECURE', 'starttls', 'false']],
    );
    assert.ok(smtp.credentials);
    assert.match(smtp.reading!.note, /nodemailer/);
  });

  it('never keeps a password, only its range', () => {
    const serialised = JSON.stringify(list.map(({ rewrite: _rewrite, ...rest }) => rest));
    assert.ok(!serialised.includes('p#ss'));
    assert.ok(!serialised.includes('w\\"rd'));
  });

  it('switches to implicit TLS by rewriting only the value, keeping the comment', () => {
    const smtp = byKey(list, text, 'SMTP_HOST');
    const after = apply(text, smtp.rewrite.setTlsMode?.('implicit'));
    assert.match(after, /^SMTP_SECURE=true {3}# "we use STARTTLS"$/m);
    assert.equal(endpoints(after).find((endpoint) => endpoint.port?.value === 465 && endpoint.library === 'nodemailer')?.mode.value, 'implicit');
  });

  it('reads NODEMAILER_SECURE=true on 587 and moves the port to 465', () => {
    const worker = byKey(list, text, 'NODEMAILER_HOST');
    assert.equal(worker.mode.value, 'implicit');
    assert.equal(worker.port?.value, 587);
    assert.ok(worker.credentials, 'an interpolated password still counts as configured');
    const after = apply(text, worker.rewrite.setPort?.(465));
    assert.match(after, /^NODEMAILER_PORT=465$/m);
  });

  it('reads IMAP_SECURE=false on 993 with ImapFlow semantics', () => {
    const imap = byKey(list, text, 'IMAP_HOST');
    assert.equal(imap.mode.value, 'starttls');
    assert.equal(imap.port?.value, 993);
    assert.match(apply(text, imap.rewrite.setTlsMode?.('implicit')), /^IMAP_SECURE=true$/m);
  });

  it('applies the 465 rule when SMTP_SECURE is absent', () => {
    const [endpoint] = endpoints('SMTP_HOST=smtp.example.com\nSMTP_PORT=465\n');
    assert.equal(endpoint?.mode.value, 'implicit');
    assert.equal(endpoint?.mode.origin, 'default');
    assert.equal(endpoint?.modeExplicit, false);
    const [other] = endpoints('SMTP_HOST=smtp.example.com\nSMTP_PORT=587\n');
    assert.equal(other?.mode.value, 'starttls');
    assert.equal(other?.modeExplicit, false);
  });

  it('inserts a missing key after the port line, in the file style and line breaks', () => {
    const text = 'SMTP_HOST=smtp.example.com\r\nSMTP_PORT=587\r\nSMTP_IGNORE_TLS=TRUE\r\nSMTP_USER=u\r\n';
    const [endpoint] = endpoints(text);
    assert.equal(endpoint?.mode.value, 'none');
    assert.deepEqual(endpoint?.tlsFlags.map((flag) => flag.intent), ['no-tls']);
    const after = apply(text, endpoint?.rewrite.setTlsMode?.('starttls', { enforce: true }));
    assert.equal(after, 'SMTP_HOST=smtp.example.com\r\nSMTP_PORT=587\r\nSMTP_SECURE=FALSE\r\nSMTP_REQUIRE_TLS=TRUE\r\nSMTP_USER=u\r\n');
    const reread = endpoints(after)[0];
    assert.equal(reread?.mode.value, 'starttls');
    assert.equal(reread?.starttlsEnforced, true);
  });

  it('enforces STARTTLS with SMTP_REQUIRE_TLS', () => {
    const text = 'export SMTP_HOST=smtp.example.com\nexport SMTP_PORT=587\nexport SMTP_SECURE=false\n';
    const [endpoint] = endpoints(text);
    assert.equal(endpoint?.starttlsEnforced, false);
    assert.equal(apply(text, endpoint?.rewrite.enforceStartTls?.()), `${text.slice(0, text.indexOf('\nexport SMTP_SECURE'))}\nexport SMTP_REQUIRE_TLS=true\nexport SMTP_SECURE=false\n`);
  });

  it('reads certificate switches and turns them back on', () => {
    const text = 'SMTP_HOST=smtp.example.com\nSMTP_PORT=587\nSMTP_TLS_REJECT_UNAUTHORIZED=false\n';
    const [endpoint] = endpoints(text);
    assert.equal(endpoint?.certificateVerificationOff?.key, 'SMTP_TLS_REJECT_UNAUTHORIZED');
    assert.match(apply(text, endpoint?.rewrite.enableCertificateVerification?.()), /SMTP_TLS_REJECT_UNAUTHORIZED=true/);
    const global = endpoints('NODE_TLS_REJECT_UNAUTHORIZED=0\nSMTP_HOST=smtp.example.com\nSMTP_PORT=587\n')[0];
    assert.equal(global?.certificateVerificationOff?.key, 'NODE_TLS_REJECT_UNAUTHORIZED');
  });

  it('reads ${VAR} values as unknown and placeholders as absent', () => {
    const [fromEnv] = endpoints('SMTP_HOST=${MAIL_HOST}\nSMTP_PORT=${MAIL_PORT:-587}\nSMTP_SECURE=${MAIL_SECURE}\n');
    assert.equal(fromEnv?.host, undefined);
    assert.equal(fromEnv?.port, undefined);
    assert.equal(fromEnv?.mode.value, 'unknown');
    assert.equal(fromEnv?.mode.origin, 'env');
    assert.equal(fromEnv?.mode.envName, 'MAIL_SECURE');
  });

  it('lets the last assignment of a key win', () => {
    const [endpoint] = endpoints('SMTP_HOST=smtp.example.com\nSMTP_PORT=587\nSMTP_PORT=465\n');
    assert.equal(endpoint?.port?.value, 465);
  });

  it('removes a flag with its whole line', () => {
    const text = 'SMTP_HOST=smtp.example.com\nSMTP_PORT=587\nSMTP_SECURE=true\nSMTP_REQUIRE_TLS=true';
    const [endpoint] = endpoints(text);
    const requireFlag = endpoint?.tlsFlags.find((flag) => flag.intent === 'starttls-required');
    assert.equal(applyEdits(text, [requireFlag!.removal!]), 'SMTP_HOST=smtp.example.com\nSMTP_PORT=587\nSMTP_SECURE=true');
    const secureFlag = endpoint?.tlsFlags.find((flag) => flag.intent === 'implicit');
    assert.equal(applyEdits(text, [secureFlag!.removal!]), 'SMTP_HOST=smtp.example.com\nSMTP_PORT=587\nSMTP_REQUIRE_TLS=true');
  });
});

describe('dotenv extractor: Django and Django-based apps', () => {
  const text = fixture('django.env');
  const list = endpoints(text);

  it('groups EMAIL_, PAPERLESS_EMAIL_ and AUTHENTIK_EMAIL__ keys', () => {
    assert.deepEqual(
      list.map((endpoint) => endpoint.library),
      ['django', 'django', 'django'],
    );
    for (const endpoint of list) assertRangesInside(text, endpoint);
  });

  it('reads EMAIL_USE_SSL=True on 587 as implicit TLS and rewrites to STARTTLS', () => {
    const django = byKey(list, text, 'EMAIL_HOST');
    assert.equal(django.mode.value, 'implicit');
    assert.equal(django.port?.value, 587);
    assert.equal(django.reading?.certainty, 'certain');
    assert.ok(django.credentials);
    const after = apply(text, django.rewrite.setTlsMode?.('starttls'));
    assert.match(after, /^EMAIL_PORT=587\nEMAIL_USE_TLS=True\nEMAIL_USE_SSL=False$/m);
    assert.ok(!after.includes('hunter2') || after.includes('EMAIL_HOST_PASSWORD=hunter2'));
  });

  it('reads PAPERLESS_EMAIL_USE_TLS=true on 465 as STARTTLS and writes lower-case booleans', () => {
    const paperless = byKey(list, text, 'PAPERLESS_EMAIL_HOST');
    assert.equal(paperless.mode.value, 'starttls');
    assert.equal(paperless.starttlsEnforced, true);
    const after = apply(text, paperless.rewrite.setTlsMode?.('implicit'));
    assert.match(after, /^PAPERLESS_EMAIL_PORT=465\nPAPERLESS_EMAIL_USE_SSL=true$/m);
    assert.match(after, /^PAPERLESS_EMAIL_USE_TLS=false$/m);
  });

  it('reads authentik keys with the double underscore', () => {
    const authentik = byKey(list, text, 'AUTHENTIK_EMAIL__HOST');
    assert.equal(authentik.mode.value, 'starttls');
    assert.equal(authentik.port?.value, 587);
    assert.ok(authentik.credentials);
  });

  it('reports both flags on (ValueError) as two flags and an unknown mode', () => {
    const text = 'EMAIL_HOST=smtp.example.com\nEMAIL_PORT=465\nEMAIL_USE_TLS=True\nEMAIL_USE_SSL=True\n';
    const [endpoint] = endpoints(text);
    assert.deepEqual(endpoint?.tlsFlags.map((flag) => flag.intent), ['starttls', 'implicit']);
    assert.equal(endpoint?.mode.value, 'unknown');
    const tlsFlag = endpoint!.tlsFlags[0]!;
    assert.equal(applyEdits(text, [tlsFlag.removal!]), 'EMAIL_HOST=smtp.example.com\nEMAIL_PORT=465\nEMAIL_USE_SSL=True\n');
  });

  it('reads EMAIL_USE_TLS=False as no TLS at all', () => {
    const [endpoint] = endpoints('EMAIL_HOST=smtp.example.com\nEMAIL_PORT=587\nEMAIL_USE_TLS=False\nEMAIL_HOST_USER=u\n');
    assert.equal(endpoint?.mode.value, 'none');
    assert.deepEqual(endpoint?.tlsFlags.map((flag) => flag.intent), ['no-tls']);
  });

  it('leaves the mode unknown when neither flag is in the file', () => {
    const [endpoint] = endpoints('EMAIL_HOST=smtp.example.com\nEMAIL_PORT=587\nEMAIL_HOST_USER=u\n');
    assert.equal(endpoint?.mode.value, 'unknown');
    assert.equal(endpoint?.modeExplicit, false);
  });
});

describe('dotenv extractor: Flask-Mail and fastapi-mail', () => {
  it('reads MAIL_USE_TLS=True on 465 as STARTTLS and fixes it with both keys', () => {
    const text = fixture('python-mail.env');
    const [flask] = endpoints(text);
    assert.equal(flask?.library, 'flask-mail');
    assert.equal(flask?.host?.value, 'smtp.gmail.com');
    assert.equal(flask?.mode.value, 'starttls');
    const after = apply(text, flask?.rewrite.setTlsMode?.('implicit'));
    assert.match(after, /^MAIL_USE_TLS=False\nMAIL_USE_SSL=True$/m);
  });

  it('reads fastapi-mail SSL_TLS on 587 and VALIDATE_CERTS', () => {
    const text = fixture('fastapi.env');
    const [fastapi] = endpoints(text);
    assert.equal(fastapi?.library, 'fastapi-mail');
    assert.equal(fastapi?.mode.value, 'implicit');
    assert.equal(fastapi?.port?.value, 587);
    assert.equal(fastapi?.certificateVerificationOff?.key, 'VALIDATE_CERTS');
    const after = apply(text, fastapi?.rewrite.setTlsMode?.('starttls'));
    assert.match(after, /^MAIL_STARTTLS=True\nMAIL_SSL_TLS=False$/m);
    assert.match(apply(text, fastapi?.rewrite.enableCertificateVerification?.()), /^VALIDATE_CERTS=True$/m);
  });

  it('reads both fastapi flags on as a conflict and the pre-1.2 names as inferred', () => {
    const [both] = endpoints('MAIL_SERVER=smtp.example.com\nMAIL_PORT=465\nMAIL_STARTTLS=True\nMAIL_SSL_TLS=True\n');
    assert.equal(both?.tlsFlags.length, 2);
    assert.equal(both?.mode.value, 'unknown');
    const [legacy] = endpoints('MAIL_SERVER=smtp.example.com\nMAIL_PORT=587\nMAIL_TLS=False\nMAIL_SSL=True\n');
    assert.equal(legacy?.library, 'fastapi-mail');
    assert.equal(legacy?.mode.value, 'implicit');
    assert.equal(legacy?.reading?.certainty, 'inferred');
  });
});

describe('dotenv extractor: Laravel', () => {
  it('ignores the SMTP keys when MAIL_MAILER is not smtp (the Laravel 11 skeleton)', () => {
    assert.deepEqual(endpoints(fixture('laravel-11.env')), []);
    assert.deepEqual(endpoints('MAIL_MAILER=ses\nMAIL_HOST=smtp.example.com\nMAIL_PORT=465\nMAIL_ENCRYPTION=tls\n'), []);
  });

  it('reads MAIL_ENCRYPTION=ssl on 587 with MAIL_MAILER as an inferred, version-dependent reading', () => {
    const text = fixture('laravel-resend.env');
    const [laravel] = endpoints(text);
    assert.equal(laravel?.library, 'laravel');
    assert.equal(laravel?.mode.value, 'implicit');
    assert.equal(laravel?.reading?.certainty, 'inferred');
    assert.match(laravel!.reading!.note, /9\.1–11\.34/);
    assert.match(laravel!.reading!.note, /11\.35\.0/);
    assert.match(apply(text, laravel?.rewrite.setTlsMode?.('starttls')), /^MAIL_ENCRYPTION=tls$/m);
  });

  it('reads MAIL_DRIVER as the SwiftMailer era: tls on 465 is STARTTLS (the hang), certain', () => {
    const text = fixture('laravel-5.env');
    const [laravel] = endpoints(text);
    assert.equal(laravel?.mode.value, 'starttls');
    assert.equal(laravel?.starttlsEnforced, true);
    assert.equal(laravel?.reading?.certainty, 'certain');
    assert.match(laravel!.reading!.note, /SwiftMailer/);
    assert.match(apply(text, laravel?.rewrite.setTlsMode?.('implicit')), /^MAIL_ENCRYPTION=ssl$/m);
  });

  it('reads MAIL_SCHEME=smtp on 465 as implicit TLS by the port rule, with MAIL_ENCRYPTION dead', () => {
    const text = fixture('laravel-upgraded.env');
    const [laravel] = endpoints(text);
    assert.equal(laravel?.mode.value, 'implicit');
    assert.equal(laravel?.modeExplicit, false);
    assert.deepEqual(laravel?.tlsFlags, []);
    assert.equal(laravel?.reading?.certainty, 'certain');
    assert.match(laravel!.reading!.note, /MAIL_ENCRYPTION=tls is not read/);
  });

  it('reads MAIL_SCHEME=smtps on 587 and rewrites the scheme or the port', () => {
    const text = 'MAIL_MAILER=smtp\nMAIL_SCHEME=smtps\nMAIL_HOST=smtp.example.com\nMAIL_PORT=587\nMAIL_USERNAME=u\nMAIL_PASSWORD="p"\n';
    const [laravel] = endpoints(text);
    assert.equal(laravel?.mode.value, 'implicit');
    assert.equal(laravel?.modeExplicit, true);
    assert.match(apply(text, laravel?.rewrite.setTlsMode?.('starttls')), /^MAIL_SCHEME=smtp$/m);
    assert.match(apply(text, laravel?.rewrite.setPort?.(465)), /^MAIL_PORT=465$/m);
    assert.equal(laravel?.rewrite.setTlsMode?.('none'), undefined);
  });

  it('adds MAIL_SCHEME after the port when a modern app has none', () => {
    const text = 'MAIL_MAILER=smtp\nMAIL_HOST=smtp.example.com\nMAIL_PORT=465\nMAIL_USERNAME=null\n';
    const [laravel] = endpoints(text);
    assert.equal(laravel?.mode.value, 'implicit');
    assert.equal(laravel?.reading?.certainty, 'inferred');
    assert.equal(laravel?.credentials, undefined, "Laravel reads 'null' as null");
    assert.equal(apply(text, laravel?.rewrite.setTlsMode?.('implicit')), 'MAIL_MAILER=smtp\nMAIL_HOST=smtp.example.com\nMAIL_PORT=465\nMAIL_SCHEME=smtps\nMAIL_USERNAME=null\n');
  });

  it('does not read Flask or nodemailer MAIL_ keys as Laravel', () => {
    assert.equal(endpoints('MAIL_HOST=smtp.example.com\nMAIL_PORT=587\nMAIL_SECURE=true\n')[0]?.library, 'nodemailer');
    assert.equal(endpoints('MAIL_SERVER=smtp.example.com\nMAIL_PORT=587\nMAIL_USE_TLS=1\n')[0]?.library, 'flask-mail');
  });
});

describe('dotenv extractor: Mastodon', () => {
  const text = fixture('.env.production');
  const [mastodon] = endpoints(text);

  it('reads SMTP_TLS as implicit TLS and the ENABLE_STARTTLS=always pairing as a conflict', () => {
    assert.equal(mastodon?.library, 'mastodon');
    assert.equal(mastodon?.host?.value, 'smtp.mailgun.org');
    assert.deepEqual(
      mastodon?.tlsFlags.map((flag) => [flag.key, flag.intent]),
      [
        ['SMTP_TLS', 'implicit'],
        ['SMTP_ENABLE_STARTTLS', 'starttls-required'],
      ],
    );
    assert.equal(mastodon?.mode.value, 'unknown');
    assert.equal(mastodon?.certificateVerificationOff?.key, 'SMTP_OPENSSL_VERIFY_MODE');
    assert.equal(mastodon?.reading?.certainty, 'certain');
    assert.ok(mastodon?.credentials);
  });

  it('rewrites in Mastodon words', () => {
    const starttls = apply(text, mastodon?.rewrite.setTlsMode?.('starttls', { enforce: true }));
    assert.match(starttls, /^SMTP_TLS=false$/m);
    assert.match(starttls, /^SMTP_ENABLE_STARTTLS=always$/m);
    const implicit = apply(text, mastodon?.rewrite.setTlsMode?.('implicit'));
    assert.match(implicit, /^SMTP_ENABLE_STARTTLS=never$/m);
    assert.match(apply(text, mastodon?.rewrite.enableCertificateVerification?.()), /^SMTP_OPENSSL_VERIFY_MODE=peer$/m);
  });

  it('ignores SMTP_TLS=True: Mastodon compares with the exact string', () => {
    const [endpoint] = endpoints('SMTP_SERVER=smtp.example.com\nSMTP_PORT=465\nSMTP_TLS=True\n');
    assert.equal(endpoint?.mode.value, 'starttls');
    assert.match(endpoint!.reading!.note, /SMTP_TLS=True is ignored/);
    assert.match(apply('SMTP_SERVER=smtp.example.com\nSMTP_PORT=465\nSMTP_TLS=True\n', endpoint?.rewrite.setTlsMode?.('implicit')), /^SMTP_TLS=true$/m);
  });

  it('defaults to opportunistic STARTTLS and enforces it with SMTP_ENABLE_STARTTLS=always', () => {
    const text = 'SMTP_SERVER=smtp.example.com\nSMTP_PORT=587\nSMTP_LOGIN=u\n';
    const [endpoint] = endpoints(text);
    assert.equal(endpoint?.mode.value, 'starttls');
    assert.equal(endpoint?.modeExplicit, false);
    assert.equal(apply(text, endpoint?.rewrite.enforceStartTls?.()), 'SMTP_SERVER=smtp.example.com\nSMTP_PORT=587\nSMTP_ENABLE_STARTTLS=always\nSMTP_LOGIN=u\n');
  });
});

describe('dotenv extractor: Symfony DSN', () => {
  it('reads smtps:// on 587 with verify_peer=0, inside the Flex recipe markers', () => {
    const text = fixture('symfony.env');
    const list = endpoints(text);
    assert.equal(list.length, 1, 'the commented-out null:// DSN is not read');
    const [dsn] = list;
    assert.equal(dsn?.library, 'symfony');
    assert.equal(dsn?.mode.value, 'implicit');
    assert.equal(dsn?.port?.value, 587);
    assert.equal(dsn?.host?.value, 'smtp.sendgrid.net');
    assert.equal(dsn?.certificateVerificationOff?.key, 'verify_peer');
    assert.ok(dsn?.credentials);
    assert.ok(!JSON.stringify({ ...dsn, rewrite: undefined }).includes('SG.xxxxx'));
    assert.match(apply(text, dsn?.rewrite.setTlsMode?.('starttls')), /^MAILER_DSN=smtp:\/\/apikey:SG\.xxxxx@smtp\.sendgrid\.net:587\?verify_peer=0$/m);
    assert.match(apply(text, dsn?.rewrite.enableCertificateVerification?.()), /^MAILER_DSN=smtps:\/\/apikey:SG\.xxxxx@smtp\.sendgrid\.net:587$/m);
  });

  it('applies the port rule: smtp:// on 465 is implicit TLS; no port means 465 unless localhost', () => {
    const [on465] = endpoints('MAILER_DSN=smtp://u:p@smtp.example.com:465\n');
    assert.equal(on465?.mode.value, 'implicit');
    assert.equal(on465?.modeExplicit, false);
    const [noPort] = endpoints('MAILER_DSN=smtp://u:p@smtp.example.com\n');
    assert.equal(noPort?.mode.value, 'implicit');
    assert.equal(noPort?.port?.value, 465);
    assert.equal(noPort?.port?.origin, 'default');
    const [local] = endpoints('MAILER_DSN=smtp://localhost\n');
    assert.equal(local?.mode.value, 'starttls');
    assert.equal(local?.port?.value, 25);
  });

  it('writes the port when switching a port-less DSN to STARTTLS', () => {
    const text = 'MAILER_DSN=smtp://u:p@smtp.example.com\n';
    assert.equal(apply(text, endpoints(text)[0]?.rewrite.setTlsMode?.('starttls', { enforce: true })), 'MAILER_DSN=smtp://u:p@smtp.example.com:587?require_tls=true\n');
  });

  it('reads auto_tls=false as no TLS, even on 465, and require_tls=true as enforced', () => {
    const text = 'MAILER_DSN="smtp://u:p@smtp.example.com:465?auto_tls=false"\n';
    const [off] = endpoints(text);
    assert.equal(off?.mode.value, 'none');
    assert.deepEqual(off?.tlsFlags.map((flag) => flag.intent), ['no-tls']);
    assert.equal(apply(text, off?.rewrite.setTlsMode?.('implicit')), 'MAILER_DSN="smtps://u:p@smtp.example.com:465"\n');
    const required = 'MAILER_DSN=smtp://u:p@smtp.example.com:587?auto_tls=false&verify_peer=0\n';
    const [endpoint] = endpoints(required);
    assert.equal(apply(required, endpoint?.rewrite.setTlsMode?.('starttls', { enforce: true })), 'MAILER_DSN=smtp://u:p@smtp.example.com:587?verify_peer=0&require_tls=true\n');
    const [enforced] = endpoints('MAILER_DSN=smtp://u:p@smtp.example.com:587?require_tls=true\n');
    assert.equal(enforced?.starttlsEnforced, true);
  });

  it('skips provider, null and native transports, and reads an interpolated port as unknown', () => {
    assert.deepEqual(endpoints('MAILER_DSN=sendgrid+smtp://KEY@default\nAPP_MAILER_DSN=null://null\nX_MAILER_DSN=native://default\n'), []);
    const [fromEnv] = endpoints('MAILER_DSN=smtp://${MAILER_USER}:${MAILER_PASSWORD}@smtp.example.com:${MAILER_PORT}\n');
    assert.equal(fromEnv?.port, undefined);
    assert.equal(fromEnv?.mode.value, 'auto');
  });

  it('reads a SwiftmailerBundle MAILER_URL by its encryption parameter', () => {
    const text = 'MAILER_URL=smtp://smtp.example.com:587?encryption=ssl&auth_mode=login&username=u&password=p\n';
    const [swift] = endpoints(text);
    assert.equal(swift?.mode.value, 'implicit');
    assert.equal(swift?.reading?.certainty, 'inferred');
    assert.equal(apply(text, swift?.rewrite.setTlsMode?.('starttls')), 'MAILER_URL=smtp://smtp.example.com:587?encryption=tls&auth_mode=login&username=u&password=p\n');
  });
});

describe('dotenv extractor: connection URLs', () => {
  it('reads nodemailer URLs: smtp:// on 465 is explicit plaintext, smtps:// on 587 implicit', () => {
    const hang = 'SMTP_URL=smtp://u:p@smtp.example.com:465\n';
    const [a] = endpoints(hang);
    assert.equal(a?.library, 'nodemailer');
    assert.equal(a?.mode.value, 'starttls');
    assert.equal(a?.modeExplicit, true);
    assert.equal(apply(hang, a?.rewrite.setTlsMode?.('implicit')), 'SMTP_URL=smtps://u:p@smtp.example.com:465\n');
    const [b] = endpoints('SMTP_CONNECTION_URL=smtps://u:p@smtp.example.com:587\n');
    assert.equal(b?.mode.value, 'implicit');
    assert.equal(b?.port?.value, 587);
    const [meteor] = endpoints("MAIL_URL='smtp://u:p@smtp.example.com:587?requireTLS=true'\n");
    assert.equal(meteor?.starttlsEnforced, true);
    assert.match(meteor!.reading!.note, /Meteor/);
  });

  it('reads django-environ EMAIL_URL, where smtps:// is STARTTLS', () => {
    const text = 'EMAIL_URL=smtps://u:p@smtp.example.com:465\n';
    const [endpoint] = endpoints(text);
    assert.equal(endpoint?.library, 'django');
    assert.equal(endpoint?.mode.value, 'starttls');
    assert.equal(endpoint?.port?.value, 465);
    assert.equal(apply(text, endpoint?.rewrite.setTlsMode?.('implicit')), 'EMAIL_URL=smtp+ssl://u:p@smtp.example.com:465\n');
    assert.equal(endpoints('EMAIL_URL=smtp+ssl://u:p@smtp.example.com\n')[0]?.port?.value, 465);
    assert.deepEqual(endpoints('EMAIL_URL=consolemail://\n'), []);
  });

  it('reads EMAIL_SERVER as a URL (Auth.js) or as a host', () => {
    assert.equal(endpoints('EMAIL_SERVER=smtp://u:p@smtp.example.com:587\n')[0]?.mode.value, 'starttls');
    const [host] = endpoints('EMAIL_SERVER=smtp.example.com\nEMAIL_PORT=587\nEMAIL_SECURE=true\n');
    assert.equal(host?.library, 'nodemailer');
    assert.equal(host?.host?.value, 'smtp.example.com');
  });
});

describe('dotenv extractor: files that must stay quiet', () => {
  it('reads .env.example placeholders as unknown, not as wrong', () => {
    const text = fixture('.env.example');
    const list = endpoints(text);
    const smtp = list.find((endpoint) => endpoint.library === 'nodemailer' && endpoint.tlsFlags.length === 0 && endpoint.port === undefined);
    assert.ok(smtp, 'the SMTP_ group is read');
    assert.equal(smtp.mode.value, 'auto');
    assert.equal(smtp.host, undefined);
    const dsn = list.find((endpoint) => endpoint.library === 'symfony');
    assert.equal(dsn?.mode.value, 'implicit');
    for (const endpoint of list) assertRangesInside(text, endpoint);
  });

  it('reads docker-mailserver relay keys as its STARTTLS-only relay, and nothing from unrelated files', () => {
    const relay = endpoints(fixture('mailserver.env'));
    assert.deepEqual(relay.map((endpoint) => [endpoint.library, endpoint.port?.value, endpoint.mode.value]), [['docker-mailserver', 587, 'starttls']]);
    assert.deepEqual(endpoints('DATABASE_URL=postgres://x\nREDIS_URL=redis://y\nPORT=3000\nHOST=0.0.0.0\n'), []);
  });

  it('goes through the Extractor interface', async () => {
    const result = await dotenvExtractor.extract({ fileName: '.env', text: 'SMTP_HOST=smtp.example.com\nSMTP_PORT=587\nSMTP_SECURE=true\n' });
    assert.equal(result.length, 1);
  });
});
