// One esbuild run for everything that ships or is tested:
//   dist/extension.js  the VS Code extension (vscode stays external)
//   dist/cli.js        the mail-tls command line
//   dist/webview/      the explainer panel's browser script
//   dist/wasm/         the tree-sitter runtime and the grammars we load lazily
//   out/test/**        unit tests and the in-editor suite, bundled so node --test runs them directly
//   out/bench/**       benchmarks (bench/**/*.bench.ts) that need TypeScript, e.g. the real mail peers
import { build } from 'esbuild';
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, existsSync, chmodSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const production = process.argv.includes('--production');

function findFiles(dir, suffix) {
  if (!existsSync(dir)) return [];
  const found = [];
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) found.push(...findFiles(full, suffix));
    else if (name.endsWith(suffix)) found.push(full);
  }
  return found;
}

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'warning',
  define: { MAIL_TLS_VERSION: JSON.stringify(JSON.parse(readFileSync(join(dirname(fileURLToPath(import.meta.url)), '..', 'package.json'), 'utf8')).version) },
  absWorkingDir: root,
  // jsonc-parser's UMD entry requires files esbuild cannot see; its ESM entry bundles cleanly.
  mainFields: ['module', 'main'],
};

rmSync(join(root, 'dist'), { recursive: true, force: true });
rmSync(join(root, 'out'), { recursive: true, force: true });

// The extension and its lint engine are two bundles: the engine (every extractor, the YAML and
// JSON parsers, the tree-sitter runtime) is required on the first lint, not at activation.
await build({ ...common, entryPoints: { extension: 'src/extension/extension.ts' }, outdir: 'dist', external: ['vscode', './engine.js'] });
await build({ ...common, entryPoints: { engine: 'src/extension/engine.ts' }, outdir: 'dist' });
await build({ ...common, entryPoints: { cli: 'src/cli/main.ts' }, outdir: 'dist', banner: { js: '#!/usr/bin/env node' } });
chmodSync(join(root, 'dist/cli.js'), 0o755);
// The panel's page script: a browser, not Node; it may import only DOM-free, Node-free code.
await build({
  ...common,
  platform: 'browser',
  format: 'iife',
  target: 'es2022',
  mainFields: ['browser', 'module', 'main'],
  entryPoints: { main: 'src/webview/main.ts' },
  outdir: 'dist/webview',
});

const wasmSource = join(root, 'node_modules/@vscode/tree-sitter-wasm/wasm');
mkdirSync(join(root, 'dist/wasm'), { recursive: true });
// The runtime and every grammar an extractor may load (lazily, on the first file that needs it).
const grammars = ['javascript', 'typescript', 'tsx', 'python', 'php', 'ruby', 'java', 'go', 'c-sharp', 'rust', 'ini'];
for (const file of ['tree-sitter.wasm', ...grammars.map((grammar) => `tree-sitter-${grammar}.wasm`)]) {
  cpSync(join(wasmSource, file), join(root, 'dist/wasm', file));
}

// test/editor/peers.ts: the real mail peers, started by test/editor/run.mjs (plain JavaScript) before the editor.
const testEntries = [
  ...findFiles(join(root, 'test/unit'), '.test.ts'),
  ...findFiles(join(root, 'test/editor/suite'), '.ts'),
  join(root, 'test/editor/peers.ts'),
];
if (testEntries.length > 0) {
  await build({
    ...common,
    entryPoints: testEntries.map((file) => relative(root, file)),
    outdir: 'out/test',
    outbase: 'test',
    external: ['vscode', 'mocha'],
    sourcemap: 'inline',
  });
}

// bench/**/*.bench.ts: benchmarks that start the real peers (bench/probe); not part of `npm test`.
const benchEntries = findFiles(join(root, 'bench'), '.bench.ts').filter((file) => !relative(root, file).startsWith(join('bench', 'results')));
if (benchEntries.length > 0) {
  await build({
    ...common,
    entryPoints: benchEntries.map((file) => relative(root, file)),
    outdir: 'out/bench',
    outbase: 'bench',
    sourcemap: 'inline',
  });
}
