// The rust extractor on truncated and mutated sources: it never throws, every range stays inside
// the text, and every rewrite it offers can be applied.
import { test } from 'node:test';
import fc from 'fast-check';
import { rustExtractor } from '../../src/core/config/rust';
import { checkExtractor, fixtureTexts } from './fuzzSupport';

const fixtures = (): string[] => fixtureTexts('rust');
const check = (text: string): Promise<void> => checkExtractor(rustExtractor, 'fuzz/mail.rs', text);

test('fuzz: every truncation of the rust fixtures', { timeout: 60_000 }, async () => {
  for (const text of fixtures()) {
    for (let end = 0; end <= text.length; end += 3) await check(text.slice(0, end));
  }
});

test('fuzz: random values where the rust mail settings are read', { timeout: 60_000 }, async () => {
  const value = fc.oneof(fc.constantFrom('true', 'false', '465', '587', 'relay', 'starttls_relay', 'builder_dangerous', 'smtps', 'smtp', 'required', 'Tls::Wrapper(p)', 'Tls::None', 'Tls::Opportunistic(p)', '(', '{', ')', '"x"'), fc.string({ maxLength: 8 }));
  await fc.assert(
    fc.asyncProperty(value, value, value, async (port, option, ssl) => {
      await check(`use lettre::SmtpTransport;\nfn f() { let m = SmtpTransport::${ssl}("smtp.example.com")?.port(${port}).tls(${option}).credentials(c).build(); let p = TlsParameters::builder(d).dangerous_accept_invalid_certs(${ssl}).build()?; }\n`);
      await check(`fn f() { let m = SmtpTransport::from_url("${option}://u:p@h:${port}?tls=${ssl}")?.build(); let mut b = SmtpTransport::relay(${option})?; b = b.port(${port}); }\n`);
    }),
    { numRuns: 200 },
  );
});

test('fuzz: random insertions into the rust fixtures', { timeout: 60_000 }, async () => {
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
