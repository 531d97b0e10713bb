// Property tests for the Home Assistant YAML, GitHub Actions workflow and Keycloak realm JSON
// extractors (and parsers/yamlMap.ts): never throw, ranges stay inside the text, rewrites apply —
// on every truncation of the fixtures and on random mutations.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { extractGithubActions } from '../../src/core/config/githubActions';
import { extractHomeAssistant } from '../../src/core/config/homeAssistant';
import { extractKeycloakJson } from '../../src/core/config/keycloakJson';
import type { MailEndpoint, TextEdit, TextRange } from '../../src/core/model';
import { applyEdits } from '../../src/core/text';

const load = (format: string): string[] => {
  const dir = resolve(__dirname, '../../../test/fixtures', format);
  return readdirSync(dir).map((name) => readFileSync(join(dir, name), 'utf8'));
};
const inside = (text: string, range: TextRange): boolean => Number.isInteger(range.start) && range.start >= 0 && range.start <= range.end && range.end <= text.length;

function checkEdits(extract: (text: string) => MailEndpoint[], text: string, edits: readonly TextEdit[] | undefined): void {
  if (!edits) return;
  for (const edit of edits) assert.ok(inside(text, edit.range), `edit ${JSON.stringify(edit.range)} outside`);
  const sorted = [...edits].sort((a, b) => a.range.start - b.range.start);
  for (let index = 1; index < sorted.length; index++) assert.ok(sorted[index]!.range.start >= sorted[index - 1]!.range.end, 'overlapping edits');
  check(extract, applyEdits(text, edits), false);
}

function check(extract: (text: string) => MailEndpoint[], text: string, withEdits = true): void {
  for (const endpoint of extract(text)) {
    const ranges = [endpoint.range, endpoint.anchor, endpoint.mode.range, ...endpoint.tlsFlags.flatMap((flag) => [flag.range, ...(flag.removal ? [flag.removal.range] : [])])];
    if (endpoint.host) ranges.push(endpoint.host.range);
    if (endpoint.port) ranges.push(endpoint.port.range);
    if (endpoint.credentials) ranges.push(endpoint.credentials.range);
    if (endpoint.certificateVerificationOff) ranges.push(endpoint.certificateVerificationOff.range);
    for (const range of ranges) assert.ok(inside(text, range), `range ${JSON.stringify(range)} outside a text of ${text.length}`);
    if (!withEdits) continue;
    for (const mode of ['implicit', 'starttls', 'none'] as const) {
      checkEdits(extract, text, endpoint.rewrite.setTlsMode?.(mode));
      checkEdits(extract, text, endpoint.rewrite.setTlsMode?.(mode, { enforce: true }));
    }
    checkEdits(extract, text, endpoint.rewrite.setPort?.(465));
    checkEdits(extract, text, endpoint.rewrite.enforceStartTls?.());
    checkEdits(extract, text, endpoint.rewrite.enableCertificateVerification?.());
  }
}

const formats = [
  { name: 'home assistant', extract: extractHomeAssistant, fixtures: load('home-assistant'), inserts: ['', '\n', ' ', ':', '- ', '465', 'tls', 'none', '!secret x', '"', "'", '#', '{', '[', '\t', '|\n  x', 'platform: smtp\n'] },
  { name: 'github actions', extract: extractGithubActions, fixtures: load('github-actions'), inserts: ['', '\n', ' ', ':', '- ', '465', 'true', '${{ x }}', '@v2', 'smtp://', '"', "'", '#', '{', '[', '\t', '&a', '*a'] },
  { name: 'keycloak', extract: extractKeycloakJson, fixtures: load('keycloak'), inserts: ['', '\n', '"', ',', ':', '{', '}', '[', ']', '"465"', '"true"', 'true', '${X}', '//', '"smtpServer": {'] },
];

describe('fuzz: Home Assistant, GitHub Actions, Keycloak', () => {
  for (const format of formats) {
    it(`${format.name}: every truncation of every fixture`, () => {
      for (const text of format.fixtures) for (let end = 0; end <= text.length; end++) check(format.extract, text.slice(0, end), end % 7 === 0 || end === text.length);
    });

    it(`${format.name}: random mutations of the fixtures`, () => {
      const mutation = fc.tuple(fc.constantFrom(...format.fixtures), fc.nat(), fc.nat(), fc.constantFrom(...format.inserts));
      fc.assert(
        fc.property(mutation, ([text, at, length, insert]) => {
          const start = at % (text.length + 1);
          const end = Math.min(text.length, start + (length % 12));
          check(format.extract, text.slice(0, start) + insert + text.slice(end));
        }),
        { numRuns: 250 },
      );
    });
  }

  it('fixes keep the files readable: the endpoint is still found', () => {
    for (const format of formats) {
      for (const text of format.fixtures) {
        for (const endpoint of format.extract(text)) {
          for (const edits of [endpoint.rewrite.setTlsMode?.('implicit'), endpoint.rewrite.setTlsMode?.('starttls'), endpoint.rewrite.setPort?.(587), endpoint.rewrite.enableCertificateVerification?.()]) {
            if (!edits) continue;
            const fixed = applyEdits(text, edits);
            assert.ok(format.extract(fixed).length >= 1, `a fix lost the endpoint:\n${fixed}`);
          }
        }
      }
    }
  });
});
