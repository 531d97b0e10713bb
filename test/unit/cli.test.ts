// The CLI as a user runs it: the built dist/cli.js in a child process, on real folders.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';

const root = resolve(__dirname, '../../..');
const cli = join(root, 'dist/cli.js');

function run(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, [cli, ...args], { cwd, env: { ...process.env, NO_COLOR: '1' } }, (error, stdout, stderr) => {
      const code = error && typeof (error as NodeJS.ErrnoException & { code?: unknown }).code === 'number' ? ((error as unknown as { code: number }).code) : 0;
      done({ code, stdout, stderr });
    });
  });
}

describe('mail-tls lint', () => {
  let folder = '';
  before(() => {
    folder = mkdtempSync(join(tmpdir(), 'mail-tls-cli-'));
    mkdirSync(join(folder, 'src'));
    mkdirSync(join(folder, 'node_modules/some-lib'), { recursive: true });
    writeFileSync(join(folder, 'src/mailer.js'), "const nodemailer = require('nodemailer');\nmodule.exports = nodemailer.createTransport({\n  host: 'smtp.example.com',\n  port: 587,\n  secure: true,\n});\n");
    writeFileSync(join(folder, 'src/ok.js'), "const nodemailer = require('nodemailer');\nmodule.exports = nodemailer.createTransport({ host: 'smtp.example.com', port: 465, secure: true });\n");
    writeFileSync(join(folder, 'src/info.js'), "const nodemailer = require('nodemailer');\nmodule.exports = nodemailer.createTransport({ host: 'smtp.example.com', port: 587, auth: { user: 'u', pass: 'hunter2' } });\n");
    // Dependencies are never the user's settings.
    writeFileSync(join(folder, 'node_modules/some-lib/index.js'), "require('nodemailer').createTransport({ host: 'x.example.com', port: 587, secure: true });\n");
  });
  after(() => rmSync(folder, { recursive: true, force: true }));

  it('prints stylish text with line:column, severity, message and rule id, and exits 1 on errors', async () => {
    const result = await run(['lint', '.'], folder);
    assert.equal(result.code, 1);
    assert.match(result.stdout, /src\/mailer\.js/);
    assert.match(result.stdout, /^\s+5:3\s+error\s+.*wrong version number.*starttls-port-with-implicit-tls$/m);
    assert.match(result.stdout, /1 problem \(1 error, 0 warnings\)/);
    assert.doesNotMatch(result.stdout, /node_modules/);
    assert.doesNotMatch(result.stdout, /ok\.js/);
  });

  it("writes ESLint's JSON shape, 1-based, information only with --include-info", async () => {
    const plain = JSON.parse((await run(['lint', 'src', '--format', 'json'], folder)).stdout) as Array<Record<string, unknown>>;
    const mailer = plain.find((file) => String(file.filePath).endsWith('mailer.js')) as { messages: Array<Record<string, unknown>>; errorCount: number; warningCount: number };
    assert.equal(mailer.errorCount, 1);
    assert.deepEqual(
      { ruleId: mailer.messages[0]?.ruleId, severity: mailer.messages[0]?.severity, line: mailer.messages[0]?.line, column: mailer.messages[0]?.column },
      { ruleId: 'starttls-port-with-implicit-tls', severity: 2, line: 5, column: 3 },
    );
    const info = plain.find((file) => String(file.filePath).endsWith('info.js')) as { messages: unknown[] };
    assert.equal(info.messages.length, 0);
    const withInfo = JSON.parse((await run(['lint', 'src', '--format', 'json', '--include-info'], folder)).stdout) as Array<{ filePath: string; messages: Array<{ ruleId: string }> }>;
    assert.deepEqual(withInfo.find((file) => file.filePath.endsWith('info.js'))?.messages.map((message) => message.ruleId), ['starttls-not-enforced']);
  });

  it('never prints a password', async () => {
    const result = await run(['lint', '.', '--include-info', '--format', 'json'], folder);
    assert.doesNotMatch(result.stdout, /hunter2/);
  });

  it('writes SARIF 2.1.0 with rules and relative locations', async () => {
    const sarif = JSON.parse((await run(['lint', '.', '--format', 'sarif'], folder)).stdout) as {
      version: string;
      runs: Array<{ tool: { driver: { rules: Array<{ id: string }> } }; results: Array<{ ruleId: string; level: string; locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }> }> }>;
    };
    assert.equal(sarif.version, '2.1.0');
    const run0 = sarif.runs[0];
    assert.ok(run0);
    assert.ok(run0.tool.driver.rules.some((rule) => rule.id === 'starttls-port-with-implicit-tls'));
    assert.deepEqual(
      run0.results.map((result) => [result.ruleId, result.level, result.locations[0]?.physicalLocation.artifactLocation.uri, result.locations[0]?.physicalLocation.region.startLine]),
      [['starttls-port-with-implicit-tls', 'error', 'src/mailer.js', 5]],
    );
  });

  it('exits 0 when only warnings or nothing is found', async () => {
    assert.equal((await run(['lint', 'src/ok.js'], folder)).code, 0);
  });

  it('exits 2 with a one-line message on usage errors', async () => {
    for (const args of [['lint', '--format', 'xml'], ['lint', 'missing-folder'], ['frobnicate'], ['lint', '--bogus']]) {
      const result = await run(args, folder);
      assert.equal(result.code, 2, args.join(' '));
      assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
      assert.match(result.stderr, /^mail-tls: /);
    }
  });

  it('--fix applies the preferred fixes in place', async () => {
    const copy = join(folder, 'fixme.js');
    writeFileSync(copy, readFileSync(join(folder, 'src/mailer.js')));
    const result = await run(['lint', 'fixme.js', '--fix'], folder);
    assert.equal(result.code, 0);
    assert.match(readFileSync(copy, 'utf8'), /secure: false/);
  });

  it('lints the bundled examples and finds their mistakes', async () => {
    const result = await run(['lint', 'examples', '--format', 'json'], root);
    const files = JSON.parse(result.stdout) as Array<{ filePath: string; messages: Array<{ ruleId: string }> }>;
    const rules = (suffix: string) => files.find((file) => file.filePath.endsWith(suffix))?.messages.map((message) => message.ruleId) ?? [];
    assert.ok(rules('node-app/src/mailer.ts').includes('starttls-port-with-implicit-tls'));
    assert.ok(rules('node-app/src/mailer.ts').includes('implicit-port-without-implicit-tls'));
    assert.ok(rules('node-app/src/notify.js').includes('env-string-boolean'));
    assert.ok(rules('node-app/.env').includes('implicit-port-without-implicit-tls'));
    assert.ok(rules('laravel-app/.env').includes('starttls-port-with-implicit-tls'));
    assert.ok(rules('django-app/.env').includes('conflicting-tls-flags'));
    assert.ok(rules('ghost-blog/config.production.json').includes('implicit-port-without-implicit-tls'));
  });
});
