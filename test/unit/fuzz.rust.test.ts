// The rust extractor on truncated and mutated sources: it never throws, every range stays inside
// the text, and every rewrite it offers can be applied.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { rustExtractor } from '../../src/core/config/rust';
import type { MailEndpoint, TextRange } from '../../src/core/model';
import { applyEdits } from '../../src/core/text';

function fixtures(): string[] {
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    const candidate = path.join(dir, 'test', 'fixtures', 'rust');
    if (existsSync(candidate)) return readdirSync(candidate).sort().map((name) => readFileSync(path.join(candidate, name), 'utf8'));
    dir = path.dirname(dir);
  }
  throw new Error('fixtures not found');
}

async function check(text: string): Promise<void> {
  const endpoints: MailEndpoint[] = await rustExtractor.extract({ fileName: 'fuzz/mail.rs', text, readNearby: async () => undefined });
  const inside = (range: TextRange | undefined): void => {
    if (range) assert.ok(range.start >= 0 && range.start <= range.end && range.end <= text.length, JSON.stringify(range));
  };
  for (const endpoint of endpoints) {
    for (const range of [endpoint.range, endpoint.anchor, endpoint.mode.range, endpoint.port?.range, endpoint.host?.range, endpoint.credentials?.range, endpoint.certificateVerificationOff?.range]) inside(range);
    for (const flag of endpoint.tlsFlags) {
      inside(flag.range);
      if (flag.removal) applyEdits(text, [flag.removal]);
    }
    for (const edits of [
      endpoint.rewrite.setTlsMode?.('implicit'),
      endpoint.rewrite.setTlsMode?.('starttls'),
      endpoint.rewrite.setTlsMode?.('starttls', { enforce: true }),
      endpoint.rewrite.setPort?.(587),
      endpoint.rewrite.setPort?.(465),
      endpoint.rewrite.enforceStartTls?.(),
      endpoint.rewrite.enableCertificateVerification?.(),
    ]) {
      for (const edit of edits ?? []) inside(edit.range);
      if (edits) applyEdits(text, edits);
    }
  }
}

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
