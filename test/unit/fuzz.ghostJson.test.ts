// The Ghost JSON extractor on broken, truncated and random JSON: it never throws, every range
// stays inside the text, and every rewrite it offers can be applied.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { ghostJsonExtractor } from '../../src/core/config/ghostJson';
import type { MailEndpoint, TextRange } from '../../src/core/model';
import { applyEdits } from '../../src/core/text';

function fixtures(): string[] {
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    const candidate = path.join(dir, 'test', 'fixtures', 'json');
    if (existsSync(candidate)) return readdirSync(candidate).map((name) => readFileSync(path.join(candidate, name), 'utf8'));
    dir = path.dirname(dir);
  }
  throw new Error('fixtures not found');
}

async function check(text: string): Promise<void> {
  const endpoints: MailEndpoint[] = await ghostJsonExtractor.extract({ fileName: 'config.production.json', text });
  const inside = (range: TextRange | undefined): void => {
    if (range) assert.ok(range.start >= 0 && range.start <= range.end && range.end <= text.length, JSON.stringify(range));
  };
  for (const endpoint of endpoints) {
    for (const range of [endpoint.range, endpoint.anchor, endpoint.mode.range, endpoint.port?.range, endpoint.host?.range, endpoint.credentials?.range, endpoint.certificateVerificationOff?.range]) inside(range);
    for (const flag of endpoint.tlsFlags) inside(flag.range);
    for (const edits of [endpoint.rewrite.setTlsMode?.('implicit'), endpoint.rewrite.setTlsMode?.('starttls'), endpoint.rewrite.setPort?.(587), endpoint.rewrite.enforceStartTls?.(), endpoint.rewrite.enableCertificateVerification?.()]) {
      for (const edit of edits ?? []) inside(edit.range);
      if (edits) applyEdits(text, edits);
    }
  }
}

test('fuzz: every truncation of the Ghost fixtures', { timeout: 60_000 }, async () => {
  for (const text of fixtures()) {
    for (let end = 0; end <= text.length; end++) await check(text.slice(0, end));
  }
});

test('fuzz: random JSON values placed where Ghost reads mail options', { timeout: 60_000 }, async () => {
  await fc.assert(
    fc.asyncProperty(fc.jsonValue(), fc.jsonValue(), fc.jsonValue(), async (port, secure, options) => {
      const text = JSON.stringify({ mail: { transport: 'SMTP', options: { host: 'smtp.example.com', port, secure, tls: options } } }, null, 2);
      await check(text);
    }),
    { numRuns: 300 },
  );
});

test('fuzz: random text and mutations of the fixtures', { timeout: 60_000 }, async () => {
  const texts = fixtures();
  await fc.assert(
    fc.asyncProperty(fc.nat(), fc.nat(), fc.string(), async (a, b, insert) => {
      const text = texts[a % texts.length] ?? '';
      const at = b % (text.length + 1);
      await check(text.slice(0, at) + insert + text.slice(at));
      await check(insert);
    }),
    { numRuns: 500 },
  );
});
