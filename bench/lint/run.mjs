#!/usr/bin/env node
// The lint benchmark: see bench/lint/README.md for what each figure means.
//
//   node bench/lint/run.mjs [--skip-package] [--skip-editor] [--quick]
//
// --skip-package times the existing mail-tls-doctor.vsix instead of running `npm run package`;
// --skip-editor leaves out the activation figure (it needs the real-editor install);
// --quick takes fewer samples (for trying the script, not for figures).
// Prints one table and writes the same figures to bench/results/lint.json.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { writeConfigFolder } from './generate.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const here = join(root, 'bench', 'lint');
const resultsDir = join(root, 'bench', 'results');
const buildDir = join(resultsDir, '.build');

const { values: options } = parseArgs({
  options: {
    'skip-package': { type: 'boolean', default: false },
    'skip-editor': { type: 'boolean', default: false },
    quick: { type: 'boolean', default: false },
  },
});
const COLD_RUNS = options.quick ? 2 : 5;
const ACTIVATION_RUNS = options.quick ? 1 : 5;
const FOLDER_RUNS = options.quick ? 1 : 3;
const FOLDER_FILES = 1000;

const started = Date.now();
const say = (message) => process.stderr.write(`[bench ${((Date.now() - started) / 1000).toFixed(0)}s] ${message}\n`);

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

function run(command, args, { cwd = root, env = process.env, allowExit = [0] } = {}) {
  const result = spawnSync(command, args, { cwd, env, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (result.error) throw result.error;
  if (!allowExit.includes(result.status)) {
    throw new Error(`${command} ${args.join(' ')} exited ${result.status ?? result.signal}\n${(result.stderr || result.stdout).trim().split('\n').slice(-20).join('\n')}`);
  }
  return result;
}

function lastJsonLine(output, what) {
  const line = output.trim().split('\n').pop();
  try {
    return JSON.parse(line);
  } catch {
    throw new Error(`${what} printed no result:\n${output.trim().split('\n').slice(-10).join('\n')}`);
  }
}

// ---------------------------------------------------------------- the shipped bits

// `npm run package` is a production build: it replaces dist/ and makes the .vsix. It runs first,
// so everything after measures the bundles that ship.
function packageVsix() {
  const vsix = join(root, 'mail-tls-doctor.vsix');
  if (!options['skip-package']) {
    say('npm run package (production build + .vsix)');
    run('npm', ['run', 'package', '--silent']);
  }
  if (!existsSync(vsix)) throw new Error('no mail-tls-doctor.vsix; run without --skip-package');
  return { path: vsix, bytes: statSync(vsix).size };
}

// Other work in this repository rebuilds dist/ (scripts/build.mjs deletes it first), so the CLI
// and the wasm files are copied aside once and used from the copy.
function snapshotDist(scratch) {
  const target = join(scratch, 'dist');
  for (const file of ['dist/cli.js', 'dist/wasm/tree-sitter.wasm']) {
    if (!existsSync(join(root, file))) throw new Error(`${file} is missing (a concurrent build?); rerun`);
  }
  cpSync(join(root, 'dist'), target, { recursive: true });
  return target;
}

// The engine bundled the way the shipped bundles are (esbuild, minified), plus the tree cache's
// size for the no-mail check. The wasm files sit beside it, where findWasmDirectory looks first.
async function buildEngine(dist) {
  rmSync(buildDir, { recursive: true, force: true });
  await build({
    entryPoints: [join(here, 'engine.ts')],
    outfile: join(buildDir, 'engine.js'),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    minify: true,
    logLevel: 'warning',
    mainFields: ['module', 'main'],
  });
  cpSync(join(dist, 'wasm'), join(buildDir, 'wasm'), { recursive: true });
  return join(buildDir, 'engine.js');
}

// ---------------------------------------------------------------- measurements

function measure(tool, mode, engine, extra = []) {
  const result = run(process.execPath, [join(here, 'measure.mjs'), '--tool', tool, '--mode', mode, '--engine', engine, ...extra]);
  return lastJsonLine(result.stdout, `measure.mjs --tool ${tool} --mode ${mode}`);
}

function cold(tool, engine) {
  const runs = [];
  for (let i = 0; i < COLD_RUNS; i++) runs.push(measure(tool, 'cold', engine));
  return {
    firstLintMs: median(runs.map((r) => r.firstLintMs)),
    moduleLoadMs: median(runs.map((r) => r.moduleLoadMs)),
    totalMs: median(runs.map((r) => r.totalMs)),
    runs: runs.length,
  };
}

function lintFolder(dist, folder) {
  const times = [];
  let report;
  for (let i = 0; i < FOLDER_RUNS; i++) {
    const t0 = performance.now();
    // Exit 1 means "errors found", which this folder has on purpose.
    const result = run(process.execPath, [join(dist, 'cli.js'), 'lint', folder, '--format', 'json'], { allowExit: [0, 1] });
    times.push(performance.now() - t0);
    report = JSON.parse(result.stdout);
  }
  const files = report.length;
  const errors = report.reduce((sum, file) => sum + file.errorCount, 0);
  const warnings = report.reduce((sum, file) => sum + file.warningCount, 0);
  if (files !== FOLDER_FILES) throw new Error(`the CLI reported ${files} files, expected ${FOLDER_FILES}`);
  if (errors === 0) throw new Error('the CLI found no errors in a folder that has wrong pairings');
  const wallMs = median(times);
  return { wallMs, files, filesPerSecond: (files / wallMs) * 1000, errors, warnings, runs: times.length };
}

function activation(extensionDir) {
  const workspace = mkdtempSync(join(tmpdir(), 'mail-tls-bench-ws-'));
  // Nothing here matches an activation event of ours: no .env, no JS/TS/JSON.
  writeFileSync(join(workspace, 'README.md'), '# empty workspace for the activation benchmark\n');
  const runs = [];
  try {
    for (let i = 0; i < ACTIVATION_RUNS; i++) {
      const result = spawnSync(process.execPath, [
        join(root, 'test', 'editor', 'run.mjs'), '--no-build', '--skip-vsix', '--suite', 'bench',
        '--workspace', workspace, '--extension-path', extensionDir,
      ], { cwd: root, encoding: 'utf8' });
      const line = (result.stdout ?? '').split('\n').find((text) => text.startsWith('MAIL_TLS_BENCH '));
      if (result.status !== 0 || !line) {
        throw new Error(`the activation suite failed (exit ${result.status}):\n${`${result.stdout}\n${result.stderr}`.trim().split('\n').slice(-15).join('\n')}`);
      }
      runs.push(JSON.parse(line.slice('MAIL_TLS_BENCH '.length)));
    }
  } finally {
    rmSync(workspace, { recursive: true, force: true });
  }
  return {
    activationMs: median(runs.map((r) => r.activationMs)),
    codeLoadMs: median(runs.map((r) => r.codeLoadMs)),
    activateCallMs: median(runs.map((r) => r.activateCallMs)),
    endToEndMs: median(runs.map((r) => r.endToEndMs)),
    activeBeforeSuite: runs.every((r) => r.activeBeforeSuite),
    hostNode: runs[0].hostNode,
    perRun: runs.map(({ activationMs, codeLoadMs, activateCallMs, endToEndMs, activeBeforeSuite, suiteTimedMs }) => ({ activationMs, codeLoadMs, activateCallMs, endToEndMs, activeBeforeSuite, suiteTimedMs })),
    runs: runs.length,
  };
}

// ---------------------------------------------------------------- table

const fmtMs = (ms) => (ms === undefined ? '—' : ms < 10 ? `${ms.toFixed(2)} ms` : `${ms.toFixed(ms < 100 ? 1 : 0)} ms`);
const ratio = (peer, ours) => `${(peer / ours).toFixed(1)}× faster`;

function table(rows) {
  const headers = ['measure', 'ours', 'target', 'pass', 'ESLint 10 peer', 'ours vs peer'];
  const cells = rows.map((row) => [row.measure, row.ours, row.target ?? '—', row.pass === undefined ? '—' : row.pass ? 'PASS' : 'FAIL', row.peer ?? '—', row.ratio ?? '—']);
  const widths = headers.map((header, i) => Math.max(header.length, ...cells.map((cell) => cell[i].length)));
  const line = (cell) => `| ${cell.map((text, i) => text.padEnd(widths[i])).join(' | ')} |`;
  return [line(headers), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...cells.map(line)].join('\n');
}

// ---------------------------------------------------------------- main

async function main() {
  const context = {
    date: new Date().toISOString(),
    node: process.version,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    loadAverageAtStart: loadavg().map((value) => Number(value.toFixed(2))),
    eslint: JSON.parse(readFileSync(join(root, 'node_modules', 'eslint', 'package.json'), 'utf8')).version,
  };
  const scratch = mkdtempSync(join(tmpdir(), 'mail-tls-bench-'));
  try {
    const vsix = packageVsix();
    const dist = snapshotDist(scratch);
    const extensionDir = join(scratch, 'vsix');
    mkdirSync(extensionDir);
    execFileSync('unzip', ['-q', vsix.path, '-d', extensionDir]);
    const engine = await buildEngine(dist);

    say(`cold: ${COLD_RUNS} fresh processes each for ours and ESLint`);
    const oursCold = cold('ours', engine);
    const peerCold = cold('eslint', engine);
    say('warm, re-lint after an edit, no-mail file: ours');
    const quick = options.quick ? ['--warm-runs', '5', '--edit-runs', '10', '--nomail-runs', '50'] : [];
    const ours = measure('ours', 'warm', engine, quick);
    say('warm, re-lint after an edit, no-mail file: ESLint');
    const peer = measure('eslint', 'warm', engine, options.quick ? ['--warm-runs', '3', '--edit-runs', '5', '--nomail-runs', '3'] : ['--warm-runs', '10', '--edit-runs', '20', '--nomail-runs', '10']);

    say(`CLI on a folder of ${FOLDER_FILES} config files`);
    const folder = join(scratch, 'configs');
    writeConfigFolder(folder, FOLDER_FILES);
    const cli = lintFolder(dist, folder);

    let editor;
    if (!options['skip-editor']) {
      say(`activation in the real extension host (${ACTIVATION_RUNS} editor start${ACTIVATION_RUNS > 1 ? 's' : ''}, the packaged extension)`);
      editor = activation(join(extensionDir, 'extension'));
    }

    const speedUp = peer.warm.median / ours.warm.median;
    const rows = [
      { measure: '10k-line JS, cold (fresh process, 1st lint incl. wasm + grammar load)', ours: fmtMs(oursCold.firstLintMs), peer: fmtMs(peerCold.firstLintMs), ratio: ratio(peerCold.firstLintMs, oursCold.firstLintMs) },
      { measure: '  module load before it (require of the bundle / of eslint)', ours: fmtMs(oursCold.moduleLoadMs), peer: fmtMs(peerCold.moduleLoadMs) },
      { measure: '10k-line JS, warm full lint (new file name, median)', ours: fmtMs(ours.warm.median), target: '≤ 100 ms', pass: ours.warm.median <= 100, peer: fmtMs(peer.warm.median), ratio: ratio(peer.warm.median, ours.warm.median) },
      { measure: '10k-line JS, re-lint after a 1-char edit (median)', ours: fmtMs(ours.relint.median), target: '≤ 10 ms', pass: ours.relint.median <= 10, peer: fmtMs(peer.relint.median), ratio: ratio(peer.relint.median, ours.relint.median) },
      { measure: 'speed-up over the peer (warm full lint)', ours: `${speedUp.toFixed(1)}×`, target: '≥ 3×', pass: speedUp >= 3 },
      { measure: '10k-line JS without mail words (median)', ours: fmtMs(ours.nomail.median), target: '≤ 1 ms', pass: ours.nomail.median <= 1, peer: fmtMs(peer.nomail.median), ratio: ratio(peer.nomail.median, ours.nomail.median) },
      { measure: `CLI: ${cli.files} mixed config files, --format json (wall)`, ours: `${fmtMs(cli.wallMs)} (${Math.round(cli.filesPerSecond)} files/s)` },
      editor
        ? { measure: 'extension activation, real extension host (load + activate())', ours: fmtMs(editor.activationMs), target: '≤ 50 ms', pass: editor.activationMs <= 50 }
        : { measure: 'extension activation', ours: 'not measured (--skip-editor)', target: '≤ 50 ms' },
      ...(editor ? [
        { measure: '  each editor start (ms)', ours: editor.perRun.map((r) => r.activationMs).join(', ') },
        { measure: '  median code load / activate() call', ours: `${editor.codeLoadMs} / ${editor.activateCallMs} ms` },
        { measure: '  median request-to-API incl. the host preparing our context', ours: `${editor.endToEndMs} ms` },
      ] : []),
      { measure: '.vsix size', ours: `${(vsix.bytes / 1024).toFixed(0)} KB` },
    ];

    const machine = `${context.cpus} × ${context.cpuModel}, Node ${context.node}, ESLint ${context.eslint}, load average at start ${context.loadAverageAtStart.join(' ')}`;
    console.log(`\nMail TLS Doctor lint benchmark — ${machine}\n`);
    console.log(table(rows));
    console.log(`\nSamples: cold ${oursCold.runs} processes each; warm ${ours.warm.n} (peer ${peer.warm.n}); re-lint ${ours.relint.n} edits (peer ${peer.relint.n}); no-mail ${ours.nomail.n} (peer ${peer.nomail.n}); CLI ${cli.runs}; activation ${editor?.runs ?? 0} editor start(s)${editor ? ` (Node ${editor.hostNode} extension host)` : ''}.`);
    console.log(`CLI findings in the folder: ${cli.errors} errors, ${cli.warnings} warnings. Every timed lint was checked against the expected findings.`);

    const failed = rows.filter((row) => row.pass === false).map((row) => row.measure.trim());
    const results = { context, targets: { relintMs: 10, warmMs: 100, nomailMs: 1, speedUp: 3, activationMs: 50 }, ours: { cold: oursCold, ...ours }, eslint: { cold: peerCold, ...peer }, speedUp, cli, activation: editor ?? null, vsix: { bytes: vsix.bytes }, failed };
    mkdirSync(resultsDir, { recursive: true });
    writeFileSync(join(resultsDir, 'lint.json'), `${JSON.stringify(results, null, 2)}\n`);
    console.log(`\n${failed.length === 0 ? 'All targets met.' : `Missed: ${failed.join('; ')}.`} Figures in bench/results/lint.json (${((Date.now() - started) / 1000).toFixed(0)} s).`);
    return failed.length === 0 ? 0 : 1;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

process.exitCode = await main().catch((error) => {
  say(`FAILED: ${error.stack ?? error}`);
  return 2;
});
