// The thin VS Code face of the engine: diagnostics, quick fixes, hovers, commands.
// Lint makes no network connection, so all of it runs in untrusted workspaces too.
import * as vscode from 'vscode';
import { lintEngine } from './lazyEngine';
import { FIX_ALL_KIND, MailTlsCodeActions, fixAllEdits, toWorkspaceEdit } from './codeActions';
import { registerExplainError } from './explainError';
import { MailTlsHover } from './hover';
import { DIAGNOSTIC_SOURCE, Linter } from './linter';
import { lintWorkspace } from './lintWorkspace';
import { registerPanel } from './panel/index';
import { registerVerify } from './verifyLens';

export interface MailTlsApi {
  /** For tests and other extensions: lint a document now and return its findings' rule ids. */
  lint(document: vscode.TextDocument): Promise<readonly string[]>;
}

export function activate(context: vscode.ExtensionContext): MailTlsApi {
  const collection = vscode.languages.createDiagnosticCollection(DIAGNOSTIC_SOURCE);
  const log = vscode.window.createOutputChannel('Mail TLS', { log: true });
  const linter = new Linter(collection, context.extensionUri, log);
  // Every file name an extractor reads, whatever language mode the editor gave it.
  const selector: vscode.DocumentSelector = [{ scheme: 'file' }, { scheme: 'untitled' }, { scheme: 'vscode-remote' }, { scheme: 'vscode-userdata' }];

  context.subscriptions.push(
    collection,
    log,
    linter,
    vscode.languages.registerCodeActionsProvider(selector, new MailTlsCodeActions(linter), MailTlsCodeActions.metadata),
    vscode.languages.registerHoverProvider(selector, new MailTlsHover(linter)),
    vscode.commands.registerCommand('mailTls.lintWorkspace', async () => {
      const summary = await lintWorkspace(collection, context.extensionUri);
      const message = summary.cancelled
        ? vscode.l10n.t('Mail TLS: stopped after {0} files; {1} findings so far.', summary.files, summary.findings)
        : vscode.l10n.t('Mail TLS: {0} files checked, {1} findings. See the Problems panel.', summary.files, summary.findings);
      void vscode.window.showInformationMessage(message);
      return summary;
    }),
    vscode.commands.registerCommand('mailTls.fixAllInFile', async () => {
      const editor = vscode.window.activeTextEditor;
      if (!editor || !lintEngine().isLintable(editor.document.fileName)) return false;
      const linted = linter.resultFor(editor.document) ?? (await linter.lintNow(editor.document));
      const edits = linted ? fixAllEdits(linted.entries.map((entry) => entry.finding)) : [];
      if (edits.length === 0) {
        void vscode.window.showInformationMessage(vscode.l10n.t('Mail TLS: nothing to fix in this file.'));
        return false;
      }
      return vscode.workspace.applyEdit(toWorkspaceEdit(editor.document, edits));
    }),
  );
  registerVerify(context, linter, log);
  registerExplainError(context);
  registerPanel(context, linter, log);
  log.info(`Mail TLS Doctor active; fix-all kind ${FIX_ALL_KIND.value}`);

  return {
    async lint(document) {
      const linted = await linter.lintNow(document);
      return linted ? linted.entries.map((entry) => entry.finding.ruleId) : [];
    },
  };
}

export function deactivate(): void {
  // Subscriptions are disposed by VS Code.
}
