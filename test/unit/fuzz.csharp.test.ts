// The C# extractor on truncated and mutated Rails/GitLab settings: it never throws, every range
// stays inside the text, and every rewrite it offers can be applied.
import { test } from 'node:test';
import fc from 'fast-check';
import { csharpExtractor } from '../../src/core/config/csharp';
import { checkExtractor, fixtureTexts } from './fuzzSupport';

const fixtures = (): string[] => fixtureTexts('csharp');
const check = (text: string): Promise<void> => checkExtractor(csharpExtractor, 'fuzz/Mail.cs', text);

test('fuzz: every truncation of the C# fixtures', { timeout: 60_000 }, async () => {
  for (const text of fixtures()) {
    for (let end = 0; end <= text.length; end += 2) await check(text.slice(0, end));
  }
});

test('fuzz: random values where MailKit and SmtpClient settings are read', { timeout: 60_000 }, async () => {
  const value = fc.oneof(
    fc.constantFrom('true', 'false', '465', '587', '"465"', 'SecureSocketOptions.StartTls', 'SecureSocketOptions.SslOnConnect', 'SecureSocketOptions.Auto', 'x', '(', '{', '$"a{b}"', 'useSsl: true', 'ct'),
    fc.string({ maxLength: 8 }),
  );
  await fc.assert(
    fc.asyncProperty(value, value, value, async (port, option, ssl) => {
      await check(`using MailKit.Security;\nclass A { async Task B() { await client.ConnectAsync("smtp.example.com", ${port}, ${option}); client.ServerCertificateValidationCallback = (s, c, h, e) => ${ssl}; await client.AuthenticateAsync("u", "p"); } }`);
      await check(`using System.Net.Mail;\nclass A { void B() { var smtp = new SmtpClient("smtp.example.com", ${port}) { EnableSsl = ${ssl}, Credentials = ${option} }; smtp.Port = ${port}; } }`);
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
