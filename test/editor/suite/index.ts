/// <reference types="mocha" />
// Entry point that VS Code's extension host calls for `extensionTestsPath`.
// The harness (test/editor/run.mjs) only sees what reaches the workbench's log service,
// which arrives there one console call at a time, so every reporter line is formatted here
// into a single string with a marker the harness can tell apart from the editor's own noise.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'node:util';

// Keep in sync with SUITE_MARKER in run.mjs.
const SUITE_MARKER = '[mail-tls-suite] ';

type MochaClass = typeof Mocha;

function loadMocha(): MochaClass {
  // mocha 12 is an ES module wrapped around a CommonJS core: require() hands back a namespace
  // whose `default` is the class, while older majors return the class itself.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const loaded = require('mocha') as MochaClass & { default?: MochaClass };
  return loaded.default ?? loaded;
}

function relay(...args: unknown[]): void {
  const text = args.length === 0 ? '' : format(...(args as [unknown, ...unknown[]]));
  for (const line of text.split('\n')) console.log(SUITE_MARKER + line);
}

export async function run(): Promise<void> {
  const MochaCtor = loadMocha();
  // The spec reporter writes through Base.consoleLog; a plain console.log with printf-style
  // arguments would reach the workbench with its placeholders unformatted.
  MochaCtor.reporters.Base.consoleLog = relay;

  const mocha = new MochaCtor({
    ui: 'bdd',
    reporter: 'spec',
    color: false,
    // The first test pays for the extension's activation and the tree-sitter grammar load.
    timeout: 30_000,
  });

  const only = process.env.MAIL_TLS_EDITOR_GREP;
  if (only) mocha.grep(only);

  // run.mjs --suite NAME picks suite/*.NAME.js; benchmarks live beside the tests without running with them.
  const suffix = `.${process.env.MAIL_TLS_EDITOR_SUITE || 'test'}.js`;
  const files = readdirSync(__dirname)
    .filter((name) => name.endsWith(suffix))
    .sort();
  if (files.length === 0) throw new Error(`no *${suffix} files next to ${__dirname}; did the build run?`);
  for (const name of files) mocha.addFile(join(__dirname, name));

  const stats = await new Promise<Mocha.Stats>((resolve, reject) => {
    try {
      const runner = mocha.run(() => resolve(runner.stats ?? { passes: 0, failures: 1, pending: 0 } as Mocha.Stats));
    } catch (error) {
      reject(error);
    }
  });
  // The spec reporter ends with the failure details; a last one-line verdict keeps the end of
  // the log readable in CI and gives the harness something stable to show on a timeout.
  relay(`${stats.passes} passing, ${stats.failures} failing, ${stats.pending} pending`);
  if (stats.failures > 0) throw new Error(`${stats.failures} editor test(s) failed`);
}
