// The go extractor on truncated and mutated sources: it never throws, every range stays inside
// the text, and every rewrite it offers can be applied.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { goExtractor } from '../../src/core/config/go';
import type { MailEndpoint, TextRange } from '../../src/core/model';
import { applyEdits } from '../../src/core/text';

function fixtures(): string[] {
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    const candidate = path.join(dir, 'test', 'fixtures', 'go');
    if (existsSync(candidate)) return readdirSync(candidate).sort().map((name) => readFileSync(path.join(candidate, name), 'utf8'));
    dir = path.dirname(dir);
  }
  throw new Error('fixtures not found');
}

async function check(text: string): Promise<void> {
  const endpoints: MailEndpoint[] = await goExtractor.extract({ fileName: 'fuzz/mail.go', text, readNearby: async () => undefined });
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

test('fuzz: every truncation of the go fixtures', { timeout: 60_000 }, async () => {
  for (const text of fixtures()) {
    for (let end = 0; end <= text.length; end += 3) await check(text.slice(0, end));
  }
});

test('fuzz: random values where the go mail settings are read', { timeout: 60_000 }, async () => {
  const value = fc.oneof(fc.constantFrom('true', 'false', '465', '587', '"465"', '"h:465"', 'mail.WithSSL()', 'mail.NoTLS', 'gomail.NoStartTLS', 'os.Getenv("X")', '(', '{', ')', 'x...', '&tls.Config{}'), fc.string({ maxLength: 8 }));
  await fc.assert(
    fc.asyncProperty(value, value, value, async (port, option, ssl) => {
      await check(`package m\nimport (\n\t"crypto/tls"\n\t"net/smtp"\n\tgomail "gopkg.in/mail.v2"\n\t"github.com/wneessen/go-mail"\n)\nfunc f() {\n\td := gomail.NewDialer("smtp.example.com", ${port}, "u", ${option})\n\td.SSL = ${ssl}\n\td.StartTLSPolicy = ${option}\n\td.TLSConfig = &tls.Config{InsecureSkipVerify: ${ssl}}\n\t_, _ = mail.NewClient("h", mail.WithPort(${port}), ${option}, mail.WithTLSPolicy(${option}))\n\t_ = smtp.SendMail("h:" + ${port}, nil, "", nil, nil)\n}\n`);
      await check(`package m\nimport "net/smtp"\nfunc f() {\n\tc, _ := smtp.Dial(${option})\n\tc.StartTLS(${ssl})\n\tc.Auth(${port})\n\te := &smtp.Dialer{Host: ${option}, Port: ${port}}\n}\n`);
    }),
    { numRuns: 200 },
  );
});

test('fuzz: random insertions into the go fixtures', { timeout: 60_000 }, async () => {
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
