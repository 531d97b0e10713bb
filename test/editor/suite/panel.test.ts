/// <reference types="mocha" />
// The explainer panel and "Probe Mail Host…" in a real editor. Network only to loopback: a port
// where nothing listens, and two fake mail servers started here (one STARTTLS with an HTML
// banner, one implicit TLS). What the page shows is read by the harness, which owns the browser
// (suite/harness.ts readPanel).
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { type Fake, implicitServer, lineServer, makeSelfSignedCert, smtpScript } from '../../unit/probeFakes';
import { hasHarness, readPanel, screenshot } from './harness';

const VIEW_TYPE = 'mailTls.explainer';
// Were any of it parsed as HTML, the page would get elements, and a script or handler that set
// window.__pwned (the CSP would stop the handler; the element check does not rely on that).
const HOSTILE_GREETING = '220 mail.test ESMTP <b>hi</b><script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">';
const WAIT_MS = 10_000;

interface ProbeResult {
  readonly host: string;
  readonly cancelled: boolean;
  readonly durationMs: number;
  readonly ports: readonly { readonly port: number; readonly protocol: string; readonly verdict: string }[];
}

function panelTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all
    .flatMap((group) => group.tabs)
    // The workbench prefixes the extension's view type (e.g. "mainThreadWebview-mailTls.explainer").
    .filter((tab) => tab.input instanceof vscode.TabInputWebview && tab.input.viewType.endsWith(VIEW_TYPE));
}

async function waitForPanel(label: RegExp): Promise<vscode.Tab> {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const tab = panelTabs().find((candidate) => label.test(candidate.label));
    if (tab) return tab;
    if (Date.now() > deadline) assert.fail(`no ${VIEW_TYPE} tab labelled ${label}; tabs: ${vscode.window.tabGroups.all.flatMap((g) => g.tabs.map((t) => t.label)).join(', ') || 'none'}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function closePanels(): Promise<void> {
  const tabs = panelTabs();
  if (tabs.length > 0) await vscode.window.tabGroups.close(tabs);
}

// The page draws after the host posts; give it a moment before a picture is taken.
const settle = (ms = 1500): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('Explainer panel and Probe Mail Host', () => {
  const config = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('mailTls.probe');

  before(async () => {
    const extension = vscode.extensions.getExtension('mail-tls-doctor.mail-tls-doctor');
    assert.ok(extension, 'the extension under test should be installed');
    await extension.activate();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    // Room and the default dark theme for the screenshots.
    await vscode.workspace.getConfiguration('workbench').update('colorTheme', 'Default Dark Modern', vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('workbench.action.closeAuxiliaryBar');
    await vscode.commands.executeCommand('workbench.action.closeSidebar');
  });

  after(async () => {
    await config().update('ports', undefined, vscode.ConfigurationTarget.Global);
    await config().update('timeoutMs', undefined, vscode.ConfigurationTarget.Global);
    await closePanels();
    await vscode.workspace.getConfiguration('workbench').update('colorTheme', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('workbench.view.explorer');
  });

  it('Explain Implicit TLS vs STARTTLS opens the panel without a probe', async () => {
    const result = await vscode.commands.executeCommand<boolean>('mailTls.explain');
    assert.equal(result, true);
    const tab = await waitForPanel(/Implicit TLS vs STARTTLS/);
    assert.ok(tab.input instanceof vscode.TabInputWebview);
    await settle(3000);
    await screenshot('panel-explain');
    // A second run reuses the one panel.
    await vscode.commands.executeCommand('mailTls.explain');
    assert.equal(panelTabs().length, 1, 'one explainer panel at a time');
  });

  it('probes a loopback port where nothing listens and finishes promptly', async () => {
    await config().update('ports', '1/smtp', vscode.ConfigurationTarget.Global);
    await config().update('timeoutMs', 2000, vscode.ConfigurationTarget.Global);
    const started = Date.now();
    const report = await vscode.commands.executeCommand<ProbeResult | undefined>('mailTls.probeHost', { host: '127.0.0.1' });
    assert.ok(report, 'the command should hand back the host report');
    assert.ok(Date.now() - started < 10_000, `took ${Date.now() - started} ms`);
    assert.equal(report.cancelled, false);
    assert.deepEqual(
      report.ports.map((port) => `${port.port}/${port.protocol} ${port.verdict}`),
      ['1/smtp refused'],
    );
    await waitForPanel(/^Mail TLS: 127\.0\.0\.1$/);
    assert.equal(panelTabs().length, 1, 'the probe reuses the explainer panel');
  });

  it('rejects a host that is not one, without connecting', async () => {
    const report = await vscode.commands.executeCommand<ProbeResult | undefined>('mailTls.probeHost', { host: '<script>' });
    assert.equal(report, undefined);
  });

  describe('against fake mail servers on loopback', () => {
    let starttls: Fake;
    let implicit: Fake;
    let caDir: string;

    before(async () => {
      const cert = makeSelfSignedCert();
      // Trusted through the setting, so the panel can show "What to write" for these servers.
      caDir = mkdtempSync(join(tmpdir(), 'panel-ca-'));
      writeFileSync(join(caDir, 'ca.pem'), cert.cert);
      await config().update('extraCaFiles', [join(caDir, 'ca.pem')], vscode.ConfigurationTarget.Global);
      starttls = await lineServer(cert, smtpScript({ greeting: `${HOSTILE_GREETING}\r\n` }));
      implicit = await implicitServer(cert, '220 mail.test ESMTP ready\r\n', (line, write, end) => {
        const command = line.toUpperCase();
        if (command.startsWith('EHLO')) write('250-mail.test\r\n250-PIPELINING\r\n250-AUTH PLAIN LOGIN\r\n250 8BITMIME\r\n');
        else if (command === 'QUIT') {
          write('221 2.0.0 Bye\r\n');
          end();
        } else write('502 5.5.2 Error: command not recognized\r\n');
      });
    });

    after(async () => {
      await starttls?.close();
      await implicit?.close();
      await config().update('extraCaFiles', undefined, vscode.ConfigurationTarget.Global);
      if (caDir) rmSync(caDir, { recursive: true, force: true });
    });

    it('streams each port into the panel and hands back the verdicts', async () => {
      const ports = `${starttls.port}/smtp,${implicit.port}/smtp,1/imap`;
      const report = await vscode.commands.executeCommand<ProbeResult | undefined>('mailTls.probeHost', { host: '127.0.0.1', ports, port: starttls.port, protocol: 'smtp' });
      assert.ok(report);
      assert.deepEqual(
        report.ports.map((port) => `${port.port}/${port.protocol} ${port.verdict}`),
        [`${starttls.port}/smtp starttls`, `${implicit.port}/smtp implicit-tls`, '1/imap refused'],
      );
      await waitForPanel(/^Mail TLS: 127\.0\.0\.1$/);
      await settle(2500);
      await screenshot('panel-probe');
    });

    it('shows a banner carrying HTML and a <script> as inert text', async function () {
      if (!hasHarness()) this.skip();
      const check = await readPanel({ host: '127.0.0.1', rows: 3 });
      assert.ok(check.ok && check.panel, `the page did not show the probe: ${check.reason}; saw ${JSON.stringify(check.panel ?? null)}`);
      const page = check.panel;
      const key = `${starttls.port}-smtp`;
      const row = page.rows.find((candidate) => candidate.key === key);
      assert.ok(row?.banner, `no banner-${key} cell; rows: ${JSON.stringify(page.rows)}`);
      // The whole greeting, tags included, as characters; not one element made from it.
      assert.ok(row.banner.text.includes('<script>window.__pwned=1</script>'), `banner cell text: ${row.banner.text}`);
      assert.ok(row.banner.text.includes('<b>hi</b>'), `banner cell text: ${row.banner.text}`);
      assert.deepEqual(row.banner.elements, [], 'the banner cell has no element children');
      // The chosen port's details and its conversation show the same text, equally inert.
      assert.ok(page.detailBanner?.text.includes(HOSTILE_GREETING), `detail-banner: ${page.detailBanner?.text}`);
      assert.deepEqual(page.detailBanner?.elements.filter((tag) => tag !== 'code'), [], 'detail-banner holds only its <code>');
      const greetingLines = page.transcript.filter((line) => line.text.includes('<script>'));
      assert.ok(greetingLines.length > 0, 'the transcript shows the greeting');
      for (const line of greetingLines) {
        assert.deepEqual(line.elements.filter((tag) => ['b', 'script', 'img'].includes(tag)), [], `transcript line ${line.text}`);
      }
      assert.equal(page.scriptsInPanel, 0, 'no <script> element in the panel');
      assert.equal(page.imagesInPanel, 0, 'no <img> element in the panel');
      assert.equal(page.pwned, null, 'window.__pwned stays undefined in the page');
    });
  });
});
