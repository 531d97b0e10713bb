/// <reference types="mocha" />
// The extension as a user meets it: real extension host, real documents, real providers.
// Fixtures are in test/editor/workspace; the harness opens a fresh copy of that folder per run,
// so applying quick fixes (and saving) here never changes the repository.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { screenshot } from './harness';

const EXTENSION_ID = 'mail-tls-doctor.mail-tls-doctor';
const SOURCE = 'mail-tls';
// Generous against a busy 2-core CI box; a healthy run needs well under a second.
const WAIT_MS = 10_000;

function workspaceUri(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the harness should have opened the fixture workspace');
  return vscode.Uri.joinPath(folder.uri, name);
}

function ruleId(diagnostic: vscode.Diagnostic): string | undefined {
  const { code } = diagnostic;
  if (code === undefined) return undefined;
  return typeof code === 'object' ? String(code.value) : String(code);
}

function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((diagnostic) => diagnostic.source === SOURCE);
}

function summarize(diagnostics: readonly vscode.Diagnostic[]): string {
  if (diagnostics.length === 0) return 'none';
  return diagnostics
    .map((d) => `${ruleId(d)} at ${d.range.start.line + 1}:${d.range.start.character + 1}-${d.range.end.line + 1}:${d.range.end.character + 1}`)
    .join('; ');
}

// Diagnostics arrive after a debounce, so every expectation about them is a wait with a deadline
// whose failure message says what was there instead.
async function waitFor<T>(what: string, probe: () => T | undefined, seen: () => string): Promise<T> {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) assert.fail(`timed out after ${WAIT_MS} ms waiting for ${what}; saw: ${seen()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function findDiagnostic(uri: vscode.Uri, rule: string): Promise<vscode.Diagnostic> {
  return waitFor(
    `a ${SOURCE} diagnostic ${rule} on ${uri.path}`,
    () => ours(uri).find((d) => ruleId(d) === rule),
    () => summarize(ours(uri)),
  );
}

function rangeOf(document: vscode.TextDocument, text: string): vscode.Range {
  const source = document.getText();
  const at = source.indexOf(text);
  assert.ok(at >= 0, `fixture ${document.uri.path} should contain "${text}"`);
  assert.equal(source.indexOf(text, at + 1), -1, `fixture ${document.uri.path} should contain "${text}" only once`);
  return new vscode.Range(document.positionAt(at), document.positionAt(at + text.length));
}

// Code actions come back from the renderer as copies, so "the same diagnostic" means same rule and range.
function sameDiagnostic(a: vscode.Diagnostic, b: vscode.Diagnostic): boolean {
  return ruleId(a) === ruleId(b) && a.range.isEqual(b.range);
}

async function open(name: string): Promise<vscode.TextDocument> {
  const document = await vscode.workspace.openTextDocument(workspaceUri(name));
  // Shown, not just opened, so the end-of-run screenshot has something to look at.
  await vscode.window.showTextDocument(document, { preview: false });
  return document;
}

describe('Mail TLS Doctor in a real editor', () => {
  it('activates without errors and registers its commands', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} should be loaded from extensionDevelopmentPath`);
    await open('transport.js');
    await waitFor('the extension to activate', () => (extension.isActive ? true : undefined), () => 'inactive');
    // isActive is also true after a failed activation; activate() hands back that failure.
    await extension.activate().then(undefined, (error: unknown) => {
      assert.fail(`activating ${EXTENSION_ID} failed: ${error instanceof Error ? error.message : String(error)}`);
    });
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('mailTls.lintWorkspace'), 'command mailTls.lintWorkspace should be registered');
  });

  it('flags implicit TLS on port 587 and the preferred quick fix turns it off', async () => {
    const document = await open('transport.js');
    const uri = document.uri;
    const diagnostic = await findDiagnostic(uri, 'starttls-port-with-implicit-tls');

    assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Error, 'severity');
    assert.ok(typeof diagnostic.code === 'object', 'code should carry a documentation link');
    assert.ok(diagnostic.code.target instanceof vscode.Uri, 'code.target should be a Uri');
    // The squiggle covers the whole `secure: true` entry that chose the mode, key and value.
    const secure = rangeOf(document, 'secure: true');
    assert.ok(diagnostic.range.isEqual(secure), `the diagnostic (${summarize([diagnostic])}) should mark exactly "secure: true" on line ${secure.start.line + 1}`);

    await vscode.commands.executeCommand('workbench.actions.view.problems');
    // An empty secondary side bar would take a fifth of the picture.
    await vscode.commands.executeCommand('workbench.action.closeAuxiliaryBar');
    await screenshot('transport-before-fix');
    await screenshot('readme-diagnostics');

    // The quick fix menu as Ctrl+. opens it on the squiggle, for the README; the fix itself is
    // applied through the API below, where the test can see exactly which one it gets.
    const editor = vscode.window.visibleTextEditors.find((candidate) => candidate.document === document);
    if (editor) {
      await vscode.window.showTextDocument(document, { viewColumn: editor.viewColumn, preserveFocus: false });
      editor.selection = new vscode.Selection(diagnostic.range.start, diagnostic.range.start);
      await vscode.commands.executeCommand('editor.action.quickFix');
      // The menu asks the providers and animates in.
      await new Promise((resolve) => setTimeout(resolve, 1200));
      await screenshot('readme-quick-fix', 'workbench:.part.editor');
      await vscode.commands.executeCommand('hideCodeActionWidget').then(undefined, () => undefined);
    }

    const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
      'vscode.executeCodeActionProvider', uri, diagnostic.range,
    );
    // VS Code 1.139's converter for this command drops CodeAction.diagnostics (only title, kind,
    // edit, command and isPreferred survive). When the link is visible it must point at our
    // diagnostic; when it is not, asking for exactly the diagnostic's range is the closest check.
    const quickFixes = (actions ?? []).filter(
      (action): action is vscode.CodeAction => 'kind' in action && !!action.kind && vscode.CodeActionKind.QuickFix.contains(action.kind),
    );
    const forOurs = quickFixes.filter((action) => action.diagnostics === undefined
      || action.diagnostics.some((d) => sameDiagnostic(d, diagnostic)));
    const preferred = forOurs.filter((action) => action.isPreferred === true);
    assert.equal(
      preferred.length, 1,
      `expected exactly one preferred quick fix for the diagnostic, got: ${forOurs.map((a) => `${a.title}${a.isPreferred ? ' (preferred)' : ''}`).join(', ') || 'none'}`,
    );
    const fix = preferred[0]!;
    assert.ok(fix.edit, `"${fix.title}" should carry a WorkspaceEdit`);

    assert.equal(await vscode.workspace.applyEdit(fix.edit), true, 'applyEdit should succeed');
    assert.match(document.getText(), /secure: false/);
    assert.match(document.getText(), /port: 587/, 'the fix should change the TLS mode, not the port');

    await waitFor(
      'starttls-port-with-implicit-tls to go away after the fix',
      () => (ours(uri).some((d) => ruleId(d) === 'starttls-port-with-implicit-tls') ? undefined : true),
      () => summarize(ours(uri)),
    );
    await document.save();
    await screenshot('transport-after-fix');
  });

  it('flags port 465 without implicit TLS in .env', async () => {
    const document = await open('.env');
    assert.equal(document.languageId, 'dotenv', '.env should get the dotenv language the extension contributes');
    await findDiagnostic(document.uri, 'implicit-port-without-implicit-tls');
    await screenshot('dotenv');
  });

  it('leaves a correct configuration alone', async () => {
    const document = await open('ok.js');
    // Nothing to wait for when nothing is wrong: give the debounced lint ample time to (not) report.
    const quietUntil = Date.now() + 1500;
    while (Date.now() < quietUntil) {
      assert.deepEqual(ours(document.uri).map(ruleId), [], 'ok.js should have no mail-tls diagnostics');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    // The extension also exports an on-demand lint; when present it removes the timing guesswork.
    const api = vscode.extensions.getExtension(EXTENSION_ID)?.exports as
      | { lint?: (document: vscode.TextDocument) => Promise<readonly string[]> }
      | undefined;
    if (typeof api?.lint === 'function') assert.deepEqual([...(await api.lint(document))], [], 'lint() on ok.js');
  });
});

describe('Mail TLS Doctor: hovers, settings and the workspace command', () => {
  it('hovering a port explains it for the library that reads it', async () => {
    const document = await vscode.workspace.openTextDocument(workspaceUri('transport.js'));
    await vscode.window.showTextDocument(document);
    const port = rangeOf(document, 'port: 587');
    const found = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, port.end.translate(0, -1));
    const text = found
      .flatMap((hover) => hover.contents)
      .map((content) => (typeof content === 'string' ? content : 'value' in content ? content.value : ''))
      .join('\n');
    assert.match(text, /Port 587/);
    assert.match(text, /STARTTLS/);
    assert.match(text, /nodemailer/);
  });

  it('a rule set to off disappears and a changed severity applies at once', async () => {
    const uri = workspaceUri('.env');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    await findDiagnostic(uri, 'implicit-port-without-implicit-tls');
    const config = vscode.workspace.getConfiguration('mailTls', uri);
    try {
      await config.update('rules', { 'implicit-port-without-implicit-tls': 'off' }, vscode.ConfigurationTarget.Workspace);
      await waitFor('the diagnostic to go away', () => (ours(uri).some((d) => ruleId(d) === 'implicit-port-without-implicit-tls') ? undefined : true), () => summarize(ours(uri)));
      await config.update('rules', { 'implicit-port-without-implicit-tls': 'information' }, vscode.ConfigurationTarget.Workspace);
      const softened = await waitFor(
        'the diagnostic as information',
        () => ours(uri).find((d) => ruleId(d) === 'implicit-port-without-implicit-tls' && d.severity === vscode.DiagnosticSeverity.Information),
        () => summarize(ours(uri)),
      );
      assert.ok(softened);
    } finally {
      await config.update('rules', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  it('Lint Workspace reports files that are not open', async () => {
    const uri = workspaceUri('blog/config.production.json');
    assert.ok(!vscode.workspace.textDocuments.some((document) => document.uri.toString() === uri.toString()), 'the file must not be open yet');
    const summary = await vscode.commands.executeCommand<{ files: number; findings: number; cancelled: boolean }>('mailTls.lintWorkspace');
    assert.ok(summary.files >= 1 && !summary.cancelled, JSON.stringify(summary));
    const diagnostic = await findDiagnostic(uri, 'implicit-port-without-implicit-tls');
    assert.equal(diagnostic.range.start.line, 7, 'on the "secure": false line');
  });
});
