// Large files are parsed only where mail settings can be: the findings must be exactly those of
// the whole file, at the same offsets.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { javascriptExtractor } from '../../src/core/config/javascript';
import { focusText } from '../../src/core/config/parsers/treeSitter';
import { lintDocument } from '../../src/core/lint';
import { namedFixtures } from './fuzzSupport';

function filler(count: number): string {
  const parts: string[] = [];
  for (let index = 0; index < count; index++) {
    parts.push(`export function handler${index}(request, response) {\n  const total = request.items.reduce((sum, item) => sum + item.price, 0);\n  if (total > ${index}) {\n    response.status(400).json({ error: \`too much: \${total}\` });\n    return;\n  }\n  response.json({ total, ok: true });\n}\n`);
  }
  return parts.join('\n');
}

test('focusText keeps offsets and blanks only long statements without the kept words', () => {
  const text = `${filler(800)}\nconst port = 587;\n${filler(5)}`;
  const focused = focusText(text, (segment) => segment.includes('587'));
  assert.equal(focused.length, text.length);
  assert.equal(focused.split('\n').length, text.split('\n').length);
  assert.ok(focused.includes('const port = 587;'));
  assert.ok(!focused.includes('handler3('));
  assert.equal(focusText('small file', () => false), 'small file');
});

test('a large file gives the same endpoints and findings as its mail parts alone', async () => {
  for (const fixture of namedFixtures('javascript')) {
    const prefix = `${filler(600)}\n`;
    const big = `${prefix}${fixture.text}\n${filler(200)}`;
    const ext = fixture.name.replace(/^.*\./, '');
    const alone = await lintDocument({ fileName: `alone/${fixture.name}`, text: fixture.text });
    const whole = await lintDocument({ fileName: `big/${fixture.name}`, text: big });
    const shift = (range: { start: number; end: number }) => `${range.start + prefix.length}-${range.end + prefix.length}`;
    assert.deepEqual(
      whole.findings.map((finding) => `${finding.ruleId}@${finding.range.start}-${finding.range.end}`),
      alone.findings.map((finding) => `${finding.ruleId}@${shift(finding.range)}`),
      fixture.name,
    );
    const endpoints = await javascriptExtractor.extract({ fileName: `big2/x.${ext}`, text: big });
    assert.equal(endpoints.length, alone.endpoints.length, fixture.name);
  }
});
