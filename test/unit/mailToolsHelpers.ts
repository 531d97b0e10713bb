// Shared by the mail-tool and server-config extractor tests: lint a text as a named file, apply the
// preferred fix of a finding, and check that every range stays inside the text.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { lintDocument } from '../../src/core/lint';
import type { Finding, MailEndpoint, TextRange } from '../../src/core/model';
import { applyEdits } from '../../src/core/text';

export const fixture = (format: string, name: string): string => readFileSync(join(resolve(__dirname, '../../../test/fixtures', format), name), 'utf8');

/** Error and warning findings only (information is advice). */
export async function verdicts(fileName: string, text: string): Promise<Finding[]> {
  const result = await lintDocument({ fileName, text });
  assert.deepEqual(result.problems, []);
  for (const endpoint of result.endpoints) assertRangesInside(text, endpoint);
  return result.findings.filter((finding) => finding.severity === 'error' || finding.severity === 'warning');
}

export async function ruleIds(fileName: string, text: string): Promise<string[]> {
  return (await verdicts(fileName, text)).map((finding) => finding.ruleId).sort();
}

export const slice = (text: string, range: TextRange): string => text.slice(range.start, range.end);

/** Applies the preferred fix of the first finding of `ruleId`, and returns the new text. */
export async function applyPreferred(fileName: string, text: string, ruleId: string, index = 0): Promise<string> {
  const finding = (await verdicts(fileName, text)).filter((item) => item.ruleId === ruleId)[index];
  assert.ok(finding, `no ${ruleId} finding`);
  const fix = finding.fixes.find((item) => item.preferred);
  assert.ok(fix, `no preferred fix for ${ruleId}`);
  return applyEdits(text, fix.edits);
}

export function assertRangesInside(text: string, endpoint: MailEndpoint): void {
  const ranges: TextRange[] = [endpoint.range, endpoint.anchor, endpoint.mode.range, ...endpoint.tlsFlags.map((flag) => flag.range)];
  if (endpoint.host) ranges.push(endpoint.host.range);
  if (endpoint.port) ranges.push(endpoint.port.range);
  if (endpoint.credentials) ranges.push(endpoint.credentials.range);
  if (endpoint.certificateVerificationOff) ranges.push(endpoint.certificateVerificationOff.range);
  for (const range of ranges) assert.ok(range.start >= 0 && range.start <= range.end && range.end <= text.length, `range ${JSON.stringify(range)} outside text`);
}
