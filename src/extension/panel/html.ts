// The panel's one HTML page. All content is built by the script from messages; the page itself
// carries no data, so nothing a server sent can reach the HTML parser. The one exception is the
// extension's own translations (vscode.l10n.bundle, absent in English), which ride along as an
// inert JSON block the script reads before it draws (src/webview/l10n.ts).
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { L10N_ELEMENT_ID, pageLanguage, serializeBundle } from '../../webview/l10n';

export function panelResourceRoots(extensionUri: vscode.Uri): vscode.Uri[] {
  return [vscode.Uri.joinPath(extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(extensionUri, 'media')];
}

export function panelOptions(extensionUri: vscode.Uri): vscode.WebviewOptions & vscode.WebviewPanelOptions {
  return {
    enableScripts: true,
    localResourceRoots: panelResourceRoots(extensionUri),
    // State lives in setState and the host's replay; a hidden panel costs no memory.
    retainContextWhenHidden: false,
    enableFindWidget: true,
  };
}

export function panelHtml(webview: vscode.Webview, extensionUri: vscode.Uri): string {
  // Fresh per render: a nonce that outlives its page would let a later injection reuse it.
  const nonce = randomBytes(18).toString('base64');
  const script = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview', 'main.js'));
  const style = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'panel.css'));
  const csp = [
    "default-src 'none'",
    `style-src ${webview.cspSource}`,
    `script-src 'nonce-${nonce}'`,
    `img-src ${webview.cspSource} data:`,
  ].join('; ');
  const bundle = vscode.l10n.bundle;
  // Not run (type="application/json"), and serializeBundle escapes < > & so nothing in it can end
  // the element; the nonce is there so the block matches the CSP however a browser reads it.
  const translations = bundle ? `<script type="application/json" id="${L10N_ELEMENT_ID}" nonce="${nonce}">${serializeBundle(bundle)}</script>\n` : '';
  return `<!DOCTYPE html>
<html lang="${pageLanguage(vscode.env.language)}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style.toString()}">
<title>Mail TLS</title>
</head>
<body>
<main id="app" data-testid="panel-root" aria-busy="true"></main>
${translations}<script nonce="${nonce}" src="${script.toString()}"></script>
</body>
</html>`;
}
