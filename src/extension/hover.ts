// Explains a recognised port or TLS flag for the library that reads it.
import * as vscode from 'vscode';
import { hoverMarkdown } from '../core/explain/hover';
import type { Linter } from './linter';

export class MailTlsHover implements vscode.HoverProvider {
  constructor(private readonly linter: Linter) {}

  async provideHover(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.Hover | undefined> {
    const linted = this.linter.resultFor(document) ?? (this.linter.shouldLint(document) ? await this.linter.lintNow(document) : undefined);
    if (!linted) return undefined;
    const found = hoverMarkdown(linted.endpoints, document.offsetAt(position));
    if (!found) return undefined;
    const markdown = new vscode.MarkdownString(found.markdown);
    // Text from the user's file appears in the hover; never let it run commands or HTML.
    markdown.isTrusted = false;
    markdown.supportHtml = false;
    return new vscode.Hover(markdown, new vscode.Range(document.positionAt(found.range.start), document.positionAt(found.range.end)));
  }
}
