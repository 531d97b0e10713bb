// "Verify against server": a code lens above each endpoint lint found, and the command behind
// it, which probes that one port and turns the outcome into a diagnostic on the config line.
//
// Privacy: nothing here connects anywhere unless the user clicks (or runs the command); in an
// untrusted workspace a modal asks first, because the host comes from a file someone else wrote.
// Verify diagnostics live in their own collection so that re-linting never wipes them and
// editing the file always does: a verdict is about the text as it was when it was checked.
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import * as vscode from 'vscode';
import type { MailEndpoint, Severity, TlsModeSetting } from '../core/model';
import { parseHostInput } from '../core/hostInput';
import { probePort, type PortReport } from '../core/probe';
import { transcriptLogLines } from '../core/report/transcriptLog';
import { literalHost, verifyEndpoint, type VerifyResult } from '../core/verify';
import { DIAGNOSTIC_SOURCE, type Linter } from './linter';

export const VERIFY_COMMAND = 'mailTls.verifyEndpoint';
export const VERIFY_COLLECTION = 'mail-tls-verify';
export const VERIFY_CODE = 'verify';

/** What a lens hands to the command: plain data, so it survives any serialisation on the way. */
export interface VerifyTarget {
  readonly uri: string;
  /** Start offset of the endpoint's range in the document version the lens was made for. */
  readonly at: number;
  /** Skip the host prompt (tests, other commands). */
  readonly host?: string;
}

export interface VerifyOutcome extends VerifyResult {
  readonly host: string;
  readonly port: number;
  readonly verdict: PortReport['verdict'];
}

const SEVERITY: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  information: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

const HOST_MEMORY_KEY = 'mailTls.verify.hosts';

function modeLabel(mode: TlsModeSetting): string {
  switch (mode) {
    case 'implicit':
      return vscode.l10n.t('implicit TLS');
    case 'starttls':
      return vscode.l10n.t('STARTTLS');
    case 'none':
      return vscode.l10n.t('no TLS');
    case 'auto':
      return vscode.l10n.t('mode by port');
    case 'unknown':
      return vscode.l10n.t('mode not in file');
  }
}

function hostForDisplay(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

function lensEnabled(document: vscode.TextDocument): boolean {
  return vscode.workspace.getConfiguration('mailTls', document).get<boolean>('codeLens.enable', true) !== false;
}

class VerifyLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly disposables: vscode.Disposable[];

  constructor(private readonly linter: Linter) {
    this.disposables = [
      this.changed,
      // The linter has no event of its own; its diagnostics changing is the moment endpoints
      // moved. Only visible editors show lenses, so other files' churn is ignored.
      vscode.languages.onDidChangeDiagnostics((event) => {
        const visible = new Set(vscode.window.visibleTextEditors.map((editor) => editor.document.uri.toString()));
        if (event.uris.some((uri) => visible.has(uri.toString()))) this.changed.fire();
      }),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('mailTls')) this.changed.fire();
      }),
    ];
  }

  async provideCodeLenses(document: vscode.TextDocument, token: vscode.CancellationToken): Promise<vscode.CodeLens[]> {
    if (!lensEnabled(document)) return [];
    const linted = this.linter.resultFor(document) ?? (this.linter.shouldLint(document) ? await this.linter.lintNow(document) : undefined);
    if (!linted || token.isCancellationRequested) return [];
    const lenses: vscode.CodeLens[] = [];
    for (const endpoint of linted.endpoints) {
      if (!endpoint.port) continue;
      const line = document.positionAt(endpoint.anchor.start).line;
      const host = literalHost(endpoint);
      const mode = modeLabel(endpoint.mode.value);
      const title = host
        ? vscode.l10n.t('Verify {0}:{1} ({2})', hostForDisplay(host), endpoint.port.value, mode)
        : vscode.l10n.t('Verify port {0} ({1}) — asks for the host', endpoint.port.value, mode);
      const target: VerifyTarget = { uri: document.uri.toString(), at: endpoint.range.start };
      lenses.push(
        new vscode.CodeLens(new vscode.Range(line, 0, line, 0), {
          title,
          tooltip: vscode.l10n.t('Connect once to this port, see whether the server speaks what this configuration expects, and show the result on the configuration. Sends no credentials.'),
          command: VERIFY_COMMAND,
          arguments: [target],
        }),
      );
    }
    return lenses;
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }
}

/**
 * The probe settings the panel contributes (mailTls.probe.*), read without assuming they exist
 * or hold what the schema says: a bad value falls back to the probe's default.
 */
async function probeSettings(): Promise<{ timeoutMs?: number; extraCa?: string[]; ehloName?: string }> {
  const config = vscode.workspace.getConfiguration('mailTls.probe');
  const result: { timeoutMs?: number; extraCa?: string[]; ehloName?: string } = {};
  const timeout = config.get<unknown>('timeoutMs');
  if (typeof timeout === 'number' && Number.isFinite(timeout) && timeout > 0) result.timeoutMs = Math.min(120_000, Math.max(100, Math.round(timeout)));
  const ehlo = config.get<unknown>('ehloName');
  if (typeof ehlo === 'string' && /^[A-Za-z0-9.-]{1,253}$/.test(ehlo.trim())) result.ehloName = ehlo.trim();
  const files = config.get<unknown>('extraCaFiles');
  const pems: string[] = [];
  for (const entry of Array.isArray(files) ? files : []) {
    if (typeof entry !== 'string' || entry.trim() === '') continue;
    const path = resolvePath(entry.trim());
    try {
      pems.push(await readFile(path, 'utf8'));
    } catch {
      void vscode.window.showWarningMessage(vscode.l10n.t('Mail TLS: could not read the CA file {0}; verifying without it.', path));
    }
  }
  if (pems.length > 0) result.extraCa = pems;
  return result;
}

function resolvePath(path: string): string {
  if (path === '~' || path.startsWith('~/')) return join(homedir(), path.slice(1));
  if (isAbsolute(path)) return path;
  const folder = vscode.workspace.workspaceFolders?.[0];
  return folder ? join(folder.uri.fsPath, path) : path;
}

export function registerVerify(context: vscode.ExtensionContext, linter: Linter, log: vscode.LogOutputChannel): void {
  const collection = vscode.languages.createDiagnosticCollection(VERIFY_COLLECTION);
  // uri -> endpoint start offset -> the verdict shown for it
  const shown = new Map<string, Map<number, vscode.Diagnostic>>();
  const provider = new VerifyLensProvider(linter);
  const selector: vscode.DocumentSelector = [{ scheme: 'file' }, { scheme: 'untitled' }, { scheme: 'vscode-remote' }];

  const clear = (uri: vscode.Uri): void => {
    if (!shown.delete(uri.toString())) return;
    collection.delete(uri);
  };

  context.subscriptions.push(
    collection,
    provider,
    vscode.languages.registerCodeLensProvider(selector, provider),
    vscode.workspace.onDidChangeTextDocument((event) => {
      if (event.contentChanges.length > 0) clear(event.document.uri);
    }),
    vscode.workspace.onDidCloseTextDocument((document) => clear(document.uri)),
    vscode.commands.registerCommand(VERIFY_COMMAND, async (target?: unknown): Promise<VerifyOutcome | undefined> => {
      const chosen = await chooseEndpoint(linter, target);
      if (!chosen) return undefined;
      const { document, endpoint } = chosen;
      const port = endpoint.port?.value;
      if (port === undefined) return undefined;

      const given = isVerifyTarget(target) && typeof target.host === 'string' && target.host.trim() !== '' ? target.host.trim() : undefined;
      const host = given ?? literalHost(endpoint) ?? (await askHost(context, endpoint, port));
      if (!host) return undefined;

      if (!vscode.workspace.isTrusted) {
        const connect = vscode.l10n.t('Connect');
        const answer = await vscode.window.showWarningMessage(
          vscode.l10n.t('This workspace is not trusted. Connect to {0} port {1}, named in {2}?', hostForDisplay(host), port, vscode.workspace.asRelativePath(document.uri)),
          { modal: true, detail: vscode.l10n.t('Mail TLS Doctor opens one connection, reads the greeting and the TLS handshake, and sends no credentials.') },
          connect,
        );
        if (answer !== connect) return undefined;
      }

      const version = document.version;
      const settings = await probeSettings();
      const report = await vscode.window.withProgress(
        {
          location: vscode.ProgressLocation.Notification,
          title: vscode.l10n.t('Mail TLS: verifying {0}:{1}', hostForDisplay(host), port),
          cancellable: true,
        },
        async (_progress, token) => {
          const controller = new AbortController();
          const subscription = token.onCancellationRequested(() => controller.abort());
          try {
            return await probePort({ port, protocol: endpoint.protocol }, { host, signal: controller.signal, ...settings });
          } finally {
            subscription.dispose();
          }
        },
      );
      logReport(log, host, report);

      const result = verifyEndpoint(endpoint, report, { host });
      const outcome: VerifyOutcome = { ...result, host, port, verdict: report.verdict };
      if (result.outcome === 'cancelled') {
        vscode.window.setStatusBarMessage(vscode.l10n.t('Mail TLS: verifying {0}:{1} was cancelled.', hostForDisplay(host), port), 4000);
        return outcome;
      }
      // The text changed while the probe ran: the verdict would point at the wrong characters.
      if (document.isClosed || document.version !== version) return outcome;

      const diagnostic = new vscode.Diagnostic(
        new vscode.Range(document.positionAt(result.range.start), document.positionAt(result.range.end)),
        result.message,
        SEVERITY[result.severity],
      );
      diagnostic.source = DIAGNOSTIC_SOURCE;
      diagnostic.code = VERIFY_CODE;
      const key = document.uri.toString();
      const forDocument = shown.get(key) ?? new Map<number, vscode.Diagnostic>();
      forDocument.set(endpoint.range.start, diagnostic);
      shown.set(key, forDocument);
      collection.set(document.uri, [...forDocument.values()]);
      vscode.window.setStatusBarMessage(vscode.l10n.t('Mail TLS: {0}:{1} verified — see the Problems panel.', hostForDisplay(host), port), 5000);
      return outcome;
    }),
  );
}

function isVerifyTarget(value: unknown): value is VerifyTarget {
  return typeof value === 'object' && value !== null && typeof (value as VerifyTarget).uri === 'string' && typeof (value as VerifyTarget).at === 'number';
}

/** From a lens: that endpoint. From the palette: the one under the cursor, the only one, or a pick. */
async function chooseEndpoint(linter: Linter, target: unknown): Promise<{ document: vscode.TextDocument; endpoint: MailEndpoint } | undefined> {
  let document: vscode.TextDocument | undefined;
  if (isVerifyTarget(target)) {
    document = vscode.workspace.textDocuments.find((candidate) => candidate.uri.toString() === target.uri) ?? (await vscode.workspace.openTextDocument(vscode.Uri.parse(target.uri)));
  } else {
    document = vscode.window.activeTextEditor?.document;
  }
  if (!document) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Mail TLS: open a file with a mail configuration to verify it.'));
    return undefined;
  }
  const linted = linter.resultFor(document) ?? (await linter.lintNow(document));
  const endpoints = (linted?.endpoints ?? []).filter((endpoint) => endpoint.port !== undefined);
  if (endpoints.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Mail TLS: no mail configuration with a port in this file.'));
    return undefined;
  }
  if (isVerifyTarget(target)) {
    const endpoint = endpoints.find((candidate) => candidate.range.start === target.at);
    // An edit since the lens was drawn moved the offsets; the lens will be redrawn, so ask again then.
    return endpoint ? { document, endpoint } : undefined;
  }
  const editor = vscode.window.activeTextEditor;
  const offset = editor && editor.document === document ? document.offsetAt(editor.selection.active) : -1;
  const underCursor = endpoints.find((endpoint) => endpoint.range.start <= offset && offset <= endpoint.range.end);
  if (underCursor) return { document, endpoint: underCursor };
  if (endpoints.length === 1) return { document, endpoint: endpoints[0]! };
  const picked = await vscode.window.showQuickPick(
    endpoints.map((endpoint) => ({
      label: `${literalHost(endpoint) ?? '?'}:${endpoint.port?.value}`,
      description: modeLabel(endpoint.mode.value),
      detail: vscode.l10n.t('line {0}', document.positionAt(endpoint.anchor.start).line + 1),
      endpoint,
    })),
    { placeHolder: vscode.l10n.t('Which mail configuration should be verified?') },
  );
  return picked ? { document, endpoint: picked.endpoint } : undefined;
}

async function askHost(context: vscode.ExtensionContext, endpoint: MailEndpoint, port: number): Promise<string | undefined> {
  const envName = endpoint.host?.envName;
  const remembered = context.workspaceState.get<Record<string, string>>(HOST_MEMORY_KEY, {});
  const memoryKey = envName ?? `${endpoint.protocol}:${port}`;
  const host = await vscode.window.showInputBox({
    title: vscode.l10n.t('Verify Against Server'),
    prompt: envName
      ? vscode.l10n.t('The file reads the host from {0}. Which host should port {1} be checked on?', envName, port)
      : vscode.l10n.t('The host is not written in this file. Which host should port {0} be checked on?', port),
    placeHolder: 'smtp.example.com',
    value: remembered[memoryKey] ?? '',
    ignoreFocusOut: true,
    validateInput: (value) => {
      const parsed = parseHostInput(value);
      if ('error' in parsed) return parsed.error;
      if (parsed.port !== undefined && parsed.port !== port) return vscode.l10n.t('Only the host: the port ({0}) comes from the file.', port);
      return undefined;
    },
  });
  const parsed = host === undefined ? undefined : parseHostInput(host);
  const chosen = parsed && 'host' in parsed ? parsed.host : undefined;
  if (!chosen) return undefined;
  await context.workspaceState.update(HOST_MEMORY_KEY, { ...remembered, [memoryKey]: chosen });
  return chosen;
}

function logReport(log: vscode.LogOutputChannel, host: string, report: PortReport): void {
  const [head = '', ...lines] = transcriptLogLines(report);
  log.info(`verify ${hostForDisplay(host)}:${head}`);
  for (const line of lines) log.info(line);
}
