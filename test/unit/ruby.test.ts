import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import * as path from 'node:path';
import { rubyExtractor } from '../../src/core/config/ruby';
import { mailGemVersion } from '../../src/core/config/semantics/mailGem';
import { lintDocument } from '../../src/core/lint';
import { applyEdits } from '../../src/core/text';
import type { Finding, MailEndpoint, SourceDocument, TextRange } from '../../src/core/model';

function fixture(name: string): string {
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    const candidate = path.join(dir, 'test', 'fixtures', 'ruby', name);
    if (existsSync(candidate)) return readFileSync(candidate, 'utf8');
    dir = path.dirname(dir);
  }
  throw new Error(`fixture ${name} not found`);
}

const slice = (text: string, range: TextRange | undefined): string | undefined => (range ? text.slice(range.start, range.end) : undefined);

function doc(text: string, fileName = 'config/environments/production.rb', lock?: string): SourceDocument {
  return { fileName, text, readNearby: async (name) => (name === 'Gemfile.lock' && lock !== undefined ? { path: '/app/Gemfile.lock', text: lock } : undefined) };
}

async function extract(text: string, fileName?: string, lock?: string): Promise<MailEndpoint[]> {
  return rubyExtractor.extract(doc(text, fileName, lock));
}

async function verdicts(text: string, fileName?: string, lock?: string): Promise<Finding[]> {
  const result = await lintDocument(doc(text, fileName, lock));
  assert.deepEqual(result.problems, []);
  return result.findings.filter((finding) => finding.severity === 'error' || finding.severity === 'warning');
}

/** Applies the preferred fix of the first finding with `ruleId` and checks the finding is gone. */
async function fixAway(text: string, ruleId: string, fileName?: string, lock?: string): Promise<string> {
  const finding = (await verdicts(text, fileName, lock)).find((candidate) => candidate.ruleId === ruleId);
  assert.ok(finding, `no ${ruleId}`);
  const fix = finding.fixes.find((candidate) => candidate.preferred);
  assert.ok(fix, `no preferred fix for ${ruleId}`);
  const fixed = applyEdits(text, fix.edits);
  const after = await verdicts(fixed, fileName, lock);
  assert.ok(!after.some((candidate) => candidate.ruleId === ruleId), `${ruleId} still there after the fix:\n${fixed}`);
  return fixed;
}

const LOCK = (version: string): string => `GEM\n  remote: https://rubygems.org/\n  specs:\n    mail (${version})\n      mini_mime (>= 0.1.1)\n    rails (7.1.3)\n`;

test('appliesTo Ruby files, gitlab.rb included', () => {
  assert.ok(rubyExtractor.appliesTo('/srv/app/config/environments/production.rb'));
  assert.ok(rubyExtractor.appliesTo('/etc/gitlab/gitlab.rb'));
  assert.ok(!rubyExtractor.appliesTo('Gemfile.lock'));
  assert.ok(!rubyExtractor.appliesTo('config.py'));
  assert.ok(rubyExtractor.filePatterns.includes('*.rb'));
});

test('the mail gem version is read from Gemfile.lock', () => {
  assert.deepEqual(mailGemVersion(LOCK('2.8.1')), { text: '2.8.1', major: 2, minor: 8 });
  assert.deepEqual(mailGemVersion(LOCK('2.9.0.rc1')), { text: '2.9.0.rc1', major: 2, minor: 9 });
  // a dependency line (six spaces) is not the gem itself
  assert.equal(mailGemVersion('GEM\n  specs:\n    actionmailer (7.1.3)\n      mail (~> 2.5, >= 2.5.4)\n'), undefined);
});

test('tls: true on the fallback port 587, with verify none: error and warning, fixes in Ruby', async () => {
  const text = fixture('production.rb');
  const [endpoint, ...rest] = await extract(text);
  assert.equal(rest.length, 0);
  assert.ok(endpoint);
  assert.equal(endpoint.library, 'rails-mail');
  assert.equal(endpoint.format, 'ruby');
  assert.equal(endpoint.mode.value, 'implicit');
  assert.equal(endpoint.port?.value, 587);
  assert.equal(endpoint.port?.origin, 'fallback');
  assert.equal(endpoint.port?.envName, 'SMTP_PORT');
  assert.equal(endpoint.host?.value, 'smtp.office365.com');
  assert.equal(slice(text, endpoint.credentials?.range), "password: ENV['SMTP_PASSWORD']");
  assert.equal(slice(text, endpoint.certificateVerificationOff?.range), "openssl_verify_mode: 'none'");
  assert.equal(slice(text, endpoint.anchor), 'config.action_mailer.smtp_settings');
  const findings = await verdicts(text);
  assert.deepEqual(findings.map((finding) => finding.ruleId).sort(), ['certificate-verification-disabled', 'starttls-port-with-implicit-tls']);
  const mismatch = findings.find((finding) => finding.ruleId === 'starttls-port-with-implicit-tls');
  assert.match(mismatch?.message ?? '', /wrong version number/);
  assert.equal(slice(text, mismatch?.range), 'tls: true');

  const fixed = await fixAway(text, 'starttls-port-with-implicit-tls');
  assert.match(fixed, /authentication: :login,\n    enable_starttls_auto: true,\n    openssl_verify_mode/);
  const port = endpoint.rewrite.setPort?.(465);
  assert.ok(port);
  assert.match(applyEdits(text, port), /ENV\.fetch\('SMTP_PORT', 465\)\.to_i/);
  const verified = await fixAway(text, 'certificate-verification-disabled');
  assert.match(verified, /openssl_verify_mode: 'peer'/);
});

test('port 465 without tls: the mail gem defaults to STARTTLS and hangs', async () => {
  const text = fixture('port465_default.rb');
  const findings = await verdicts(text);
  assert.deepEqual(findings.map((finding) => finding.ruleId), ['implicit-port-without-implicit-tls']);
  assert.match(findings[0]?.message ?? '', /Net::ReadTimeout/);
  const fixed = await fixAway(text, 'implicit-port-without-implicit-tls');
  assert.match(fixed, /port: 465,\n  tls: true,\n  user_name/);
});

test('tls + enable_starttls_auto: the reading follows Gemfile.lock', async () => {
  const text = fixture('both_flags.rb');
  const unknown = await verdicts(text);
  assert.equal(unknown.length, 1);
  assert.equal(unknown[0]?.ruleId, 'conflicting-tls-flags');
  assert.equal(unknown[0]?.severity, 'warning');
  assert.match(unknown[0]?.message ?? '', /No Gemfile\.lock found; read as mail 2\.9 or later/);

  const modern = await verdicts(text, undefined, LOCK('2.9.1'));
  assert.equal(modern[0]?.severity, 'error');
  assert.match(modern[0]?.message ?? '', /ArgumentError: :enable_starttls and :tls are mutually exclusive.*mail 2\.9\.1 from Gemfile\.lock/);

  const legacy = await verdicts(text, undefined, LOCK('2.8.1'));
  assert.equal(legacy[0]?.severity, 'warning');
  assert.match(legacy[0]?.message ?? '', /lets tls win.*mail 2\.8\.1 from Gemfile\.lock/);

  const fixed = await fixAway(text, 'conflicting-tls-flags', undefined, LOCK('2.9.1'));
  assert.ok(!fixed.includes('enable_starttls_auto'));
  assert.match(fixed, /:ssl {18}=> true\n\}/);
});

test('tls: true alone is not a conflict (Rails defaults are replaced by the assigned hash)', async () => {
  const text = "config.action_mailer.smtp_settings = { address: 'smtp.example.com', port: 465, tls: true }\n";
  assert.deepEqual(await verdicts(text, undefined, LOCK('2.9.1')), []);
});

test('GitLab gitlab.rb: smtp_tls with smtp_enable_starttls_auto', async () => {
  const text = fixture('gitlab.rb');
  const [endpoint] = await extract(text, '/etc/gitlab/gitlab.rb');
  assert.ok(endpoint);
  assert.equal(endpoint.library, 'gitlab');
  assert.equal(endpoint.port?.value, 465);
  assert.equal(slice(text, endpoint.port?.range), '465');
  assert.equal(endpoint.mode.value, 'implicit');
  assert.equal(endpoint.reading?.certainty, 'inferred');
  const findings = await verdicts(text, '/etc/gitlab/gitlab.rb');
  assert.deepEqual(findings.map((finding) => finding.ruleId), ['conflicting-tls-flags']);
  const fixed = await fixAway(text, 'conflicting-tls-flags', '/etc/gitlab/gitlab.rb');
  assert.ok(!fixed.includes("['smtp_enable_starttls_auto']"));

  // 465 without smtp_tls: hang; the fix writes a new gitlab_rails line
  const plain = text.replace("gitlab_rails['smtp_tls'] = true\n", '').replace("gitlab_rails['smtp_enable_starttls_auto'] = true\n", '');
  const hang = await verdicts(plain, '/etc/gitlab/gitlab.rb');
  assert.deepEqual(hang.map((finding) => finding.ruleId), ['implicit-port-without-implicit-tls']);
  const fixedPlain = await fixAway(plain, 'implicit-port-without-implicit-tls', '/etc/gitlab/gitlab.rb');
  assert.match(fixedPlain, /gitlab_rails\['smtp_openssl_verify_mode'\] = 'peer'\ngitlab_rails\['smtp_tls'\] = true\n/);

  // smtp_tls on 587: the fix switches smtp_tls off the GitLab way
  const tls587 = "gitlab_rails['smtp_address'] = 'smtp.office365.com'\ngitlab_rails['smtp_port'] = 587\ngitlab_rails['smtp_tls'] = true\n";
  const fixed587 = await fixAway(tls587, 'starttls-port-with-implicit-tls', 'gitlab.rb');
  assert.match(fixed587, /smtp_tls'\] = false\ngitlab_rails\['smtp_enable_starttls_auto'\] = true/);

  // disabled SMTP is not judged
  assert.deepEqual(await extract("gitlab_rails['smtp_enable'] = false\ngitlab_rails['smtp_port'] = 465\n", 'gitlab.rb'), []);
});

test('ENV strings handed to tls are flagged, compared ones are not', async () => {
  const text = fixture('mailer_env.rb');
  const findings = await verdicts(text);
  assert.deepEqual(findings.map((finding) => finding.ruleId), ['env-string-boolean']);
  const fixed = await fixAway(text, 'env-string-boolean');
  assert.match(fixed, /tls: ENV\['SMTP_TLS'\] == 'true',/);
});

test('tricky-correct Ruby: silent', async () => {
  assert.deepEqual(await verdicts(fixture('correct.rb')), []);
  const endpoints = await extract(fixture('correct.rb'));
  assert.equal(endpoints.length, 4);
  // hashrocket style is kept by the writer
  const rocket = ':address => "smtp.x.com", :port => 587, :tls => true';
  const [endpoint] = await extract(`ActionMailer::Base.smtp_settings = { ${rocket} }`);
  const fix = endpoint?.rewrite.setTlsMode?.('starttls', { enforce: true });
  assert.ok(fix);
  assert.equal(applyEdits(`ActionMailer::Base.smtp_settings = { ${rocket} }`, fix), 'ActionMailer::Base.smtp_settings = { :address => "smtp.x.com", :port => 587, :enable_starttls => :always }');
});

test('enable_starttls_auto: false with credentials to a remote host: TLS off', async () => {
  const text = "config.action_mailer.smtp_settings = {\n  address: 'mail.example.com',\n  port: 587,\n  enable_starttls_auto: false,\n  user_name: 'app',\n  password: ENV['PW']\n}\n";
  const findings = await verdicts(text);
  assert.deepEqual(findings.map((finding) => finding.ruleId), ['tls-disabled-with-credentials']);
  const fixed = await fixAway(text, 'tls-disabled-with-credentials');
  assert.match(fixed, /port: 587,\n  enable_starttls: :always,\n  user_name/);
});

test('files without smtp, or half-typed, yield nothing and never throw', async () => {
  assert.deepEqual(await extract('puts "hello"'), []);
  const text = fixture('production.rb');
  for (let end = 0; end <= text.length; end += 7) await extract(text.slice(0, end));
});
