// Spring Boot `application*.yml` / `.yaml`: `spring.mail.*` with nested or dotted keys, one endpoint
// per YAML document (profiles separated by `---`). `${SMTP_PORT:587}` placeholders read as their
// fallback. What the keys mean is decided by semantics/jakartaMail.ts.
import { isMap, isPair, isScalar, parseAllDocuments, type Document, type Scalar } from 'yaml';
import type { Extractor, MailEndpoint, SourceDocument, TextEdit, TextRange } from '../model';
import { jakartaEndpoint, resolvePlaceholder, springKey, springName, type JavaProp } from './semantics/jakartaMail';

interface Leaf {
  readonly path: string;
  /** The dotted path of the map that holds the key. */
  readonly parentPath: string;
  readonly keyRange: TextRange;
  readonly valueNode: Scalar;
  readonly prop: JavaProp;
  /** The line(s) of `key: value` with the line break, when it is a block mapping entry on its own lines. */
  readonly lineWithBreak?: TextRange;
  readonly line?: TextRange;
  readonly indent?: string;
  /** The parent map has other entries, so the pair can go. */
  readonly removable: boolean;
}

function lineAround(text: string, start: number, end: number): { line: TextRange; lineWithBreak: TextRange; indent: string } | undefined {
  let lineStart = start;
  while (lineStart > 0 && text[lineStart - 1] !== '\n' && text[lineStart - 1] !== '\r') lineStart--;
  const indent = text.slice(lineStart, start);
  if (!/^[ \t]*$/.test(indent)) return undefined;
  let lineEnd = end;
  while (lineEnd < text.length && text[lineEnd] !== '\n' && text[lineEnd] !== '\r') lineEnd++;
  // Only a trailing comment may follow the value.
  const rest = text.slice(end, lineEnd);
  if (!/^\s*(?:#.*)?$/.test(rest)) return undefined;
  let breakEnd = lineEnd;
  if (text[breakEnd] === '\r' && text[breakEnd + 1] === '\n') breakEnd += 2;
  else if (breakEnd < text.length) breakEnd++;
  return { line: { start: lineStart, end: lineEnd }, lineWithBreak: { start: lineStart, end: breakEnd }, indent };
}

function scalarProp(text: string, key: string, keyRange: TextRange, node: Scalar, removal: TextEdit | undefined): JavaProp | undefined {
  const range = node.range;
  if (!range) return undefined;
  const raw = text.slice(range[0], range[1]);
  const quoted = raw.startsWith('"') || raw.startsWith("'");
  const inner = quoted && raw.length >= 2 ? { start: range[0] + 1, end: range[1] - 1 } : { start: range[0], end: range[1] };
  const value = node.value === null || node.value === undefined ? '' : String(node.value);
  const resolved = resolvePlaceholder(value);
  let valueRange = inner;
  if (resolved.origin === 'fallback') {
    const innerText = text.slice(inner.start, inner.end);
    const colon = innerText.indexOf(':', innerText.indexOf('${'));
    const close = innerText.lastIndexOf('}');
    if (colon >= 0 && close > colon) valueRange = { start: inner.start + colon + 1, end: inner.start + close };
  }
  return {
    key,
    value: resolved.value?.trim(),
    origin: resolved.origin,
    ...(resolved.envName ? { envName: resolved.envName } : {}),
    valueRange,
    range: { start: keyRange.start, end: range[1] },
    ...(removal ? { removal } : {}),
  };
}

function collectLeaves(text: string, node: unknown, path: string, out: Leaf[], depth: number): void {
  if (!isMap(node) || depth > 12) return;
  for (const pair of node.items) {
    if (!isPair(pair) || !isScalar(pair.key) || !pair.key.range) continue;
    const keyText = String(pair.key.value).replace(/^\[(.*)\]$/, '$1');
    const full = path ? `${path}.${keyText}` : keyText;
    if (!full.startsWith('spring') && !'spring.mail'.startsWith(full) && !full.startsWith('mail.') && full !== 'mail') continue;
    if (isMap(pair.value)) collectLeaves(text, pair.value, full, out, depth + 1);
    else if (isScalar(pair.value) && pair.value.range) {
      const keyRange = { start: pair.key.range[0], end: pair.key.range[1] };
      const around = lineAround(text, keyRange.start, pair.value.range[1]);
      const removable = node.items.length > 1 && around !== undefined;
      const prop = scalarProp(text, full, keyRange, pair.value, removable && around ? { range: around.lineWithBreak, newText: '' } : undefined);
      if (prop) out.push({ path: full, parentPath: path, keyRange, valueNode: pair.value, prop, ...(around ? { line: around.line, lineWithBreak: around.lineWithBreak, indent: around.indent } : {}), removable });
    }
  }
}

function documentEndpoint(text: string, doc: Document.Parsed, index: number): MailEndpoint | undefined {
  const leaves: Leaf[] = [];
  collectLeaves(text, doc.contents, '', leaves, 0);
  const props = new Map<string, JavaProp>();
  const byName = new Map<string, Leaf>();
  let spring = false;
  for (const leaf of leaves) {
    const name = leaf.path.startsWith('spring.mail.') ? springName(leaf.path) : leaf.path.startsWith('mail.') ? leaf.path : undefined;
    if (!name) continue;
    if (leaf.path.startsWith('spring.mail.')) spring = true;
    props.set(name, leaf.prop);
    byName.set(name, leaf);
  }
  if (props.size === 0) return undefined;
  const sorted = [...byName.values()].sort((a, b) => a.keyRange.start - b.keyRange.start);
  const first = sorted[0]!;
  const lastLeaf = sorted[sorted.length - 1]!;
  const eol = text.includes('\r\n') ? '\r\n' : '\n';

  /** Where a new key goes: after the leaf whose parent map is the deepest prefix of the key. */
  function placeFor(fullKey: string): { leaf: Leaf; line: string } | undefined {
    let best: Leaf | undefined;
    for (const leaf of sorted) {
      if (!leaf.line || leaf.indent === undefined) continue;
      if (leaf.parentPath && !fullKey.startsWith(`${leaf.parentPath}.`)) continue;
      if (!best || leaf.parentPath.length > best.parentPath.length) best = leaf;
    }
    if (!best) return undefined;
    const rest = best.parentPath ? fullKey.slice(best.parentPath.length + 1) : fullKey;
    return { leaf: best, line: `${best.indent}${rest}: ` };
  }

  const writer = {
    write(changes: readonly (readonly [string, string | null])[]): TextEdit[] | undefined {
      const edits: TextEdit[] = [];
      const removed: Leaf[] = [];
      const added = new Map<Leaf, string[]>();
      for (const [name, value] of changes) {
        const leaf = byName.get(name);
        if (leaf && value === null) {
          if (!leaf.removable || !leaf.lineWithBreak) return undefined;
          removed.push(leaf);
        } else if (leaf && value !== null) {
          if (leaf.prop.value !== value) edits.push({ range: leaf.prop.valueRange, newText: value });
        } else if (value !== null) {
          const fullKey = spring && !name.startsWith('mail.transport') ? springKey(name) : name;
          const place = placeFor(fullKey);
          if (!place) return undefined;
          const lines = added.get(place.leaf) ?? [];
          lines.push(`${place.line}${value}`);
          added.set(place.leaf, lines);
        }
      }
      for (const leaf of removed) {
        const replacement = added.get(leaf);
        if (replacement) {
          edits.push({ range: leaf.line!, newText: replacement.join(eol) });
          added.delete(leaf);
        } else edits.push({ range: leaf.lineWithBreak!, newText: '' });
      }
      for (const [leaf, lines] of added) {
        const at = leaf.line!.end;
        if (removed.some((gone) => gone.lineWithBreak!.start <= at && at <= gone.lineWithBreak!.end)) return undefined;
        edits.push({ range: { start: at, end: at }, newText: lines.map((line) => `${eol}${line}`).join('') });
      }
      return edits.length > 0 ? edits : undefined;
    },
  };
  return jakartaEndpoint(props, {
    format: 'yaml',
    library: spring ? 'spring' : 'jakarta-mail',
    range: { start: first.keyRange.start, end: lastLeaf.prop.range.end },
    anchor: (byName.get('sender.host') ?? byName.get('sender.port') ?? first).keyRange,
    writer,
    ...(index > 0 ? { noteSuffix: ` (YAML document ${index + 1} of this file.)` } : {}),
  });
}

export function extractSpringYaml(text: string): MailEndpoint[] {
  if (!text.includes('mail')) return [];
  const endpoints: MailEndpoint[] = [];
  const docs = parseAllDocuments(text, { keepSourceTokens: false, uniqueKeys: false });
  const list = Array.isArray(docs) ? docs : [];
  list.forEach((doc, index) => {
    const endpoint = documentEndpoint(text, doc, index);
    if (endpoint) endpoints.push(endpoint);
  });
  return endpoints;
}

const SPRING_FILE = /(?:^|[\\/])(?:application|bootstrap)(?:-[^\\/]*)?\.ya?ml$/i;

export const springYamlExtractor: Extractor = {
  id: 'spring-yaml',
  appliesTo: (fileName: string) => SPRING_FILE.test(fileName),
  filePatterns: ['application*.yml', 'application*.yaml', 'bootstrap*.yml', 'bootstrap*.yaml'],
  extract(document: SourceDocument): MailEndpoint[] {
    try {
      return extractSpringYaml(document.text);
    } catch {
      return [];
    }
  },
};
