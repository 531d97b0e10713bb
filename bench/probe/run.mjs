#!/usr/bin/env node
// The probe benchmark: see bench/probe/README.md for what each figure means.
//
//   node bench/probe/run.mjs [--quick] [--no-build]
//
// Needs root, scripts/setup-peers.sh (Postfix, Dovecot, nftables) and scripts/setup-bench.sh
// (openssl, swaks, nmap). Builds (scripts/build.mjs) unless --no-build, then runs a private copy
// of dist/cli.js and out/bench/probe/probe.bench.js — other builds delete dist/ and out/ at their
// start, and a run of a few minutes should not depend on them staying put.
// Prints one table and writes bench/results/probe.json. Exit 0 when every verdict was as
// expected, 1 when a correctness check failed (the figures are then not trustworthy), 2 on errors.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const resultsDir = join(root, 'bench', 'results');
const snapshot = join(resultsDir, '.probe-build');

const { values: options } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    'no-build': { type: 'boolean', default: false },
  },
});

if (process.getuid?.() !== 0) {
  process.stderr.write('bench/probe: needs root (the peers run Postfix master and nft); see bench/probe/README.md\n');
  process.exit(2);
}

const cliSource = join(root, 'dist', 'cli.js');
const benchSource = join(root, 'out', 'bench', 'probe', 'probe.bench.js');
if (!options['no-build'] || !existsSync(cliSource) || !existsSync(benchSource)) {
  process.stderr.write('[bench] node scripts/build.mjs\n');
  const built = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
  if (built.status !== 0) process.exit(2);
}

rmSync(snapshot, { recursive: true, force: true });
mkdirSync(snapshot, { recursive: true });
const cli = join(snapshot, 'cli.js');
const bench = join(snapshot, 'probe.bench.js');
try {
  copyFileSync(cliSource, cli);
  copyFileSync(benchSource, bench);
} catch (error) {
  process.stderr.write(`bench/probe: the build output vanished before it could be copied (another build?): ${error.message}; run again\n`);
  process.exit(2);
}

const args = [bench, '--cli', cli, '--out', join(resultsDir, 'probe.json'), ...(options.quick ? ['--quick'] : [])];
const result = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
process.exit(result.status ?? 2);
