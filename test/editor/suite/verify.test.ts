/// <reference types="mocha" />
// Verify Against Server and Explain Mail Error in the real extension host. The "mail server" is
// a few lines of plaintext SMTP on 127.0.0.1 started by the test itself: it greets, answers EHLO
// without STARTTLS, and says goodbye — exactly what a client with secure: true trips over.
import * as assert from 'node:assert/strict';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import * as vscode from 'vscode';
import { screenshot } from './harness';

const WAIT_MS = 15_000;

function workspaceUri(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the harness should have opened the fixture workspace');
  return vscode.Uri.joinPath(folder.uri, name);
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, seen: () => string): Promise<T> {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) assert.fail(`timed out after ${WAIT_MS} ms waiting for ${what}; saw: ${seen()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function verifyDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((diagnostic) => diagnostic.source === 'mail-tls' && diagnostic.code === 'verify');
}

/** Plaintext SMTP without STARTTLS, on a free loopback port. */
async function startPlaintextSmtp(): Promise<{ server: Server; port: number; sockets: Set<Socket> }> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    socket.setEncoding('latin1');
    socket.write('220 test ESMTP\r\n');
    let buffered = '';
    socket.on('data', (chunk: string) => {
      buffered += chunk;
      for (let end = buffered.indexOf('\n'); end >= 0; end = buffered.indexOf('\n')) {
        const verb = buffered.slice(0, end).trim().split(' ')[0]?.toUpperCase();
        buffered = buffered.slice(end + 1);
        if (verb === 'EHLO') socket.write('250-test\r\n250 SIZE 10240000\r\n');
        else if (verb === 'HELO') socket.write('250 test\r\n');
        else if (verb === 'QUIT') socket.end('221 2.0.0 bye\r\n');
        else socket.write('502 5.5.1 not here\r\n');
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  return { server, port: (server.address() as AddressInfo).port, sockets };
}

describe('Mail TLS Doctor: Verify Against Server', () => {
  let smtp: Awaited<ReturnType<typeof startPlaintextSmtp>>;

  before(async () => {
    smtp = await startPlaintextSmtp();
  });

  after(async () => {
    for (const socket of smtp.sockets) socket.destroy();
    await new Promise((resolve) => smtp.server.close(resolve));
  });

  it('the code lens probes a plaintext server and reports that secure: true fails there', async () => {
    const uri = workspaceUri('verify.js');
    const text = [
      "const nodemailer = require('nodemailer');",
      '',
      'const transporter = nodemailer.createTransport({',
      "  host: '127.0.0.1',",
      `  port: ${smtp.port},`,
      '  secure: true,',
      '});',
      '',
      'module.exports = { transporter };',
      '',
    ].join('\n');
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document, { preview: false });

    let lenses: vscode.CodeLens[] = [];
    const lens = await waitFor(
      `a Verify code lens for 127.0.0.1:${smtp.port}`,
      async () => {
        lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 10)) ?? [];
        return lenses.find((candidate) => candidate.command?.command === 'mailTls.verifyEndpoint');
      },
      () => lenses.map((candidate) => candidate.command?.title ?? '(unresolved)').join(' | ') || 'no lenses',
    );
    const command = lens.command!;
    assert.equal(command.title, `Verify 127.0.0.1:${smtp.port} (implicit TLS)`);
    assert.equal(lens.range.start.line, 2, 'the lens sits above the createTransport call');
    assert.equal(verifyDiagnostics(uri).length, 0, 'nothing is verified before the click');
    // The renderer draws lenses on its own schedule; give it a moment so the picture shows one.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await screenshot('verify-code-lens');

    const outcome = await vscode.commands.executeCommand<{ verdict: string; outcome: string; message: string } | undefined>(command.command, ...(command.arguments ?? []));
    assert.ok(outcome, 'the command should return its outcome');
    assert.equal(outcome.verdict, 'plaintext', outcome.message);

    const diagnostic = await waitFor('a verify diagnostic', () => verifyDiagnostics(uri)[0], () => vscode.languages.getDiagnostics(uri).map((d) => `${String(d.code)}: ${d.message}`).join(' | ') || 'none');
    assert.equal(diagnostic.range.start.line, 5, `the diagnostic belongs on the "secure: true" line: ${diagnostic.message}`);
    assert.equal(document.getText(diagnostic.range), 'secure: true');
    assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Error);
    assert.match(diagnostic.message, /greets in plaintext/);
    assert.match(diagnostic.message, /secure: true asks for implicit TLS, so nodemailer fails at once with 'wrong version number'/);
    await vscode.commands.executeCommand('workbench.actions.view.problems');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await screenshot('verify-diagnostic');
  });

  it('editing the file clears the verdict, which was about the old text', async () => {
    const uri = workspaceUri('verify.js');
    const document = await vscode.workspace.openTextDocument(uri);
    assert.ok(verifyDiagnostics(uri).length > 0, 'the previous test should have left a verdict');
    const edit = new vscode.WorkspaceEdit();
    edit.insert(uri, new vscode.Position(1, 0), '// edited\n');
    assert.equal(await vscode.workspace.applyEdit(edit), true);
    await waitFor('the verify diagnostic to go away', () => (verifyDiagnostics(uri).length === 0 ? true : undefined), () => verifyDiagnostics(uri).map((d) => d.message).join(' | '));
    await document.save();
  });
});

describe('Mail TLS Doctor: Explain Mail Error', () => {
  it('explains OpenSSL\'s "wrong version number" as implicit TLS against a plaintext port', async () => {
    const explanations = await vscode.commands.executeCommand<{ cause: string; title: string; ruleId?: string }[]>(
      'mailTls.explainError',
      'error:0A00010B:SSL routines::wrong version number',
    );
    assert.ok(Array.isArray(explanations), 'the command should return the explanations');
    assert.equal(explanations[0]?.cause, 'implicit-tls-on-plaintext-port', JSON.stringify(explanations));
    assert.equal(explanations[0]?.ruleId, 'starttls-port-with-implicit-tls');
    // The Markdown preview renders in its own webview after the command returns.
    await new Promise((resolve) => setTimeout(resolve, 4000));
    await screenshot('explain-mail-error');
  });

  it('says so honestly when it does not know the text', async () => {
    const explanations = await vscode.commands.executeCommand<unknown[]>('mailTls.explainError', 'the printer is on fire');
    assert.deepEqual(explanations, []);
  });

  it('uses the editor selection when there is one', async () => {
    const document = await vscode.workspace.openTextDocument({ language: 'plaintext', content: "noise\nError: Greeting never received { code: 'ETIMEDOUT', command: 'CONN' }\nmore noise\n" });
    const editor = await vscode.window.showTextDocument(document);
    editor.selection = new vscode.Selection(1, 0, 1, document.lineAt(1).text.length);
    const explanations = await vscode.commands.executeCommand<{ cause: string }[]>('mailTls.explainError');
    assert.equal(explanations?.[0]?.cause, 'plaintext-on-implicit-tls-port');
  });
});
