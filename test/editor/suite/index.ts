/// <reference types="mocha" />
// Entry point that VS Code's extension host calls for `extensionTestsPath`.
// The harness (test/editor/run.mjs) only sees what reaches the workbench's log service,
// which arrives there one console call at a time, so every reporter line is formatted here
// into a single string with a marker the harness can tell apart from the editor's own noise.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'node:util';
import * as vscode from 'vscode';
import { phase, reloadAsked, reportBeforeReload } from './harness';

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

  // After a window reload the harness asked for, the same entry point runs again: that run
  // checks what survived the reload (suite/*.restore.js) instead of starting over.
  const current = await phase();
  process.env.MAIL_TLS_EDITOR_PHASE = String(current);
  if (current > 0) relay(`\n(phase ${current}: after a window reload)`);

  // A grep chose what the first phase did; the later phases only make sense in full.
  const only = process.env.MAIL_TLS_EDITOR_GREP;
  if (only && current === 0) mocha.grep(only);

  // run.mjs --suite NAME picks suite/*.NAME.js; benchmarks live beside the tests without running with them.
  const suffix = current > 0 ? '.restore.js' : `.${process.env.MAIL_TLS_EDITOR_SUITE || 'test'}.js`;
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
  if (reloadAsked()) {
    // The real command, not a reload from outside: it saves the workbench's state (editors,
    // layout, the panel's webview state) before it reloads, as it does for a user.
    await reportBeforeReload(stats.failures > 0 ? 1 : 0);
    await vscode.commands.executeCommand('workbench.action.reloadWindow');
    // This extension host ends with the window; getting past the wait means it did not.
    await new Promise((resolve) => setTimeout(resolve, 30_000));
    throw new Error('workbench.action.reloadWindow did not reload the window within 30 s');
  }
  if (stats.failures > 0) throw new Error(`${stats.failures} editor test(s) failed`);
}
