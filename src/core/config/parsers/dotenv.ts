// A `.env` reader that keeps the exact UTF-16 range of every key and value, so findings can
// point at `SMTP_SECURE=true` and fixes can rewrite only `true`.
//
// Dialect (the common ground of motdotla/dotenv, dotenvx, python-dotenv and docker compose):
// - `KEY=value`, `export KEY=value`; blanks around `=` are allowed (`KEY = value`), as dotenv
//   and python-dotenv accept them. Keys are `[A-Za-z0-9_.-]+`.
// - Unquoted values end at the line end or at ` #` / `\t#`: a `#` needs a blank before it to
//   start a comment (compose, dotenvx, python-dotenv), so `pa#ss` stays one value. Trailing
//   blanks are trimmed.
// - `'single'`: literal, no escapes, no interpolation. `` `backtick` ``: literal (dotenv).
//   `"double"`: `\n \r \t \\ \" \$` are decoded, other backslashes are kept. All three may span
//   lines, as in dotenv. Text other than a comment after the closing quote makes the line
//   malformed (compose rejects it too).
// - `${VAR}`, `${VAR:-default}` and `$VAR` in unquoted and double-quoted values are kept as text
//   and reported as references: the value is not knowable from the file.
// - YAML-style `KEY: value` (accepted by dotenv only) is not read: it is rare and ambiguous.
// A malformed line is reported as a problem and skipped; parsing resumes on the next line, so
// one stray quote cannot swallow the rest of the file.
import type { TextRange } from '../../model';

export type DotenvQuote = '"' | "'" | '`';

export interface DotenvEntry {
  readonly key: string;
  readonly keyRange: TextRange;
  /** The value after unquoting and unescaping (references kept as written). */
  readonly value: string;
  /** The raw value as written, quotes included. Empty (start === end) for `KEY=`. */
  readonly valueRange: TextRange;
  /** Inside the quotes; the same as valueRange for unquoted values. */
  readonly innerRange: TextRange;
  /** From the line start (indentation, `export`) to the end of the value's last line, without the line break. */
  readonly lineRange: TextRange;
  /** lineRange plus the line break that ends it, when there is one. */
  readonly lineWithBreakRange: TextRange;
  readonly quote?: DotenvQuote;
  readonly exported: boolean;
  /** Names of variables referenced with `${VAR}` or `$VAR`. */
  readonly references: readonly string[];
  /** True when the value contains a reference and so is not knowable from this file. */
  readonly interpolated: boolean;
}

export interface DotenvProblem {
  readonly message: string;
  readonly range: TextRange;
}

export interface DotenvFile {
  readonly entries: readonly DotenvEntry[];
  readonly problems: readonly DotenvProblem[];
  /** The line break the file uses, for inserted lines. */
  readonly eol: '\n' | '\r\n';
}

const KEY_CHAR = /[A-Za-z0-9_.-]/;
const REFERENCE = /\$(?:\{([A-Za-z_][A-Za-z0-9_]*)[^}]*\}|([A-Za-z_][A-Za-z0-9_]*))/g;

export function parseDotenv(text: string): DotenvFile {
  const entries: DotenvEntry[] = [];
  const problems: DotenvProblem[] = [];
  let position = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (position < text.length) {
    const lineStart = position;
    const lineEnd = endOfLine(text, lineStart);
    const nextLine = afterBreak(text, lineEnd);
    const result = parseLine(text, lineStart, lineEnd);
    if (result === undefined) {
      position = nextLine;
    } else if ('problem' in result) {
      problems.push({ message: result.problem, range: { start: lineStart, end: lineEnd } });
      position = nextLine;
    } else {
      entries.push(result);
      position = result.lineWithBreakRange.end;
    }
  }
  return { entries, problems, eol: text.includes('\r\n') ? '\r\n' : '\n' };
}

type LineResult = DotenvEntry | { readonly problem: string } | undefined;

function parseLine(text: string, lineStart: number, lineEnd: number): LineResult {
  let cursor = skipBlanks(text, lineStart, lineEnd);
  if (cursor === lineEnd || text[cursor] === '#') return undefined;

  let exported = false;
  if (text.startsWith('export', cursor) && isBlank(text[cursor + 6])) {
    const afterExport = skipBlanks(text, cursor + 6, lineEnd);
    // `export=1` or a bare `export` is a key named export, not the keyword.
    if (afterExport < lineEnd && KEY_CHAR.test(text[afterExport] ?? '')) {
      exported = true;
      cursor = afterExport;
    }
  }

  const keyStart = cursor;
  while (cursor < lineEnd && KEY_CHAR.test(text[cursor] ?? '')) cursor++;
  if (cursor === keyStart) return { problem: 'Expected KEY=value' };
  const keyRange = { start: keyStart, end: cursor };
  cursor = skipBlanks(text, cursor, lineEnd);
  if (text[cursor] !== '=') return { problem: `Expected '=' after ${text.slice(keyStart, keyRange.end)}` };
  cursor = skipBlanks(text, cursor + 1, lineEnd);

  const key = text.slice(keyRange.start, keyRange.end);
  const opening = text[cursor];
  if (cursor < lineEnd && (opening === '"' || opening === "'" || opening === '`')) {
    return quotedEntry(text, lineStart, cursor, opening, key, keyRange, exported);
  }

  let valueEnd = lineEnd;
  for (let index = cursor; index < lineEnd; index++) {
    if (text[index] === '#' && (index === cursor || isBlank(text[index - 1]))) {
      valueEnd = index;
      break;
    }
  }
  while (valueEnd > cursor && isBlank(text[valueEnd - 1])) valueEnd--;
  const value = text.slice(cursor, valueEnd);
  const valueRange = { start: cursor, end: valueEnd };
  const references = findReferences(value);
  return {
    key,
    keyRange,
    value,
    valueRange,
    innerRange: valueRange,
    lineRange: { start: lineStart, end: lineEnd },
    lineWithBreakRange: { start: lineStart, end: afterBreak(text, lineEnd) },
    exported,
    references,
    interpolated: references.length > 0,
  };
}

function quotedEntry(text: string, lineStart: number, open: number, quote: DotenvQuote, key: string, keyRange: TextRange, exported: boolean): LineResult {
  let close = -1;
  for (let index = open + 1; index < text.length; index++) {
    const char = text[index];
    if (quote === '"' && char === '\\') {
      index++;
      continue;
    }
    if (char === quote) {
      close = index;
      break;
    }
  }
  if (close < 0) return { problem: `Unterminated ${quote}-quoted value for ${key}` };

  const closeLineEnd = endOfLine(text, close);
  const rest = skipBlanks(text, close + 1, closeLineEnd);
  if (rest < closeLineEnd && text[rest] !== '#') return { problem: `Unexpected text after the closing ${quote} of ${key}` };

  const raw = text.slice(open + 1, close);
  const value = quote === '"' ? unescapeDouble(raw) : raw;
  // Escaped dollars are literal: look for references in the raw text with `\$` blanked out.
  const references = quote === '"' ? findReferences(raw.replace(/\\\$/g, '  ')) : [];
  return {
    key,
    keyRange,
    value,
    valueRange: { start: open, end: close + 1 },
    innerRange: { start: open + 1, end: close },
    lineRange: { start: lineStart, end: closeLineEnd },
    lineWithBreakRange: { start: lineStart, end: afterBreak(text, closeLineEnd) },
    quote,
    exported,
    references,
    interpolated: references.length > 0,
  };
}

function unescapeDouble(raw: string): string {
  return raw.replace(/\\([nrt\\"$])/g, (_match, char: string) => {
    switch (char) {
      case 'n':
        return '\n';
      case 'r':
        return '\r';
      case 't':
        return '\t';
      default:
        return char;
    }
  });
}

function findReferences(value: string): string[] {
  const names: string[] = [];
  for (const match of value.matchAll(REFERENCE)) {
    const name = match[1] ?? match[2];
    if (name !== undefined) names.push(name);
  }
  return names;
}

function endOfLine(text: string, from: number): number {
  for (let index = from; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code === 10 || code === 13) return index;
  }
  return text.length;
}

function afterBreak(text: string, lineEnd: number): number {
  if (text.charCodeAt(lineEnd) === 13 && text.charCodeAt(lineEnd + 1) === 10) return lineEnd + 2;
  return lineEnd < text.length ? lineEnd + 1 : lineEnd;
}

function skipBlanks(text: string, from: number, limit: number): number {
  let index = from;
  while (index < limit && isBlank(text[index])) index++;
  return index;
}

function isBlank(char: string | undefined): boolean {
  return char === ' ' || char === '\t';
}
