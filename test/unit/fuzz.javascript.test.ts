import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { javascriptExtractor } from '../../src/core/config/javascript';
import { forgetSyntaxTree } from '../../src/core/config/parsers/treeSitter';
import { assertEndpointsSound, namedFixtures } from './fuzzSupport';

const fixtures = (): { name: string; text: string }[] => namedFixtures('javascript');
const assertRangesInside = assertEndpointsSound;

const SNIPPETS = [
  "nodemailer.createTransport({ host: 'smtp.example.com', port: 587, secure: true })",
  'createTransport(`smtps://u:p@smtp.example.com:587`)',
  "new ImapFlow({ host: 'imap.example.com', port: 993, secure: false, doSTARTTLS: true })",
  "new Imap({ user: 'u', password: 'p', port: 143, tls: true, autotls: 'required' })",
  'const mail = { host: process.env.SMTP_HOST, port: Number(process.env.SMTP_PORT) || 465, secure: process.env.SMTP_SECURE, auth: { user, pass } }',
  "process.env.MAIL_URL = 'smtp://h:465'",
  'MailerModule.forRoot({ transport: { service: "SendGrid", secure: true } })',
  'const { SMTP_PORT } = process.env; const t = createTransport({ port: +SMTP_PORT, ...base, tls: { rejectUnauthorized: false } })',
  '// Größe 😀 port 465',
  "'465:465'",
  '{ timeout: 465, secure: true }',
];

test('fuzz: truncations of every fixture at every offset never throw and stay in range', { timeout: 60_000 }, async () => {
  const started = Date.now();
  for (const { name, text } of fixtures()) {
    const step = Math.max(1, Math.floor(text.length / 150));
    for (let cut = 0; cut <= text.length && Date.now() - started < 8_000; cut += step) {
      const partial = text.slice(0, cut);
      const endpoints = await javascriptExtractor.extract({ fileName: `trunc-${name}`, text: partial });
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
    fc.constantFrom('{', '}', '(', ')', ',', ';', '\n', '`', "'", '"', '${', '/*', '*/', '//', ' as const', '...', '=>'),
  );
  await fc.assert(
    fc.asyncProperty(fc.array(piece, { maxLength: 12 }), fc.constantFrom('a.js', 'a.ts', 'a.tsx', 'a.mjs'), async (pieces, fileName) => {
      const text = pieces.join(' ');
      const endpoints = await javascriptExtractor.extract({ fileName: `fuzz-${fileName}`, text });
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
        const endpoints = await javascriptExtractor.extract({ fileName: `mutate-${fixture.name}`, text });
        assertRangesInside(text, endpoints);
      },
    ),
    { numRuns: 400, interruptAfterTimeLimit: 8_000 },
  );
  forgetSyntaxTree();
});
