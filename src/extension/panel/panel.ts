// The explainer panel on the host side: one panel at a time, fed by typed messages.
// The webview is destroyed whenever it is hidden (no retainContextWhenHidden), so the host keeps
// every message since the last reset and replays them when the page says it is ready again;
// after a window reload the page instead restores itself from its own saved state.
import * as vscode from 'vscode';
import type { DnsReport, HostReport, PortTarget } from '../../core/probe/types';
import { type HostMessage, PANEL_VIEW_TYPE, type PanelState, type WebviewMessage, isWebviewMessage } from '../../webview/messages';
import { panelHtml, panelOptions } from './html';

export interface PanelActions {
  rerun(panel: ExplainerPanel): void;
  probeAnother(): void;
  cancel(): void;
  lintWorkspace(): void;
  exportReport(panel: ExplainerPanel, format: 'markdown' | 'json'): Promise<void>;
  copy(text: string, what: string): Promise<void>;
  /** Called once per page load, so the page gets the libraries of the current workspace. */
  pageReady(panel: ExplainerPanel): void;
}

/** What a re-run needs to repeat the last probe. */
export interface ProbeRequest {
  readonly host: string;
  readonly targets: readonly PortTarget[];
  readonly highlight?: PortTarget;
}

export class ExplainerPanel implements vscode.Disposable {
  private static current: ExplainerPanel | undefined;

  private messages: HostMessage[] = [];
  private ready = false;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly disposeListeners: (() => void)[] = [];
  request: ProbeRequest | undefined;
  report: HostReport | undefined;
  dns: DnsReport | undefined;

  static get active(): ExplainerPanel | undefined {
    return ExplainerPanel.current;
  }

  /** Reveals the panel, creating it when there is none. */
  static show(extensionUri: vscode.Uri, actions: PanelActions): ExplainerPanel {
    const existing = ExplainerPanel.current;
    if (existing) {
      existing.panel.reveal(existing.panel.viewColumn ?? vscode.ViewColumn.Beside, true);
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(PANEL_VIEW_TYPE, 'Mail TLS', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, panelOptions(extensionUri));
    return new ExplainerPanel(panel, extensionUri, actions, undefined);
  }

  /** After a window reload: the page restores itself; the host only takes back what export and re-run need. */
  static revive(panel: vscode.WebviewPanel, extensionUri: vscode.Uri, actions: PanelActions, state: unknown): ExplainerPanel {
    ExplainerPanel.current?.dispose();
    panel.webview.options = panelOptions(extensionUri);
    return new ExplainerPanel(panel, extensionUri, actions, restoredState(state));
  }

  private constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly extensionUri: vscode.Uri,
    private readonly actions: PanelActions,
    restored: PanelState | undefined,
  ) {
    ExplainerPanel.current = this;
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'icon.png');
    if (restored?.mode === 'probe' && restored.host) {
      this.request = { host: restored.host, targets: restored.targets ?? [], ...(restored.highlight ? { highlight: restored.highlight } : {}) };
      this.report = restored.report;
      this.dns = restored.dns;
      this.setTitle(restored.host);
      // Whatever was running belonged to the extension host that the reload ended.
      if (!restored.report) this.messages.push({ type: 'notice', kind: 'error', text: vscode.l10n.t('The probe was interrupted by a window reload. Re-run it to see every port.') });
    } else {
      this.setTitle(undefined);
    }
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((message: unknown) => this.receive(message)),
      panel.onDidChangeViewState(() => {
        // A hidden webview loses its page; it says "ready" again when shown.
        if (!panel.visible) this.ready = false;
      }),
    );
    panel.webview.html = panelHtml(panel.webview, extensionUri);
  }

  get visible(): boolean {
    return this.panel.visible;
  }

  setTitle(host: string | undefined): void {
    this.panel.title = host ? `Mail TLS: ${host}` : vscode.l10n.t('Mail TLS: Implicit TLS vs STARTTLS');
  }

  /** Starts a new story on the page: everything before it is forgotten. */
  reset(message: Extract<HostMessage, { type: 'explain' | 'probeStarted' }>): void {
    this.messages = [];
    this.report = undefined;
    this.dns = undefined;
    if (message.type === 'probeStarted') {
      this.request = { host: message.host, targets: message.targets, ...(message.highlight ? { highlight: message.highlight } : {}) };
      this.setTitle(message.host);
    } else {
      this.request = undefined;
      this.setTitle(undefined);
    }
    this.post(message);
  }

  post(message: HostMessage): void {
    // Notices are moments, not state; a replay should not repeat "Copied" forever.
    if (message.type !== 'notice') this.messages.push(message);
    if (message.type === 'libraries') this.messages = [...this.messages.filter((m) => m.type !== 'libraries'), message];
    if (this.ready) void this.panel.webview.postMessage(message);
  }

  onDidDispose(listener: () => void): void {
    this.disposeListeners.push(listener);
  }

  private receive(raw: unknown): void {
    if (!isWebviewMessage(raw)) return;
    const message: WebviewMessage = raw;
    switch (message.type) {
      case 'ready':
        this.ready = true;
        for (const queued of this.messages) void this.panel.webview.postMessage(queued);
        // Interrupted-probe notices are shown once, on the first page load after a reload.
        this.messages = this.messages.filter((queued) => queued.type !== 'notice');
        this.actions.pageReady(this);
        break;
      case 'rerun':
        this.actions.rerun(this);
        break;
      case 'probeAnother':
        this.actions.probeAnother();
        break;
      case 'cancel':
        this.actions.cancel();
        break;
      case 'lintWorkspace':
        this.actions.lintWorkspace();
        break;
      case 'export':
        void this.actions.exportReport(this, message.format);
        break;
      case 'copy':
        void this.actions.copy(message.text, message.what);
        break;
    }
  }

  dispose(): void {
    if (ExplainerPanel.current === this) ExplainerPanel.current = undefined;
    for (const disposable of this.disposables.splice(0)) disposable.dispose();
    for (const listener of this.disposeListeners.splice(0)) listener();
    this.panel.dispose();
  }
}

/** The saved state is the page's own, but it crossed a process boundary: check its shape. */
function restoredState(state: unknown): PanelState | undefined {
  if (typeof state !== 'object' || state === null) return undefined;
  const candidate = state as Partial<PanelState>;
  if (candidate.version !== 1 || (candidate.mode !== 'explain' && candidate.mode !== 'probe')) return undefined;
  if (candidate.host !== undefined && typeof candidate.host !== 'string') return undefined;
  if (candidate.report !== undefined && (typeof candidate.report !== 'object' || candidate.report === null || !Array.isArray(candidate.report.ports))) return undefined;
  return candidate as PanelState;
}
