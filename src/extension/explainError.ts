// "Mail TLS: Explain Mail Error…": the selection, or pasted text, matched against the error
// catalogue and shown as a Markdown preview — cause, what to change, and the lint rule that
// finds the same mistake in a configuration file.
//
// The page lives in a read-only virtual document, so closing it never asks to save, and the
// pasted text is shown inside a code fence, so nothing in it is rendered or run.
import * as vscode from 'vscode';
import { explainError, UNKNOWN_ERROR_TEXT, type ErrorExplanation } from '../core/explain/errors';

export const EXPLAIN_COMMAND = 'mailTls.explainError';
const SCHEME = 'mail-tls-explain';
/** Shown text is cut here; the catalogue itself reads up to 64 KiB. */
const MAX_SHOWN_LINES = 30;
const MAX_SHOWN_CHARS = 4000;

class ExplanationPages implements vscode.TextDocumentContentProvider {
  private readonly pages = new Map<string, string>();
  private next = 0;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.pages.get(uri.query) ?? '';
  }

  add(markdown: string): vscode.Uri {
    const id = String(++this.next);
    // Only the last few pages can still be open in a sensible session; keep memory bounded.
    this.pages.set(id, markdown);
    for (const key of this.pages.keys()) {
      if (this.pages.size <= 20) break;
      this.pages.delete(key);
    }
    return vscode.Uri.from({ scheme: SCHEME, path: `/${vscode.l10n.t('Mail error explained')}.md`, query: id });
  }
}

export function registerExplainError(context: vscode.ExtensionContext): void {
  const pages = new ExplanationPages();
  context.subscriptions.push(
    vscode.workspace.registerTextDocumentContentProvider(SCHEME, pages),
    // A string argument is text to explain (tests, other commands); the editor context menu
    // passes the document's uri instead, which means "use the selection".
    vscode.commands.registerCommand(EXPLAIN_COMMAND, async (text?: unknown): Promise<readonly ErrorExplanation[] | undefined> => {
      const input = typeof text === 'string' && text.trim() !== '' ? text : (selectedText() ?? (await askForText()));
      if (input === undefined || input.trim() === '') return undefined;
      const explanations = explainError(input);
      const uri = pages.add(renderPage(input, explanations, context.extensionUri));
      await show(uri);
      return explanations;
    }),
  );
}

function selectedText(): string | undefined {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return undefined;
  const parts = editor.selections.filter((selection) => !selection.isEmpty).map((selection) => editor.document.getText(selection));
  const joined = parts.join('\n');
  return joined.trim() === '' ? undefined : joined;
}

function askForText(): Thenable<string | undefined> {
  return vscode.window.showInputBox({
    title: vscode.l10n.t('Explain Mail Error'),
    prompt: vscode.l10n.t('Paste the error message from your log (one line is enough).'),
    placeHolder: 'error:0A00010B:SSL routines::wrong version number',
    ignoreFocusOut: true,
  });
}

async function show(uri: vscode.Uri): Promise<void> {
  try {
    await vscode.commands.executeCommand('markdown.showPreview', uri);
  } catch {
    // Without the built-in Markdown extension the source is still readable.
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document, { preview: true });
  }
}

/** A code fence longer than any run of backticks in the text, so the text cannot close it. */
function fenced(text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((match) => match[0].length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}text\n${text}\n${fence}`;
}

function inlineCode(text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((match) => match[0].length));
  const ticks = '`'.repeat(longest + 1);
  return `${ticks} ${text.replace(/\s+/g, ' ')} ${ticks}`;
}

function excerpt(input: string): string {
  let lines = input.replace(/\r\n?/g, '\n').trim().split('\n');
  let cut = false;
  if (lines.length > MAX_SHOWN_LINES) {
    lines = lines.slice(0, MAX_SHOWN_LINES);
    cut = true;
  }
  let text = lines.join('\n');
  if (text.length > MAX_SHOWN_CHARS) {
    text = text.slice(0, MAX_SHOWN_CHARS);
    cut = true;
  }
  return cut ? `${text}\n…` : text;
}

export function renderPage(input: string, explanations: readonly ErrorExplanation[], extensionUri: vscode.Uri): string {
  const out: string[] = [`# ${vscode.l10n.t('Mail error explained')}`, '', `**${vscode.l10n.t('The text')}**`, '', fenced(excerpt(input)), ''];
  if (explanations.length === 0) {
    out.push(`## ${vscode.l10n.t('Not recognised')}`, '', vscode.l10n.t(UNKNOWN_ERROR_TEXT), '');
    return out.join('\n');
  }
  if (explanations.length > 1) {
    out.push(vscode.l10n.t('{0} causes match; the most specific comes first.', explanations.length), '');
  }
  explanations.forEach((item, index) => {
    out.push(`## ${explanations.length > 1 ? `${index + 1}. ` : ''}${item.title}`, '');
    out.push(`**${vscode.l10n.t('What happened')}** — ${item.explanation}`, '');
    out.push(`**${vscode.l10n.t('What to change')}**`, '');
    for (const fix of item.fix) out.push(`- ${fix}`);
    out.push('');
    out.push(`${vscode.l10n.t('Recognised by')}: ${inlineCode(item.matched)}`, '');
    if (item.ruleId) {
      const docs = vscode.Uri.joinPath(extensionUri, 'docs', 'rules', `${item.ruleId}.md`);
      out.push(vscode.l10n.t('The linter finds this mistake in configuration files as {0}.', `[${item.ruleId}](${docs.toString()})`), '');
    }
  });
  out.push('---', '', vscode.l10n.t('To see what the server really does on each port, use the Verify code lens above a mail configuration, or run Mail TLS: Probe Mail Host.'));
  return out.join('\n');
}
