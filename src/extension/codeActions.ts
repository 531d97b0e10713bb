// Quick fixes come from the engine as text edits; this file only turns them into CodeActions
// attached to the diagnostic they fix, plus a fix-all for the file.
import * as vscode from 'vscode';
import type { Finding, TextEdit } from '../core/model';
import { DIAGNOSTIC_SOURCE, type Linter } from './linter';

export const FIX_ALL_KIND = vscode.CodeActionKind.SourceFixAll.append('mailTls');

export class MailTlsCodeActions implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = {
    providedCodeActionKinds: [vscode.CodeActionKind.QuickFix, FIX_ALL_KIND],
  };

  constructor(private readonly linter: Linter) {}

  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const linted = this.linter.resultFor(document);
    if (!linted) return [];
    if (context.only && FIX_ALL_KIND.contains(context.only)) {
      const action = fixAllAction(document, linted.entries, FIX_ALL_KIND);
      return action ? [action] : [];
    }
    const actions: vscode.CodeAction[] = [];
    for (const diagnostic of context.diagnostics) {
      if (diagnostic.source !== DIAGNOSTIC_SOURCE) continue;
      const code = typeof diagnostic.code === 'object' ? diagnostic.code.value : diagnostic.code;
      // Diagnostics come back as copies, so match on rule and range rather than identity.
      const entry = linted.entries.find((candidate) => candidate.finding.ruleId === code && candidate.diagnostic.range.isEqual(diagnostic.range));
      if (!entry) continue;
      for (const fix of entry.finding.fixes) {
        const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
        action.diagnostics = [diagnostic];
        action.isPreferred = fix.preferred;
        action.edit = toWorkspaceEdit(document, fix.edits);
        actions.push(action);
      }
    }
    const fixable = linted.entries.filter((entry) => entry.finding.fixes.some((fix) => fix.preferred));
    if (actions.length > 0 && fixable.length > 1) {
      const all = fixAllAction(document, linted.entries, vscode.CodeActionKind.QuickFix);
      if (all) actions.push(all);
    }
    return actions;
  }
}

export function fixAllEdits(findings: readonly Finding[]): TextEdit[] {
  const chosen: TextEdit[] = [];
  for (const finding of findings) {
    const preferred = finding.fixes.find((fix) => fix.preferred);
    if (!preferred) continue;
    // Two findings on one endpoint may propose overlapping edits; the first one wins and the
    // next lint offers the rest.
    const overlaps = preferred.edits.some((edit) => chosen.some((other) => edit.range.start < other.range.end && other.range.start < edit.range.end));
    if (!overlaps) chosen.push(...preferred.edits);
  }
  return chosen;
}

function fixAllAction(document: vscode.TextDocument, entries: readonly { finding: Finding; diagnostic: vscode.Diagnostic }[], kind: vscode.CodeActionKind): vscode.CodeAction | undefined {
  const edits = fixAllEdits(entries.map((entry) => entry.finding));
  if (edits.length === 0) return undefined;
  const action = new vscode.CodeAction(vscode.l10n.t('Fix all Mail TLS problems in this file'), kind);
  action.edit = toWorkspaceEdit(document, edits);
  action.diagnostics = entries.filter((entry) => entry.finding.fixes.some((fix) => fix.preferred)).map((entry) => entry.diagnostic);
  return action;
}

export function toWorkspaceEdit(document: vscode.TextDocument, edits: readonly TextEdit[]): vscode.WorkspaceEdit {
  const workspaceEdit = new vscode.WorkspaceEdit();
  for (const edit of edits) {
    workspaceEdit.replace(document.uri, new vscode.Range(document.positionAt(edit.range.start), document.positionAt(edit.range.end)), edit.newText);
  }
  return workspaceEdit;
}
