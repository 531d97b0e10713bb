import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { pythonExtractor, mayContainPythonMail } from '../../src/core/config/python';
import { checkEndpoints } from '../../src/core/lint';
import { applyEdits } from '../../src/core/text';
import type { Finding, MailEndpoint, TextRange } from '../../src/core/model';

function fixturesDir(): string {
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    const candidate = path.join(dir, 'test', 'fixtures', 'python');
    if (existsSync(candidate)) return candidate;
    dir = path.dirname(dir);
  }
  throw new Error('fixtures not found');
}

const fixture = (name: string): string => readFileSync(path.join(fixturesDir(), name), 'utf8');
const slice = (text: string, range: TextRange | undefined): string | undefined => (range ? text.slice(range.start, range.end) : undefined);

async function extract(text: string, fileName = 'settings.py'): Promise<MailEndpoint[]> {
  return pythonExtractor.extract({ fileName, text });
}

async function verdicts(text: string, fileName = 'settings.py'): Promise<Finding[]> {
  return checkEndpoints(await extract(text, fileName)).filter((finding) => finding.severity === 'error' || finding.severity === 'warning');
}

const WRONG: Record<string, string[]> = {
  'django_settings_wrong.py': ['starttls-port-with-implicit-tls'],
  'django_both.py': ['conflicting-tls-flags'],
  'django_getenv_string.py': ['env-string-boolean'],
  'flask_config_wrong.py': ['implicit-port-without-implicit-tls'],
  'flask_app_wrong.py': ['env-string-boolean'],
  'fastapi_wrong.py': ['certificate-verification-disabled', 'starttls-port-with-implicit-tls'],
  'smtplib_wrong.py': ['implicit-port-without-implicit-tls', 'starttls-port-with-implicit-tls', 'tls-disabled-with-credentials'],
  'imap_wrong.py': ['certificate-verification-disabled', 'certificate-verification-disabled', 'implicit-port-without-implicit-tls', 'starttls-port-with-implicit-tls'],
  'yagmail_wrong.py': ['starttls-port-with-implicit-tls'],
  'sentry.conf.py': ['implicit-port-without-implicit-tls'],
};

test('appliesTo and the cheap pre-check', () => {
  for (const name of ['settings.py', 'app/config.py', 'sentry.conf.py', 'MAIL.PY']) assert.ok(pythonExtractor.appliesTo(name), name);
  for (const name of ['a.pyc', 'a.js', '.env', 'a.pyi']) assert.ok(!pythonExtractor.appliesTo(name), name);
  assert.ok(pythonExtractor.filePatterns.includes('*.py'));
  assert.equal(mayContainPythonMail('import os\nprint(1)\n'), false);
  assert.equal(mayContainPythonMail('EMAIL_PORT = 587'), true);
});

test('every fixture: wrong ones get exactly their findings, and each preferred fix removes its finding', async () => {
  const names = readdirSync(fixturesDir()).filter((name) => name.endsWith('.py'));
  for (const name of names) {
    const text = fixture(name);
    const findings = await verdicts(text, name);
    const want = WRONG[name] ?? [];
    assert.deepEqual(findings.map((finding) => finding.ruleId).sort(), [...want].sort(), `${name}: ${findings.map((finding) => finding.message).join('\n')}`);
    for (const finding of findings) {
      const preferred = finding.fixes.find((fix) => fix.preferred);
      assert.ok(preferred, `${name}: ${finding.ruleId} has a preferred fix`);
      const fixed = applyEdits(text, preferred.edits);
      assert.notEqual(fixed, text, `${name}: ${finding.ruleId} fix changes the text`);
      const after = await verdicts(fixed, `fixed-${name}`);
      const sameRule = after.filter((other) => other.ruleId === finding.ruleId);
      assert.ok(sameRule.length < findings.filter((other) => other.ruleId === finding.ruleId).length, `${name}: ${finding.ruleId} stays after "${preferred.title}":\n${fixed}`);
    }
  }
});

test('Django: env.bool default on 587 is read as the fallback, and the fix edits the default', async () => {
  const text = fixture('django_settings_wrong.py');
  const [endpoint, ...rest] = await extract(text);
  assert.equal(rest.length, 0);
  assert.ok(endpoint);
  assert.equal(endpoint.library, 'django');
  assert.equal(endpoint.format, 'python');
  assert.equal(endpoint.mode.value, 'implicit');
  assert.equal(endpoint.mode.origin, 'fallback');
  assert.equal(endpoint.mode.envName, 'EMAIL_USE_SSL');
  assert.equal(slice(text, endpoint.mode.range), 'True');
  assert.equal(endpoint.port?.value, 587);
  assert.equal(endpoint.port?.origin, 'fallback');
  assert.equal(slice(text, endpoint.port?.range), '587');
  assert.equal(endpoint.host?.value, 'smtp.gmail.com');
  // The empty default user is not a credential, but the env read is.
  assert.ok(endpoint.credentials);
  const toStartTls = endpoint.rewrite.setTlsMode?.('starttls');
  assert.ok(toStartTls);
  const fixed = applyEdits(text, toStartTls);
  assert.match(fixed, /EMAIL_USE_SSL = env\.bool\('EMAIL_USE_SSL', default=False\)/);
  assert.match(fixed, /EMAIL_PORT = env\.int\('EMAIL_PORT', default=587\)\nEMAIL_USE_TLS = True\n/);
  const toPort = endpoint.rewrite.setPort?.(465);
  assert.ok(toPort);
  assert.match(applyEdits(text, toPort), /default=465\)/);
});

test('Django: both flags conflict (ValueError); removing the one the port contradicts', async () => {
  const text = fixture('django_both.py');
  const [finding] = await verdicts(text);
  assert.ok(finding);
  assert.equal(finding.ruleId, 'conflicting-tls-flags');
  assert.equal(finding.severity, 'error');
  assert.match(finding.message, /mutually exclusive/);
  const fixed = applyEdits(text, finding.fixes[0]?.edits ?? []);
  assert.doesNotMatch(fixed, /EMAIL_USE_SSL/);
  assert.match(fixed, /EMAIL_USE_TLS = True\nEMAIL_HOST_USER/);
});

test('Django: a raw os.getenv string handed to EMAIL_USE_TLS is reported, and the fix parses it', async () => {
  const text = fixture('django_getenv_string.py');
  const [endpoint] = await extract(text);
  const flag = endpoint?.tlsFlags[0];
  assert.ok(endpoint && flag?.unparsedEnvString);
  assert.equal(slice(text, flag.unparsedEnvString.valueRange), "os.getenv('EMAIL_USE_TLS', True)");
  const edits = endpoint.rewrite.parseEnvBoolean?.(flag);
  assert.ok(edits);
  assert.match(applyEdits(text, edits), /EMAIL_USE_TLS = str\(os\.getenv\('EMAIL_USE_TLS', True\)\)\.lower\(\) in \('1', 'true', 'yes', 'on'\)/);
  assert.equal(endpoint.port?.value, 587);
  assert.equal(endpoint.port?.origin, 'fallback');
});

test('Django: no TLS key in a complete settings file means the default False; port 465 then hangs', async () => {
  const text = "EMAIL_HOST = 'smtp.zoho.com'\nEMAIL_PORT = 465\nEMAIL_HOST_USER = 'me@zoho.com'\nEMAIL_HOST_PASSWORD = 'x'\n";
  const [finding] = await verdicts(text);
  assert.equal(finding?.ruleId, 'implicit-port-without-implicit-tls');
  assert.equal(finding?.severity, 'warning', 'defaults are a reading, so softened');
  const fixed = applyEdits(text, finding?.fixes[0]?.edits ?? []);
  assert.match(fixed, /EMAIL_PORT = 465\nEMAIL_USE_SSL = True\n/);
  assert.deepEqual(await verdicts(fixed), []);
  // Split settings (star import) or a non-SMTP backend: silent.
  assert.deepEqual(await verdicts(`from .base import *\n${text}`), []);
  assert.deepEqual(await verdicts(`${text}EMAIL_BACKEND = 'anymail.backends.mailgun.EmailBackend'\n`), []);
});

test('Django: branches are judged on their own, with what the block set before them', async () => {
  assert.deepEqual(await verdicts(fixture('django_branches_correct.py')), []);
  const text = 'EMAIL_USE_TLS = True\nif PRODUCTION:\n    EMAIL_PORT = 465\nelse:\n    EMAIL_PORT = 587\n';
  const findings = await verdicts(text);
  assert.deepEqual(findings.map((finding) => finding.ruleId), ['implicit-port-without-implicit-tls']);
  assert.equal(slice(text, findings[0]?.endpoint.port?.range), '465');
});

test('Flask-Mail: config classes inherit; app.config subscripts; update() keywords', async () => {
  const text = fixture('flask_config_wrong.py');
  const endpoints = await extract(text, 'config.py');
  assert.equal(endpoints.length, 2);
  const production = endpoints[1];
  assert.equal(production?.library, 'flask-mail');
  assert.equal(production?.port?.value, 465);
  assert.equal(production?.mode.value, 'starttls');
  const fix = production?.rewrite.setTlsMode?.('implicit');
  assert.ok(fix);
  const fixed = applyEdits(text, fix);
  assert.match(fixed, /os\.environ\.get\('MAIL_USE_TLS', 'true'\)\.lower\(\) in/, 'the base class is left alone');
  assert.match(fixed, /class ProductionConfig\(Config\):\n    MAIL_PORT = 465\n    MAIL_USE_SSL = True\n    MAIL_USE_TLS = False\n/);
  const base = endpoints[0]?.rewrite.setTlsMode?.('none');
  assert.ok(base);
  assert.match(applyEdits(text, base), /os\.environ\.get\('MAIL_USE_TLS', 'false'\)\.lower\(\) in/);

  const app = fixture('flask_app_wrong.py');
  const [subscript] = await extract(app, 'app.py');
  assert.equal(subscript?.library, 'flask-mail');
  const setSsl = subscript?.rewrite.setTlsMode?.('starttls');
  assert.ok(setSsl);
  assert.match(applyEdits(app, setSsl), /app\.config\['MAIL_PORT'\] = 587\napp\.config\['MAIL_USE_TLS'\] = True\n/);

  const update = fixture('flask_update_correct.py');
  const [keywords] = await extract(update, 'app.py');
  assert.equal(keywords?.mode.value, 'implicit');
  const toPort = keywords?.rewrite.setTlsMode?.('starttls');
  assert.ok(toPort);
  assert.match(applyEdits(update, toPort), /MAIL_PORT=465,\n    MAIL_USE_TLS=True,\n    MAIL_USE_SSL=False,/);
});

test('fastapi-mail: ConnectionConfig keywords, VALIDATE_CERTS fix, both flags', async () => {
  const text = fixture('fastapi_wrong.py');
  const [endpoint] = await extract(text, 'mail.py');
  assert.ok(endpoint);
  assert.equal(endpoint.library, 'fastapi-mail');
  assert.equal(slice(text, endpoint.anchor), 'ConnectionConfig');
  const certificate = endpoint.rewrite.enableCertificateVerification?.();
  assert.ok(certificate);
  assert.match(applyEdits(text, certificate), /VALIDATE_CERTS=True,/);
  const starttls = endpoint.rewrite.setTlsMode?.('starttls');
  assert.ok(starttls);
  assert.match(applyEdits(text, starttls), /MAIL_STARTTLS=True,\n    MAIL_SSL_TLS=False,/);
  const both = await verdicts('ConnectionConfig(MAIL_SERVER="smtp.x.com", MAIL_PORT=587, MAIL_STARTTLS=True, MAIL_SSL_TLS=True)\n', 'm.py');
  assert.deepEqual(both.map((finding) => finding.ruleId), ['conflicting-tls-flags']);
  assert.equal(both[0]?.severity, 'error');
  const plain = await verdicts('ConnectionConfig(MAIL_USERNAME="u", MAIL_PASSWORD="p", MAIL_SERVER="smtp.x.com", MAIL_PORT=587, MAIL_STARTTLS=False, MAIL_SSL_TLS=False)\n', 'm.py');
  assert.deepEqual(plain.map((finding) => finding.ruleId), ['tls-disabled-with-credentials']);
});

test('smtplib: SMTP_SSL on 587 becomes SMTP + starttls(context=…) in the with block', async () => {
  const text = fixture('smtplib_wrong.py');
  const endpoints = await extract(text, 'send.py');
  assert.equal(endpoints.length, 3);
  const [ssl587, plain587, starttls465] = endpoints as [MailEndpoint, MailEndpoint, MailEndpoint];
  assert.equal(ssl587.mode.value, 'implicit');
  assert.equal(ssl587.port?.value, 587);
  assert.equal(slice(text, ssl587.port?.range), '587', 'the PORT constant resolves to its literal');
  const toStartTls = ssl587.rewrite.setTlsMode?.('starttls');
  assert.ok(toStartTls);
  assert.match(applyEdits(text, toStartTls), /with smtplib\.SMTP\(SMTP_SERVER, PORT\) as server:\n        server\.starttls\(context=context\)\n        server\.login/);
  const toPort = ssl587.rewrite.setPort?.(465);
  assert.ok(toPort);
  assert.match(applyEdits(text, toPort), /PORT = 465\n/);

  assert.equal(plain587.mode.value, 'none');
  assert.equal(slice(text, plain587.credentials?.range), 'server.login(user, password)');
  const enforce = plain587.rewrite.setTlsMode?.('starttls', { enforce: true });
  assert.ok(enforce);
  assert.match(applyEdits(text, enforce), /server = smtplib\.SMTP\("smtp\.office365\.com", 587\)\n    server\.starttls\(\)\n    server\.ehlo\(\)/);

  assert.equal(starttls465.mode.value, 'starttls');
  const toImplicit = starttls465.rewrite.setTlsMode?.('implicit');
  assert.ok(toImplicit);
  const implicitText = applyEdits(text, toImplicit);
  assert.match(implicitText, /server = smtplib\.SMTP_SSL\("mail\.example\.com", 465, timeout=10\)\n    server\.login/);
});

test('smtplib: host:port strings, SMTP() + connect(), and imported class names', async () => {
  const [hostPort] = await extract('import smtplib\ns = smtplib.SMTP_SSL("smtp.example.com:587")\n');
  assert.equal(hostPort?.port?.value, 587);
  assert.equal(hostPort?.host?.value, 'smtp.example.com');
  const connect = 'import smtplib\ns = smtplib.SMTP()\ns.connect("smtp.example.com", 465)\ns.login("u", "p")\n';
  const [connected] = await extract(connect);
  assert.equal(connected?.port?.value, 465);
  assert.equal(connected?.mode.value, 'none');
  const imported = 'from smtplib import SMTP, SMTP_SSL\nserver = SMTP("smtp.example.com", 465)\n';
  const [named] = await extract(imported);
  const fix = named?.rewrite.setTlsMode?.('implicit');
  assert.ok(fix);
  assert.match(applyEdits(imported, fix), /server = SMTP_SSL\("smtp\.example\.com", 465\)/);
  // Someone else's SMTP class is not smtplib's.
  assert.deepEqual(await extract('from mylib import SMTP\nserver = SMTP("smtp.example.com", 465)\n'), []);
});

test('imaplib/poplib: verification off through a context object, with a fix', async () => {
  const text = fixture('imap_wrong.py');
  const [imap] = await extract(text, 'fetch.py');
  assert.equal(imap?.library, 'imaplib');
  assert.equal(imap?.protocol, 'imap');
  const fix = imap?.rewrite.enableCertificateVerification?.();
  assert.ok(fix);
  const fixed = applyEdits(text, fix);
  assert.match(fixed, /ctx\.check_hostname = True\nctx\.verify_mode = ssl\.CERT_REQUIRED\n/);
  assert.match(fixed, /_create_unverified_context\(\)/, 'another endpoint’s context is its own fix');
});

test('yagmail: default smtp_ssl on 587 is an inferred error (warning) and the fix writes smtp_ssl=False', async () => {
  const text = fixture('yagmail_wrong.py');
  const [endpoint] = await extract(text, 'notify.py');
  assert.equal(endpoint?.reading?.certainty, 'inferred');
  const fix = endpoint?.rewrite.setTlsMode?.('starttls');
  assert.ok(fix);
  assert.match(applyEdits(text, fix), /port=587, smtp_ssl=False\)/);
});

test('values: decouple without cast is a raw string; django-environ casts to the default type', async () => {
  const decouple = "from decouple import config\nEMAIL_HOST = 'smtp.x.com'\nEMAIL_PORT = 587\nEMAIL_USE_TLS = config('EMAIL_USE_TLS', default=True)\n";
  const [raw] = await verdicts(decouple);
  assert.equal(raw?.ruleId, 'env-string-boolean');
  const environ = "import environ\nenv = environ.Env()\nEMAIL_HOST = 'smtp.x.com'\nEMAIL_PORT = 587\nEMAIL_USE_TLS = env('EMAIL_USE_TLS', default=True)\n";
  assert.deepEqual(await verdicts(environ), []);
  const schema = "import environ\nenv = environ.Env(EMAIL_USE_SSL=(bool, False))\nEMAIL_HOST = 'smtp.x.com'\nEMAIL_PORT = 587\nEMAIL_USE_SSL = env('EMAIL_USE_SSL')\n";
  assert.deepEqual(await verdicts(schema), []);
  const compared = "import os\nMAIL_SERVER = 'smtp.x.com'\nMAIL_PORT = 587\nMAIL_USE_SSL = os.getenv('MAIL_USE_SSL', 'False') == 'True'\nMAIL_USE_TLS = os.getenv('MAIL_USE_TLS', 'True') == 'True'\n";
  assert.deepEqual(await verdicts(compared), []);
});

test('a half-typed file and a file without mail words yield nothing and never throw', async () => {
  assert.deepEqual(await extract('import os\n\ndef f(:\n'), []);
  const partial = await extract('EMAIL_PORT = 465\nEMAIL_USE_TLS = Tr');
  for (const endpoint of partial) assert.ok(endpoint.range.end <= 'EMAIL_PORT = 465\nEMAIL_USE_TLS = Tr'.length);
});
