/// <reference types="mocha" />
// Probe Mail Host against the real Postfix and Dovecot that run.mjs started (test/editor/peers.ts),
// and what the panel's page shows for them, read by the browser side. The file ends by setting
// up the window reload that suite/panel.restore.ts checks.
import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import * as vscode from 'vscode';
import type { PeerPorts } from '../../peers/matrix';
import type { EditorPeers } from '../peers';
import { hasHarness, type PanelPage, readPanel, reloadAfterThisRun, screenshot } from './harness';
import { RELOAD_NOTES, type ReloadNotes } from './reloadNotes';

// Dovecot treats a client on its own address as secure and then behaves unlike a real server
// (no LOGINDISABLED), so the peers are reached on the second loopback address.
const HOST = '127.0.0.2';

// Each peer port with the verdict the panel must show for it.
const EXPECTED: readonly { readonly name: keyof PeerPorts; readonly protocol: 'smtp' | 'imap' | 'pop3'; readonly verdict: string }[] = [
  { name: 'smtps', protocol: 'smtp', verdict: 'implicit-tls' },
  { name: 'submission', protocol: 'smtp', verdict: 'starttls' },
  { name: 'imaps', protocol: 'imap', verdict: 'implicit-tls' },
  { name: 'imap', protocol: 'imap', verdict: 'starttls' },
  { name: 'pop3s', protocol: 'pop3', verdict: 'implicit-tls' },
  { name: 'pop3', protocol: 'pop3', verdict: 'starttls' },
  { name: 'refused', protocol: 'smtp', verdict: 'refused' },
];

interface ProbeResult {
  readonly host: string;
  readonly cancelled: boolean;
  readonly ports: readonly { readonly port: number; readonly protocol: string; readonly verdict: string }[];
}

function editorPeers(): EditorPeers | undefined {
  const described = process.env.MAIL_TLS_EDITOR_PEERS;
  return described ? (JSON.parse(described) as EditorPeers) : undefined;
}

function skipReason(): string | undefined {
  if (!hasHarness()) return 'no harness to read the page (not started by test/editor/run.mjs)';
  if (!editorPeers()) return `no mail peers: ${process.env.MAIL_TLS_EDITOR_PEERS_SKIP ?? 'MAIL_TLS_EDITOR_PEERS is unset'}`;
  return undefined;
}

const expected = (peers: EditorPeers): { key: string; port: number; protocol: string; verdict: string }[] =>
  EXPECTED.map(({ name, protocol, verdict }) => ({ key: `${peers.ports[name]}-${protocol}`, port: peers.ports[name], protocol, verdict }));

/** Probes the peers with the submission port chosen, which also reveals the panel. */
async function probePeers(peers: EditorPeers): Promise<ProbeResult> {
  const ports = EXPECTED.map(({ name, protocol }) => `${peers.ports[name]}/${protocol}`).join(',');
  const report = await vscode.commands.executeCommand<ProbeResult | undefined>('mailTls.probeHost', { host: HOST, ports, port: peers.ports.submission, protocol: 'smtp' });
  assert.ok(report, 'the command should hand back the host report');
  return report;
}

async function readPeersPanel(peers: EditorPeers): Promise<PanelPage> {
  const check = await readPanel({ host: HOST, rows: EXPECTED.length });
  assert.ok(check.ok && check.panel, `the page did not show the probe of ${HOST}: ${check.reason}; saw ${JSON.stringify(check.panel?.rows ?? null)}`);
  const panel = check.panel;
  for (const port of expected(peers)) {
    const row = panel.rows.find((candidate) => candidate.key === port.key);
    assert.ok(row, `no row port-${port.key} on the page; rows: ${panel.rows.map((r) => r.key).join(', ')}`);
    assert.equal(row.verdict, port.verdict, `data-verdict of port-${port.key}`);
    if (port.verdict === 'refused') assert.equal(row.certificate ?? '', '', `a refused port has no certificate (port-${port.key})`);
    else assert.match(row.certificate ?? '', /^trusted\b/, `certificate cell of port-${port.key}`);
  }
  return panel;
}

const probeConfig = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('mailTls.probe');

// Set by the tests below; a --grep that leaves them out also leaves out the reload phase.
let peerTestsRan = false;

describe('Probe Mail Host against the real Postfix and Dovecot', () => {
  const peers = editorPeers();

  before(async function () {
    const reason = skipReason();
    if (reason) {
      console.warn(`skipping the real-peer panel tests: ${reason}`);
      this.skip();
    }
    // The run's own root CA: without it every certificate would be "untrusted".
    await probeConfig().update('extraCaFiles', [peers!.caFile], vscode.ConfigurationTarget.Global);
    await vscode.workspace.getConfiguration('workbench').update('colorTheme', 'Default Dark Modern', vscode.ConfigurationTarget.Global);
  });

  after(async () => {
    await probeConfig().update('extraCaFiles', undefined, vscode.ConfigurationTarget.Global);
  });

  it('hands back the verdict of each port', async () => {
    peerTestsRan = true;
    const report = await probePeers(peers!);
    assert.equal(report.cancelled, false);
    assert.deepEqual(
      report.ports.map((port) => `${port.port}-${port.protocol} ${port.verdict}`).sort(),
      expected(peers!).map((port) => `${port.key} ${port.verdict}`).sort(),
    );
  });

  it('shows the same verdicts and trusted certificates in the panel, and the STARTTLS conversation', async () => {
    const panel = await readPeersPanel(peers!);
    // The probe was started for the submission port, so its conversation is the one on show.
    assert.equal(panel.selected, `${peers!.ports.submission}/smtp`);
    assert.ok(panel.sequenceActual, 'the sequence diagram of the chosen port');
    assert.equal(panel.tlsSwitches, 1, 'one STARTTLS switch in the diagram of a STARTTLS port');
    assert.ok(panel.transcript.some((line) => /STARTTLS/i.test(line.text)), 'the transcript shows the STARTTLS command');
    await screenshot('panel-peers');
  });
});

// Runs after every file's tests, so the window is reloaded with the real-peer probe as the last
// thing on screen; suite/panel.restore.ts takes over in the reloaded window.
after('leave the real-peer probe in the panel and ask for a window reload', async function () {
  this.timeout(60_000);
  const peers = editorPeers();
  if (skipReason() || !peers || !peerTestsRan) return;
  await probeConfig().update('extraCaFiles', [peers.caFile], vscode.ConfigurationTarget.Global);
  await vscode.workspace.getConfiguration('workbench').update('colorTheme', 'Default Dark Modern', vscode.ConfigurationTarget.Global);
  // One editor group without side bar and bottom panel: the restored panel gets the whole window.
  await vscode.commands.executeCommand('workbench.action.joinAllGroups');
  await vscode.commands.executeCommand('workbench.action.closeSidebar');
  await vscode.commands.executeCommand('workbench.action.closePanel');
  await vscode.commands.executeCommand('workbench.action.closeAuxiliaryBar');
  await probePeers(peers);
  const panel = await readPeersPanel(peers);
  const notes: ReloadNotes = {
    host: HOST,
    rows: panel.rows.map((row) => ({ key: row.key, verdict: row.verdict, certificate: row.certificate })),
    selected: panel.selected,
    backgrounds: { [panel.themeKind ?? 'unknown']: panel.bodyBackground },
  };
  writeFileSync(RELOAD_NOTES(), JSON.stringify(notes));
  reloadAfterThisRun();
});
