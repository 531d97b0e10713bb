// `npm test`: type check, build, the engine's unit tests, then the extension inside a real
// VS Code. Ends with one "N passed, N failed" line that counts both suites.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const skipEditor = process.argv.includes('--no-editor') || process.env.MAIL_TLS_SKIP_EDITOR === '1';

function run(label, command, args) {
  return new Promise((resolve) => {
    process.stdout.write(`\n=== ${label}\n`);
    const started = Date.now();
    const child = spawn(command, args, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
      process.stdout.write(chunk);
    });
    child.on('close', (code, signal) => {
      process.stdout.write(`=== ${label}: ${code === 0 ? 'ok' : `failed (${signal ?? `exit ${code}`})`} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
      resolve({ code: code ?? 1, output });
    });
  });
}

function count(output, patterns) {
  for (const pattern of patterns) {
    const matches = [...output.matchAll(pattern)];
    const last = matches[matches.length - 1];
    if (last) return Number(last[1]);
  }
  return 0;
}

let passed = 0;
let failed = 0;
let broken = false;

for (const [label, command, args] of [
  ['type check', 'npx', ['tsc', '--noEmit', '-p', 'tsconfig.json']],
  ['type check (panel page)', 'npx', ['tsc', '--noEmit', '-p', 'src/webview/tsconfig.json']],
  ['build', 'node', ['scripts/build.mjs']],
]) {
  const result = await run(label, command, args);
  if (result.code !== 0) {
    process.stdout.write('\n0 passed, 1 failed\n');
    process.exit(1);
  }
}

const unit = await run('unit tests', 'node', ['--test', '--test-reporter=spec', '--test-concurrency=2', 'out/test/unit/']);
passed += count(unit.output, [/^\S*\s*pass (\d+)$/gm]);
failed += count(unit.output, [/^\S*\s*fail (\d+)$/gm]);
if (unit.code !== 0) broken = true;

if (!skipEditor) {
  const editor = await run('tests in a real VS Code (code-server)', 'node', ['test/editor/run.mjs', '--no-build']);
  passed += count(editor.output, [/(\d+) passing/g]);
  failed += count(editor.output, [/(\d+) failing/g]);
  if (editor.code !== 0) {
    broken = true;
    if (count(editor.output, [/(\d+) failing/g]) === 0) failed += 1; // the harness itself failed
  }
}

process.stdout.write(`\n${passed} passed, ${failed} failed\n`);
process.exit(broken || failed > 0 ? 1 : 0);
