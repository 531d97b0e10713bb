// A file's lint outcome as the reporters see it: positions already 1-based, no endpoint objects.
import type { Finding, Severity } from '../model';
import { LineIndex } from '../text';

export interface ReportedMessage {
  readonly ruleId: string;
  readonly severity: Severity;
  readonly message: string;
  /** 1-based, like ESLint. */
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly docsUrl: string;
  readonly fixable: boolean;
}

export interface FileReport {
  readonly filePath: string;
  readonly messages: readonly ReportedMessage[];
  /** Extractor failures and unreadable files; reported, never fatal for other files. */
  readonly problems: readonly string[];
}

export function toFileReport(filePath: string, text: string, findings: readonly Finding[], problems: readonly string[], resolveDocs: (path: string) => string): FileReport {
  const lines = new LineIndex(text);
  const messages = findings.map((finding): ReportedMessage => {
    const start = lines.positionAt(finding.range.start);
    const end = lines.positionAt(finding.range.end);
    return {
      ruleId: finding.ruleId,
      severity: finding.severity,
      message: finding.message,
      line: start.line + 1,
      column: start.character + 1,
      endLine: end.line + 1,
      endColumn: end.character + 1,
      docsUrl: resolveDocs(finding.docsUrl),
      fixable: finding.fixes.length > 0,
    };
  });
  return { filePath, messages, problems };
}

export function isShown(severity: Severity, includeInfo: boolean): boolean {
  return includeInfo || severity === 'error' || severity === 'warning';
}
