// The realistic corpus: configuration files modelled on the shapes public repositories use
// (nodemailer, NestJS mailer, ImapFlow, node-imap, Auth.js, Ghost JSON, and .env files for
// Laravel, Django, Flask, fastapi-mail, Mastodon, Symfony, Meteor, Auth.js …).
//   test/corpus/wrong/    each file has exactly the error/warning rule ids listed in expected.json
//   test/corpus/correct/  tricky but correct files: no error or warning at all
// Information-level findings are ignored: they are advice, not a verdict on the pairing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { isLintable, lintDocument } from '../../src/core/lint';

function corpusDir(): string {
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    const candidate = path.join(dir, 'test', 'corpus');
    if (existsSync(path.join(candidate, 'expected.json'))) return candidate;
    dir = path.dirname(dir);
  }
  throw new Error('test/corpus not found');
}

function walk(dir: string): string[] {
  const files: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) files.push(...walk(full));
    else files.push(full);
  }
  return files;
}

const root = corpusDir();
const expected = JSON.parse(readFileSync(path.join(root, 'expected.json'), 'utf8')) as Record<string, string[]>;
const relative = (file: string): string => path.relative(root, file).split(path.sep).join('/');
const wrongFiles = walk(path.join(root, 'wrong'));
const correctFiles = walk(path.join(root, 'correct'));

async function verdicts(file: string): Promise<string[]> {
  const text = readFileSync(file, 'utf8');
  const result = await lintDocument({ fileName: file, text });
  assert.deepEqual(result.problems, [], `${relative(file)}: extractor problems`);
  return result.findings.filter((finding) => finding.severity === 'error' || finding.severity === 'warning').map((finding) => finding.ruleId);
}

const sorted = (ids: readonly string[]): string[] => [...ids].sort();

test('corpus: expected.json and the files agree', () => {
  assert.ok(wrongFiles.length + correctFiles.length >= 60, 'at least 60 corpus files');
  for (const file of [...wrongFiles, ...correctFiles]) assert.ok(isLintable(file), `${relative(file)} is not read by any extractor`);
  for (const file of wrongFiles) assert.ok(relative(file) in expected, `${relative(file)} has no entry in expected.json`);
  for (const key of Object.keys(expected)) assert.ok(existsSync(path.join(root, key)), `expected.json names a missing file: ${key}`);
  for (const file of correctFiles) assert.ok(!(relative(file) in expected), `${relative(file)}: correct/ files expect nothing`);
});

test('corpus: wrong/ files get exactly the expected findings, correct/ files none', async () => {
  let expectedTotal = 0;
  let found = 0;
  let falseOnWrong = 0;
  let falseOnCorrect = 0;
  let noisyCorrectFiles = 0;
  const failures: string[] = [];

  for (const file of wrongFiles) {
    const want = sorted(expected[relative(file)] ?? []);
    const got = sorted(await verdicts(file));
    const remaining = [...got];
    for (const id of want) {
      const index = remaining.indexOf(id);
      if (index >= 0) {
        remaining.splice(index, 1);
        found++;
      }
    }
    expectedTotal += want.length;
    falseOnWrong += remaining.length;
    if (JSON.stringify(want) !== JSON.stringify(got)) failures.push(`${relative(file)}: expected [${want.join(', ')}], got [${got.join(', ')}]`);
  }

  for (const file of correctFiles) {
    const got = await verdicts(file);
    falseOnCorrect += got.length;
    if (got.length > 0) {
      noisyCorrectFiles++;
      failures.push(`${relative(file)}: expected no warning, got [${sorted(got).join(', ')}]`);
    }
  }

  const recall = expectedTotal === 0 ? 1 : found / expectedTotal;
  console.log(
    `corpus: ${wrongFiles.length} wrong + ${correctFiles.length} correct files; recall ${found}/${expectedTotal} (${(recall * 100).toFixed(1)}%); ` +
      `extra findings on wrong/ ${falseOnWrong}; false warnings on correct/ ${falseOnCorrect} in ${noisyCorrectFiles} file(s)`,
  );
  assert.deepEqual(failures, []);
});
