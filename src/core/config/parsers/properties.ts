// Java `.properties` files with exact ranges (java.util.Properties#load semantics):
// `key=value`, `key: value`, `key value`; comment lines start with `#` or `!`; a line ending in an
// odd number of backslashes continues on the next (leading whitespace there is dropped); `\t`,
// `\n`, `\uXXXX` and `\x` escapes in keys and values.
import type { TextRange } from '../../model';

export interface PropertiesEntry {
  readonly key: string;
  readonly value: string;
  readonly keyRange: TextRange;
  /** The raw value characters, from the first one after the separator to the end of the logical line. */
  readonly valueRange: TextRange;
  /** The logical line without its final line break. */
  readonly lineRange: TextRange;
  /** The logical line with its final line break, for removal. */
  readonly lineWithBreakRange: TextRange;
  /** The characters between key and value (`=`, ` = `, `: `, ` `). */
  readonly separator: string;
}

export interface PropertiesFile {
  readonly entries: PropertiesEntry[];
  readonly eol: string;
}

const isSpace = (ch: string | undefined): boolean => ch === ' ' || ch === '\t' || ch === '\f';
const isBreak = (ch: string | undefined): boolean => ch === '\n' || ch === '\r';

function unescape(raw: string): string {
  let out = '';
  for (let index = 0; index < raw.length; index++) {
    const ch = raw[index]!;
    if (ch !== '\\') {
      out += ch;
      continue;
    }
    const next = raw[index + 1];
    if (next === undefined) break;
    index++;
    if (next === 't') out += '\t';
    else if (next === 'n') out += '\n';
    else if (next === 'r') out += '\r';
    else if (next === 'f') out += '\f';
    else if (next === 'u' && /^[0-9a-fA-F]{4}$/.test(raw.slice(index + 1, index + 5))) {
      out += String.fromCharCode(parseInt(raw.slice(index + 1, index + 5), 16));
      index += 4;
    } else if (next === '\r' || next === '\n') {
      // A continuation: skip the break and the next line's leading whitespace.
      if (next === '\r' && raw[index + 1] === '\n') index++;
      while (isSpace(raw[index + 1])) index++;
    } else out += next;
  }
  return out;
}

export function parseProperties(text: string): PropertiesFile {
  const entries: PropertiesEntry[] = [];
  const crlf = text.indexOf('\r\n');
  const lf = text.indexOf('\n');
  const eol = crlf >= 0 && crlf <= lf ? '\r\n' : lf >= 0 ? '\n' : text.includes('\r') ? '\r' : '\n';
  let at = 0;
  const length = text.length;
  while (at < length) {
    const lineStart = at;
    // Leading whitespace.
    while (at < length && isSpace(text[at])) at++;
    if (at >= length) break;
    const first = text[at];
    if (isBreak(first)) {
      at += first === '\r' && text[at + 1] === '\n' ? 2 : 1;
      continue;
    }
    // The logical line's end: a break not preceded by an odd number of backslashes.
    let end = at;
    for (;;) {
      while (end < length && !isBreak(text[end])) end++;
      let slashes = 0;
      for (let back = end - 1; back >= at && text[back] === '\\'; back--) slashes++;
      if (first !== '#' && first !== '!' && slashes % 2 === 1 && end < length) {
        end += text[end] === '\r' && text[end + 1] === '\n' ? 2 : 1;
        continue;
      }
      break;
    }
    const breakEnd = end < length ? end + (text[end] === '\r' && text[end + 1] === '\n' ? 2 : 1) : end;
    if (first === '#' || first === '!') {
      at = breakEnd;
      continue;
    }
    // The key ends at an unescaped `=`, `:` or whitespace.
    let keyEnd = at;
    while (keyEnd < end) {
      const ch = text[keyEnd];
      if (ch === '\\') {
        const next = text[keyEnd + 1];
        keyEnd += next === '\r' && text[keyEnd + 2] === '\n' ? 3 : 2;
        // A continuation inside the key drops the next line's leading whitespace.
        if (isBreak(next)) while (keyEnd < end && isSpace(text[keyEnd])) keyEnd++;
        continue;
      }
      if (ch === '=' || ch === ':' || isSpace(ch) || isBreak(ch)) break;
      keyEnd++;
    }
    keyEnd = Math.min(keyEnd, end);
    let valueStart = keyEnd;
    while (valueStart < end && isSpace(text[valueStart])) valueStart++;
    if (valueStart < end && (text[valueStart] === '=' || text[valueStart] === ':')) {
      valueStart++;
      while (valueStart < end && isSpace(text[valueStart])) valueStart++;
    }
    const rawKey = text.slice(at, keyEnd);
    entries.push({
      key: unescape(rawKey),
      value: unescape(text.slice(valueStart, end)),
      keyRange: { start: at, end: keyEnd },
      valueRange: { start: valueStart, end },
      lineRange: { start: lineStart, end },
      lineWithBreakRange: { start: lineStart, end: breakEnd },
      separator: text.slice(keyEnd, valueStart),
    });
    at = breakEnd;
  }
  return { entries, eol };
}

/** Escapes a value for a `.properties` file (leading spaces, backslashes, non-Latin-1). */
export function escapePropertyValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/^ /, '\\ ').replace(/\n/g, '\\n');
}
