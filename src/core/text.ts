// Small helpers over document text that every face needs: offsets to line/column, applying edits.
import type { TextEdit, TextRange } from './model';

export interface LineColumn {
  /** 0-based */
  readonly line: number;
  /** 0-based, in UTF-16 code units */
  readonly character: number;
}

export class LineIndex {
  private readonly lineStarts: number[] = [0];

  constructor(text: string) {
    for (let index = 0; index < text.length; index++) {
      const code = text.charCodeAt(index);
      if (code === 10) this.lineStarts.push(index + 1);
      else if (code === 13) {
        if (text.charCodeAt(index + 1) === 10) index++;
        this.lineStarts.push(index + 1);
      }
    }
  }

  positionAt(offset: number): LineColumn {
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((this.lineStarts[middle] ?? 0) <= offset) low = middle;
      else high = middle - 1;
    }
    return { line: low, character: offset - (this.lineStarts[low] ?? 0) };
  }

  offsetAt(position: LineColumn): number {
    const start = this.lineStarts[position.line];
    if (start === undefined) return this.lineStarts[this.lineStarts.length - 1] ?? 0;
    return start + position.character;
  }
}

/** Applies non-overlapping edits; later edits first so offsets stay valid. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.range.start - a.range.start || b.range.end - a.range.end);
  let result = text;
  let lastStart = Number.POSITIVE_INFINITY;
  for (const edit of sorted) {
    if (edit.range.end > lastStart) continue; // overlapping edit: keep the first, as editors do
    result = result.slice(0, edit.range.start) + edit.newText + result.slice(edit.range.end);
    lastStart = edit.range.start;
  }
  return result;
}

export function rangeContains(range: TextRange, offset: number): boolean {
  return offset >= range.start && offset <= range.end;
}

export function replace(range: TextRange, newText: string): TextEdit {
  return { range, newText };
}

/**
 * Deletes the code in `range`; when it stands alone on its line, the whole line goes with it
 * (indentation and line break), so no blank line is left behind.
 */
export function lineRemoval(text: string, range: TextRange): TextEdit {
  let start = range.start;
  while (start > 0 && (text[start - 1] === ' ' || text[start - 1] === '\t')) start--;
  let end = range.end;
  while (end < text.length && (text[end] === ' ' || text[end] === '\t')) end++;
  if ((start === 0 || text[start - 1] === '\n') && (end >= text.length || text[end] === '\n' || text[end] === '\r')) {
    if (text[end] === '\r') end++;
    if (text[end] === '\n') end++;
    return { range: { start, end }, newText: '' };
  }
  return { range, newText: '' };
}
