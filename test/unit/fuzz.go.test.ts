// The go extractor on truncated and mutated sources: it never throws, every range stays inside
// the text, and every rewrite it offers can be applied.
import { test } from 'node:test';
import fc from 'fast-check';
import { goExtractor } from '../../src/core/config/go';
import { checkExtractor, fixtureTexts } from './fuzzSupport';

const fixtures = (): string[] => fixtureTexts('go');
const check = (text: string): Promise<void> => checkExtractor(goExtractor, 'fuzz/mail.go', text);

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
