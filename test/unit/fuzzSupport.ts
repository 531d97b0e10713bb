// What every extractor's fuzz test checks, in one place: the fixtures of a format, and that
// whatever an extractor returns for any text has its ranges inside that text and offers only
// rewrites that can be applied.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Extractor, MailEndpoint, TextEdit, TextRange } from '../../src/core/model';
import { applyEdits } from '../../src/core/text';

/** The fixture files of one format (test/fixtures/<folder>), sorted by name. */
export function namedFixtures(folder: string): { name: string; text: string }[] {
  let dir = __dirname;
  for (let level = 0; level < 6; level++) {
    const candidate = path.join(dir, 'test', 'fixtures', folder);
    if (existsSync(candidate)) {
      return readdirSync(candidate)
        .sort()
        .map((name) => ({ name, text: readFileSync(path.join(candidate, name), 'utf8') }));
    }
    dir = path.dirname(dir);
  }
  throw new Error(`fixtures not found: test/fixtures/${folder}`);
}

export function fixtureTexts(folder: string): string[] {
  return namedFixtures(folder).map((fixture) => fixture.text);
}

export function assertEndpointsSound(text: string, endpoints: readonly MailEndpoint[]): void {
  const inside = (range: TextRange | undefined, what: string): void => {
    if (!range) return;
    assert.ok(Number.isInteger(range.start) && Number.isInteger(range.end), what);
    assert.ok(range.start >= 0 && range.start <= range.end && range.end <= text.length, `${what} ${JSON.stringify(range)} outside 0..${text.length}`);
  };
  const appliable = (edits: readonly TextEdit[] | undefined): void => {
    for (const edit of edits ?? []) inside(edit.range, 'edit');
    if (edits) applyEdits(text, edits);
  };
  for (const endpoint of endpoints) {
    inside(endpoint.range, 'range');
    inside(endpoint.anchor, 'anchor');
    inside(endpoint.mode.range, 'mode');
    inside(endpoint.port?.range, 'port');
    inside(endpoint.host?.range, 'host');
    inside(endpoint.credentials?.range, 'credentials');
    inside(endpoint.certificateVerificationOff?.range, 'certificate');
    const rewrite = endpoint.rewrite;
    for (const flag of endpoint.tlsFlags) {
      inside(flag.range, 'flag');
      inside(flag.unparsedEnvString?.valueRange, 'env');
      if (flag.removal) appliable([flag.removal]);
      appliable(rewrite.parseEnvBoolean?.(flag));
    }
    appliable(rewrite.setTlsMode?.('implicit'));
    appliable(rewrite.setTlsMode?.('starttls'));
    appliable(rewrite.setTlsMode?.('starttls', { enforce: true }));
    appliable(rewrite.setTlsMode?.('none'));
    appliable(rewrite.setPort?.(465));
    appliable(rewrite.setPort?.(587));
    appliable(rewrite.enforceStartTls?.());
    appliable(rewrite.enableCertificateVerification?.());
  }
}

/** Extracts with no nearby files and checks the result; never lets an exception pass. */
export async function checkExtractor(extractor: Extractor, fileName: string, text: string): Promise<void> {
  const endpoints = await extractor.extract({ fileName, text, readNearby: async () => undefined });
  assertEndpointsSound(text, endpoints);
}
