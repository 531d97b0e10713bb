#!/usr/bin/env node
// Runs test/editor/suite inside a real VS Code extension host, offline.
//
// There is no desktop VS Code to download here, so the editor is code-server (VS Code's own
// server and extension host) driven by Debian's Chromium through playwright-core. The suite is
// handed over with the smoke-test-driver `payload` URL parameter, and its output and exit code
// come back through window.codeAutomationLog / window.codeAutomationExit.
// Background and measured numbers: /work/shared/reference/real-editor.md.
//
//   node test/editor/run.mjs [--grep TEXT] [--verbose] [--no-build] [--skip-vsix] [--extension-path DIR]
//                            [--suite NAME] [--workspace DIR] [--update-docs-images]
//
// --extension-path runs the suite against another copy of the extension (an unpacked .vsix, a
// stub) instead of the working tree. --verbose also shows what the workbench logs besides the
// suite's reporter, console output of tests and extensions included; it is always in
// .test-artifacts/editor/run/workbench.log. Exit code: the suite's, or 1 if the harness or the
// .vsix check failed.
//
// --suite NAME loads suite/*.NAME.js instead of suite/*.test.js (bench/lint runs `--suite bench`
// for the activation figure) in its own scratch folder .test-artifacts/editor/run-NAME, so it can
// run while the tests do. --workspace DIR opens a copy of DIR instead of test/editor/workspace.
//
// The real mail peers (Postfix, Dovecot; test/peers) are started before code-server for the
// test suite and described to the extension host in MAIL_TLS_EDITOR_PEERS (or why not, in
// MAIL_TLS_EDITOR_PEERS_SKIP); see test/editor/peers.ts.
//
// The suite talks back over MAIL_TLS_EDITOR_HARNESS_URL (suite/harness.ts), because only this
// side owns the browser: screenshots, checks of what the panel's page shows (a webview is a
// nested iframe the extension host cannot look into), and window reloads. A reload ends the
// extension host and with it the suite, so a suite that wants one finishes its run, reports its
// result here (POST /reload) instead of through codeAutomationExit, and then runs
// workbench.action.reloadWindow; the reloaded window runs the suite again as the next phase
// (suite/index.ts asks which one) and the exit codes and counts of all phases add up.
// --update-docs-images copies the readme-*.png screenshots to docs/images/ after a passing run.
//
// Environment: MAIL_TLS_EDITOR_CACHE (install folder, default /var/cache/mail-tls-doctor),
// MAIL_TLS_CHROMIUM (default /usr/bin/chromium), MAIL_TLS_EDITOR_TIMEOUT_MS (default 240000).
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import {
  cpSync, createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync,
} from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const { values: options } = parseArgs({
  options: {
    grep: { type: 'string' },
    verbose: { type: 'boolean', default: false },
    'no-build': { type: 'boolean', default: false },
    'skip-vsix': { type: 'boolean', default: false },
    'extension-path': { type: 'string' },
    suite: { type: 'string', default: 'test' },
    workspace: { type: 'string' },
    'update-docs-images': { type: 'boolean', default: false },
  },
});
if (!/^[a-z]+$/.test(options.suite)) {
  console.error(`--suite takes a lower-case word (suite/*.WORD.js), not '${options.suite}'`);
  process.exit(1);
}
const ownSuite = options.suite === 'test';

const artifactsDir = join(root, '.test-artifacts', 'editor');
const screenshotsDir = join(artifactsDir, ownSuite ? 'screenshots' : `screenshots-${options.suite}`);
// Short on purpose: VS Code puts IPC sockets under TMPDIR and Unix socket paths cap at 107 bytes.
const runDir = join(artifactsDir, ownSuite ? 'run' : `run-${options.suite}`);
const cacheRoot = process.env.MAIL_TLS_EDITOR_CACHE || '/var/cache/mail-tls-doctor';
const chromiumPath = process.env.MAIL_TLS_CHROMIUM || '/usr/bin/chromium';
const overallTimeoutMs = Number(process.env.MAIL_TLS_EDITOR_TIMEOUT_MS || 240_000);
const extensionId = 'mail-tls-doctor.mail-tls-doctor';
// Keep in sync with SUITE_MARKER in suite/index.ts.
const SUITE_MARKER = '[mail-tls-suite] ';

const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)}s`;
const say = (message) => console.log(`[editor-test ${elapsed()}] ${message}`);

class HarnessError extends Error {}

// ---------------------------------------------------------------- install and build

function readPaths() {
  const file = join(cacheRoot, 'paths.env');
  if (!existsSync(file)) return undefined;
  const paths = Object.fromEntries(
    readFileSync(file, 'utf8').split('\n').filter((line) => line.includes('=')).map((line) => {
      const at = line.indexOf('=');
      return [line.slice(0, at).trim(), line.slice(at + 1).trim()];
    }),
  );
  const node = paths.MAIL_TLS_NODE24;
  const codeServer = paths.MAIL_TLS_CODE_SERVER;
  const entry = codeServer && join(codeServer, 'out', 'node', 'entry.js');
  if (!node || !entry || !existsSync(node) || !existsSync(entry)) return undefined;
  return { node, entry };
}

function ensureEditorInstalled() {
  let paths = readPaths();
  if (paths && existsSync(chromiumPath)) return paths;
  say(`${paths ? `no browser at ${chromiumPath}` : `no editor in ${cacheRoot}`}; running scripts/setup-editor.sh (several minutes on a fresh machine)`);
  const setup = spawnSync('bash', [join(root, 'scripts', 'setup-editor.sh')], { cwd: root, stdio: 'inherit' });
  if (setup.status !== 0) throw new HarnessError(`scripts/setup-editor.sh failed (exit ${setup.status ?? setup.signal})`);
  paths = readPaths();
  if (!paths) throw new HarnessError(`setup finished but ${join(cacheRoot, 'paths.env')} does not point at a usable Node 24 and code-server`);
  if (!existsSync(chromiumPath)) throw new HarnessError(`setup finished but there is no browser at ${chromiumPath}`);
  return paths;
}

function buildProject() {
  if (!options['no-build']) {
    say('building (scripts/build.mjs)');
    const build = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
    if (build.status !== 0) throw new HarnessError(`build failed (exit ${build.status ?? build.signal})`);
  }
  for (const file of ['dist/extension.js', 'out/test/editor/suite/index.js']) {
    if (!existsSync(join(root, file))) throw new HarnessError(`${file} is missing after the build`);
  }
  const suiteDir = join(root, 'out', 'test', 'editor', 'suite');
  if (!readdirSync(suiteDir).some((name) => name.endsWith(`.${options.suite}.js`))) {
    throw new HarnessError(`no suite/*.${options.suite}.js in ${relative(root, suiteDir)}`);
  }
}

// ---------------------------------------------------------------- scratch space

function prepareScratch() {
  rmSync(runDir, { recursive: true, force: true });
  rmSync(screenshotsDir, { recursive: true, force: true });
  const dirs = {
    config: join(runDir, 'xdg-config'),
    data: join(runDir, 'xdg-data'),
    cache: join(runDir, 'xdg-cache'),
    tmp: join(runDir, 'tmp'),
    userData: join(runDir, 'user-data'),
    extensions: join(runDir, 'extensions'),
    vsix: join(runDir, 'vsix'),
    vsixUserData: join(runDir, 'vsix-user-data'),
    vsixExtensions: join(runDir, 'vsix-extensions'),
    browser: join(runDir, 'browser'),
    logs: join(runDir, 'logs'),
    workspace: join(runDir, 'workspace'),
  };
  for (const dir of Object.values(dirs)) mkdirSync(dir, { recursive: true });
  mkdirSync(screenshotsDir, { recursive: true });

  // "vscode-ipc-<uuid>.sock" and friends are about 50 bytes.
  if (Buffer.byteLength(dirs.tmp) + 60 > 107) {
    throw new HarnessError(`scratch TMPDIR ${dirs.tmp} is too long for Unix socket paths; move the clone to a shorter path`);
  }

  // A fresh copy each run: quick fixes applied by the suite must never touch the repository.
  cpSync(options.workspace ? resolve(options.workspace) : join(root, 'test', 'editor', 'workspace'), dirs.workspace, { recursive: true });

  mkdirSync(join(dirs.userData, 'User'), { recursive: true });
  writeFileSync(join(dirs.userData, 'User', 'settings.json'), JSON.stringify({
    // The scratch workspace lives inside the project's own git repository; the git extension
    // would otherwise scan it and take index locks while the developer is committing.
    'git.enabled': false,
    'git.autoRepositoryDetection': false,
    'git.openRepositoryInParentFolders': 'never',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'extensions.ignoreRecommendations': true,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'workbench.enableExperiments': false,
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'npm.autoDetect': 'off',
    // Built-in extensions cannot be switched off from here (the server ignores disable-extension
    // and the payload's disableExtensions spares built-ins), so the TypeScript server is kept to
    // its light syntax-only mode: no project loading, a fraction of the memory.
    'typescript.tsserver.useSyntaxServer': 'always',
    'typescript.disableAutomaticTypeAcquisition': true,
    'typescript.validate.enable': false,
    'javascript.validate.enable': false,
    'chat.disableAIFeatures': true,
    'security.workspace.trust.enabled': false,
    // The suite's only network use is the loopback harness; no proxy should get a say in it.
    'http.proxySupport': 'off',
  }, null, 2));

  writeFileSync(join(runDir, 'config.yaml'), 'bind-addr: 127.0.0.1:0\nauth: none\ncert: false\n');
  return dirs;
}

// code-server reads a number of variables as configuration (PORT overrides the port, a
// VSCODE_IPC_HOOK_CLI turns it into a client of whatever editor launched this terminal), and the
// extension host inherits the rest, so the child gets a deliberately boring environment.
function editorEnvironment(dirs, node) {
  const env = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(VSCODE_|ELECTRON_|CODE_SERVER_|CS_|npm_)/.test(key)) continue;
    if (['PORT', 'PASSWORD', 'HASHED_PASSWORD', 'GITHUB_TOKEN', 'NODE_OPTIONS', 'APPLICATION_INSIGHTS_NO_DIAGNOSTIC_CHANNEL'].includes(key)) continue;
    env[key] = value;
  }
  return {
    ...env,
    PATH: `${dirname(node)}:${process.env.PATH ?? '/usr/bin:/bin'}`,
    XDG_CONFIG_HOME: dirs.config,
    XDG_DATA_HOME: dirs.data,
    XDG_CACHE_HOME: dirs.cache,
    TMPDIR: dirs.tmp,
    EXTENSIONS_GALLERY: '{}',
    GIT_OPTIONAL_LOCKS: '0',
    ...(options.grep ? { MAIL_TLS_EDITOR_GREP: options.grep } : {}),
    MAIL_TLS_EDITOR_SUITE: options.suite,
  };
}

// ---------------------------------------------------------------- packaged extension

function runQuiet(command, args, { env, timeoutMs = 60_000, cwd = root } = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => { output += chunk; });
    child.stderr.on('data', (chunk) => { output += chunk; });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? (signal ? 128 : 1), output });
    });
  });
}

async function packageVsix(dirs) {
  const vsix = join(dirs.vsix, 'x.vsix');
  const vsce = join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
  const result = await runQuiet(process.execPath, [vsce, 'package', '--no-dependencies', '--no-rewrite-relative-links', '--allow-missing-repository', '--out', vsix], { timeoutMs: 120_000 });
  if (result.code !== 0 || !existsSync(vsix)) {
    throw new HarnessError(`vsce package failed (exit ${result.code}):\n${result.output.trim()}`);
  }
  return vsix;
}

async function checkVsixInstalls(vsix, paths, dirs, env) {
  const common = ['--user-data-dir', dirs.vsixUserData, '--extensions-dir', dirs.vsixExtensions];
  const install = await runQuiet(paths.node, [paths.entry, ...common, '--install-extension', vsix, '--force'], { env });
  if (install.code !== 0) throw new HarnessError(`code-server --install-extension failed:\n${install.output.trim()}`);
  const list = await runQuiet(paths.node, [paths.entry, ...common, '--list-extensions', '--show-versions'], { env });
  const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const expected = `${extensionId}@${version}`;
  if (list.code !== 0 || !list.output.split('\n').some((line) => line.trim() === expected)) {
    throw new HarnessError(`--list-extensions does not show ${expected}:\n${list.output.trim()}`);
  }
  const { main } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const installedMain = join(dirs.vsixExtensions, `${extensionId}-${version}`, main);
  if (!existsSync(installedMain)) throw new HarnessError(`the installed .vsix has no ${main} (looked for ${installedMain})`);
  return expected;
}

// ---------------------------------------------------------------- code-server

function startCodeServer(paths, dirs, env, serverLog) {
  const args = [
    paths.entry,
    '--config', join(runDir, 'config.yaml'),
    '--bind-addr', '127.0.0.1:0',
    '--auth', 'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--reconnection-grace-time', '5',
    '--user-data-dir', dirs.userData,
    '--extensions-dir', dirs.extensions,
    // Without it the built workbench ignores the `payload` that carries the test paths.
    '--vscode-option', 'enable-smoke-test-driver',
    '--ignore-last-opened',
  ];
  // detached puts it in its own process group; killing the group also ends the extension host,
  // which code-server starts as a separate process and would otherwise orphan.
  const child = spawn(paths.node, args, { cwd: runDir, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.pipe(serverLog, { end: false });
  child.stderr.pipe(serverLog, { end: false });

  const listening = new Promise((resolve, reject) => {
    let seen = '';
    const onData = (chunk) => {
      seen += chunk;
      if (options.verbose) process.stderr.write(`[code-server] ${chunk}`);
      const match = /HTTP server listening on (http:\/\/127\.0\.0\.1:(\d+))/.exec(seen);
      if (match) {
        child.stdout.off('data', onData);
        resolve(Number(match[2]));
      }
    };
    child.stdout.on('data', onData);
    child.once('exit', (code, signal) => reject(new HarnessError(
      `code-server exited before listening (${code ?? signal}):\n${seen.trim().split('\n').slice(-20).join('\n')}`,
    )));
  });
  return { child, listening };
}

async function stopProcessGroup(child) {
  if (!child || child.pid === undefined) return;
  const signalGroup = (signal) => {
    try { process.kill(-child.pid, signal); } catch { /* already gone */ }
  };
  signalGroup('SIGTERM');
  const exited = child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => child.once('exit', resolve));
  await Promise.race([exited, sleep(3000)]);
  // The leader may be gone while the extension host lingers, so the group gets the hard stop regardless.
  signalGroup('SIGKILL');
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// ---------------------------------------------------------------- browser and suite

async function runSuiteInBrowser(port, dirs, workbenchLog) {
  const { chromium } = await import('playwright-core');
  const authority = `127.0.0.1:${port}`;
  const remote = (path) => `vscode-remote://${authority}${path}`;
  const payload = [
    ['extensionDevelopmentPath', remote(options['extension-path'] ? resolve(options['extension-path']) : root)],
    ['extensionTestsPath', remote(join(root, 'out', 'test', 'editor', 'suite', 'index.js'))],
  ];
  const url = `http://${authority}/?folder=${encodeURIComponent(dirs.workspace)}`
    + `&payload=${encodeURIComponent(JSON.stringify(payload))}`;

  const context = await chromium.launchPersistentContext(dirs.browser, {
    executablePath: chromiumPath,
    headless: true,
    viewport: { width: 1400, height: 900 },
    // Chromium keeps crash reports in ~/.config/chromium and a dconf cache in ~/.cache whatever
    // its profile folder; the scratch XDG folders catch those too.
    env: {
      ...process.env,
      XDG_CONFIG_HOME: dirs.config, XDG_CACHE_HOME: dirs.cache, XDG_DATA_HOME: dirs.data, TMPDIR: dirs.tmp,
    },
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
  const page = context.pages()[0] ?? await context.newPage();

  // One exit per phase: a reload runs the suite again in the same page.
  const exits = [];
  const exitWaiters = [];
  const reportExit = (code) => {
    const waiter = exitWaiters.shift();
    if (waiter) waiter(code);
    else exits.push(code);
  };
  const nextExit = () => (exits.length > 0 ? Promise.resolve(exits.shift()) : new Promise((resolve) => exitWaiters.push(resolve)));
  // The window a reload ends may still report its extension host's exit on the way out; that
  // belongs to the phase already counted, not to the next one.
  const discardExits = () => exits.splice(0).length;
  let lastSuiteLine = '';
  const totals = { passing: 0, failing: 0, pending: 0, phases: 0 };
  const workbenchErrors = [];

  await page.exposeFunction('codeAutomationLog', (level, message) => {
    const text = decodeLogMessage(message);
    workbenchLog.write(`[${level}] ${text}\n`);
    let relayed = false;
    for (const line of text.split('\n')) {
      const at = line.indexOf(SUITE_MARKER);
      if (at === -1) continue;
      const suiteLine = line.slice(at + SUITE_MARKER.length);
      process.stdout.write(`${suiteLine}\n`);
      if (suiteLine.trim()) lastSuiteLine = suiteLine.trim();
      // The verdict line suite/index.ts prints last in every phase.
      const verdict = /^(\d+) passing, (\d+) failing, (\d+) pending$/.exec(suiteLine.trim());
      if (verdict) {
        totals.passing += Number(verdict[1]);
        totals.failing += Number(verdict[2]);
        totals.pending += Number(verdict[3]);
        totals.phases += 1;
      }
      relayed = true;
    }
    if (relayed) return;
    if (options.verbose) process.stderr.write(`[workbench ${level}] ${text}\n`);
    // The workbench reports a few harmless errors of its own (e.g. no GitHub auth offline), so
    // errors are only shown when the run fails.
    else if (level === 'error') workbenchErrors.push(text);
  });
  // Counts loads of the workbench page, so a reload the workbench does itself can be waited for.
  let navigations = 0;
  page.on('framenavigated', (frame) => { if (frame === page.mainFrame()) navigations += 1; });
  const reloaded = async (since, timeoutMs) => {
    const deadline = Date.now() + timeoutMs;
    while (navigations <= since) {
      if (Date.now() >= deadline || page.isClosed()) return false;
      await sleep(100);
    }
    return true;
  };

  await page.exposeFunction('codeAutomationExit', (code, logs) => {
    // VS Code hands over its log folder as it exits; keep it for post-mortems.
    for (const { relativePath, contents } of Array.isArray(logs) ? logs : []) {
      const target = join(dirs.logs, relativePath);
      if (!target.startsWith(dirs.logs)) continue;
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, contents);
    }
    workbenchLog.write(`[harness] codeAutomationExit(${code})\n`);
    reportExit(typeof code === 'number' ? code : 1);
  });
  // Without these a crashed tab would only surface as the overall timeout, minutes later.
  const gone = new Promise((_, reject) => {
    page.once('crash', () => reject(new HarnessError('the workbench tab crashed')));
    page.once('close', () => reject(new HarnessError('the workbench tab closed before the suite reported an exit code')));
  });
  gone.catch(() => {});
  page.on('console', (message) => workbenchLog.write(`[browser ${message.type()}] ${message.text()}\n`));
  page.on('pageerror', (error) => workbenchLog.write(`[browser pageerror] ${error.stack ?? error}\n`));
  // Dirty editors (the suite leaves an untitled one) may make the workbench veto an unload; a
  // reload the suite asked for must go through, and nothing else here unloads the page.
  page.on('dialog', (dialog) => {
    if (dialog.type() === 'beforeunload') dialog.accept().catch(() => {});
    else dialog.dismiss().catch(() => {});
  });

  say(`opening the workbench on ${authority}`);
  await page.goto(url, { waitUntil: 'domcontentloaded' });
  return {
    context, page, nextExit, reportExit, discardExits, gone, totals, reloaded, navigations: () => navigations, lastLine: () => lastSuiteLine, workbenchErrors,
  };
}

// The workbench's log service hands over each console call's argument list (strings as they
// were, objects already JSON).
function decodeLogMessage(message) {
  const parts = Array.isArray(message) ? message : [message];
  return parts.map((part) => (typeof part === 'string' ? part : JSON.stringify(part))).join(' ');
}

// `of` narrows the picture: 'panel' is the explainer panel's webview, 'panel:SELECTOR' one element
// of its page (scrolled into view), 'workbench:SELECTOR' a part of the workbench. The narrow ones
// are what the README shows; the whole page is what a failing test wants to see.
async function screenshot(page, name, of) {
  if (!page || page.isClosed()) return undefined;
  const file = join(screenshotsDir, `${name}.png`);
  try {
    if (!of) {
      await page.screenshot({ path: file, timeout: 10_000 });
    } else if (of === 'panel') {
      const frame = await findPanelFrame(page, 10_000);
      if (!frame) throw new Error('the explainer panel is not on screen');
      const box = await outermostFrameBox(frame);
      if (!box) throw new Error('the explainer panel has no size');
      await page.screenshot({ path: file, timeout: 10_000, clip: box });
    } else if (of.startsWith('panel:')) {
      const frame = await findPanelFrame(page, 10_000);
      if (!frame) throw new Error('the explainer panel is not on screen');
      await screenshotPanelElement(page, frame, of.slice('panel:'.length), file);
    } else if (of.startsWith('workbench:')) {
      await page.locator(of.slice('workbench:'.length)).first().screenshot({ path: file, timeout: 10_000 });
    } else {
      throw new Error(`unknown screenshot target '${of}'`);
    }
    return file;
  } catch (error) {
    say(`screenshot ${name} failed: ${error.message.split('\n')[0]}`);
    return undefined;
  }
}

// Teardown cancellations and the missing GitHub sign-in are logged on every run, failing or not.
// A window reload adds complaints about its own shutdown, and the workbench stopping the old
// extension host twice.
const WORKBENCH_NOISE = [
  /^Canceled\b/, /authentication provider 'github'/,
  /^\[lifecycle\] Long running operations during shutdown are unsupported in the web/,
  /^Cannot read properties of undefined \(reading 'extensionHost'\)/,
];

function printWorkbenchErrors(errors) {
  const firstLines = [...new Set(errors
    .filter((text) => !WORKBENCH_NOISE.some((noise) => noise.test(text)))
    .map((text) => text.split('\n')[0]))];
  if (firstLines.length === 0) return;
  say(`errors the workbench logged (full text in ${relative(root, runDir)}/workbench.log):`);
  for (const line of firstLines.slice(-10)) console.log(`  ${line}`);
}

// ---------------------------------------------------------------- the panel's page

// Playwright's element screenshot scrolls the wrong viewport inside a webview's nested frames
// and pictures the workbench instead. So the page is scrolled from inside, below its sticky
// header, the window made tall enough for the whole element for a moment, and the page clipped.
async function screenshotPanelElement(page, frame, selector, file) {
  const target = frame.locator(selector).first();
  const { height, covering } = await target.evaluate((element) => {
    const covering = [...document.body.querySelectorAll('*')]
      .filter((candidate) => ['sticky', 'fixed'].includes(getComputedStyle(candidate).position))
      .map((candidate) => candidate.getBoundingClientRect())
      .filter((box) => box.top <= 1 && box.height > 0)
      .reduce((bottom, box) => Math.max(bottom, box.bottom), 0);
    return { height: element.getBoundingClientRect().height, covering };
  }, undefined, { timeout: 10_000 });
  const viewport = page.viewportSize();
  const panel = await outermostFrameBox(frame);
  if (!panel || !viewport) throw new Error('the explainer panel has no size');
  const needed = Math.ceil(height + covering + 16 + (viewport.height - panel.height));
  const grown = needed > viewport.height;
  try {
    if (grown) {
      await page.setViewportSize({ width: viewport.width, height: Math.min(needed, 2400) });
      await sleep(800); // the workbench lays out again and resizes the webview
    }
    await target.evaluate((element, offset) => {
      window.scrollTo(0, window.scrollY + element.getBoundingClientRect().top - offset - 8);
    }, covering, { timeout: 10_000 });
    await sleep(300);
    const [box, outer] = [await target.boundingBox(), await outermostFrameBox(frame)];
    if (!box || !outer) throw new Error(`${selector} has no size`);
    const x = Math.max(box.x, outer.x);
    const y = Math.max(box.y, outer.y);
    const clip = { x, y, width: Math.min(box.x + box.width, outer.x + outer.width) - x, height: Math.min(box.y + box.height, outer.y + outer.height) - y };
    if (clip.width <= 0 || clip.height <= 0) throw new Error(`${selector} is outside the panel`);
    await page.screenshot({ path: file, timeout: 10_000, clip });
  } finally {
    if (grown) {
      await page.setViewportSize(viewport);
      await sleep(500);
    }
  }
}

// A webview is an iframe (the workbench's host page) around another iframe (the extension's
// page); only the inner one has the panel's own elements, and it is replaced whenever the
// panel is hidden, shown or reloaded, so it is looked up afresh every time.
async function findPanelFrame(page, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const frame of page.frames()) {
      if (frame === page.mainFrame() || frame.isDetached()) continue;
      try {
        if (await frame.locator('[data-testid="panel-root"]').count() > 0) return frame;
      } catch {
        // detached while we asked
      }
    }
    if (Date.now() >= deadline || page.isClosed()) return undefined;
    await sleep(100);
  }
}

async function outermostFrameBox(frame) {
  let current = frame;
  while (current.parentFrame()?.parentFrame()) current = current.parentFrame();
  const element = await current.frameElement();
  return element.boundingBox();
}

// Runs in the panel's page: the facts the suite asserts on, read from the DOM as rendered.
function readPanelPage() {
  const text = (element) => (element ? element.textContent : null);
  const tags = (element) => (element ? [...element.querySelectorAll('*')].map((child) => child.tagName.toLowerCase()) : null);
  const byTestid = (id) => document.querySelector(`[data-testid="${id}"]`);
  const rows = [...document.querySelectorAll('tr[data-testid^="port-"]')].map((row) => {
    const key = row.getAttribute('data-testid').slice('port-'.length);
    const banner = byTestid(`banner-${key}`);
    return {
      key,
      verdict: row.getAttribute('data-verdict'),
      certificate: text(byTestid(`cert-${key}`)),
      banner: banner ? { text: banner.textContent, title: banner.getAttribute('title'), elements: tags(banner) } : null,
    };
  });
  const detailBanner = byTestid('detail-banner');
  return {
    title: text(byTestid('panel-title')),
    rows,
    selected: document.querySelector('tr.port-row.selected')?.getAttribute('data-port-key') ?? null,
    detailBanner: detailBanner ? { text: detailBanner.textContent, elements: tags(detailBanner) } : null,
    transcript: [...document.querySelectorAll('[data-testid="transcript-line"]')].map((line) => ({ text: line.textContent, elements: tags(line) })),
    tlsSwitches: document.querySelectorAll('[data-testid="tls-switch"]').length,
    sequenceActual: byTestid('sequence-actual') !== null,
    // Anything a banner could have smuggled in would show up in these.
    pwned: window.__pwned === undefined ? null : String(window.__pwned),
    // The page's own script tag sits outside panel-root; everything inside is built by it.
    scriptsInPanel: document.querySelectorAll('[data-testid="panel-root"] script').length,
    imagesInPanel: document.querySelectorAll('[data-testid="panel-root"] img').length,
    themeKind: document.body.getAttribute('data-vscode-theme-kind'),
    bodyBackground: getComputedStyle(document.body).backgroundColor,
  };
}

// Named checks the suite can ask for. Each waits (up to timeoutMs) for the page to be in the
// state the parameters describe and answers with what it saw either way, so the test's
// assertion message can show it.
const checks = {
  async panel(page, params) {
    const host = params.get('host');
    const themeKind = params.get('themeKind');
    const rows = Number(params.get('rows') ?? 0);
    const timeoutMs = Math.min(Number(params.get('timeoutMs') ?? 15_000), 60_000);
    const deadline = Date.now() + timeoutMs;
    let seen;
    let reason = 'the explainer panel is not on screen';
    for (;;) {
      const frame = await findPanelFrame(page, Math.max(0, deadline - Date.now()));
      if (frame) {
        try {
          seen = await frame.evaluate(readPanelPage);
          const settled = seen.rows.length >= rows && seen.rows.every((row) => row.verdict !== 'pending');
          if ((host === null || seen.title === host) && (themeKind === null || seen.themeKind === themeKind) && settled) return { ok: true, panel: seen };
          reason = `waiting for ${host ?? 'any host'} with ${rows} settled rows${themeKind ? ` in ${themeKind}` : ''}`;
        } catch (error) {
          reason = `reading the panel failed: ${error.message.split('\n')[0]}`;
        }
      }
      if (Date.now() >= deadline) return { ok: false, reason, panel: seen };
      await sleep(150);
    }
  },
};

// Lets the suite reach the browser (see suite/harness.ts). Every answer waits for what was asked
// (the file on disk, the page in the asked-for state), so the test can go on changing the editor.
async function startHarnessServer(currentBrowser) {
  const currentPage = () => currentBrowser()?.page;
  const state = { phase: 0, reloadRequested: undefined };
  const server = createServer(async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const name = (url.searchParams.get('name') ?? '').replace(/[^\w.-]+/g, '-').slice(0, 80);
    const json = (status, body) => response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    try {
      if (url.pathname === '/screenshot' && name) {
        const file = await screenshot(currentPage(), name, url.searchParams.get('of') ?? undefined);
        response.writeHead(file ? 200 : 503, { 'content-type': 'text/plain' }).end(file ?? 'no picture');
      } else if (url.pathname === '/check' && Object.hasOwn(checks, name)) {
        const page = currentPage();
        if (!page || page.isClosed()) json(503, { ok: false, reason: 'no page' });
        else json(200, await checks[name](page, url.searchParams));
      } else if (url.pathname === '/phase') {
        say(`phase ${state.phase}: the suite started`);
        json(200, { phase: state.phase });
      } else if (url.pathname === '/reload' && request.method === 'POST') {
        // The suite is done and about to run workbench.action.reloadWindow, which ends its
        // extension host before codeAutomationExit could be called: this request is its exit.
        const browser = currentBrowser();
        if (!browser) return json(503, { ok: false, reason: 'no page' });
        if (state.phase >= MAX_RELOADS) return json(409, { ok: false, reason: `more than ${MAX_RELOADS} reloads asked for` });
        // Its report reaches us through the workbench's log, asynchronously: wait for the
        // verdict line, or the reload would cut the report short.
        const deadline = Date.now() + 5000;
        while (browser.totals.phases <= state.phase && Date.now() < deadline) await sleep(50);
        if (browser.totals.phases <= state.phase) say(`phase ${state.phase}: its report did not arrive within 5 s; reloading anyway`);
        state.reloadRequested = { navigations: browser.navigations() };
        state.phase += 1;
        json(200, { ok: true, phase: state.phase });
        browser.reportExit(Number(url.searchParams.get('code') ?? 1));
      } else {
        response.writeHead(404).end();
      }
    } catch (error) {
      if (!response.headersSent) json(500, { ok: false, reason: String(error?.message ?? error) });
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, state, url: `http://127.0.0.1:${server.address().port}` };
}

// Activation errors and exceptions of extensions land in the server-side extension host log,
// which the workbench never sees.
function printExtensionHostErrors(dirs) {
  const logsRoot = join(dirs.userData, 'logs');
  if (!existsSync(logsRoot)) return;
  const found = [];
  for (const session of readdirSync(logsRoot)) {
    const file = join(logsRoot, session, 'exthost1', 'remoteexthost.log');
    if (!existsSync(file)) continue;
    const lines = readFileSync(file, 'utf8').split('\n');
    lines.forEach((line, index) => {
      if (!/\[error\]/.test(line)) return;
      // The error's own message usually sits on the next line.
      const next = lines[index + 1] ?? '';
      found.push(/^\d{4}-/.test(next) ? line : `${line} | ${next.trim()}`);
    });
  }
  const unique = [...new Set(found.map((line) => line.replace(/^\S+ \S+ /, '')))];
  if (unique.length === 0) return;
  say(`errors in the extension host log (${relative(root, logsRoot)}/*/exthost1/remoteexthost.log):`);
  for (const line of unique.slice(0, 10)) console.log(`  ${line}`);
}

// ---------------------------------------------------------------- main

// Each reload is a phase of its own, 6-15 s on 2 cores; the suite has no reason for many.
const MAX_RELOADS = 4;

async function startPeers() {
  const launcher = join(root, 'out', 'test', 'editor', 'peers.js');
  if (!existsSync(launcher)) throw new HarnessError(`${relative(root, launcher)} is missing after the build`);
  const { startEditorPeers } = createRequire(import.meta.url)(launcher);
  return startEditorPeers();
}

// The README's pictures are screenshots this run took under readme-*.png; the copies drop the prefix.
function copyDocsImages() {
  const target = join(root, 'docs', 'images');
  mkdirSync(target, { recursive: true });
  const copied = [];
  for (const name of readdirSync(screenshotsDir).filter((file) => /^readme-.+\.png$/.test(file)).sort()) {
    cpSync(join(screenshotsDir, name), join(target, name.slice('readme-'.length)));
    copied.push(name.slice('readme-'.length));
  }
  say(copied.length > 0 ? `docs/images: ${copied.join(', ')}` : 'docs/images: no readme-*.png screenshots to copy');
}

async function main() {
  const paths = ensureEditorInstalled();
  buildProject();
  const dirs = prepareScratch();
  let browser;
  const harness = await startHarnessServer(() => browser);
  const baseEnv = { ...editorEnvironment(dirs, paths.node), MAIL_TLS_EDITOR_HARNESS_URL: harness.url };

  const serverLog = createWriteStream(join(runDir, 'code-server.log'));
  const workbenchLog = createWriteStream(join(runDir, 'workbench.log'));

  let server;
  let peers;
  let timer;
  const cleanup = async () => {
    clearTimeout(timer);
    await Promise.race([browser?.context.close().catch(() => {}), sleep(5000)]);
    await stopProcessGroup(server?.child);
    await peers?.stop().catch((error) => say(`stopping the mail peers failed: ${error.message ?? error}`));
    harness.server.closeAllConnections();
    harness.server.close();
    serverLog.end();
    workbenchLog.end();
  };
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.once(signal, () => {
      // The peers' own signal handler runs right after this one and exits the process, so the
      // editor's process group gets its hard stop now rather than from the asynchronous cleanup.
      try { if (server?.child.pid) process.kill(-server.child.pid, 'SIGKILL'); } catch { /* gone */ }
      cleanup().finally(() => process.exit(130));
    });
  }

  const timedOut = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new HarnessError(
      `timed out after ${overallTimeoutMs / 1000}s without an exit code from the suite`
      + ` (last suite line: ${browser?.lastLine() || 'none'}); see ${relative(root, runDir)}/workbench.log`,
    )), overallTimeoutMs);
  });
  timedOut.catch(() => {}); // only ever observed through Promise.race below

  try {
    // Only the test suite uses the peers; a benchmark run beside it should not pay for them.
    peers = ownSuite ? await startPeers() : undefined;
    if (peers) say(`mail peers: ${peers.summary}`);
    const env = { ...baseEnv, ...peers?.env };

    // The packaged extension is checked alongside the suite, and both verdicts are reported:
    // a packaging mistake should not hide what the editor test found, nor the other way round.
    const vsixCheck = options['skip-vsix']
      ? Promise.resolve({ ok: true, text: 'skipped (--skip-vsix)' })
      : packageVsix(dirs)
        .then((vsix) => checkVsixInstalls(vsix, paths, dirs, env))
        .then((installed) => ({ ok: true, text: `packaged, installed and listed as ${installed}` }))
        .catch((error) => ({ ok: false, text: `FAILED: ${error instanceof HarnessError ? error.message : error.stack ?? error}` }));

    server = startCodeServer(paths, dirs, env, serverLog);
    const serverDied = new Promise((_, reject) => {
      server.child.once('exit', (code, signal) => reject(new HarnessError(
        `code-server exited during the run (${code ?? signal}); see ${relative(root, runDir)}/code-server.log`,
      )));
    });
    serverDied.catch(() => {});
    const port = await Promise.race([server.listening, timedOut]);
    say(`code-server listening on 127.0.0.1:${port}`);

    browser = await Promise.race([runSuiteInBrowser(port, dirs, workbenchLog), timedOut]);
    let code = 0;
    for (;;) {
      const phaseCode = await Promise.race([browser.nextExit(), browser.gone, serverDied, timedOut]);
      if (phaseCode !== 0 && code === 0) code = phaseCode;
      const reload = harness.state.reloadRequested;
      if (!reload) break;
      harness.state.reloadRequested = undefined;
      say(`the suite reloads the window; phase ${harness.state.phase} follows`);
      // workbench.action.reloadWindow saves the workbench's state first (open editors, layout,
      // the webview's state), which a reload from outside would race with. Should the command
      // not get that far, the page is reloaded from here so the run still ends.
      if (await Promise.race([browser.reloaded(reload.navigations, 20_000), browser.gone, timedOut])) {
        const stale = browser.discardExits();
        say(`the window reloaded${stale > 0 ? ` (ignored ${stale} exit report${stale === 1 ? '' : 's'} of the window before)` : ''}`);
      } else {
        say('the window did not reload within 20 s; reloading it from the harness');
        await Promise.race([browser.page.reload({ waitUntil: 'domcontentloaded' }), browser.gone, timedOut]);
      }
    }
    const shot = await screenshot(browser.page, 'workbench-end');
    const { totals } = browser;
    if (totals.phases > 1) say(`all ${totals.phases} phases: ${totals.passing} passing, ${totals.failing} failing, ${totals.pending} pending`);
    if (code === 0 && options['update-docs-images']) copyDocsImages();

    const vsix = await Promise.race([vsixCheck, timedOut]);
    say(`screenshots: ${screenshotsDir}${shot ? '' : ' (none taken)'}`);
    say(`logs: ${runDir}`);
    if (code !== 0) {
      printWorkbenchErrors(browser.workbenchErrors);
      printExtensionHostErrors(dirs);
    }
    say(`.vsix: ${vsix.text}`);
    say(code === 0 ? 'suite: passed' : `suite: FAILED (exit code ${code})`);
    if (code === 0 && !vsix.ok) say('FAILED: the suite passed but the .vsix check did not');
    return code !== 0 ? code : vsix.ok ? 0 : 1;
  } catch (error) {
    await screenshot(browser?.page, 'workbench-failure');
    printWorkbenchErrors(browser?.workbenchErrors ?? []);
    printExtensionHostErrors(dirs);
    say(`FAILED: ${error instanceof HarnessError ? error.message : error.stack ?? error}`);
    say(`screenshots: ${screenshotsDir}`);
    say(`logs: ${runDir}`);
    return 1;
  } finally {
    await cleanup();
  }
}

// Explicit exit: a wedged browser or stream must not keep `npm test` waiting after the verdict.
process.exit(await main().catch((error) => {
  say(`FAILED: ${error instanceof HarnessError ? error.message : error.stack ?? error}`);
  return 1;
}));
