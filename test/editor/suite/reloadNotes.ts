// What one run of the suite leaves for the next, across a window reload: the extension host,
// and everything the tests held in memory, is gone by then. The harness gives each run a fresh
// TMPDIR (its scratch folder), which the extension host inherits, so nothing stale is read.
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ReloadNotes {
  readonly host: string;
  readonly rows: readonly { readonly key: string; readonly verdict: string; readonly certificate: string | null }[];
  readonly selected: string | null;
  /** The page's body background per theme kind (vscode-dark, vscode-light) as it was seen. */
  readonly backgrounds: Readonly<Record<string, string>>;
}

export const RELOAD_NOTES = (): string => join(tmpdir(), 'mail-tls-editor-reload.json');
