import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { pythonExtractor } from '../../src/core/config/python';
import { forgetSyntaxTree } from '../../src/core/config/parsers/treeSitter';
import { assertEndpointsSound, namedFixtures } from './fuzzSupport';

const fixtures = (): { name: string; text: string }[] => namedFixtures('python');
const assertRangesInside = assertEndpointsSound;

const SNIPPETS = [
  "server = smtplib.SMTP_SSL('smtp.example.com', 587)",
  'with smtplib.SMTP(host, 465) as s:\n    s.starttls()\n    s.login(u, p)',
  "EMAIL_USE_SSL = env.bool('EMAIL_USE_SSL', default=True)",
  "EMAIL_PORT = int(os.getenv('EMAIL_PORT', '587'))",
  "app.config['MAIL_USE_SSL'] = os.environ.get('MAIL_USE_SSL')",
  'ConnectionConfig(MAIL_PORT=587, MAIL_STARTTLS=True, MAIL_SSL_TLS=True, VALIDATE_CERTS=False)',
  "yagmail.SMTP('me', host='h', port=587)",
  "ctx.verify_mode = ssl.CERT_NONE\nimaplib.IMAP4_SSL('h', 143, ssl_context=ctx)",
  'class Config:\n    MAIL_USE_TLS = True\n    MAIL_PORT = 465\n',
  "SENTRY_OPTIONS['mail.use-ssl'] = True",
  '# Größe 😀 port 465',
];

test('fuzz: truncations of every fixture at every offset never throw and stay in range', { timeout: 60_000 }, async () => {
  const started = Date.now();
  for (const { name, text } of fixtures()) {
    const step = Math.max(1, Math.floor(text.length / 150));
    for (let cut = 0; cut <= text.length && Date.now() - started < 8_000; cut += step) {
      const partial = text.slice(0, cut);
      const endpoints = await pythonExtractor.extract({ fileName: `trunc-${name}`, text: partial });
      assertRangesInside(partial, endpoints);
    }
    forgetSyntaxTree(`trunc-${name}`);
  }
});

test('fuzz: random mixes of mail snippets and noise never throw and stay in range', { timeout: 60_000 }, async () => {
  const piece = fc.oneof(
    fc.constantFrom(...SNIPPETS),
    fc.string({ maxLength: 20 }),
    fc.string({ unit: 'grapheme', maxLength: 10 }),
    fc.constantFrom('(', ')', ',', ':', '\n', '\n    ', "'", '"', '"""', '#', '=', 'if x:', 'else:', 'f"{', '**', 'class A(B):'),
  );
  await fc.assert(
    fc.asyncProperty(fc.array(piece, { maxLength: 12 }), fc.constantFrom('a.py', 'settings.py', 'config.py'), async (pieces, fileName) => {
      const text = pieces.join(' ');
      const endpoints = await pythonExtractor.extract({ fileName: `fuzz-${fileName}`, text });
      assertRangesInside(text, endpoints);
    }),
    { numRuns: 300, interruptAfterTimeLimit: 8_000 },
  );
  forgetSyntaxTree();
});

test('fuzz: mutations of fixtures (insert, delete, replace a span) never throw and stay in range', { timeout: 60_000 }, async () => {
  const all = fixtures();
  await fc.assert(
    fc.asyncProperty(
      fc.integer({ min: 0, max: all.length - 1 }),
      fc.double({ min: 0, max: 1, noNaN: true }),
      fc.integer({ min: 0, max: 40 }),
      fc.oneof(fc.string({ maxLength: 8 }), fc.string({ unit: 'grapheme', maxLength: 4 }), fc.constantFrom(...SNIPPETS)),
      async (index, where, length, insert) => {
        const fixture = all[index];
        if (!fixture) return;
        const at = Math.floor(where * fixture.text.length);
        const text = fixture.text.slice(0, at) + insert + fixture.text.slice(at + length);
        // Same file name each run: exercises the incremental path with arbitrary edits.
        const endpoints = await pythonExtractor.extract({ fileName: `mutate-${fixture.name}`, text });
        assertRangesInside(text, endpoints);
      },
    ),
    { numRuns: 400, interruptAfterTimeLimit: 8_000 },
  );
  forgetSyntaxTree();
});
