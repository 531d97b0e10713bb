// Property tests for the .properties parser and the Spring/Jakarta extractors (properties, YAML).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { extractJavaProperties } from '../../src/core/config/javaProperties';
import { parseProperties } from '../../src/core/config/parsers/properties';
import { extractSpringYaml } from '../../src/core/config/springYaml';
import type { MailEndpoint, TextEdit, TextRange } from '../../src/core/model';
import { applyEdits } from '../../src/core/text';

const fixtureDir = resolve(__dirname, '../../../test/fixtures/java');
const names = readdirSync(fixtureDir);
const propertiesFixtures = names.filter((name) => name.endsWith('.properties')).map((name) => readFileSync(join(fixtureDir, name), 'utf8'));
const yamlFixtures = names.filter((name) => /\.ya?ml$/.test(name)).map((name) => readFileSync(join(fixtureDir, name), 'utf8'));

const inside = (text: string, range: TextRange): boolean => range.start >= 0 && range.start <= range.end && range.end <= text.length;

function ranges(endpoint: MailEndpoint): TextRange[] {
  const list: TextRange[] = [endpoint.range, endpoint.anchor, endpoint.mode.range, ...endpoint.tlsFlags.flatMap((flag) => [flag.range, ...(flag.removal ? [flag.removal.range] : [])])];
  for (const optional of [endpoint.host?.range, endpoint.port?.range, endpoint.credentials?.range, endpoint.certificateVerificationOff?.range]) if (optional) list.push(optional);
  return list;
}

function check(extract: (text: string) => MailEndpoint[], text: string, withEdits = true): void {
  for (const endpoint of extract(text)) {
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
      check(extract, applyEdits(text, edits), false);
    }
  }
}

function checkParser(text: string): void {
  let previous = 0;
  for (const entry of parseProperties(text).entries) {
    for (const range of [entry.keyRange, entry.valueRange, entry.lineRange, entry.lineWithBreakRange]) assert.ok(inside(text, range));
    assert.ok(entry.lineRange.start >= previous);
    previous = entry.lineWithBreakRange.end;
  }
}

const mutations = (fixtures: string[]): fc.Arbitrary<string> => {
  const fixture = fc.constantFrom(...fixtures);
  const truncated = fixture.chain((text) => fc.nat({ max: text.length }).map((cut) => text.slice(0, cut)));
  const mutated = fixture.chain((text) =>
    fc
      .tuple(fc.nat({ max: text.length }), fc.nat({ max: 6 }), fc.constantFrom('', '\\', '=', ':', ' ', '#', '!', '\n', '\r\n', '${', '}', '[', '"', "'", '- ', '---\n', 'smtps', '📧', '\t'))
      .map(([at, remove, insert]) => text.slice(0, at) + insert + text.slice(at + remove)),
  );
  return fc.oneof(truncated, mutated);
};

describe('fuzz: properties parser and Java extractors', () => {
  it('the parser never throws and keeps ranges ordered on arbitrary text', () => {
    fc.assert(fc.property(fc.string({ maxLength: 200, unit: 'binary' }), (text) => checkParser(text)), { numRuns: 500 });
  });

  it('.properties: truncations and mutations', () => {
    fc.assert(
      fc.property(mutations(propertiesFixtures), (text) => {
        checkParser(text);
        check(extractJavaProperties, text);
      }),
      { numRuns: 250 },
    );
  });

  it('Spring YAML: truncations and mutations', () => {
    fc.assert(fc.property(mutations(yamlFixtures), (text) => check(extractSpringYaml, text)), { numRuns: 200 });
  });

  it('every truncation of every fixture', () => {
    for (const text of propertiesFixtures) for (let cut = 0; cut <= text.length; cut += 2) check(extractJavaProperties, text.slice(0, cut), false);
    for (const text of yamlFixtures) for (let cut = 0; cut <= text.length; cut += 3) check(extractSpringYaml, text.slice(0, cut), false);
  });
});
