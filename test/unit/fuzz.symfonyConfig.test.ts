// Property tests for the Symfony mailer.yaml/php extractor: truncations and mutations of the
// fixtures never throw, ranges stay inside the text, and every rewrite applies and reads again.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { extractSymfonyConfig } from '../../src/core/config/symfonyConfig';
import type { MailEndpoint, TextEdit, TextRange } from '../../src/core/model';
import { applyEdits } from '../../src/core/text';

const fixtureDir = resolve(__dirname, '../../../test/fixtures/symfony');
const fixtures = readdirSync(fixtureDir).map((name) => ({ fileName: `/fuzz/config/packages/${name.endsWith('.php') ? 'mailer.php' : 'mailer.yaml'}`, text: readFileSync(join(fixtureDir, name), 'utf8') }));

const inside = (text: string, range: TextRange): boolean => range.start >= 0 && range.start <= range.end && range.end <= text.length;

function ranges(endpoint: MailEndpoint): TextRange[] {
  const list: TextRange[] = [endpoint.range, endpoint.anchor, endpoint.mode.range, ...endpoint.tlsFlags.flatMap((flag) => [flag.range, ...(flag.removal ? [flag.removal.range] : [])])];
  for (const optional of [endpoint.host?.range, endpoint.port?.range, endpoint.credentials?.range, endpoint.certificateVerificationOff?.range]) if (optional) list.push(optional);
  return list;
}

async function check(fileName: string, text: string, withEdits = true): Promise<void> {
  const endpoints = await extractSymfonyConfig({ fileName, text });
  for (const endpoint of endpoints) {
    for (const range of ranges(endpoint)) assert.ok(inside(text, range), `range ${JSON.stringify(range)} outside ${text.length}`);
    if (!withEdits) continue;
    const rewrite = endpoint.rewrite;
    const all: (TextEdit[] | undefined)[] = [
      ...(['implicit', 'starttls', 'none'] as const).map((mode) => rewrite.setTlsMode?.(mode, { enforce: true })),
      rewrite.setPort?.(465),
      rewrite.enforceStartTls?.(),
      rewrite.enableCertificateVerification?.(),
    ];
    for (const edits of all) {
      if (!edits) continue;
      for (const edit of edits) assert.ok(inside(text, edit.range));
      await check(fileName, applyEdits(text, edits), false);
    }
  }
}

describe('fuzz: symfony config extractor', () => {
  it('never throws on truncations and mutations of the fixtures', async () => {
    const fixture = fc.constantFrom(...fixtures);
    const truncated = fixture.chain(({ fileName, text }) => fc.nat({ max: text.length }).map((cut) => ({ fileName, text: text.slice(0, cut) })));
    const mutated = fixture.chain(({ fileName, text }) =>
      fc
        .tuple(fc.nat({ max: text.length }), fc.nat({ max: 6 }), fc.constantFrom('', "'", '"', ':', '?', '&', '=', '%', '$', '->', '=>', '\n', '\r\n', '  ', '\t', 'smtps://', '465', '📧', '#', '@'))
        .map(([at, remove, insert]) => ({ fileName, text: text.slice(0, at) + insert + text.slice(at + remove) })),
    );
    await fc.assert(
      fc.asyncProperty(fc.oneof(truncated, mutated), async ({ fileName, text }) => {
        await check(fileName, text);
      }),
      { numRuns: 300 },
    );
  });

  it('truncates every fixture at every offset without throwing', async () => {
    for (const { fileName, text } of fixtures) for (let cut = 0; cut <= text.length; cut += 3) await check(fileName, text.slice(0, cut), false);
  });
});
