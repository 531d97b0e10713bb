// Environment blocks written in YAML (compose `environment:`, Discourse `env:`), read into the same
// entry shape as `.env` lines so the `.env` profiles can judge them, plus the writer that puts
// their fixes back in YAML: `KEY: value` in a map, `- KEY=value` in a list.
//
// Map form: `KEY: value`; a missing or null value (`KEY:`) passes the variable through from the
// shell, so it is unknown here. List form: `- KEY=value`; `- KEY` passes it through. compose
// interpolates `${VAR}` and `$VAR` in both forms (`$$` is a literal `$`).
import { isMap, isScalar, isSeq, type Scalar, type YAMLMap, type YAMLSeq } from 'yaml';
import type { TextEdit, TextRange } from '../../model';
import type { EnvSyntax } from '../dotenv';
import type { DotenvEntry } from './dotenv';

interface YamlEntryMeta {
  readonly form: 'map' | 'list';
  readonly indent: string;
  readonly plain: boolean;
  /** `KEY:` with no value: a new value is inserted after the colon. */
  readonly empty: boolean;
}

const KEY = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
const REFERENCE = /\$(?:\{([A-Za-z_][A-Za-z0-9_]*)[^}]*\}|([A-Za-z_][A-Za-z0-9_]*))/g;
const YAML_WORD = /^(?:true|false|yes|no|on|off|y|n|null|~)$/i;

export interface YamlEnvBlock {
  readonly entries: DotenvEntry[];
  readonly syntax: EnvSyntax;
}

function references(value: string): string[] {
  const names: string[] = [];
  const unescaped = value.replace(/\$\$/g, '');
  for (const match of unescaped.matchAll(REFERENCE)) names.push(match[1] ?? match[2] ?? '');
  return names.filter((name) => name !== '');
}

/** The physical line around [start, end): only blanks before, only a comment after. */
function lineAround(text: string, start: number, end: number): { line: TextRange; withBreak: TextRange; indent: string } | undefined {
  let lineStart = start;
  while (lineStart > 0 && text[lineStart - 1] !== '\n' && text[lineStart - 1] !== '\r') lineStart--;
  let lineEnd = end;
  while (lineEnd < text.length && text[lineEnd] !== '\n' && text[lineEnd] !== '\r') lineEnd++;
  if (!/^\s*(?:#.*)?$/.test(text.slice(end, lineEnd))) return undefined;
  let breakEnd = lineEnd;
  if (text[breakEnd] === '\r' && text[breakEnd + 1] === '\n') breakEnd += 2;
  else if (breakEnd < text.length) breakEnd++;
  return { line: { start: lineStart, end: lineEnd }, withBreak: { start: lineStart, end: breakEnd }, indent: text.slice(lineStart, start) };
}

function isQuoted(node: Scalar): boolean {
  return node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE';
}

function mapEntries(text: string, map: YAMLMap, metas: Map<DotenvEntry, YamlEntryMeta>): DotenvEntry[] {
  const entries: DotenvEntry[] = [];
  if (map.flow) return entries;
  for (const pair of map.items) {
    const keyNode = pair.key;
    if (!isScalar(keyNode) || !keyNode.range) continue;
    const key = String(keyNode.value);
    if (!KEY.test(key)) continue;
    const keyRange = { start: keyNode.range[0], end: keyNode.range[1] };
    const valueNode = pair.value;
    let value = '';
    let valueRange: TextRange;
    let innerRange: TextRange;
    let plain = true;
    let empty = false;
    let passThrough = false;
    if (valueNode === null || valueNode === undefined || (isScalar(valueNode) && (!valueNode.range || valueNode.range[0] === valueNode.range[1]))) {
      const colon = text.indexOf(':', keyRange.end);
      const at = colon >= 0 ? colon + 1 : keyRange.end;
      valueRange = { start: at, end: at };
      innerRange = valueRange;
      empty = true;
      passThrough = true;
    } else if (isScalar(valueNode) && valueNode.range) {
      if (valueNode.type === 'BLOCK_LITERAL' || valueNode.type === 'BLOCK_FOLDED') continue;
      const [start, end] = valueNode.range;
      valueRange = { start, end };
      plain = !isQuoted(valueNode);
      innerRange = plain || end - start < 2 ? valueRange : { start: start + 1, end: end - 1 };
      value = plain ? text.slice(start, end) : String(valueNode.value ?? '');
      if (plain && YAML_WORD.test(value) && /^(?:null|~)$/i.test(value)) passThrough = true;
    } else continue;
    const around = lineAround(text, keyRange.start, valueRange.end);
    if (!around) continue;
    const refs = passThrough ? [key] : references(value);
    const entry: DotenvEntry = {
      key,
      keyRange,
      value: passThrough ? '' : value,
      valueRange,
      innerRange,
      lineRange: around.line,
      lineWithBreakRange: around.withBreak,
      ...(plain ? {} : { quote: (valueNode as Scalar).type === 'QUOTE_SINGLE' ? ("'" as const) : ('"' as const) }),
      exported: false,
      references: refs,
      interpolated: refs.length > 0,
    };
    metas.set(entry, { form: 'map', indent: around.indent, plain, empty });
    entries.push(entry);
  }
  return entries;
}

function listEntries(text: string, seq: YAMLSeq, metas: Map<DotenvEntry, YamlEntryMeta>): DotenvEntry[] {
  const entries: DotenvEntry[] = [];
  if (seq.flow) return entries;
  for (const item of seq.items) {
    if (!isScalar(item) || !item.range || typeof item.value !== 'string') continue;
    if (item.type === 'BLOCK_LITERAL' || item.type === 'BLOCK_FOLDED') continue;
    const [start, end] = item.range;
    const quoted = isQuoted(item);
    const inner = quoted && end - start >= 2 ? { start: start + 1, end: end - 1 } : { start, end };
    const source = text.slice(inner.start, inner.end);
    // Offsets are exact only when the scalar's text is its value (no escapes, one line).
    if (source !== item.value) continue;
    const equals = source.indexOf('=');
    const key = equals >= 0 ? source.slice(0, equals) : source.trim();
    if (!KEY.test(key)) continue;
    // The line starts at the dash: `  - KEY=value`.
    let dash = start - 1;
    while (dash >= 0 && (text[dash] === ' ' || text[dash] === '\t')) dash--;
    if (text[dash] !== '-') continue;
    const around = lineAround(text, dash, end);
    if (!around) continue;
    const passThrough = equals < 0;
    const value = passThrough ? '' : source.slice(equals + 1);
    const valueRange = passThrough ? { start: inner.end, end: inner.end } : { start: inner.start + equals + 1, end: inner.end };
    const refs = passThrough ? [key] : references(value);
    const entry: DotenvEntry = {
      key,
      keyRange: { start: inner.start, end: inner.start + key.length },
      value,
      valueRange,
      innerRange: valueRange,
      lineRange: around.line,
      lineWithBreakRange: around.withBreak,
      exported: false,
      references: refs,
      interpolated: refs.length > 0,
    };
    metas.set(entry, { form: 'list', indent: around.indent, plain: !quoted, empty: passThrough });
    entries.push(entry);
  }
  return entries;
}

/** Writes a value for `KEY: value`: words YAML reads as booleans or null, and odd text, get quotes. */
function yamlScalar(value: string, keepPlainWords: boolean): string {
  if (YAML_WORD.test(value)) return keepPlainWords ? value : `"${value}"`;
  if (value === '' || /^[\s\-?:,[\]{}#&*!|>'"%@`]|:\s|\s#|\s$/.test(value)) return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  return value;
}

/** Reads a compose `environment:` or Discourse `env:` node; undefined when it is neither form. */
export function yamlEnvBlock(text: string, node: unknown): YamlEnvBlock | undefined {
  const metas = new Map<DotenvEntry, YamlEntryMeta>();
  let entries: DotenvEntry[];
  if (isMap(node)) entries = mapEntries(text, node, metas);
  else if (isSeq(node)) entries = listEntries(text, node, metas);
  else return undefined;
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const syntax: EnvSyntax = {
    // Messages quote a flag as the block writes it: `KEY: value` or `KEY=value`.
    format: isSeq(node) ? 'yaml-env-list' : 'yaml-env',
    removeLine(entry) {
      const { lineRange, lineWithBreakRange } = entry;
      if (lineWithBreakRange.end > lineRange.end || lineRange.start === 0) return { range: lineWithBreakRange, newText: '' };
      const breakLength = text.slice(lineRange.start - 2, lineRange.start) === '\r\n' ? 2 : 1;
      return { range: { start: Math.max(0, lineRange.start - breakLength), end: lineRange.end }, newText: '' };
    },
    setValue(entry, value): TextEdit {
      const meta = metas.get(entry);
      if (!meta || meta.form === 'list') {
        if (meta?.empty) return { range: entry.innerRange, newText: `=${value}` };
        return { range: entry.innerRange, newText: value };
      }
      if (meta.empty) return { range: entry.innerRange, newText: ` ${yamlScalar(value, false)}` };
      if (!meta.plain) return { range: entry.innerRange, newText: entry.quote === "'" ? value.replace(/'/g, "''") : value.replace(/\\/g, '\\\\').replace(/"/g, '\\"') };
      return { range: entry.innerRange, newText: yamlScalar(value, YAML_WORD.test(entry.value)) };
    },
    insertAfter(entry, lines) {
      const meta = metas.get(entry);
      const indent = meta?.indent ?? '';
      const written = lines.map((line) => {
        const equals = line.indexOf('=');
        const key = equals >= 0 ? line.slice(0, equals) : line;
        const value = equals >= 0 ? line.slice(equals + 1) : '';
        return meta?.form === 'list' ? `${eol}${indent}- ${key}=${value}` : `${eol}${indent}${key}: ${yamlScalar(value, false)}`;
      });
      return { range: { start: entry.lineRange.end, end: entry.lineRange.end }, newText: written.join('') };
    },
  };
  return { entries, syntax };
}
