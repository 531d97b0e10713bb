// Talks back to test/editor/run.mjs. The harness listens on loopback and passes its address in
// the environment the extension host inherits; another launcher simply leaves it unset, and
// then there are no pictures, no browser-side checks and no reload phases.
const base = (): string | undefined => process.env.MAIL_TLS_EDITOR_HARNESS_URL;

export function hasHarness(): boolean {
  return base() !== undefined;
}

/**
 * A picture of the whole page, or with `of`: 'panel' (the explainer panel only),
 * 'panel:SELECTOR' (one element of the panel's page) or 'workbench:SELECTOR' (a part of the
 * workbench). Pictures named readme-* are the ones `run.mjs --update-docs-images` copies.
 */
export async function screenshot(name: string, of?: string): Promise<void> {
  const url = base();
  if (!url) return;
  try {
    // Answered only once the picture is on disk, so the test can go on changing the editor.
    const query = `name=${encodeURIComponent(name)}${of ? `&of=${encodeURIComponent(of)}` : ''}`;
    const response = await fetch(`${url}/screenshot?${query}`, { signal: AbortSignal.timeout(20_000) });
    await response.text();
  } catch (error) {
    // A missing picture is not a test failure.
    console.warn(`screenshot ${name} failed: ${String(error)}`);
  }
}

/** One row of the port matrix as the page rendered it. */
export interface PanelRow {
  readonly key: string;
  readonly verdict: string;
  readonly certificate: string | null;
  readonly banner: { readonly text: string; readonly title: string | null; readonly elements: readonly string[] } | null;
}

/** What the harness read from the explainer panel's page (see readPanelPage in run.mjs). */
export interface PanelPage {
  readonly title: string | null;
  readonly rows: readonly PanelRow[];
  readonly selected: string | null;
  readonly detailBanner: { readonly text: string; readonly elements: readonly string[] } | null;
  readonly transcript: readonly { readonly text: string; readonly elements: readonly string[] }[];
  readonly tlsSwitches: number;
  readonly sequenceActual: boolean;
  readonly pwned: string | null;
  readonly scriptsInPanel: number;
  readonly imagesInPanel: number;
  readonly themeKind: string | null;
  readonly bodyBackground: string;
}

export interface PanelCheck {
  readonly ok: boolean;
  readonly reason?: string;
  readonly panel?: PanelPage;
}

/**
 * Asks the browser side to read the panel's page once it shows `host` with at least `rows`
 * rows, none of them still probing, in the theme kind asked for (vscode-dark, vscode-light). Throws when there is no harness: a caller that needs the
 * page should have skipped.
 */
export async function readPanel(expect: { host?: string; rows?: number; themeKind?: string; timeoutMs?: number }): Promise<PanelCheck> {
  const url = base();
  if (!url) throw new Error('no harness to read the page (MAIL_TLS_EDITOR_HARNESS_URL is unset)');
  const params = new URLSearchParams({ name: 'panel' });
  if (expect.host !== undefined) params.set('host', expect.host);
  if (expect.rows !== undefined) params.set('rows', String(expect.rows));
  if (expect.themeKind !== undefined) params.set('themeKind', expect.themeKind);
  const timeoutMs = expect.timeoutMs ?? 15_000;
  params.set('timeoutMs', String(timeoutMs));
  const response = await fetch(`${url}/check?${params.toString()}`, { signal: AbortSignal.timeout(timeoutMs + 10_000) });
  return (await response.json()) as PanelCheck;
}

/** Which run of the suite this is: 0 at first, then one more after each window reload. */
export async function phase(): Promise<number> {
  const url = base();
  if (!url) return 0;
  const response = await fetch(`${url}/phase`, { signal: AbortSignal.timeout(10_000) });
  const body = (await response.json()) as { phase?: unknown };
  return typeof body.phase === 'number' ? body.phase : 0;
}

const RELOAD_FLAG = 'MAIL_TLS_EDITOR_RELOAD';

/**
 * Asks for a window reload once this run of the suite has finished (suite/index.ts does it):
 * reloading in the middle of the run would end the extension host, and the run with it, before
 * it could report its result. The flag lives in the environment because every test file is a
 * bundle of its own, each with its own copy of this module.
 */
export function reloadAfterThisRun(): void {
  if (!hasHarness()) throw new Error('no harness to run the reloaded window (MAIL_TLS_EDITOR_HARNESS_URL is unset)');
  process.env[RELOAD_FLAG] = 'asked';
}

export function reloadAsked(): boolean {
  return process.env[RELOAD_FLAG] === 'asked';
}

/** Hands this run's result to the harness, which takes it as the run's exit code. */
export async function reportBeforeReload(code: number): Promise<void> {
  const url = base();
  if (!url) throw new Error('no harness (MAIL_TLS_EDITOR_HARNESS_URL is unset)');
  const response = await fetch(`${url}/reload?code=${code}`, { method: 'POST', signal: AbortSignal.timeout(15_000) });
  const body = (await response.json()) as { ok?: boolean; reason?: string };
  if (!response.ok || body.ok !== true) throw new Error(`the harness refused the reload: ${body.reason ?? `HTTP ${response.status}`}`);
}
