// One block YAML mapping read as `key: scalar` entries with exact ranges, plus a writer that puts
// fixes back in YAML: a changed value replaces the scalar's characters, a removed entry takes its
// own line, a new entry is a new line at the keys' indentation. Shared by the Home Assistant and
// GitHub Actions extractors. Flow mappings (`{ a: 1 }`) are read but never written.
import { isMap, isPair, isScalar, isSeq, parseAllDocuments, type Scalar, type YAMLMap } from 'yaml';
import type { MailEndpoint, TextEdit, TextRange } from '../../model';

export interface YamlScalarEntry {
  readonly key: string;
  readonly keyRange: TextRange;
  /** The value as YAML reads it, as text (`465`, `true`, `smtp.example.com`); '' for an empty value. */
  readonly value: string;
  /** The scalar's characters, quotes included. */
  readonly valueRange: TextRange;
  /** The characters inside the quotes (the same as valueRange for plain scalars). */
  readonly innerRange: TextRange;
  readonly quote?: '"' | "'";
  /** A local tag such as `!secret` or `!env_var`. */
  readonly tag?: string;
  /** `key: value`, for highlighting. */
  readonly range: TextRange;
  /** The entry's own line(s) with the line break, when nothing else shares them. */
  readonly lineWithBreak?: TextRange;
  readonly line?: TextRange;
}

export interface YamlMapEntries {
  readonly entries: ReadonlyMap<string, YamlScalarEntry>;
  /** Keys whose value is a mapping or a sequence (not scalars). */
  readonly nested: ReadonlyMap<string, unknown>;
  readonly flow: boolean;
  /** The column of the keys and the line after which new keys go, for block mappings. */
  readonly indent?: string;
  readonly lastLineEnd?: number;
}

function lineAround(text: string, start: number, end: number): { line: TextRange; lineWithBreak: TextRange } | undefined {
  let lineStart = start;
  while (lineStart > 0 && text[lineStart - 1] !== '\n' && text[lineStart - 1] !== '\r') lineStart--;
  const before = text.slice(lineStart, start);
  // `  key:` or `  - key:` (the first key of a sequence item shares the dash's line).
  if (!/^[ \t]*$/.test(before)) return undefined;
  let lineEnd = end;
  while (lineEnd < text.length && text[lineEnd] !== '\n' && text[lineEnd] !== '\r') lineEnd++;
  if (!/^[ \t]*(?:#.*)?$/.test(text.slice(end, lineEnd))) return undefined;
  let breakEnd = lineEnd;
  if (text[breakEnd] === '\r' && text[breakEnd + 1] === '\n') breakEnd += 2;
  else if (breakEnd < text.length) breakEnd++;
  return { line: { start: lineStart, end: lineEnd }, lineWithBreak: { start: lineStart, end: breakEnd } };
}

function column(text: string, offset: number): number {
  let start = offset;
  while (start > 0 && text[start - 1] !== '\n' && text[start - 1] !== '\r') start--;
  return offset - start;
}

function lineEndOf(text: string, offset: number): number {
  let end = offset;
  while (end < text.length && text[end] !== '\n' && text[end] !== '\r') end++;
  return end;
}

export function readYamlMap(text: string, map: YAMLMap): YamlMapEntries {
  const entries = new Map<string, YamlScalarEntry>();
  const nested = new Map<string, unknown>();
  let indent: string | undefined;
  let lastLineEnd: number | undefined;
  for (const pair of map.items) {
    if (!isPair(pair) || !isScalar(pair.key) || !pair.key.range) continue;
    const key = String(pair.key.value);
    const keyRange = { start: pair.key.range[0], end: pair.key.range[1] };
    if (keyRange.start > text.length || keyRange.end > text.length) continue;
    if (indent === undefined && !map.flow) indent = ' '.repeat(column(text, keyRange.start));
    const node = pair.value;
    let end = keyRange.end;
    if (isScalar(node) && node.range) end = Math.max(end, node.range[1]);
    else if (node && typeof node === 'object' && 'range' in node && Array.isArray((node as { range?: unknown }).range)) {
      end = Math.max(end, Number((node as { range: number[] }).range[1] ?? end));
    }
    if (!map.flow) lastLineEnd = Math.max(lastLineEnd ?? 0, lineEndOf(text, Math.max(keyRange.end, trimBack(text, Math.min(end, text.length)))));
    if (node !== null && node !== undefined && !isScalar(node)) {
      if (!entries.has(key)) nested.set(key, node);
      continue;
    }
    const scalar = node as Scalar | null | undefined;
    let valueRange: TextRange;
    let innerRange: TextRange;
    let value = '';
    let quote: '"' | "'" | undefined;
    if (!scalar || !scalar.range || scalar.range[0] === scalar.range[1]) {
      const colon = text.indexOf(':', keyRange.end);
      const at = colon >= 0 && colon < lineEndOf(text, keyRange.end) ? colon + 1 : keyRange.end;
      valueRange = { start: at, end: at };
      innerRange = valueRange;
    } else {
      if (scalar.type === 'BLOCK_LITERAL' || scalar.type === 'BLOCK_FOLDED') continue;
      const [start, stop] = scalar.range;
      if (stop > text.length) continue;
      valueRange = { start, end: stop };
      quote = scalar.type === 'QUOTE_DOUBLE' ? '"' : scalar.type === 'QUOTE_SINGLE' ? "'" : undefined;
      innerRange = quote && stop - start >= 2 ? { start: start + 1, end: stop - 1 } : valueRange;
      value = scalar.value === null || scalar.value === undefined ? '' : quote ? String(scalar.value) : text.slice(start, stop);
    }
    const around = map.flow ? undefined : lineAround(text, keyRange.start, valueRange.end);
    if (entries.has(key)) entries.delete(key); // the last one wins, as in most loaders
    entries.set(key, {
      key,
      keyRange,
      value,
      valueRange,
      innerRange,
      ...(quote ? { quote } : {}),
      ...(scalar?.tag ? { tag: scalar.tag } : {}),
      range: { start: keyRange.start, end: Math.max(keyRange.end, valueRange.end) },
      ...(around ? { line: around.line, lineWithBreak: around.lineWithBreak } : {}),
    });
  }
  return { entries, nested, flow: Boolean(map.flow), ...(indent !== undefined ? { indent } : {}), ...(lastLineEnd !== undefined ? { lastLineEnd } : {}) };
}

function trimBack(text: string, end: number): number {
  let at = end;
  while (at > 0 && /\s/.test(text[at - 1] ?? '')) at--;
  return at;
}

const YAML_WORD = /^(?:true|false|yes|no|on|off|y|n|null|~)$/i;

/** A scalar for a new or changed value; `asString` quotes words YAML would read as booleans or numbers. */
export function yamlScalar(value: string, asString: boolean): string {
  if (asString && (YAML_WORD.test(value) || /^[-+]?\d/.test(value))) return `"${value}"`;
  if (value === '' || /^[\s\-?:,[\]{}#&*!|>'"%@`]|:\s|\s#|\s$/.test(value)) return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  return value;
}

/**
 * Sets (value string, already written as YAML) or removes (null) keys of one block mapping.
 * Undefined when the mapping cannot be written safely (flow style, a removed key that shares its line).
 */
export function writeYamlMap(text: string, map: YamlMapEntries, changes: readonly (readonly [key: string, value: string | null])[]): TextEdit[] | undefined {
  if (map.flow) return undefined;
  const edits: TextEdit[] = [];
  const added: string[] = [];
  for (const [key, value] of changes) {
    const entry = map.entries.get(key);
    if (value === null) {
      if (!entry) continue;
      if (!entry.lineWithBreak || !entry.line) return undefined;
      // The first key of a sequence item shares the dash's line: blank the entry, not the line.
      const lineText = text.slice(entry.line.start, entry.keyRange.start);
      if (lineText.trim() !== '') return undefined;
      edits.push({ range: entry.lineWithBreak, newText: '' });
      continue;
    }
    if (entry) {
      if (entry.valueRange.start === entry.valueRange.end) edits.push({ range: entry.valueRange, newText: ` ${value}` });
      else if (text.slice(entry.valueRange.start, entry.valueRange.end) !== value) edits.push({ range: entry.valueRange, newText: value });
      continue;
    }
    added.push(`${key}: ${value}`);
  }
  if (added.length > 0) {
    if (map.indent === undefined || map.lastLineEnd === undefined) return undefined;
    const eol = text.includes('\r\n') ? '\r\n' : '\n';
    const at = map.lastLineEnd;
    const removed = edits.findIndex((edit) => edit.newText === '' && edit.range.start <= at && at < edit.range.end);
    const lines = added.map((line) => `${map.indent}${line}`);
    if (removed >= 0) {
      // The last entry goes: the new ones take its line.
      const range = edits[removed]!.range;
      edits[removed] = { range: { start: range.start, end: at }, newText: lines.join(eol) };
    } else {
      edits.push({ range: { start: at, end: at }, newText: lines.map((line) => `${eol}${line}`).join('') });
    }
  }
  return edits.length > 0 ? edits : undefined;
}

/** A YAML node's string value, when it is a string scalar. */
export function scalarString(node: unknown): string | undefined {
  return node && typeof node === 'object' && 'value' in node && typeof (node as { value: unknown }).value === 'string' ? (node as { value: string }).value : undefined;
}

/**
 * Every mapping in every document of `text` that `matches`, found through sequences and mapping
 * values down to `maxDepth`; a match's own children are not searched. Then one endpoint per
 * mapping, in file order; a mapping that throws yields nothing and the others still count.
 */
export function endpointsOfYamlMaps(text: string, matches: (map: YAMLMap) => boolean, maxDepth: number, endpointOf: (map: YAMLMap) => MailEndpoint | undefined): MailEndpoint[] {
  const maps: YAMLMap[] = [];
  const collect = (node: unknown, depth: number): void => {
    if (depth > maxDepth) return;
    if (isSeq(node)) {
      for (const item of node.items) collect(item, depth + 1);
      return;
    }
    if (!isMap(node)) return;
    if (matches(node as YAMLMap)) {
      maps.push(node as YAMLMap);
      return;
    }
    for (const pair of node.items) collect(pair.value, depth + 1);
  };
  for (const doc of parseAllDocuments(text, { keepSourceTokens: false, uniqueKeys: false })) {
    if ('contents' in doc) collect(doc.contents, 0);
  }
  const endpoints: MailEndpoint[] = [];
  for (const map of maps) {
    try {
      const endpoint = endpointOf(map);
      if (endpoint) endpoints.push(endpoint);
    } catch {
      // a malformed mapping yields nothing; the others still count
    }
  }
  return endpoints.sort((a, b) => a.range.start - b.range.start);
}

export { isMap };
