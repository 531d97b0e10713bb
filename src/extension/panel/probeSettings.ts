// The probe's settings, read when a probe starts so a change applies to the next one.
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import * as vscode from 'vscode';
import { DEFAULT_TARGETS, DEFAULT_TIMEOUT_MS, parseTargets } from '../../core/probe/index';
import type { PortTarget } from '../../core/probe/types';

export interface ProbeSettings {
  readonly timeoutMs: number;
  readonly targets: readonly PortTarget[];
  readonly extraCa: readonly string[];
  readonly ehloName?: string;
}

export class ProbeSettingsError extends Error {}

/** Throws ProbeSettingsError with a message fit for the user. */
export async function readProbeSettings(portsOverride?: string): Promise<ProbeSettings> {
  const config = vscode.workspace.getConfiguration('mailTls.probe');
  const rawTimeout = config.get<number>('timeoutMs', DEFAULT_TIMEOUT_MS);
  const timeoutMs = Number.isFinite(rawTimeout) ? Math.max(100, Math.min(120_000, Math.round(rawTimeout))) : DEFAULT_TIMEOUT_MS;

  const portsText = (portsOverride ?? config.get<string>('ports', '')).trim();
  let targets: readonly PortTarget[] = DEFAULT_TARGETS;
  if (portsText !== '') {
    try {
      targets = parseTargets(portsText);
    } catch (error) {
      throw new ProbeSettingsError(`mailTls.probe.ports: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  const extraCa: string[] = [];
  for (const entry of config.get<string[]>('extraCaFiles', [])) {
    if (typeof entry !== 'string' || entry.trim() === '') continue;
    const file = resolvePath(entry.trim());
    try {
      extraCa.push(await readFile(file, 'utf8'));
    } catch {
      throw new ProbeSettingsError(vscode.l10n.t('mailTls.probe.extraCaFiles: cannot read {0}', file));
    }
  }

  const ehlo = config.get<string>('ehloName', '').trim();
  if (ehlo !== '' && !/^[A-Za-z0-9.-]{1,253}$|^\[[0-9A-Fa-f:.]+\]$/.test(ehlo)) {
    throw new ProbeSettingsError(vscode.l10n.t('mailTls.probe.ehloName: "{0}" is not a host name or address literal', ehlo));
  }
  return { timeoutMs, targets, extraCa, ...(ehlo !== '' ? { ehloName: ehlo } : {}) };
}

function resolvePath(path: string): string {
  if (path === '~' || path.startsWith('~/')) return join(homedir(), path.slice(1));
  if (isAbsolute(path)) return path;
  const folder = vscode.workspace.workspaceFolders?.[0];
  return folder ? join(folder.uri.fsPath, path) : path;
}
