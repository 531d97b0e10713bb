// ESLint's JSON formatter shape, so CI tools that already read ESLint output read ours.
import type { FileReport } from './types';

export function formatEslintJson(reports: readonly FileReport[]): string {
  const files = reports.map((report) => {
    const messages = report.messages.map((message) => ({
      ruleId: message.ruleId,
      severity: message.severity === 'error' ? 2 : 1,
      message: message.message,
      line: message.line,
      column: message.column,
      endLine: message.endLine,
      endColumn: message.endColumn,
      nodeType: null,
    }));
    const errorCount = messages.filter((message) => message.severity === 2).length;
    const fixableErrorCount = report.messages.filter((message) => message.fixable && message.severity === 'error').length;
    return {
      filePath: report.filePath,
      messages,
      suppressedMessages: [],
      errorCount,
      fatalErrorCount: 0,
      warningCount: messages.length - errorCount,
      fixableErrorCount,
      fixableWarningCount: report.messages.filter((message) => message.fixable).length - fixableErrorCount,
      usedDeprecatedRules: [],
    };
  });
  return `${JSON.stringify(files, null, 2)}\n`;
}
