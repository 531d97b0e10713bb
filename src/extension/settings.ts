// The extension's settings, read fresh on every lint so changes apply without a reload.
import * as vscode from 'vscode';
import type { SeveritySetting } from '../core/lint';

export interface MailTlsSettings {
  readonly enable: boolean;
  readonly severities: Readonly<Record<string, SeveritySetting>>;
  readonly include: readonly string[];
  readonly exclude: readonly string[];
  readonly lintDelay: number;
}

const VALID: readonly SeveritySetting[] = ['error', 'warning', 'information', 'hint', 'off'];

export function readSettings(scope?: vscode.ConfigurationScope): MailTlsSettings {
  const config = vscode.workspace.getConfiguration('mailTls', scope);
  const rawRules = config.get<Record<string, unknown>>('rules', {});
  const severities: Record<string, SeveritySetting> = {};
  for (const [ruleId, value] of Object.entries(rawRules ?? {})) {
    if (typeof value === 'string' && (VALID as readonly string[]).includes(value)) severities[ruleId] = value as SeveritySetting;
  }
  return {
    enable: config.get<boolean>('enable', true),
    severities,
    include: config.get<string[]>('include', []).filter((pattern) => typeof pattern === 'string' && pattern.length > 0),
    exclude: config.get<string[]>('exclude', []).filter((pattern) => typeof pattern === 'string' && pattern.length > 0),
    lintDelay: Math.max(0, Math.min(5000, config.get<number>('lintDelay', 150))),
  };
}

export function matchesAny(document: vscode.TextDocument, patterns: readonly string[]): boolean {
  return patterns.some((pattern) => vscode.languages.match({ pattern }, document) > 0);
}
