// Property tests for the Sentry config.yml and fluentd mail extractors: never throw, ranges inside
// the text, every rewrite applies — on every truncation of the fixtures and on random mutations.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { extractFluentdMail } from '../../src/core/config/fluentdMail';
import { extractSentryYaml } from '../../src/core/config/sentryYaml';
import type { MailEndpoint, TextEdit, TextRange } from '../../src/core/model';
import { applyEdits } from '../../src/core/text';

const root = resolve(__dirname, '../../../test/fixtures');
const FORMATS: readonly (readonly [string, (text: string) => MailEndpoint[]])[] = [
  ['sentry', extractSentryYaml],
  ['fluentd', extractFluentdMail],
];

function inside(text: string, range: TextRange): void {
  assert.ok(range.start >= 0 && range.start <= range.end && range.end <= text.length, `range ${JSON.stringify(range)} outside ${text.length}`);
}

function check(text: string, extract: (text: string) => MailEndpoint[]): void {
  const endpoints = extract(text);
  for (const endpoint of endpoints) {
    for (const range of [endpoint.range, endpoint.anchor, endpoint.mode.range, ...endpoint.tlsFlags.map((flag) => flag.range)]) inside(text, range);
    if (endpoint.host) inside(text, endpoint.host.range);
    if (endpoint.port) inside(text, endpoint.port.range);
    if (endpoint.credentials) inside(text, endpoint.credentials.range);
    const rewrites: (TextEdit[] | undefined)[] = [
      endpoint.rewrite.setTlsMode?.('implicit'),
      endpoint.rewrite.setTlsMode?.('starttls'),
      endpoint.rewrite.setTlsMode?.('none'),
      endpoint.rewrite.setPort?.(587),
      endpoint.rewrite.enforceStartTls?.(),
      ...endpoint.tlsFlags.map((flag) => (flag.removal ? [flag.removal] : undefined)),
    ];
    for (const edits of rewrites) {
      if (!edits) continue;
      for (const edit of edits) inside(text, edit.range);
      applyEdits(text, edits);
    }
  }
}

describe('fuzz: Sentry config.yml and fluentd mail', () => {
  for (const [format, extract] of FORMATS) {
    const texts = readdirSync(join(root, format)).map((name) => readFileSync(join(root, format, name), 'utf8'));
    it(`${format}: every truncation of the fixtures`, () => {
      for (const text of texts) for (let end = 0; end <= text.length; end++) check(text.slice(0, end), extract);
    });
    it(`${format}: random mutations`, () => {
      fc.assert(
        fc.property(fc.constantFrom(...texts), fc.nat(), fc.nat(), fc.string({ maxLength: 12 }), (text, at, length, insert) => {
          const start = at % (text.length + 1);
          const end = Math.min(text.length, start + (length % 8));
          check(text.slice(0, start) + insert + text.slice(end), extract);
        }),
        { numRuns: 400 },
      );
    });
  }
});
