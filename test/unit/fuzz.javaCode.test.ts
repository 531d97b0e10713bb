// The Java code extractor on truncated and mutated fixtures: it never throws, every range stays
// inside the text, and every rewrite can be applied.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { javaExtractor } from '../../src/core/config/java';
import type { MailEndpoint, TextRange } from '../../src/core/model';
import { applyEdits } from '../../src/core/text';

const dir = path.resolve(__dirname, '../../../test/fixtures/javaCode');
const fixtures = readdirSync(dir)
  .sort()
  .map((name) => readFileSync(path.join(dir, name), 'utf8'));

async function check(text: string): Promise<void> {
  const endpoints: MailEndpoint[] = await javaExtractor.extract({ fileName: 'fuzz/Mail.java', text });
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
      endpoint.rewrite.enforceStartTls?.(),
      endpoint.rewrite.enableCertificateVerification?.(),
    ]) {
      for (const edit of edits ?? []) inside(edit.range);
      if (edits) applyEdits(text, edits);
    }
  }
}

test('fuzz: every truncation of the Java fixtures', { timeout: 30_000 }, async () => {
  for (const text of fixtures) {
    for (let end = 0; end <= text.length; end += 3) await check(text.slice(0, end));
  }
});

test('fuzz: random values in puts and setters', { timeout: 30_000 }, async () => {
  const value = fc.oneof(fc.constantFrom('"true"', 'true', 'false', '"465"', '587', '"smtps"', '"*"', 'x', '(', '"\\u0074rue"', '"""\ntrue"""', ''), fc.string({ maxLength: 8 }));
  await fc.assert(
    fc.asyncProperty(value, value, value, async (port, ssl, protocol) => {
      await check(`class A { void f() { JavaMailSenderImpl s = new JavaMailSenderImpl(); s.setPort(${port}); s.setProtocol(${protocol}); Properties p = s.getJavaMailProperties(); p.put("mail.smtp.ssl.enable", ${ssl}); p.put("mail.smtp.starttls.enable", ${ssl}); p.put("mail.smtp.ssl.trust", ${protocol}); } }`);
    }),
    { numRuns: 200 },
  );
});

test('fuzz: random insertions into the fixtures', { timeout: 30_000 }, async () => {
  await fc.assert(
    fc.asyncProperty(fc.nat(), fc.nat(), fc.string({ maxLength: 12 }), async (a, b, insert) => {
      const text = fixtures[a % fixtures.length] ?? '';
      const at = b % (text.length + 1);
      await check(text.slice(0, at) + insert + text.slice(at));
    }),
    { numRuns: 300 },
  );
});
