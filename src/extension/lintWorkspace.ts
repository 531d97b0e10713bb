// "Mail TLS: Lint Workspace": every recognised file, with progress and cancel. Files open in
// an editor are left to the live linter so the two never fight over a document's diagnostics.
import * as vscode from 'vscode';
import { lintEngine } from './lazyEngine';
import { LineIndex } from '../core/text';
import { toDiagnostic } from './linter';
import { readSettings } from './settings';


export interface WorkspaceLintSummary {
  readonly files: number;
  readonly findings: number;
  readonly cancelled: boolean;
}

export async function lintWorkspace(collection: vscode.DiagnosticCollection, extensionUri: vscode.Uri): Promise<WorkspaceLintSummary> {
  const settings = readSettings();
  const { isLintable, lintableFilesGlob, lintDocument, nearbyFileReader } = lintEngine();
  const include = settings.include.length > 0 ? `{${settings.include.join(',')}}` : lintableFilesGlob();
  const exclude = settings.exclude.length > 0 ? `{${settings.exclude.join(',')}}` : undefined;
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Mail TLS: linting the workspace'), cancellable: true },
    async (progress, token) => {
      const uris = (await vscode.workspace.findFiles(include, exclude, undefined, token)).filter((uri) => isLintable(uri.fsPath));
      const open = new Set(vscode.workspace.textDocuments.map((document) => document.uri.toString()));
      let findings = 0;
      let done = 0;
      for (const uri of uris) {
        if (token.isCancellationRequested) return { files: done, findings, cancelled: true };
        done++;
        progress.report({ increment: 100 / Math.max(1, uris.length), message: vscode.workspace.asRelativePath(uri) });
        if (open.has(uri.toString())) continue;
        let text: string;
        try {
          text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
        } catch {
          continue; // unreadable file: skip it, keep going
        }
        const readNearby = uri.scheme === 'file' ? nearbyFileReader(uri.fsPath) : undefined;
        const result = await lintDocument({ fileName: uri.fsPath, text, ...(readNearby ? { readNearby } : {}) }, { severities: settings.severities });
        findings += result.findings.length;
        // Position conversion without opening an editor document: opening thousands of
        // documents would wake every other extension's listeners.
        const lines = new LineIndex(text);
        const positions = {
          uri,
          positionAt: (offset: number) => {
            const position = lines.positionAt(offset);
            return new vscode.Position(position.line, position.character);
          },
        };
        collection.set(uri, result.findings.map((finding) => toDiagnostic(positions, finding, extensionUri)));
      }
      return { files: done, findings, cancelled: false };
    },
  );
}
