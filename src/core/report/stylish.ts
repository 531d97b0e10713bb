// Text output in the shape of ESLint's "stylish" formatter, which developers read at a glance.
import type { FileReport } from './types';

export interface StylishOptions {
  readonly color: boolean;
}

const codes = { red: 31, yellow: 33, blue: 34, gray: 90, bold: 1, underline: 4, green: 32 } as const;

export function formatStylish(reports: readonly FileReport[], options: StylishOptions): string {
  const paint = (code: keyof typeof codes, text: string): string => (options.color ? `\u001b[${codes[code]}m${text}\u001b[0m` : text);
  const out: string[] = [];
  let errors = 0;
  let warnings = 0;
  let infos = 0;
  let fixable = 0;
  for (const report of reports) {
    if (report.messages.length === 0 && report.problems.length === 0) continue;
    out.push('', paint('underline', report.filePath));
    const rows = report.messages.map((message) => {
      if (message.severity === 'error') errors++;
      else if (message.severity === 'warning') warnings++;
      else infos++;
      if (message.fixable) fixable++;
      const label = message.severity === 'error' ? paint('red', 'error') : message.severity === 'warning' ? paint('yellow', 'warning') : paint('blue', 'info');
      return { position: `${message.line}:${message.column}`, label, labelWidth: message.severity === 'information' || message.severity === 'hint' ? 4 : message.severity.length, text: message.message, rule: paint('gray', message.ruleId) };
    });
    const positionWidth = Math.max(0, ...rows.map((row) => row.position.length));
    const labelWidth = Math.max(0, ...rows.map((row) => row.labelWidth));
    for (const row of rows) {
      out.push(`  ${paint('gray', row.position.padEnd(positionWidth))}  ${row.label}${' '.repeat(labelWidth - row.labelWidth)}  ${row.text}  ${row.rule}`);
    }
    for (const problem of report.problems) out.push(`  ${paint('yellow', 'note')}  ${problem}`);
  }
  const total = errors + warnings + infos;
  if (total === 0) return reports.some((report) => report.problems.length > 0) ? `${out.join('\n')}\n` : '';
  const parts = [`${errors} error${errors === 1 ? '' : 's'}`, `${warnings} warning${warnings === 1 ? '' : 's'}`];
  if (infos > 0) parts.push(`${infos} info`);
  const summary = `\u2716 ${total} problem${total === 1 ? '' : 's'} (${parts.join(', ')})`;
  out.push('', paint(errors > 0 ? 'red' : 'yellow', paint('bold', summary)));
  if (fixable > 0) out.push(paint(errors > 0 ? 'red' : 'yellow', `  ${fixable} of them can be fixed with the \`--fix\` option.`));
  return `${out.join('\n')}\n`;
}
