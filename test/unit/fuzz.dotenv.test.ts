// Property tests: the .env parser and extractor never throw, every range stays inside the text,
// keys round-trip through their ranges, and rewriter edits apply cleanly — on random text and on
// mutations and truncations of the real fixtures.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { extractDotenv } from '../../src/core/config/dotenv';
import { parseDotenv } from '../../src/core/config/parsers/dotenv';
import type { MailEndpoint, TextEdit, TextRange } from '../../src/core/model';
import { applyEdits } from '../../src/core/text';

const fixtureDir = resolve(__dirname, '../../../test/fixtures/dotenv');
const fixtures = readdirSync(fixtureDir).map((name) => readFileSync(join(fixtureDir, name), 'utf8'));

function inside(text: string, range: TextRange): boolean {
  return Number.isInteger(range.start) && Number.isInteger(range.end) && range.start >= 0 && range.start <= range.end && range.end <= text.length;
}

function checkParser(text: string): void {
  const file = parseDotenv(text);
  let previousEnd = 0;
  for (const entry of file.entries) {
    for (const range of [entry.keyRange, entry.valueRange, entry.innerRange, entry.lineRange, entry.lineWithBreakRange]) assert.ok(inside(text, range));
    assert.equal(text.slice(entry.keyRange.start, entry.keyRange.end), entry.key);
    assert.ok(entry.innerRange.start >= entry.valueRange.start && entry.innerRange.end <= entry.valueRange.end);
    assert.ok(entry.valueRange.end <= entry.lineRange.end && entry.lineRange.end <= entry.lineWithBreakRange.end);
    assert.ok(entry.lineRange.start >= previousEnd, 'entries do not overlap');
    previousEnd = entry.lineWithBreakRange.end;
    if (entry.quote === undefined || entry.quote === "'" || entry.quote === '`') assert.equal(text.slice(entry.innerRange.start, entry.innerRange.end), entry.value);
  }
  for (const problem of file.problems) assert.ok(inside(text, problem.range));
}

function endpointRanges(endpoint: MailEndpoint): TextRange[] {
  const ranges: TextRange[] = [endpoint.range, endpoint.anchor, endpoint.mode.range];
  if (endpoint.host) ranges.push(endpoint.host.range);
  if (endpoint.port) ranges.push(endpoint.port.range);
  if (endpoint.credentials) ranges.push(endpoint.credentials.range);
  if (endpoint.certificateVerificationOff) ranges.push(endpoint.certificateVerificationOff.range);
  for (const flag of endpoint.tlsFlags) {
    ranges.push(flag.range);
    if (flag.removal) ranges.push(flag.removal.range);
  }
  return ranges;
}

function checkEdits(text: string, edits: readonly TextEdit[] | undefined): void {
  if (!edits) return;
  for (const edit of edits) assert.ok(inside(text, edit.range));
  const result = applyEdits(text, edits);
  // The edited text must read again without throwing.
  checkExtractor(result, false);
}

function checkExtractor(text: string, withEdits = true): void {
  const endpoints = extractDotenv(text);
  for (const endpoint of endpoints) {
    for (const range of endpointRanges(endpoint)) assert.ok(inside(text, range), `range ${JSON.stringify(range)} outside a text of ${text.length}`);
    if (!withEdits) continue;
    const rewrite = endpoint.rewrite;
    for (const mode of ['implicit', 'starttls', 'none'] as const) checkEdits(text, rewrite.setTlsMode?.(mode, { enforce: true }));
    checkEdits(text, rewrite.setPort?.(465));
    checkEdits(text, rewrite.enforceStartTls?.());
    checkEdits(text, rewrite.enableCertificateVerification?.());
  }
}

const envKeys = ['SMTP_HOST', 'SMTP_PORT', 'SMTP_SECURE', 'MAIL_MAILER', 'MAIL_SCHEME', 'MAIL_PORT', 'MAIL_ENCRYPTION', 'EMAIL_USE_TLS', 'EMAIL_USE_SSL', 'EMAIL_PORT', 'MAILER_DSN', 'SMTP_SERVER', 'SMTP_TLS', 'SMTP_ENABLE_STARTTLS', 'EMAIL_URL', 'SMTP_URL'];
const envValues = ['465', '587', 'true', 'False', 'smtps', 'smtp', 'tls', 'ssl', '', 'null', '${X}', '"quoted #x"', "'single'", '`tick`', 'smtp://u:p@h:465?verify_peer=0', 'smtps://h', 'always', '"unterminated', '\\"'];
const envLine = fc.oneof(
  fc.tuple(fc.constantFrom(...envKeys), fc.constantFrom('=', ' = ', '= '), fc.constantFrom(...envValues), fc.constantFrom('', ' # c', '  #x')).map((parts) => parts.join('')),
  fc.constantFrom('# comment', '', 'export SMTP_SECURE=true', 'garbage line', '"', "'", '`'),
  fc.string({ maxLength: 30 }),
);
const envText = fc.tuple(fc.array(envLine, { maxLength: 15 }), fc.constantFrom('\n', '\r\n', '\r')).map(([lines, eol]) => lines.join(eol));

describe('fuzz: dotenv parser and extractor', () => {
  it('never throw on arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300, unit: 'binary' }), (text) => {
        checkParser(text);
        checkExtractor(text);
      }),
      { numRuns: 400 },
    );
  });

  it('never throw on generated .env files, and their edits apply cleanly', () => {
    fc.assert(
      fc.property(envText, (text) => {
        checkParser(text);
        checkExtractor(text);
      }),
      { numRuns: 600 },
    );
  });

  it('never throw on truncations and mutations of the fixtures', () => {
    const fixture = fc.constantFrom(...fixtures);
    const truncated = fixture.chain((text) => fc.nat({ max: text.length }).map((cut) => text.slice(0, cut)));
    const mutated = fixture.chain((text) =>
      fc.tuple(fc.nat({ max: text.length }), fc.nat({ max: 8 }), fc.constantFrom('', '"', "'", '`', '#', '=', '\n', '\r\n', '${', '\\', ' ', '\uFEFF', '📧', 'smtps://')).map(
        ([at, remove, insert]) => text.slice(0, at) + insert + text.slice(at + remove),
      ),
    );
    fc.assert(
      fc.property(fc.oneof(truncated, mutated), (text) => {
        checkParser(text);
        checkExtractor(text);
      }),
      { numRuns: 800 },
    );
  });
});
