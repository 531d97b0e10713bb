// Property tests for compose `environment:` / Discourse `env:` blocks (parsers/yamlEnv.ts through
// the .env profiles): never throw, ranges stay inside the text, rewrites apply and the result still
// parses — on every truncation of the fixtures and on random mutations.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { extractComposeEnv } from '../../src/core/config/composeEnv';
import type { TextEdit, TextRange } from '../../src/core/model';
import { applyEdits } from '../../src/core/text';

const dir = resolve(__dirname, '../../../test/fixtures/compose');
const fixtures = readdirSync(dir).map((name) => readFileSync(join(dir, name), 'utf8'));
const inside = (text: string, range: TextRange): boolean => Number.isInteger(range.start) && range.start >= 0 && range.start <= range.end && range.end <= text.length;

function checkEdits(text: string, edits: readonly TextEdit[] | undefined): void {
  if (!edits) return;
  for (const edit of edits) assert.ok(inside(text, edit.range), `edit ${JSON.stringify(edit.range)} outside`);
  check(applyEdits(text, edits), false);
}

function check(text: string, withEdits = true): void {
  for (const endpoint of extractComposeEnv(text)) {
    const ranges = [endpoint.range, endpoint.anchor, endpoint.mode.range, ...endpoint.tlsFlags.flatMap((flag) => [flag.range, ...(flag.removal ? [flag.removal.range] : [])])];
    if (endpoint.host) ranges.push(endpoint.host.range);
    if (endpoint.port) ranges.push(endpoint.port.range);
    if (endpoint.credentials) ranges.push(endpoint.credentials.range);
    if (endpoint.certificateVerificationOff) ranges.push(endpoint.certificateVerificationOff.range);
    for (const range of ranges) assert.ok(inside(text, range), `range ${JSON.stringify(range)} outside a text of ${text.length}`);
    if (!withEdits) continue;
    for (const mode of ['implicit', 'starttls', 'none'] as const) checkEdits(text, endpoint.rewrite.setTlsMode?.(mode, { enforce: true }));
    checkEdits(text, endpoint.rewrite.setPort?.(465));
    checkEdits(text, endpoint.rewrite.enforceStartTls?.());
    checkEdits(text, endpoint.rewrite.enableCertificateVerification?.());
  }
}

describe('fuzz: compose environment blocks', () => {
  it('every truncation of every fixture', () => {
    for (const text of fixtures) for (let end = 0; end <= text.length; end++) check(text.slice(0, end), end % 11 === 0 || end === text.length);
  });

  it('random mutations of the fixtures', () => {
    const mutation = fc.tuple(
      fc.constantFrom(...fixtures),
      fc.nat(),
      fc.nat(),
      fc.constantFrom('', '\n', '"', "'", '=', ' ', ':', '- ', '465', 'true', 'null', '#', '\r\n', '${X}', '$$', '\t', '{', '[', '&a', '*a', '!secret x', '|\n  x'),
    );
    fc.assert(
      fc.property(mutation, ([text, at, length, insert]) => {
        const start = at % (text.length + 1);
        const end = Math.min(text.length, start + (length % 12));
        check(text.slice(0, start) + insert + text.slice(end));
      }),
      { numRuns: 200 },
    );
  });

  it('fixes written in YAML keep the block readable by a YAML parser', () => {
    for (const text of fixtures) {
      for (const endpoint of extractComposeEnv(text)) {
        for (const edits of [endpoint.rewrite.setTlsMode?.('implicit'), endpoint.rewrite.setTlsMode?.('starttls', { enforce: true }), endpoint.rewrite.setPort?.(587)]) {
          if (!edits) continue;
          const fixed = applyEdits(text, edits);
          assert.ok(extractComposeEnv(fixed).length >= 1, `a fix emptied the block:\n${fixed}`);
        }
      }
    }
  });
});
