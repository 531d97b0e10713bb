/// <reference types="mocha" />
// Runs in the window the harness saw reload (see suite/index.ts and run.mjs): the explainer
// panel must come back by itself (serializer on the host, setState in the page) with the last
// report, in the dark theme suite/peers.test.ts left set; then the switch to the light theme
// must repaint it, which only happens when the page's colours come from --vscode-* variables.
//
// One reload, not one per theme: each costs 10-17 s on 2 cores, and what a reload restores does
// not depend on the theme.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { type PanelPage, readPanel, screenshot } from './harness';
import { RELOAD_NOTES, type ReloadNotes } from './reloadNotes';

const VIEW_TYPE = 'mailTls.explainer';
const phase = Number(process.env.MAIL_TLS_EDITOR_PHASE ?? '0');

function readNotes(): ReloadNotes {
  return JSON.parse(readFileSync(RELOAD_NOTES(), 'utf8')) as ReloadNotes;
}

async function waitForTab(label: string, timeoutMs: number): Promise<vscode.Tab> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const tab = vscode.window.tabGroups.all
      .flatMap((group) => group.tabs)
      .find((candidate) => candidate.input instanceof vscode.TabInputWebview && candidate.input.viewType.endsWith(VIEW_TYPE) && candidate.label === label);
    if (tab) return tab;
    if (Date.now() > deadline) {
      assert.fail(`no restored ${VIEW_TYPE} tab "${label}"; tabs: ${vscode.window.tabGroups.all.flatMap((g) => g.tabs.map((t) => t.label)).join(', ') || 'none'}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function readRestoredPanel(notes: ReloadNotes, themeKind: string): Promise<PanelPage> {
  const check = await readPanel({ host: notes.host, rows: notes.rows.length, themeKind, timeoutMs: 20_000 });
  assert.ok(check.ok && check.panel, `the page did not show ${notes.host} in ${themeKind}: ${check.reason}; saw ${JSON.stringify(check.panel ?? null)}`);
  const panel = check.panel;
  assert.deepEqual(
    panel.rows.map((row) => ({ key: row.key, verdict: row.verdict, certificate: row.certificate })),
    notes.rows,
    'the same rows, verdicts and certificate cells as before the reload',
  );
  assert.equal(panel.selected, notes.selected, 'the same port chosen');
  return panel;
}

describe('After a window reload', () => {
  let dark: PanelPage | undefined;

  before(function () {
    if (phase !== 1) assert.fail(`suite/panel.restore.ts plans one reload, but this is phase ${phase}`);
  });

  after(async () => {
    await vscode.workspace.getConfiguration('workbench').update('colorTheme', undefined, vscode.ConfigurationTarget.Global);
    await vscode.workspace.getConfiguration('mailTls.probe').update('extraCaFiles', undefined, vscode.ConfigurationTarget.Global);
  });

  it('the explainer panel comes back with the last report, in the dark theme set before', async function () {
    // The window is still restoring its editors when the suite starts.
    this.timeout(45_000);
    const notes = readNotes();
    const tab = await waitForTab(`Mail TLS: ${notes.host}`, 20_000);
    assert.ok(tab.isActive, 'the panel was the active editor before the reload');
    dark = await readRestoredPanel(notes, 'vscode-dark');
    assert.equal(dark.bodyBackground, notes.backgrounds['vscode-dark'], 'the same dark background as before the reload');
    await screenshot('panel-dark-after-reload');
    await screenshot('readme-panel-dark', 'panel');
  });

  it('repaints with the light theme\'s colours', async function () {
    this.timeout(30_000);
    assert.ok(dark, 'needs the restored panel of the test before');
    await vscode.workspace.getConfiguration('workbench').update('colorTheme', 'Default Light Modern', vscode.ConfigurationTarget.Global);
    const light = await readRestoredPanel(readNotes(), 'vscode-light');
    assert.doesNotMatch(light.bodyBackground, /^rgba\(0, 0, 0, 0\)$|^transparent$/, 'the body has a background of its own');
    assert.notEqual(light.bodyBackground, dark.bodyBackground, 'the light and the dark theme paint the body alike');
    await screenshot('panel-light-after-reload');
    await screenshot('readme-sequence-starttls-light', 'panel:.diagram-pair');
  });
});
