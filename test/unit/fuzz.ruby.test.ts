// The Ruby extractor on truncated and mutated Rails/GitLab settings: it never throws, every range
// stays inside the text, and every rewrite it offers can be applied.
import { test } from 'node:test';
import fc from 'fast-check';
import { rubyExtractor } from '../../src/core/config/ruby';
import { checkExtractor, fixtureTexts } from './fuzzSupport';

const fixtures = (): string[] => fixtureTexts('ruby');
const check = (text: string): Promise<void> => checkExtractor(rubyExtractor, 'fuzz/production.rb', text);

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
