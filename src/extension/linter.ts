// Keeps the diagnostics of open documents current: lints on open, debounced on change,
// drops results that arrive for an older version, clears on close.
import * as vscode from 'vscode';
import { lintEngine } from './lazyEngine';
import type { Finding, MailEndpoint, Severity } from '../core/model';
import { type MailTlsSettings, matchesAny, readSettings } from './settings';

export const DIAGNOSTIC_SOURCE = 'mail-tls';

const SEVERITY: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  information: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

export interface LintedDocument {
  readonly version: number;
  readonly entries: readonly { readonly diagnostic: vscode.Diagnostic; readonly finding: Finding }[];
  readonly endpoints: readonly MailEndpoint[];
}

export class Linter implements vscode.Disposable {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly results = new Map<string, LintedDocument>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly collection: vscode.DiagnosticCollection,
    private readonly extensionUri: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.disposables.push(
      vscode.workspace.onDidOpenTextDocument((document) => this.schedule(document, 0)),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.contentChanges.length > 0) this.schedule(event.document, readSettings(event.document).lintDelay);
      }),
      vscode.workspace.onDidCloseTextDocument((document) => this.forget(document.uri)),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('mailTls')) this.relintOpenDocuments();
      }),
    );
    this.relintOpenDocuments();
  }

  /** The last result for a document, if it matches the document's current version. */
  resultFor(document: vscode.TextDocument): LintedDocument | undefined {
    const result = this.results.get(document.uri.toString());
    return result && result.version === document.version ? result : undefined;
  }

  shouldLint(document: vscode.TextDocument, settings: MailTlsSettings = readSettings(document)): boolean {
    if (!settings.enable) return false;
    if (document.uri.scheme === 'output' || document.uri.scheme === 'vscode-scm' || document.uri.scheme === 'git') return false;
    if (!lintEngine().isLintable(document.fileName)) return false;
    if (settings.include.length > 0 && !matchesAny(document, settings.include)) return false;
    return !matchesAny(document, settings.exclude);
  }

  relintOpenDocuments(): void {
    for (const document of vscode.workspace.textDocuments) this.schedule(document, 0);
  }

  schedule(document: vscode.TextDocument, delay: number): void {
    const key = document.uri.toString();
    const pending = this.timers.get(key);
    if (pending) clearTimeout(pending);
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        void this.lintNow(document);
      }, delay),
    );
  }

  async lintNow(document: vscode.TextDocument): Promise<LintedDocument | undefined> {
    const settings = readSettings(document);
    if (!this.shouldLint(document, settings)) {
      this.forget(document.uri);
      return undefined;
    }
    const version = document.version;
    const { lintDocument, nearbyFileReader } = lintEngine();
    const readNearby = document.uri.scheme === 'file' ? nearbyFileReader(document.uri.fsPath) : undefined;
    const result = await lintDocument({ fileName: document.fileName, text: document.getText(), version, ...(readNearby ? { readNearby } : {}) }, { severities: settings.severities });
    // The user kept typing while we linted: a newer run is scheduled, and these ranges are stale.
    if (document.isClosed || document.version !== version) return undefined;
    for (const problem of result.problems) this.log.warn(`${document.uri.fsPath}: ${problem}`);
    const linted: LintedDocument = {
      version,
      endpoints: result.endpoints,
      entries: result.findings.map((finding) => ({ finding, diagnostic: toDiagnostic(document, finding, this.extensionUri) })),
    };
    this.results.set(document.uri.toString(), linted);
    this.collection.set(document.uri, linted.entries.map((entry) => entry.diagnostic));
    return linted;
  }

  forget(uri: vscode.Uri): void {
    const key = uri.toString();
    const pending = this.timers.get(key);
    if (pending) clearTimeout(pending);
    this.timers.delete(key);
    this.results.delete(key);
    this.collection.delete(uri);
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    for (const disposable of this.disposables) disposable.dispose();
  }
}

/** What a diagnostic needs from a document: its uri and offset-to-position conversion. */
export interface PositionSource {
  readonly uri: vscode.Uri;
  positionAt(offset: number): vscode.Position;
}

export function toDiagnostic(document: PositionSource, finding: Finding, extensionUri: vscode.Uri): vscode.Diagnostic {
  const range = new vscode.Range(document.positionAt(finding.range.start), document.positionAt(finding.range.end));
  const diagnostic = new vscode.Diagnostic(range, finding.message, SEVERITY[finding.severity]);
  diagnostic.source = DIAGNOSTIC_SOURCE;
  diagnostic.code = { value: finding.ruleId, target: vscode.Uri.joinPath(extensionUri, finding.docsUrl) };
  diagnostic.relatedInformation = finding.related.map(
    (related) =>
      new vscode.DiagnosticRelatedInformation(
        new vscode.Location(document.uri, new vscode.Range(document.positionAt(related.range.start), document.positionAt(related.range.end))),
        related.message,
      ),
  );
  return diagnostic;
}
