// The panel's protocol, imported by the host (src/extension/panel) and the browser script
// (src/webview/main.ts) alike, so both sides are checked against one definition.
// No `vscode`, no DOM, no Node: type-only imports from the engine.
import type { ProbeFinding, Recommendation } from '../core/explain/recommend';
import type { Snippet, SnippetLibrary } from '../core/explain/snippets';
import type { DnsReport, HostReport, PortReport, PortTarget } from '../core/probe/types';

export const PANEL_VIEW_TYPE = 'mailTls.explainer';

/** Host → webview. */
export type HostMessage =
  /** Show the explanation without a probe (resets any earlier report). */
  | { readonly type: 'explain'; readonly snippets: readonly Snippet[] }
  /** A probe begins: the plan, so the matrix can show every row as pending. */
  | {
      readonly type: 'probeStarted';
      readonly host: string;
      readonly targets: readonly PortTarget[];
      /** The port of the endpoint the probe was started from, selected and marked. */
      readonly highlight?: PortTarget;
      /** Why DNS is not looked up (an IP literal, a local name), or undefined when it is. */
      readonly dnsSkipped?: string;
    }
  | { readonly type: 'resolved'; readonly addresses: readonly string[] }
  | { readonly type: 'port'; readonly report: PortReport }
  | { readonly type: 'dns'; readonly report: DnsReport }
  | {
      readonly type: 'probeDone';
      readonly report: HostReport;
      readonly findings: readonly ProbeFinding[];
      readonly recommendations: readonly Recommendation[];
      readonly snippets: readonly Snippet[];
    }
  /** Libraries found in the workspace; the snippets of these are shown first (or only). */
  | { readonly type: 'libraries'; readonly detected: readonly SnippetLibrary[] }
  /** A short status line: "Copied", "Saved to …", "Probe failed: …", already in the user's language. */
  | { readonly type: 'notice'; readonly text: string; readonly kind: 'info' | 'error' };

/** Webview → host. */
export type WebviewMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'rerun' }
  /** Open the host input (Probe Mail Host…). */
  | { readonly type: 'probeAnother' }
  | { readonly type: 'cancel' }
  /** `what` names what was copied (a snippet's library label, "nodemailer"); the host words the notice. */
  | { readonly type: 'copy'; readonly text: string; readonly what: string }
  | { readonly type: 'export'; readonly format: 'markdown' | 'json' }
  | { readonly type: 'lintWorkspace' };

/** What the webview keeps with setState, and what the serializer hands back after a reload. */
export interface PanelState {
  readonly version: 1;
  readonly mode: 'explain' | 'probe';
  readonly host?: string;
  readonly targets?: readonly PortTarget[];
  readonly highlight?: PortTarget;
  readonly dnsSkipped?: string;
  readonly addresses?: readonly string[];
  /** In arrival order. */
  readonly ports: readonly PortReport[];
  readonly dns?: DnsReport;
  /** Set once the probe finished (or was cancelled). */
  readonly report?: HostReport;
  readonly findings?: readonly ProbeFinding[];
  readonly recommendations?: readonly Recommendation[];
  readonly snippets: readonly Snippet[];
  readonly detected: readonly SnippetLibrary[];
  readonly showAllLibraries: boolean;
  /** `port/protocol` of the row whose conversation is shown. */
  readonly selected?: string;
}

export function portKey(target: PortTarget): string {
  return `${target.port}/${target.protocol}`;
}

const WEBVIEW_TYPES = new Set(['ready', 'rerun', 'probeAnother', 'cancel', 'copy', 'export', 'lintWorkspace']);

/** The host trusts nothing a webview posts without looking at it first. */
export function isWebviewMessage(value: unknown): value is WebviewMessage {
  if (typeof value !== 'object' || value === null) return false;
  const message = value as { type?: unknown; text?: unknown; what?: unknown; format?: unknown };
  if (typeof message.type !== 'string' || !WEBVIEW_TYPES.has(message.type)) return false;
  if (message.type === 'copy') return typeof message.text === 'string' && message.text.length <= 100_000 && typeof message.what === 'string';
  if (message.type === 'export') return message.format === 'markdown' || message.format === 'json';
  return true;
}
