// A reader for the `key value` / `key = value` line formats of mail tools and servers (msmtprc,
// Postfix main.cf, ssmtp.conf, INI files such as .gitconfig, Gitea's app.ini, grafana.ini),
// keeping the exact UTF-16 range of every key and value so findings point at the characters and
// fixes rewrite only the value. No library parses these with positions.
//
// Dialect knobs (each format picks its own):
// - separator: 'space' (`port 465`, msmtp), 'equals' (`port = 465`), 'space-or-equals' (fetchmail-ish);
// - comments: characters that start a comment line (`#`, `;`); `inlineComments` also cuts a value at
//   a comment character that follows a blank (git, Grafana);
// - sections: `[name]` and git's `[name "sub"]` headers start sections;
// - continuation: Postfix's rule — a line starting with a blank continues the previous value;
// - a value wholly inside double (or single) quotes has its inner range apart.
// Malformed lines are skipped; the reader never throws.
import type { TextEdit, TextRange } from '../../model';

export interface LineEntry {
  readonly key: string;
  readonly keyRange: TextRange;
  /** The value without surrounding quotes (escapes are not decoded). Empty for a bare key. */
  readonly value: string;
  /** The raw value as written, quotes included. Empty (start === end) after the key for a bare key. */
  readonly valueRange: TextRange;
  /** Inside the quotes; the same as valueRange for unquoted values. */
  readonly innerRange: TextRange;
  /** From the line start to the end of the value's last line, without the line break. */
  readonly lineRange: TextRange;
  /** lineRange plus the line break that ends it, when there is one. */
  readonly lineWithBreakRange: TextRange;
  /** The written separator was missing (`tls` alone in msmtp, a bare key in git). */
  readonly bare: boolean;
  /** The section the entry belongs to, lower-cased without the subsection (`sendemail`, `mailer`). */
  readonly section?: string;
  /** git's subsection (`[sendemail "linux"]` → `linux`), as written. */
  readonly subsection?: string;
  /** The indentation the line starts with, for lines inserted next to it. */
  readonly indent: string;
}

export interface LineSection {
  readonly name: string;
  readonly subsection?: string;
  /** The header line, without the line break. */
  readonly headerRange: TextRange;
  /** From the header to the end of the last line of the section (without the final break). */
  readonly range: TextRange;
}

export interface LineFile {
  readonly entries: readonly LineEntry[];
  readonly sections: readonly LineSection[];
  readonly eol: '\n' | '\r\n';
}

export interface LineDialect {
  readonly separator: 'space' | 'equals' | 'space-or-equals';
  readonly comments: string;
  readonly inlineComments?: boolean;
  readonly sections?: boolean;
  readonly continuation?: boolean;
}

const isBlank = (char: string | undefined): boolean => char === ' ' || char === '\t';

function endOfLine(text: string, from: number): number {
  for (let index = from; index < text.length; index++) {
    const char = text[index];
    if (char === '\n' || char === '\r') return index;
  }
  return text.length;
}

function afterBreak(text: string, lineEnd: number): number {
  if (text[lineEnd] === '\r' && text[lineEnd + 1] === '\n') return lineEnd + 2;
  if (text[lineEnd] === '\r' || text[lineEnd] === '\n') return lineEnd + 1;
  return lineEnd;
}

export function parseLines(text: string, dialect: LineDialect): LineFile {
  const entries: LineEntry[] = [];
  const sections: { name: string; subsection?: string; headerRange: TextRange; start: number; end: number }[] = [];
  let position = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let current: (typeof sections)[number] | undefined;
  let last: { entry: LineEntry; index: number } | undefined;
  while (position < text.length) {
    const lineStart = position;
    const lineEnd = endOfLine(text, lineStart);
    const next = afterBreak(text, lineEnd);
    position = next > lineStart ? next : lineStart + 1;
    let cursor = lineStart;
    while (cursor < lineEnd && isBlank(text[cursor])) cursor++;
    if (cursor === lineEnd) continue;
    const first = text[cursor] ?? '';
    if (dialect.comments.includes(first)) continue;
    if (dialect.continuation && cursor > lineStart && last) {
      // Postfix: a line that starts with whitespace continues the previous parameter.
      const previous = last.entry;
      let valueEnd = lineEnd;
      while (valueEnd > cursor && isBlank(text[valueEnd - 1])) valueEnd--;
      const start = previous.valueRange.start === previous.valueRange.end ? cursor : previous.valueRange.start;
      const valueRange = { start, end: valueEnd };
      const joined: LineEntry = {
        ...previous,
        value: text.slice(start, valueEnd).replace(/\s+/g, ' '),
        valueRange,
        innerRange: valueRange,
        lineRange: { start: previous.lineRange.start, end: lineEnd },
        lineWithBreakRange: { start: previous.lineRange.start, end: next },
      };
      entries[last.index] = joined;
      last = { entry: joined, index: last.index };
      continue;
    }
    if (dialect.sections && first === '[') {
      const close = text.indexOf(']', cursor);
      if (close < 0 || close > lineEnd) {
        last = undefined;
        continue;
      }
      const inside = text.slice(cursor + 1, close).trim();
      const match = /^([^\s"]+)(?:\s+"((?:[^"\\]|\\.)*)")?$/.exec(inside);
      const name = (match?.[1] ?? inside).toLowerCase();
      const subsection = match?.[2];
      if (current) sections.push(current);
      current = { name, ...(subsection !== undefined ? { subsection } : {}), headerRange: { start: lineStart, end: lineEnd }, start: lineStart, end: lineEnd };
      last = undefined;
      continue;
    }
    const entry = parseEntry(text, dialect, lineStart, cursor, lineEnd, next, current);
    if (!entry) {
      last = undefined;
      continue;
    }
    if (current) current.end = entry.lineRange.end;
    entries.push(entry);
    last = { entry, index: entries.length - 1 };
  }
  if (current) sections.push(current);
  return {
    entries: entries.map((entry) => entry),
    sections: sections.map((section) => ({
      name: section.name,
      ...(section.subsection !== undefined ? { subsection: section.subsection } : {}),
      headerRange: section.headerRange,
      range: { start: section.start, end: Math.max(section.end, section.headerRange.end) },
    })),
    eol: text.includes('\r\n') ? '\r\n' : '\n',
  };
}

function parseEntry(
  text: string,
  dialect: LineDialect,
  lineStart: number,
  keyStart: number,
  lineEnd: number,
  next: number,
  section: { name: string; subsection?: string; end: number } | undefined,
): LineEntry | undefined {
  let cursor = keyStart;
  const stopsKey = (char: string | undefined): boolean => isBlank(char) || (dialect.separator !== 'space' && char === '=');
  while (cursor < lineEnd && !stopsKey(text[cursor])) cursor++;
  if (cursor === keyStart) return undefined;
  const keyRange = { start: keyStart, end: cursor };
  while (cursor < lineEnd && isBlank(text[cursor])) cursor++;
  let bare = false;
  if (dialect.separator === 'equals' || dialect.separator === 'space-or-equals') {
    if (text[cursor] === '=') {
      cursor++;
      while (cursor < lineEnd && isBlank(text[cursor])) cursor++;
    } else if (dialect.separator === 'equals' || cursor === lineEnd) bare = true;
  } else if (cursor === lineEnd) bare = true;
  if (bare && dialect.separator === 'equals' && cursor < lineEnd) return undefined; // `key value` where `=` is needed
  let valueEnd = lineEnd;
  const opening = text[cursor];
  let quoted = false;
  if (opening === '"' || opening === "'") {
    const close = text.indexOf(opening, cursor + 1);
    if (close >= 0 && close < lineEnd) {
      quoted = true;
      valueEnd = close + 1;
    }
  }
  if (!quoted && dialect.inlineComments) {
    for (let index = cursor; index < lineEnd; index++) {
      if (dialect.comments.includes(text[index] ?? '') && (index === cursor || isBlank(text[index - 1]))) {
        valueEnd = index;
        break;
      }
    }
  }
  if (!quoted) while (valueEnd > cursor && isBlank(text[valueEnd - 1])) valueEnd--;
  const valueRange = { start: cursor, end: Math.max(cursor, valueEnd) };
  const innerRange = quoted ? { start: valueRange.start + 1, end: valueRange.end - 1 } : valueRange;
  return {
    key: text.slice(keyRange.start, keyRange.end),
    keyRange,
    value: text.slice(innerRange.start, innerRange.end),
    valueRange,
    innerRange,
    lineRange: { start: lineStart, end: lineEnd },
    lineWithBreakRange: { start: lineStart, end: next },
    bare,
    ...(section ? { section: section.name } : {}),
    ...(section?.subsection !== undefined ? { subsection: section.subsection } : {}),
    indent: text.slice(lineStart, keyStart),
  };
}

/** Edits in a line file: replace a value, delete a line cleanly, add lines after one. */
export class LineEdits {
  constructor(
    readonly text: string,
    readonly eol: '\n' | '\r\n',
  ) {}

  raw(range: TextRange): string {
    return this.text.slice(range.start, range.end);
  }

  /** The characters of `key value`, for highlighting. */
  span(entry: LineEntry): TextRange {
    return { start: entry.keyRange.start, end: Math.max(entry.valueRange.end, entry.keyRange.end) };
  }

  setValue(entry: LineEntry, value: string): TextEdit {
    if (entry.bare) return { range: { start: entry.keyRange.end, end: entry.keyRange.end }, newText: value };
    return { range: entry.innerRange, newText: value };
  }

  /** Deletes the whole line and one line break, so no blank line is left behind. */
  removeLine(entry: LineEntry): TextEdit {
    const { lineRange, lineWithBreakRange } = entry;
    if (lineWithBreakRange.end > lineRange.end || lineRange.start === 0) return { range: lineWithBreakRange, newText: '' };
    const breakLength = this.text.slice(lineRange.start - 2, lineRange.start) === '\r\n' ? 2 : 1;
    return { range: { start: Math.max(0, lineRange.start - breakLength), end: lineRange.end }, newText: '' };
  }

  /** New lines after the line of `entry` (or after the end of `range`), with its indentation. */
  insertAfter(at: LineEntry | { readonly end: number; readonly indent: string }, lines: readonly string[]): TextEdit {
    const end = 'lineRange' in at ? at.lineRange.end : at.end;
    const indent = at.indent;
    return { range: { start: end, end }, newText: lines.map((line) => `${this.eol}${indent}${line}`).join('') };
  }
}

export const ON_WORDS = new Set(['on', 'true', 'yes', '1']);
export const OFF_WORDS = new Set(['off', 'false', 'no', '0']);

/** A boolean as these tools read it: `on/true/yes/1`, `off/false/no/0`; anything else undefined. */
export function lineBool(value: string | undefined): boolean | undefined {
  if (value === undefined) return undefined;
  const word = value.trim().toLowerCase();
  if (ON_WORDS.has(word)) return true;
  if (OFF_WORDS.has(word)) return false;
  return undefined;
}

/** A literal TCP port, or undefined for placeholders and variables. */
export function linePort(value: string | undefined): number | undefined {
  if (value === undefined || !/^\s*\d{1,5}\s*$/.test(value)) return undefined;
  const port = Number(value.trim());
  return port >= 1 && port <= 65535 ? port : undefined;
}

/** Writes a boolean the way the file already writes one (`on`, `yes`, `true`, `True`). */
export function boolLike(value: boolean, example: string | undefined, fallback: 'on' | 'yes' | 'true'): string {
  const like = (example ?? fallback).trim();
  const lower = like.toLowerCase();
  let word: string = value ? 'true' : 'false';
  if (lower === 'on' || lower === 'off') word = value ? 'on' : 'off';
  else if (lower === 'yes' || lower === 'no') word = value ? 'yes' : 'no';
  else if (lower === '1' || lower === '0') return value ? '1' : '0';
  else if (lower !== 'true' && lower !== 'false') word = value ? (fallback === 'on' ? 'on' : fallback === 'yes' ? 'yes' : 'true') : fallback === 'on' ? 'off' : fallback === 'yes' ? 'no' : 'false';
  if (/[a-z]/i.test(like) && like === like.toUpperCase() && like.length > 1) return word.toUpperCase();
  if (/^[A-Z][a-z]/.test(like)) return word[0]!.toUpperCase() + word.slice(1);
  return word;
}

/** Splits `host:port` / `[host]:port` with the ranges of each part, relative to `offset`. */
export function splitHostPort(value: string, offset: number): { host?: { value: string; range: TextRange }; port?: { value: number | undefined; text: string; range: TextRange } } {
  const bracket = /^\[([^\]]*)\](?::(\S*))?$/.exec(value);
  if (bracket) {
    const host = { value: bracket[1] ?? '', range: { start: offset + 1, end: offset + 1 + (bracket[1] ?? '').length } };
    if (bracket[2] === undefined) return { host };
    const start = offset + value.length - bracket[2].length;
    return { host, port: { value: linePort(bracket[2]), text: bracket[2], range: { start, end: offset + value.length } } };
  }
  const colon = value.lastIndexOf(':');
  // IPv6 without brackets, or no port at all.
  if (colon < 0 || value.indexOf(':') !== colon) return value === '' ? {} : { host: { value, range: { start: offset, end: offset + value.length } } };
  const hostText = value.slice(0, colon);
  const portText = value.slice(colon + 1);
  return {
    ...(hostText !== '' ? { host: { value: hostText, range: { start: offset, end: offset + colon } } } : {}),
    port: { value: linePort(portText), text: portText, range: { start: offset + colon + 1, end: offset + value.length } },
  };
}
