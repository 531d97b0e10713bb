// The Ruby extractor on truncated and mutated Rails/GitLab settings: it never throws, every range
// stays inside the text, and every rewrite it offers can be applied.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { rubyExtractor } from '../../src/core/config/ruby';
import type { MailEndpoint, TextRange } from '../../src/core/model';
import { applyEdits } from '../../src/core/text';

function fixtures(): string[] {
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    const candidate = path.join(dir, 'test', 'fixtures', 'ruby');
    if (existsSync(candidate)) return readdirSync(candidate).sort().map((name) => readFileSync(path.join(candidate, name), 'utf8'));
    dir = path.dirname(dir);
  }
  throw new Error('fixtures not found');
}

async function check(text: string): Promise<void> {
  const endpoints: MailEndpoint[] = await rubyExtractor.extract({ fileName: 'fuzz/production.rb', text, readNearby: async () => undefined });
  const inside = (range: TextRange | undefined): void => {
    if (range) assert.ok(range.start >= 0 && range.start <= range.end && range.end <= text.length, JSON.stringify(range));
  };
  for (const endpoint of endpoints) {
    for (const range of [endpoint.range, endpoint.anchor, endpoint.mode.range, endpoint.port?.range, endpoint.host?.range, endpoint.credentials?.range, endpoint.certificateVerificationOff?.range]) inside(range);
    for (const flag of endpoint.tlsFlags) {
      inside(flag.range);
      if (flag.removal) applyEdits(text, [flag.removal]);
      const parsed = endpoint.rewrite.parseEnvBoolean?.(flag);
      if (parsed) applyEdits(text, parsed);
    }
    for (const edits of [
      endpoint.rewrite.setTlsMode?.('implicit'),
      endpoint.rewrite.setTlsMode?.('starttls'),
      endpoint.rewrite.setTlsMode?.('starttls', { enforce: true }),
      endpoint.rewrite.setPort?.(587),
      endpoint.rewrite.enforceStartTls?.(),
      endpoint.rewrite.enableCertificateVerification?.(),
    ]) {
      for (const edit of edits ?? []) inside(edit.range);
      if (edits) applyEdits(text, edits);
    }
  }
}

test('fuzz: every truncation of the Ruby fixtures', { timeout: 60_000 }, async () => {
  for (const text of fixtures()) {
    for (let end = 0; end <= text.length; end += 2) await check(text.slice(0, end));
  }
});

test('fuzz: random values where smtp_settings are read', { timeout: 60_000 }, async () => {
  const value = fc.oneof(
    fc.constantFrom('true', 'false', 'nil', '465', '587', "'465'", ':always', ':auto', "ENV['X']", "ENV.fetch('X', 587)", "ENV['X'] == 'true'", "'none'", 'OpenSSL::SSL::VERIFY_NONE', '(', '{', '"a#{b}"'),
    fc.string({ maxLength: 8 }),
  );
  await fc.assert(
    fc.asyncProperty(value, value, value, value, async (port, tls, starttls, verify) => {
      await check(`config.action_mailer.smtp_settings = {\n  address: 'smtp.example.com',\n  port: ${port},\n  tls: ${tls},\n  enable_starttls_auto: ${starttls},\n  openssl_verify_mode: ${verify}\n}\n`);
      await check(`gitlab_rails['smtp_port'] = ${port}\ngitlab_rails['smtp_tls'] = ${tls}\ngitlab_rails['smtp_enable_starttls_auto'] = ${starttls}\n`);
    }),
    { numRuns: 200 },
  );
});

test('fuzz: random insertions into the fixtures', { timeout: 60_000 }, async () => {
  const texts = fixtures();
  await fc.assert(
    fc.asyncProperty(fc.nat(), fc.nat(), fc.string({ maxLength: 12 }), async (a, b, insert) => {
      const text = texts[a % texts.length] ?? '';
      const at = b % (text.length + 1);
      await check(text.slice(0, at) + insert + text.slice(at));
    }),
    { numRuns: 300 },
  );
});
