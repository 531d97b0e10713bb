// "Probe Mail Host…", "Explain Implicit TLS vs STARTTLS" and the panel they share.
//
// Trust and privacy: nothing here connects anywhere without a user action — a command the user
// ran, or a button in the panel. In an untrusted workspace the probe asks first (a modal naming
// the host), because the host may have come from a file in that workspace; lint is unaffected.
// Only host and port from the user's files are ever used or logged; the probe never
// authenticates, and the output channel gets the redacted transcript of each port.
import { isIP } from 'node:net';
import * as vscode from 'vscode';
import { mailDomainFor, parseHostInput } from '../../core/hostInput';
import type { Protocol } from '../../core/model';
import { isLocalHost } from '../../core/ports';
import { probeFindings, recommend } from '../../core/explain/recommend';
import { EXAMPLE_TARGETS, snippetsFor, targetsFromRecommendations } from '../../core/explain/snippets';
import { lookupMailDns } from '../../core/probe/dns';
import { probeHost } from '../../core/probe/index';
import type { DnsReport, HostReport, PortTarget, PortVerdict } from '../../core/probe/types';
import { probeJson } from '../../core/report/probeJson';
import { formatProbeMarkdown } from '../../core/report/probeMarkdown';
import { transcriptLogLines } from '../../core/report/transcriptLog';
import { PANEL_VIEW_TYPE, portKey } from '../../webview/messages';
import type { Linter } from '../linter';
import { ExplainerPanel, type PanelActions, type ProbeRequest } from './panel';
import { ProbeSettingsError, readProbeSettings } from './probeSettings';
import { detectWorkspaceLibraries } from './workspaceLibraries';

const HISTORY_KEY = 'mailTls.probe.history';
const HISTORY_SIZE = 10;

/** `mailTls.probeHost` called from code (tests, the Verify code lens) skips the input box. */
export interface ProbeCommandArgs {
  readonly host: string;
  /** Same syntax as the `mailTls.probe.ports` setting; overrides it for this probe. */
  readonly ports?: string;
  /** The port to select in the panel; added to the plan when the plan lacks it. */
  readonly port?: number;
  readonly protocol?: Protocol;
}

export function registerPanel(context: vscode.ExtensionContext, linter: Linter, log: vscode.LogOutputChannel): void {
  let running: { controller: AbortController; generation: number } | undefined;
  let generation = 0;
  let libraries: Promise<Awaited<ReturnType<typeof detectWorkspaceLibraries>>> | undefined;

  const stopRunning = (): void => {
    running?.controller.abort();
    running = undefined;
  };

  const actions: PanelActions = {
    rerun: (panel) => {
      const request = panel.request;
      if (request) void probe(request);
      else void vscode.commands.executeCommand('mailTls.probeHost');
    },
    probeAnother: () => void vscode.commands.executeCommand('mailTls.probeHost'),
    cancel: stopRunning,
    lintWorkspace: () => void vscode.commands.executeCommand('mailTls.lintWorkspace'),
    exportReport: async (panel, format) => {
      if (!panel.report) {
        panel.post({ type: 'notice', kind: 'error', text: vscode.l10n.t('Nothing to export yet: the probe has not finished.') });
        return;
      }
      const extension = format === 'json' ? 'json' : 'md';
      const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
      const name = `mail-tls-${panel.report.host.replace(/[^A-Za-z0-9.-]+/g, '_')}.${extension}`;
      const target = await vscode.window.showSaveDialog({
        ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, name) } : {}),
        filters: format === 'json' ? { JSON: ['json'] } : { Markdown: ['md'] },
        saveLabel: vscode.l10n.t('Export'),
      });
      if (!target) return;
      const text = format === 'json' ? `${JSON.stringify(probeJson(panel.report, panel.dns), null, 2)}\n` : formatProbeMarkdown(panel.report, panel.dns);
      await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
      panel.post({ type: 'notice', kind: 'info', text: vscode.l10n.t('Saved {0}', vscode.workspace.asRelativePath(target)) });
    },
    copy: async (text, what) => {
      await vscode.env.clipboard.writeText(text);
      ExplainerPanel.active?.post({ type: 'notice', kind: 'info', text: vscode.l10n.t('Copied the {0} settings.', what) });
    },
    pageReady: (panel) => {
      libraries ??= detectWorkspaceLibraries().catch(() => []);
      void libraries.then((detected) => panel.post({ type: 'libraries', detected }));
    },
  };

  const showPanel = (): ExplainerPanel => {
    const fresh = !ExplainerPanel.active;
    const panel = ExplainerPanel.show(context.extensionUri, actions);
    if (fresh) {
      // A new panel re-reads the workspace; manifests may have changed since the last one.
      libraries = undefined;
      panel.onDidDispose(stopRunning);
    }
    return panel;
  };

  async function probe(request: ProbeRequest): Promise<HostReport | undefined> {
    if (!(await confirmConnection(request.host))) return undefined;
    await rememberHost(context, request.highlight ? formatHostPort(request.host, request.highlight.port) : request.host);
    stopRunning();
    const controller = new AbortController();
    const mine = { controller, generation: ++generation };
    running = mine;
    const current = (): boolean => running?.generation === mine.generation;

    let settings;
    try {
      settings = await readProbeSettings();
    } catch (error) {
      if (error instanceof ProbeSettingsError) {
        void vscode.window.showErrorMessage(error.message);
        return undefined;
      }
      throw error;
    }
    const panel = showPanel();
    const { host } = request;
    const dnsSkipped =
      isIP(host) !== 0
        ? vscode.l10n.t('{0} is an IP address: no mail domain to look up.', host)
        : isLocalHost(host)
          ? vscode.l10n.t('{0} is a local name: DNS records would say nothing about it.', host)
          : undefined;
    panel.reset({ type: 'probeStarted', host, targets: request.targets, ...(request.highlight ? { highlight: request.highlight } : {}), ...(dnsSkipped ? { dnsSkipped } : {}) });
    log.info(`Probe ${host}: ${request.targets.map(portKey).join(', ')} (timeout ${settings.timeoutMs} ms)`);

    const dnsPromise: Promise<DnsReport | undefined> = dnsSkipped
      ? Promise.resolve(undefined)
      : lookupMailDns({ domain: mailDomainFor(host), timeoutMs: settings.timeoutMs, signal: controller.signal }).then(
          (dns) => {
            if (current()) {
              panel.dns = dns;
              panel.post({ type: 'dns', report: dns });
            }
            return dns;
          },
          () => undefined,
        );

    return vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Mail TLS: probing {0}', host), cancellable: true },
      async (progress, token) => {
        token.onCancellationRequested(() => controller.abort());
        let report: HostReport | undefined;
        let finished = 0;
        const total = request.targets.length;
        try {
          for await (const event of probeHost({
            host,
            targets: request.targets,
            timeoutMs: settings.timeoutMs,
            ...(settings.extraCa.length > 0 ? { extraCa: settings.extraCa } : {}),
            ...(settings.ehloName ? { ehloName: settings.ehloName } : {}),
            signal: controller.signal,
          })) {
            if (!current() && event.type !== 'done') continue;
            switch (event.type) {
              case 'resolved':
                panel.post({ type: 'resolved', addresses: event.addresses });
                log.info(`Probe ${host}: resolved to ${event.addresses.join(', ') || 'no address'}`);
                break;
              case 'port':
                finished++;
                progress.report({ increment: 100 / Math.max(1, total), message: `${portKey(event.report)} ${verdictLabel(event.report.verdict)} (${finished}/${total})` });
                panel.post({ type: 'port', report: event.report });
                for (const line of transcriptLogLines(event.report)) log.info(line);
                break;
              case 'done':
                report = event.report;
                break;
              default:
                break;
            }
          }
        } catch (error) {
          log.error(`Probe ${host} failed: ${error instanceof Error ? error.message : String(error)}`);
          if (current()) panel.post({ type: 'notice', kind: 'error', text: vscode.l10n.t('The probe failed: {0}', error instanceof Error ? error.message : String(error)) });
          return undefined;
        }
        if (report && current()) {
          const recommendations = recommend(report);
          panel.report = report;
          panel.post({
            type: 'probeDone',
            report,
            findings: probeFindings(report),
            recommendations,
            snippets: snippetsFor(targetsFromRecommendations(recommendations, host)),
          });
          log.info(`Probe ${host}: ${report.cancelled ? 'cancelled' : 'done'} in ${Math.round(report.durationMs)} ms`);
          progress.report({ message: vscode.l10n.t('waiting for DNS') });
          // DNS has its own bounds; cancelling the notification ends it too.
          await dnsPromise;
        }
        if (current()) running = undefined;
        return report;
      },
    );
  }

  async function confirmConnection(host: string): Promise<boolean> {
    if (vscode.workspace.isTrusted) return true;
    const connect = vscode.l10n.t('Connect');
    const answer = await vscode.window.showWarningMessage(
      vscode.l10n.t('This workspace is not trusted. Connect to {0}?', host),
      { modal: true, detail: vscode.l10n.t('Mail TLS Doctor opens a few TCP connections to the mail ports of this host and does not log in.') },
      connect,
    );
    return answer === connect;
  }

  context.subscriptions.push(
    { dispose: stopRunning },
    vscode.commands.registerCommand('mailTls.probeHost', async (args?: unknown) => {
      let request: ProbeRequest | undefined;
      let portsOverride: string | undefined;
      if (isProbeArgs(args)) {
        const parsed = parseHostInput(args.host);
        if ('error' in parsed) {
          void vscode.window.showErrorMessage(parsed.error);
          return undefined;
        }
        portsOverride = args.ports;
        request = await buildRequest(parsed.host, args.port ?? parsed.port, args.protocol, portsOverride);
      } else {
        const prefill = endpointUnderCursor(linter);
        const chosen = await askHost(context, prefill);
        if (!chosen) return undefined;
        const port = chosen.port ?? prefill?.port;
        request = await buildRequest(chosen.host, port, port !== undefined && port === prefill?.port ? prefill.protocol : undefined, undefined);
      }
      if (!request) return undefined;
      return probe(request);
    }),
    vscode.commands.registerCommand('mailTls.explain', () => {
      stopRunning();
      const panel = showPanel();
      panel.reset({ type: 'explain', snippets: snippetsFor(EXAMPLE_TARGETS) });
      return true;
    }),
    vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, {
      deserializeWebviewPanel: async (webviewPanel, state) => {
        const panel = ExplainerPanel.revive(webviewPanel, context.extensionUri, actions, state);
        libraries = undefined;
        panel.onDidDispose(stopRunning);
      },
    }),
  );

  async function buildRequest(host: string, port: number | undefined, protocol: Protocol | undefined, portsOverride: string | undefined): Promise<ProbeRequest | undefined> {
    let targets: PortTarget[];
    try {
      targets = [...(await readProbeSettings(portsOverride)).targets];
    } catch (error) {
      void vscode.window.showErrorMessage(error instanceof Error ? error.message : String(error));
      return undefined;
    }
    let highlight: PortTarget | undefined;
    if (port !== undefined) {
      highlight = targets.find((target) => target.port === port && (protocol === undefined || target.protocol === protocol));
      if (!highlight) {
        highlight = { port, protocol: protocol ?? guessProtocol(port) };
        targets.push(highlight);
      }
    }
    return { host, targets, ...(highlight ? { highlight } : {}) };
  }
}

function isProbeArgs(value: unknown): value is ProbeCommandArgs {
  if (typeof value !== 'object' || value === null) return false;
  const args = value as Record<string, unknown>;
  return (
    typeof args.host === 'string' &&
    (args.ports === undefined || typeof args.ports === 'string') &&
    (args.port === undefined || (typeof args.port === 'number' && Number.isInteger(args.port) && args.port > 0 && args.port < 65536)) &&
    (args.protocol === undefined || args.protocol === 'smtp' || args.protocol === 'imap' || args.protocol === 'pop3')
  );
}

/** A verdict as the progress notification shows it: the page's words for it (src/webview/main.ts). */
function verdictLabel(verdict: PortVerdict): string {
  switch (verdict) {
    case 'implicit-tls':
      return vscode.l10n.t('implicit TLS');
    case 'starttls':
      return 'STARTTLS';
    case 'starttls-failed':
      return vscode.l10n.t('STARTTLS failed');
    case 'plaintext':
      return vscode.l10n.t('clear text only');
    case 'refused':
      return vscode.l10n.t('refused');
    case 'filtered':
      return vscode.l10n.t('filtered');
    case 'unreachable':
      return vscode.l10n.t('unreachable');
    case 'dns-failure':
      return vscode.l10n.t('no such host');
    case 'no-greeting':
      return vscode.l10n.t('no greeting');
    case 'rate-limited':
      return vscode.l10n.t('rate-limited');
    case 'error':
      return vscode.l10n.t({ message: 'error', comment: 'verdict' });
  }
}

function guessProtocol(port: number): Protocol {
  if ([143, 993].includes(port)) return 'imap';
  if ([110, 995].includes(port)) return 'pop3';
  return 'smtp';
}

function formatHostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

interface Prefill {
  readonly host?: string;
  readonly port?: number;
  readonly protocol?: Protocol;
}

/** The endpoint lint found under the cursor: its host (when written in the file) and port. */
function endpointUnderCursor(linter: Linter): Prefill | undefined {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return undefined;
  const linted = linter.resultFor(editor.document);
  if (!linted) return undefined;
  const offset = editor.document.offsetAt(editor.selection.active);
  const inside = linted.endpoints.filter((endpoint) => endpoint.range.start <= offset && offset <= endpoint.range.end);
  // Nested ranges (a URL inside an options object): the innermost is the one the user means.
  const endpoint = inside.sort((a, b) => a.range.end - a.range.start - (b.range.end - b.range.start))[0] ?? (linted.endpoints.length === 1 ? linted.endpoints[0] : undefined);
  if (!endpoint) return undefined;
  const known = (origin: string | undefined): boolean => origin !== undefined && origin !== 'env' && origin !== 'computed';
  const host = endpoint.host && known(endpoint.host.origin) && !('error' in parseHostInput(endpoint.host.value)) ? endpoint.host.value : undefined;
  const port = endpoint.port && known(endpoint.port.origin) ? endpoint.port.value : undefined;
  return { ...(host ? { host } : {}), ...(port !== undefined ? { port } : {}), protocol: endpoint.protocol };
}

/** A quick pick that takes typed input and offers the last hosts probed. */
async function askHost(context: vscode.ExtensionContext, prefill: Prefill | undefined): Promise<{ host: string; port?: number } | undefined> {
  const history = context.globalState.get<string[]>(HISTORY_KEY, []).filter((entry) => typeof entry === 'string');
  const initial = prefill?.host ? (prefill.port !== undefined ? formatHostPort(prefill.host, prefill.port) : prefill.host) : '';
  const pick = vscode.window.createQuickPick<vscode.QuickPickItem & { value: string }>();
  pick.title = vscode.l10n.t('Probe Mail Host');
  pick.placeholder = vscode.l10n.t('Host name or IP, optionally with a port: smtp.example.com, mail.example.com:587');
  pick.ignoreFocusOut = true;
  pick.matchOnDescription = true;
  const recent = vscode.l10n.t('recently probed');
  const fromFile = vscode.l10n.t('from the endpoint under the cursor');
  const refresh = (): void => {
    const typed = pick.value.trim();
    const items: (vscode.QuickPickItem & { value: string })[] = [];
    if (typed !== '') {
      const parsed = parseHostInput(typed);
      items.push('error' in parsed ? { label: typed, value: typed, detail: `$(error) ${parsed.error}`, alwaysShow: true } : { label: `$(plug) ${typed}`, value: typed, description: vscode.l10n.t('probe this host'), alwaysShow: true });
    }
    if (initial && initial !== typed) items.push({ label: initial, value: initial, description: fromFile });
    for (const entry of history) if (entry !== typed && entry !== initial) items.push({ label: entry, value: entry, description: recent });
    pick.items = items;
  };
  pick.value = initial;
  refresh();
  pick.onDidChangeValue(refresh);
  return new Promise((resolve) => {
    let settled = false;
    pick.onDidAccept(() => {
      const value = pick.selectedItems[0]?.value ?? pick.value.trim();
      const parsed = parseHostInput(value);
      if ('error' in parsed) {
        // Stay open: the error is already shown under the typed text.
        pick.value = value;
        return;
      }
      settled = true;
      resolve(parsed);
      pick.hide();
    });
    pick.onDidHide(() => {
      if (!settled) resolve(undefined);
      pick.dispose();
    });
    pick.show();
  });
}

async function rememberHost(context: vscode.ExtensionContext, entry: string): Promise<void> {
  const history = context.globalState.get<string[]>(HISTORY_KEY, []).filter((item) => typeof item === 'string' && item !== entry);
  await context.globalState.update(HISTORY_KEY, [entry, ...history].slice(0, HISTORY_SIZE));
}
