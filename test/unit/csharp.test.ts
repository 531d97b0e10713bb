import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import * as path from 'node:path';
import { csharpExtractor } from '../../src/core/config/csharp';
import { lintDocument } from '../../src/core/lint';
import { applyEdits } from '../../src/core/text';
import type { Finding, MailEndpoint, TextRange } from '../../src/core/model';

function fixture(name: string): string {
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    const candidate = path.join(dir, 'test', 'fixtures', 'csharp', name);
    if (existsSync(candidate)) return readFileSync(candidate, 'utf8');
    dir = path.dirname(dir);
  }
  throw new Error(`fixture ${name} not found`);
}

const slice = (text: string, range: TextRange | undefined): string | undefined => (range ? text.slice(range.start, range.end) : undefined);

async function extract(text: string): Promise<MailEndpoint[]> {
  return csharpExtractor.extract({ fileName: 'Mail.cs', text });
}

async function verdicts(text: string): Promise<Finding[]> {
  const result = await lintDocument({ fileName: 'Mail.cs', text });
  assert.deepEqual(result.problems, []);
  return result.findings.filter((finding) => finding.severity === 'error' || finding.severity === 'warning');
}

async function fixAway(text: string, ruleId: string, index = 0): Promise<string> {
  const finding = (await verdicts(text)).filter((candidate) => candidate.ruleId === ruleId)[index];
  assert.ok(finding, `no ${ruleId}`);
  const fix = finding.fixes.find((candidate) => candidate.preferred);
  assert.ok(fix, `no preferred fix for ${ruleId}`);
  const fixed = applyEdits(text, fix.edits);
  const before = (await verdicts(text)).filter((candidate) => candidate.ruleId === ruleId).length;
  const after = (await verdicts(fixed)).filter((candidate) => candidate.ruleId === ruleId).length;
  assert.equal(after, before - 1, fixed);
  return fixed;
}

test('appliesTo C# files', () => {
  assert.ok(csharpExtractor.appliesTo('Services/EmailService.cs'));
  assert.ok(!csharpExtractor.appliesTo('appsettings.json'));
  assert.deepEqual(csharpExtractor.filePatterns, ['*.cs']);
});

test('MailKit SslOnConnect on 587 and a callback that accepts every certificate', async () => {
  const text = fixture('EmailService.cs');
  const [endpoint] = await extract(text);
  assert.ok(endpoint);
  assert.equal(endpoint.library, 'mailkit');
  assert.equal(endpoint.mode.value, 'implicit');
  assert.equal(endpoint.port?.value, 587);
  assert.equal(endpoint.host?.value, 'smtp.office365.com');
  assert.ok(slice(text, endpoint.credentials?.range)?.startsWith('client.AuthenticateAsync('));
  const findings = await verdicts(text);
  assert.deepEqual(findings.map((finding) => finding.ruleId).sort(), ['certificate-verification-disabled', 'starttls-port-with-implicit-tls']);
  assert.match(findings.find((finding) => finding.ruleId === 'starttls-port-with-implicit-tls')?.message ?? '', /SslHandshakeException/);
  const fixed = await fixAway(text, 'starttls-port-with-implicit-tls');
  assert.match(fixed, /ConnectAsync\("smtp\.office365\.com", 587, SecureSocketOptions\.StartTls\)/);
  const verified = await fixAway(text, 'certificate-verification-disabled');
  assert.ok(!verified.includes('ServerCertificateValidationCallback'));
});

test('MailKit bool overload: useSsl false on IMAP 993 hangs, true on 587 fails', async () => {
  const text = fixture('ImapReader.cs');
  const endpoints = await extract(text);
  assert.deepEqual(endpoints.map((endpoint) => [endpoint.protocol, endpoint.port?.value, endpoint.mode.value]), [
    ['imap', 993, 'starttls'],
    ['smtp', 587, 'implicit'],
  ]);
  const findings = await verdicts(text);
  assert.deepEqual(findings.map((finding) => finding.ruleId), ['implicit-port-without-implicit-tls', 'starttls-port-with-implicit-tls']);
  const fixed = await fixAway(text, 'implicit-port-without-implicit-tls');
  assert.match(fixed, /imap\.Connect\("imap\.gmail\.com", 993, MailKit\.Security\.SecureSocketOptions\.SslOnConnect\)/);
});

test('System.Net.Mail: 465 never works, EnableSsl = false sends the password in clear', async () => {
  const text = fixture('LegacyMailer.cs');
  const endpoints = await extract(text);
  assert.equal(endpoints.length, 2);
  assert.equal(endpoints[0]?.library, 'system-net-mail');
  const findings = await verdicts(text);
  assert.deepEqual(findings.map((finding) => finding.ruleId), ['implicit-port-without-implicit-tls', 'tls-disabled-with-credentials']);
  assert.match(findings[0]?.message ?? '', /The operation has timed out\./);
  // implicit TLS cannot be written for SmtpClient: the only fix is port 587
  assert.deepEqual(findings[0]?.fixes.map((fix) => fix.title), ['Keep STARTTLS and use port 587']);
  const fixed = await fixAway(text, 'implicit-port-without-implicit-tls');
  assert.match(fixed, /new SmtpClient\("smtp\.gmail\.com", 587\)/);
  const secured = await fixAway(text, 'tls-disabled-with-credentials');
  assert.match(secured, /relay\.EnableSsl = true;/);
});

test('tricky-correct C#: Auto, StartTls, useSsl on 465, POP3 995, local SmtpClient', async () => {
  assert.deepEqual(await verdicts(fixture('Correct.cs')), []);
  assert.equal((await extract(fixture('Correct.cs'))).length, 7);
  assert.deepEqual(await extract('class A { void B() { hub.Connect("x", 465, false); } }'), []);
});

test('half-typed C# never throws', async () => {
  for (const name of ['EmailService.cs', 'LegacyMailer.cs']) {
    const text = fixture(name);
    for (let end = 0; end <= text.length; end += 5) await extract(text.slice(0, end));
  }
});
