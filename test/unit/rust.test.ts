import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import * as path from 'node:path';
import { rustExtractor } from '../../src/core/config/rust';
import { lintDocument } from '../../src/core/lint';
import { applyEdits } from '../../src/core/text';
import type { Finding, MailEndpoint, TextRange } from '../../src/core/model';

function fixture(name: string): string {
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    const candidate = path.join(dir, 'test', 'fixtures', 'rust', name);
    if (existsSync(candidate)) return readFileSync(candidate, 'utf8');
    dir = path.dirname(dir);
  }
  throw new Error(`fixture ${name} not found`);
}

const slice = (text: string, range: TextRange | undefined): string | undefined => (range ? text.slice(range.start, range.end) : undefined);

async function extract(text: string): Promise<MailEndpoint[]> {
  return rustExtractor.extract({ fileName: 'src/mail.rs', text });
}

async function verdicts(text: string): Promise<Finding[]> {
  const result = await lintDocument({ fileName: 'src/mail.rs', text });
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

test('appliesTo Rust files', () => {
  assert.ok(rustExtractor.appliesTo('src/mailer.rs'));
  assert.ok(!rustExtractor.appliesTo('Cargo.toml'));
  assert.deepEqual(rustExtractor.filePatterns, ['*.rs']);
});

test('lettre: relay() (implicit TLS) with .port(587)', async () => {
  const text = fixture('relay_587.rs');
  const [endpoint] = await extract(text);
  assert.equal(endpoint?.mode.value, 'implicit');
  assert.equal(endpoint?.port?.value, 587);
  assert.equal(endpoint?.host?.value, 'smtp.office365.com');
  assert.equal(slice(text, endpoint?.credentials?.range), '.credentials(creds)');
  assert.deepEqual(await ids(text), ['starttls-port-with-implicit-tls']);
  const [finding] = await verdicts(text);
  assert.match(finding?.message ?? '', /SmtpTransport::relay\("smtp\.office365\.com"\) asks for implicit TLS/);
  assert.match(finding?.message ?? '', /InvalidContentType/);
  const fixed = await fixAway(text, 'starttls-port-with-implicit-tls');
  assert.match(fixed, /SmtpTransport::starttls_relay\("smtp\.office365\.com"\)\?/);
});

test('lettre: starttls_relay() on a const 465, async transport', async () => {
  const text = fixture('starttls_465.rs');
  const [endpoint] = await extract(text);
  assert.equal(endpoint?.mode.value, 'starttls');
  assert.equal(endpoint?.port?.value, 465);
  assert.equal(endpoint?.host?.origin, 'env');
  assert.deepEqual(await ids(text), ['implicit-port-without-implicit-tls']);
  const fixed = await fixAway(text, 'implicit-port-without-implicit-tls');
  assert.match(fixed, /AsyncSmtpTransport::<Tokio1Executor>::relay\(host\)/);
});

test('lettre: builder_dangerous with credentials, Tls::Wrapper on 587, invalid certs, URLs', async () => {
  const text = fixture('dangerous.rs');
  const endpoints = await extract(text);
  assert.deepEqual(endpoints.map((endpoint) => [endpoint.port?.value, endpoint.mode.value]), [
    [587, 'none'],
    [587, 'implicit'],
    [587, 'implicit'],
    [465, 'starttls'],
    [587, 'none'],
  ]);
  assert.deepEqual(await ids(text), [
    'tls-disabled-with-credentials',
    'certificate-verification-disabled',
    'starttls-port-with-implicit-tls',
    'starttls-port-with-implicit-tls',
    'implicit-port-without-implicit-tls',
    'tls-disabled-with-credentials',
  ]);
  const secured = await fixAway(text, 'tls-disabled-with-credentials');
  assert.match(secured, /SmtpTransport::starttls_relay\("mail\.example\.org"\)\n/);
  const wrapper = await fixAway(text, 'starttls-port-with-implicit-tls', 0);
  assert.match(wrapper, /\.tls\(Tls::Required\(params\)\)/);
  const url = await fixAway(text, 'starttls-port-with-implicit-tls', 1);
  assert.match(url, /from_url\("smtp:\/\/user:secret@smtp\.gmail\.com:587\?tls=required"\)/);
  const hang = await fixAway(text, 'implicit-port-without-implicit-tls');
  assert.match(hang, /from_url\("smtps:\/\/user:secret@smtp\.gmail\.com:465\?tls=required"\)/);
  const urlTls = await fixAway(text, 'tls-disabled-with-credentials', 1);
  assert.match(urlTls, /smtp\.gmail\.com:587\?tls=required"\)\?\.build\(\);\n    Ok/);
  const verified = await fixAway(text, 'certificate-verification-disabled');
  assert.match(verified, /dangerous_accept_invalid_certs\(false\)/);
});

test('tricky-correct Rust: default ports, env port with fallback, Tls::Required, local catchers, match on security', async () => {
  const text = fixture('correct.rs');
  assert.deepEqual(await verdicts(text), []);
  const endpoints = await extract(text);
  assert.ok(endpoints.length >= 12, String(endpoints.length));
  assert.equal(endpoints[0]?.port?.origin, 'default');
  assert.equal(endpoints[3]?.port?.origin, 'fallback');
});

test('half-typed Rust never throws', async () => {
  for (const name of ['dangerous.rs', 'starttls_465.rs']) {
    const text = fixture(name);
    for (let end = 0; end <= text.length; end += 7) await extract(text.slice(0, end));
  }
});
