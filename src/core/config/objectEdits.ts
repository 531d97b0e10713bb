// Text edits on object-like syntax (JS object literals, JSON objects) that keep the author's
// layout: one property per line stays one per line with the same indentation, inline objects stay
// inline, and a removed entry takes its comma with it so the result still parses (JSON has no
// trailing commas, so the comma of a removed last entry goes too).
import type { TextEdit, TextRange } from '../model';

export interface ObjectEntryRange {
  readonly key: string;
  readonly pairRange: TextRange;
}

function isBlank(char: string | undefined): boolean {
  return char === ' ' || char === '\t';
}

function isLineBreak(char: string | undefined): boolean {
  return char === '\n' || char === '\r';
}

function skipSpaceForward(text: string, offset: number): number {
  let index = offset;
  while (index < text.length && (isBlank(text[index]) || isLineBreak(text[index]))) index++;
  return index;
}

function skipSpaceBackward(text: string, offset: number): number {
  let index = offset;
  while (index > 0 && (isBlank(text[index - 1]) || isLineBreak(text[index - 1]))) index--;
  return index;
}

function lineStartOf(text: string, offset: number): number {
  let index = offset;
  while (index > 0 && !isLineBreak(text[index - 1])) index--;
  return index;
}

/** End of the line holding `offset`, including its line break. */
function lineEndWithBreak(text: string, offset: number): number {
  let index = offset;
  while (index < text.length && !isLineBreak(text[index])) index++;
  if (text[index] === '\r' && text[index + 1] === '\n') return index + 2;
  return index < text.length ? index + 1 : index;
}

function startsOwnLine(text: string, offset: number): boolean {
  const start = lineStartOf(text, offset);
  for (let index = start; index < offset; index++) if (!isBlank(text[index])) return false;
  return true;
}

/** Index of the comma right after `end` (whitespace allowed in between), or -1. */
function commaAfter(text: string, end: number): number {
  const index = skipSpaceForward(text, end);
  return text[index] === ',' ? index : -1;
}

/** An edit that deletes the entry at `pair` and one adjacent comma, keeping the rest tidy. */
export function removeEntryEdit(text: string, pair: TextRange): TextEdit {
  const ownLine = startsOwnLine(text, pair.start);
  const comma = commaAfter(text, pair.end);
  if (comma >= 0) {
    let after = comma + 1;
    while (after < text.length && isBlank(text[after])) after++;
    if (ownLine && (after >= text.length || isLineBreak(text[after]))) {
      return { range: { start: lineStartOf(text, pair.start), end: lineEndWithBreak(text, after) }, newText: '' };
    }
    return { range: { start: pair.start, end: after }, newText: '' };
  }
  const before = skipSpaceBackward(text, pair.start);
  if (text[before - 1] === ',') {
    // The last entry: take the comma of the one before it.
    return { range: { start: before - 1, end: pair.end }, newText: '' };
  }
  if (ownLine) {
    let after = pair.end;
    while (after < text.length && isBlank(text[after])) after++;
    if (after >= text.length || isLineBreak(text[after])) {
      return { range: { start: lineStartOf(text, pair.start), end: lineEndWithBreak(text, after) }, newText: '' };
    }
  }
  return { range: { start: pair.start, end: pair.end }, newText: '' };
}

/**
 * Inserts properties (already formatted as `key: value`) after the first entry named in
 * `after` that exists, or after the last entry. `objectRange` covers the braces.
 */
export function insertEntriesEdit(
  text: string,
  objectRange: TextRange,
  entries: readonly ObjectEntryRange[],
  properties: readonly string[],
  after: readonly string[],
): TextEdit | undefined {
  if (properties.length === 0) return undefined;
  let anchor: ObjectEntryRange | undefined;
  for (const key of after) {
    anchor = [...entries].reverse().find((entry) => entry.key === key);
    if (anchor) break;
  }
  anchor ??= entries[entries.length - 1];
  if (!anchor) {
    // A half-typed object (`{` without its `}`) has no inside to write into yet.
    if (text[objectRange.start] !== '{' || objectRange.end - objectRange.start < 2 || text[objectRange.end - 1] !== '}') return undefined;
    const inner = text.slice(objectRange.start + 1, objectRange.end - 1);
    if (inner.trim() !== '') return undefined;
    return { range: { start: objectRange.start + 1, end: objectRange.end - 1 }, newText: ` ${properties.join(', ')} ` };
  }
  const comma = commaAfter(text, anchor.pairRange.end);
  if (startsOwnLine(text, anchor.pairRange.start)) {
    const indent = text.slice(lineStartOf(text, anchor.pairRange.start), anchor.pairRange.start);
    const newline = text.includes('\r\n') ? '\r\n' : '\n';
    if (comma >= 0) {
      // After the comma, or after a trailing `// comment` on the same line.
      let at = comma + 1;
      const rest = text.slice(at, lineEndWithBreak(text, at)).trim();
      if (rest === '' || rest.startsWith('//')) {
        while (at < text.length && !isLineBreak(text[at])) at++;
      }
      return { range: { start: at, end: at }, newText: properties.map((property) => `${newline}${indent}${property},`).join('') };
    }
    return { range: { start: anchor.pairRange.end, end: anchor.pairRange.end }, newText: properties.map((property) => `,${newline}${indent}${property}`).join('') };
  }
  if (comma >= 0) {
    return { range: { start: comma + 1, end: comma + 1 }, newText: properties.map((property) => ` ${property},`).join('') };
  }
  return { range: { start: anchor.pairRange.end, end: anchor.pairRange.end }, newText: properties.map((property) => `, ${property}`).join('') };
}

/**
 * Inserts and removes entries of one object in a single plan, so the edits never overlap (a
 * removed last entry takes the comma an insertion would follow). Removed entries that are next
 * to each other go as one span; when something is inserted too, it takes the first removed
 * entry's place.
 */
export function editEntries(
  text: string,
  objectRange: TextRange,
  entries: readonly ObjectEntryRange[],
  properties: readonly string[],
  removals: readonly TextRange[],
  after: readonly string[],
): TextEdit[] | undefined {
  const removedIndexes = entries
    .map((entry, index) => (removals.some((range) => range.start === entry.pairRange.start && range.end === entry.pairRange.end) ? index : -1))
    .filter((index) => index >= 0);
  const spans: TextRange[] = [];
  let runStart = -1;
  let previous = -2;
  for (const index of removedIndexes) {
    if (index !== previous + 1 && runStart >= 0) spans.push(span(entries, runStart, previous));
    if (index !== previous + 1) runStart = index;
    previous = index;
  }
  if (runStart >= 0) spans.push(span(entries, runStart, previous));

  const edits: TextEdit[] = [];
  let remaining = properties;
  const first = spans[0];
  if (first && properties.length > 0) {
    const separator = startsOwnLine(text, first.start)
      ? `,${text.includes('\r\n') ? '\r\n' : '\n'}${text.slice(lineStartOf(text, first.start), first.start)}`
      : ', ';
    edits.push({ range: first, newText: properties.join(separator) });
    remaining = [];
    for (const other of spans.slice(1)) edits.push(removeEntryEdit(text, other));
  } else {
    for (const other of spans) edits.push(removeEntryEdit(text, other));
  }
  if (remaining.length > 0) {
    const insertion = insertEntriesEdit(text, objectRange, entries, remaining, after);
    if (!insertion) return undefined;
    edits.push(insertion);
  }
  return edits;
}

function span(entries: readonly ObjectEntryRange[], from: number, to: number): TextRange {
  return { start: entries[from]?.pairRange.start ?? 0, end: entries[to]?.pairRange.end ?? 0 };
}

/**
 * `editEntries` for an option writer: removals of entries that belong to another object (a spread
 * source, a nested `tls` object) use their own removal edit.
 */
export function planObjectEdits(
  text: string,
  objectRange: TextRange,
  entries: readonly ObjectEntryRange[],
  properties: readonly string[],
  removals: readonly { readonly pairRange: TextRange; readonly removal?: TextEdit }[],
  after: readonly string[],
): TextEdit[] | undefined {
  const isOwn = (range: TextRange): boolean => entries.some((entry) => entry.pairRange.start === range.start && entry.pairRange.end === range.end);
  const own = removals.filter((removal) => isOwn(removal.pairRange)).map((removal) => removal.pairRange);
  const foreign = removals.filter((removal) => !isOwn(removal.pairRange)).flatMap((removal) => (removal.removal ? [removal.removal] : []));
  const planned = editEntries(text, objectRange, entries, properties, own, after);
  return planned ? [...planned, ...foreign] : undefined;
}
