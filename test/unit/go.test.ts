import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import * as path from 'node:path';
import { goExtractor } from '../../src/core/config/go';
import { lintDocument } from '../../src/core/lint';
import { applyEdits } from '../../src/core/text';
import type { Finding, MailEndpoint, TextRange } from '../../src/core/model';

function fixture(name: string): string {
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    const candidate = path.join(dir, 'test', 'fixtures', 'go', name);
    if (existsSync(candidate)) return readFileSync(candidate, 'utf8');
    dir = path.dirname(dir);
  }
  throw new Error(`fixture ${name} not found`);
}

const slice = (text: string, range: TextRange | undefined): string | undefined => (range ? text.slice(range.start, range.end) : undefined);

async function extract(text: string): Promise<MailEndpoint[]> {
  return goExtractor.extract({ fileName: 'mail.go', text });
}

async function verdicts(text: string): Promise<Finding[]> {
  const result = await lintDocument({ fileName: 'mail.go', text });
  assert.deepEqual(result.problems, []);
  return result.findings.filter((finding) => finding.severity === 'error' || finding.severity === 'warning');
}

async function fixAway(text: string, ruleId: string, index = 0): Promise<string> {
  const before = (await verdicts(text)).filter((candidate) => candidate.ruleId === ruleId);
  const finding = before[index];
  assert.ok(finding, `no ${ruleId}`);
  const fix = finding.fixes.find((candidate) => candidate.preferred);
  assert.ok(fix, `no preferred fix for ${ruleId}`);
  const fixed = applyEdits(text, fix.edits);
  const after = (await verdicts(fixed)).filter((candidate) => candidate.ruleId === ruleId).length;
  assert.equal(after, before.length - 1, fixed);
  return fixed;
}

const ids = async (text: string): Promise<string[]> => (await verdicts(text)).map((finding) => finding.ruleId);

test('appliesTo Go files', () => {
  assert.ok(goExtractor.appliesTo('internal/mailer/smtp.go'));
  assert.ok(!goExtractor.appliesTo('go.mod'));
  assert.deepEqual(goExtractor.filePatterns, ['*.go']);
});

test('gomail: d.SSL = true on a dialer made for 587, and InsecureSkipVerify', async () => {
  const text = fixture('gomail_ssl_587.go');
  const [endpoint] = await extract(text);
  assert.ok(endpoint);
  assert.equal(endpoint.library, 'gomail');
  assert.equal(endpoint.port?.value, 587);
  assert.equal(slice(text, endpoint.port?.range), '587'); // the const's literal
  assert.equal(endpoint.mode.value, 'implicit');
  assert.equal(endpoint.host?.value, 'smtp.office365.com');
  assert.ok(slice(text, endpoint.credentials?.range)?.startsWith('os.Getenv'));
  assert.deepEqual((await ids(text)).sort(), ['certificate-verification-disabled', 'starttls-port-with-implicit-tls']);
  const finding = (await verdicts(text)).find((candidate) => candidate.ruleId === 'starttls-port-with-implicit-tls');
  assert.match(finding?.message ?? '', /d\.SSL = true asks for implicit TLS/);
  assert.match(finding?.message ?? '', /first record does not look like a TLS handshake/);
  const fixed = await fixAway(text, 'starttls-port-with-implicit-tls');
  assert.match(fixed, /d\.SSL = false/);
  const verified = await fixAway(text, 'certificate-verification-disabled');
  assert.match(verified, /InsecureSkipVerify: false/);
});

test('gomail: a Dialer struct literal on 465 bypasses NewDialer and hangs', async () => {
  const text = fixture('gomail_struct_465.go');
  const [endpoint] = await extract(text);
  assert.equal(endpoint?.mode.value, 'starttls');
  assert.equal(endpoint?.modeExplicit, false);
  assert.deepEqual(await ids(text), ['implicit-port-without-implicit-tls']);
  const fixed = await fixAway(text, 'implicit-port-without-implicit-tls');
  assert.match(fixed, /Password: cfg\.Pass,\n\t\tSSL: {5}true,|Password: cfg\.Pass,\n\t\tSSL: true,/);
});

test('go-mail/mail: SSL = false after NewDialer(…, 465); NoStartTLS with credentials', async () => {
  const text = fixture('gomailv2_policy.go');
  const endpoints = await extract(text);
  assert.deepEqual(endpoints.map((endpoint) => [endpoint.library, endpoint.port?.value, endpoint.mode.value]), [
    ['go-mail-mail', 465, 'starttls'],
    ['go-mail-mail', undefined, 'none'],
  ]);
  assert.deepEqual(await ids(text), ['implicit-port-without-implicit-tls', 'tls-disabled-with-credentials']);
  const fixed = await fixAway(text, 'implicit-port-without-implicit-tls');
  assert.match(fixed, /d\.SSL = true/);
  const secured = await fixAway(text, 'tls-disabled-with-credentials');
  assert.match(secured, /d\.StartTLSPolicy = mail\.MandatoryStartTLS/);
});

test('wneessen/go-mail: WithSSL on the default port 25, WithSSL + 587, STARTTLS policy + 465, NoTLS', async () => {
  const text = fixture('gomail_wneessen.go');
  const endpoints = await extract(text);
  assert.deepEqual(endpoints.map((endpoint) => [endpoint.port?.value, endpoint.port?.origin, endpoint.mode.value]), [
    [25, 'default', 'implicit'],
    [587, 'literal', 'implicit'],
    [465, 'literal', 'starttls'],
    [587, 'literal', 'none'],
  ]);
  assert.deepEqual(await ids(text), ['starttls-port-with-implicit-tls', 'starttls-port-with-implicit-tls', 'implicit-port-without-implicit-tls', 'tls-disabled-with-credentials']);
  // WithSSL() without a port: the fix is the port, not STARTTLS on 25
  const fixed = await fixAway(text, 'starttls-port-with-implicit-tls', 0);
  assert.match(fixed, /mail\.NewClient\("smtp\.fastmail\.com", mail\.WithSSLPort\(false\)/);
  const second = await fixAway(text, 'starttls-port-with-implicit-tls', 1);
  assert.match(second, /mail\.WithPort\(587\), mail\.WithTLSPolicy\(mail\.TLSMandatory\)\)/);
  const third = await fixAway(text, 'implicit-port-without-implicit-tls');
  assert.match(third, /mail\.WithSSL\(\), mail\.WithPort\(465\)/);
  const fourth = await fixAway(text, 'tls-disabled-with-credentials');
  assert.match(fourth, /mail\.WithTLSPolicy\(mail\.TLSMandatory\)/);
});

test('net/smtp: SendMail on 465 hangs, tls.Dial on 587 fails, Auth without StartTLS', async () => {
  const text = fixture('netsmtp.go');
  const endpoints = await extract(text);
  assert.deepEqual(endpoints.map((endpoint) => [endpoint.port?.value, endpoint.mode.value]), [
    [465, 'starttls'],
    [587, 'implicit'],
    [587, 'none'],
  ]);
  assert.deepEqual(await ids(text), ['implicit-port-without-implicit-tls', 'starttls-port-with-implicit-tls', 'tls-disabled-with-credentials']);
  const [hang] = await verdicts(text);
  assert.match(hang?.message ?? '', /net\/smtp defaults to STARTTLS here/);
  const fixed = await fixAway(text, 'implicit-port-without-implicit-tls');
  assert.match(fixed, /fmt\.Sprintf\("%s:%d", host, 587\)/);
  const other = await fixAway(text, 'starttls-port-with-implicit-tls');
  assert.match(other, /"smtp\.gmail\.com:465"/);
});

test('tricky-correct Go: NewDialer auto SSL, env ports, WithSSLPort, conditional options, StartTLS, localhost', async () => {
  const text = fixture('correct.go');
  assert.deepEqual(await verdicts(text), []);
  const endpoints = await extract(text);
  assert.ok(endpoints.length >= 10, String(endpoints.length));
  const auto = endpoints[0];
  assert.equal(auto?.mode.value, 'implicit');
  assert.equal(auto?.modeExplicit, false);
  const fromEnv = endpoints[1];
  assert.equal(fromEnv?.port, undefined);
  assert.equal(fromEnv?.host?.value, 'smtp.sendgrid.net');
});

test('Go files without a mail import are skipped before parsing', async () => {
  assert.deepEqual(await extract('package x\nfunc NewDialer() {}\n'), []);
  assert.deepEqual(await extract('package x\nimport "fmt"\nfunc main() { d := gomail.NewDialer("h", 587, "", ""); d.SSL = true }\n'), []);
});

test('half-typed Go never throws', async () => {
  for (const name of ['gomail_ssl_587.go', 'netsmtp.go']) {
    const text = fixture(name);
    for (let end = 0; end <= text.length; end += 7) await extract(text.slice(0, end));
  }
});
