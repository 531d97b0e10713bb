// `mail-tls explain "error text"`: the cause of a mail error and what to change.
import { parseArgs } from 'node:util';
import { explainError, UNKNOWN_ERROR_TEXT } from '../core/explain/errors';
import { visible } from '../core/report/probeText';

export class ExplainUsageError extends Error {}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    chunks.push(buffer);
    size += buffer.length;
    if (size > 1024 * 1024) break; // a log excerpt, not a whole log
  }
  return Buffer.concat(chunks).toString('utf8');
}

export async function explainCommand(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args, allowPositionals: true, options: { format: { type: 'string', default: 'text' } } });
  } catch (error) {
    throw new ExplainUsageError(error instanceof Error ? (error.message.split('\n')[0] ?? error.message) : String(error));
  }
  const format = parsed.values.format ?? 'text';
  if (format !== 'text' && format !== 'json') throw new ExplainUsageError(`unknown format '${format}' (use text or json)`);
  const fromStdin = parsed.positionals.length === 0 || (parsed.positionals.length === 1 && parsed.positionals[0] === '-');
  if (fromStdin && process.stdin.isTTY) throw new ExplainUsageError('explain needs the error text as an argument or on standard input');
  const text = fromStdin ? await readStdin() : parsed.positionals.join(' ');
  if (text.trim() === '') throw new ExplainUsageError('explain needs the error text as an argument or on standard input');

  const explanations = explainError(text);
  if (format === 'json') {
    process.stdout.write(`${JSON.stringify({ version: 1, recognised: explanations.length > 0, explanations }, null, 2)}\n`);
  } else if (explanations.length === 0) {
    process.stdout.write(`${UNKNOWN_ERROR_TEXT}\n`);
  } else {
    const out: string[] = [];
    for (const item of explanations) {
      out.push(`${item.title}`, `  matched: ${visible(item.matched)}`, '', ...wrap(item.explanation, 2), '', '  What to change:');
      for (const fix of item.fix) out.push(...wrap(`- ${fix}`, 4, 2));
      if (item.ruleId) out.push('', `  \`mail-tls lint\` finds this in config files as ${item.ruleId}.`);
      out.push('');
    }
    process.stdout.write(out.join('\n'));
  }
  return explanations.length > 0 ? 0 : 1;
}

function wrap(text: string, indent: number, hanging = 0, width = 100): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line !== '' && indent + line.length + 1 + word.length > width) {
      lines.push(' '.repeat(indent - (lines.length === 0 ? hanging : 0)) + line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(' '.repeat(indent - (lines.length === 0 ? hanging : 0)) + line);
  return lines;
}
