// The .env reader: every dialect feature with its exact ranges, and malformed lines that are
// reported and skipped without losing the lines after them.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDotenv, type DotenvEntry } from '../../src/core/config/parsers/dotenv';
import type { TextRange } from '../../src/core/model';

const slice = (text: string, range: TextRange): string => text.slice(range.start, range.end);

function only(text: string): DotenvEntry {
  const { entries } = parseDotenv(text);
  assert.equal(entries.length, 1, `expected one entry in ${JSON.stringify(text)}`);
  return entries[0]!;
}

describe('dotenv parser', () => {
  it('reads KEY=value with exact key, value, inner and line ranges', () => {
    const text = 'SMTP_PORT=587\n';
    const entry = only(text);
    assert.equal(entry.key, 'SMTP_PORT');
    assert.equal(entry.value, '587');
    assert.equal(slice(text, entry.keyRange), 'SMTP_PORT');
    assert.equal(slice(text, entry.valueRange), '587');
    assert.equal(slice(text, entry.innerRange), '587');
    assert.equal(slice(text, entry.lineRange), 'SMTP_PORT=587');
    assert.equal(slice(text, entry.lineWithBreakRange), 'SMTP_PORT=587\n');
    assert.equal(entry.quote, undefined);
  });

  it('accepts export, indentation and blanks around =', () => {
    const text = '  export SMTP_HOST = smtp.example.com  \n';
    const entry = only(text);
    assert.equal(entry.exported, true);
    assert.equal(entry.key, 'SMTP_HOST');
    assert.equal(entry.value, 'smtp.example.com');
    assert.equal(slice(text, entry.valueRange), 'smtp.example.com');
    assert.equal(slice(text, entry.lineRange), text.slice(0, -1));
  });

  it('treats a key named export as a key', () => {
    assert.equal(only('export=1\n').key, 'export');
  });

  it('ends unquoted values at a blank followed by #, but keeps # inside a word', () => {
    const text = 'SMTP_SECURE=false   # we use STARTTLS\nSMTP_PASS=pa#ss\n';
    const [secure, pass] = parseDotenv(text).entries;
    assert.equal(secure?.value, 'false');
    assert.equal(slice(text, secure!.valueRange), 'false');
    assert.equal(pass?.value, 'pa#ss');
  });

  it('reads single quotes literally', () => {
    const text = `SMTP_PASS='a\\nb \${X}' # comment\n`;
    const entry = only(text);
    assert.equal(entry.quote, "'");
    assert.equal(entry.value, 'a\\nb ${X}');
    assert.equal(entry.interpolated, false);
    assert.equal(slice(text, entry.valueRange), `'a\\nb \${X}'`);
    assert.equal(slice(text, entry.innerRange), 'a\\nb ${X}');
  });

  it('unescapes double quotes and keeps the raw range', () => {
    const text = 'SMTP_PASS="p#ss w\\"rd\\n\\$HOME"\n';
    const entry = only(text);
    assert.equal(entry.quote, '"');
    assert.equal(entry.value, 'p#ss w"rd\n$HOME');
    assert.equal(entry.interpolated, false, 'an escaped dollar is not a reference');
    assert.equal(slice(text, entry.innerRange), 'p#ss w\\"rd\\n\\$HOME');
  });

  it('reads multi-line double and backtick quotes', () => {
    const text = 'KEY="line one\nline two"\nTICK=`a\nb`\nNEXT=1\n';
    const [key, tick, next] = parseDotenv(text).entries;
    assert.equal(key?.value, 'line one\nline two');
    assert.equal(slice(text, key!.lineRange), 'KEY="line one\nline two"');
    assert.equal(tick?.quote, '`');
    assert.equal(tick?.value, 'a\nb');
    assert.equal(next?.key, 'NEXT');
  });

  it('marks ${VAR} and $VAR references as interpolations', () => {
    const [braced, bare, quoted] = parseDotenv('A=${SMTP_PORT:-587}\nB=$PORT\nC="x${Y}"\n').entries;
    assert.deepEqual(braced?.references, ['SMTP_PORT']);
    assert.equal(braced?.interpolated, true);
    assert.equal(braced?.value, '${SMTP_PORT:-587}');
    assert.deepEqual(bare?.references, ['PORT']);
    assert.deepEqual(quoted?.references, ['Y']);
  });

  it('skips comments and blank lines, and reads empty values as empty', () => {
    const text = '# SMTP_PORT=587\n\n   \n#SMTP_SECURE=true\nSMTP_PORT=\n';
    const entry = only(text);
    assert.equal(entry.value, '');
    assert.equal(entry.valueRange.start, entry.valueRange.end);
    assert.equal(entry.valueRange.start, text.indexOf('SMTP_PORT=\n') + 'SMTP_PORT='.length);
  });

  it('handles CRLF and a byte order mark', () => {
    const text = '\uFEFFSMTP_HOST=smtp.example.com\r\nSMTP_PORT="587"\r\n';
    const file = parseDotenv(text);
    assert.equal(file.eol, '\r\n');
    const [host, port] = file.entries;
    assert.equal(host?.key, 'SMTP_HOST');
    assert.equal(host?.keyRange.start, 1);
    assert.equal(host?.value, 'smtp.example.com');
    assert.equal(slice(text, host!.lineWithBreakRange), 'SMTP_HOST=smtp.example.com\r\n');
    assert.equal(port?.value, '587');
    assert.equal(slice(text, port!.lineRange), 'SMTP_PORT="587"');
  });

  it('keeps UTF-16 offsets exact after astral characters', () => {
    const text = 'GREETING=héllo 📧\nSMTP_PORT=465\n';
    const port = parseDotenv(text).entries[1]!;
    assert.equal(slice(text, port.valueRange), '465');
    assert.equal(parseDotenv(text).entries[0]?.value, 'héllo 📧');
  });

  it('reports malformed lines and resumes on the next line', () => {
    const text = ['just words', 'SMTP_HOST smtp.example.com', "SMTP_PASS='unterminated", 'SMTP_USER="a" trailing', '=nokey', 'SMTP_PORT=465', ''].join('\n');
    const file = parseDotenv(text);
    assert.deepEqual(
      file.entries.map((entry) => entry.key),
      ['SMTP_PORT'],
    );
    assert.equal(file.problems.length, 5);
    for (const problem of file.problems) assert.ok(problem.range.end <= text.length);
  });

  it('does not let an unterminated quote swallow later lines', () => {
    const text = 'A="open\nB=2\nC="closed"\n';
    const keys = parseDotenv(text).entries.map((entry) => entry.key);
    // A's quote closes at C's first quote, which leaves text behind it: A is malformed, B and C are read.
    assert.deepEqual(keys, ['B', 'C']);
  });

  it('returns nothing for an empty text', () => {
    assert.deepEqual(parseDotenv('').entries, []);
    assert.deepEqual(parseDotenv('\uFEFF').entries, []);
  });
});
