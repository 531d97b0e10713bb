// Spring Boot `application*.properties` (`spring.mail.*`) and plain Jakarta Mail `mail.smtp.*`
// properties files. The line format is read by parsers/properties.ts with exact ranges; what the
// keys mean is decided by semantics/jakartaMail.ts.
import type { Extractor, MailEndpoint, SourceDocument, TextEdit } from '../model';
import { escapePropertyValue, parseProperties, type PropertiesEntry } from './parsers/properties';
import { jakartaEndpoint, resolvePlaceholder, springKey, springName, type JavaProp } from './semantics/jakartaMail';

function normalisedName(key: string): string | undefined {
  if (key.startsWith('spring.mail.')) return springName(key);
  if (key.startsWith('mail.')) return key;
  return undefined;
}

function propOf(text: string, entry: PropertiesEntry): JavaProp {
  const raw = text.slice(entry.valueRange.start, entry.valueRange.end);
  const resolved = resolvePlaceholder(entry.value);
  let valueRange = entry.valueRange;
  if (resolved.origin === 'fallback' && resolved.value !== undefined) {
    const colon = raw.indexOf(':', raw.indexOf('${'));
    const close = raw.lastIndexOf('}');
    if (colon >= 0 && close > colon) valueRange = { start: entry.valueRange.start + colon + 1, end: entry.valueRange.start + close };
  }
  return {
    key: entry.key,
    value: resolved.value?.trim(),
    origin: resolved.origin,
    ...(resolved.envName ? { envName: resolved.envName } : {}),
    valueRange,
    range: { start: entry.keyRange.start, end: Math.max(entry.valueRange.end, entry.keyRange.end) },
    removal: { range: entry.lineWithBreakRange, newText: '' },
  };
}

export function extractJavaProperties(text: string): MailEndpoint[] {
  if (!text.includes('mail.')) return [];
  const file = parseProperties(text);
  const props = new Map<string, JavaProp>();
  const entries = new Map<string, PropertiesEntry>();
  let spring = false;
  for (const entry of file.entries) {
    const name = normalisedName(entry.key);
    if (!name) continue;
    if (entry.key.startsWith('spring.mail.')) spring = true;
    props.set(name, propOf(text, entry));
    entries.set(name, entry);
  }
  if (props.size === 0) return [];
  const mailEntries = [...entries.values()].sort((a, b) => a.lineRange.start - b.lineRange.start);
  const first = mailEntries[0]!;
  const last = mailEntries[mailEntries.length - 1]!;
  const anchorEntry = entries.get('sender.host') ?? entries.get('mail.smtp.host') ?? entries.get('sender.port') ?? entries.get('mail.smtp.port') ?? first;
  const writer = {
    write(changes: readonly (readonly [string, string | null])[]): TextEdit[] | undefined {
      const edits: TextEdit[] = [];
      const removed: PropertiesEntry[] = [];
      const added: string[] = [];
      for (const [name, value] of changes) {
        const entry = entries.get(name);
        if (entry && value === null) removed.push(entry);
        else if (entry && value !== null) {
          const prop = props.get(name)!;
          if (prop.value !== value) edits.push({ range: prop.valueRange, newText: escapePropertyValue(value) });
        } else if (value !== null) added.push(`${spring && !name.startsWith('mail.transport') ? springKey(name) : name}${last.separator || '='}${escapePropertyValue(value)}`);
      }
      removed.sort((a, b) => a.lineRange.start - b.lineRange.start);
      // New lines take the place of the first removed one, so no edit lands inside a removed line.
      const [firstRemoved, ...otherRemoved] = removed;
      if (firstRemoved && added.length > 0) edits.push({ range: firstRemoved.lineRange, newText: added.join(file.eol) });
      else if (firstRemoved) otherRemoved.unshift(firstRemoved);
      for (const entry of otherRemoved) edits.push({ range: entry.lineWithBreakRange.end > entry.lineRange.end ? entry.lineWithBreakRange : entry.lineRange, newText: '' });
      if (!firstRemoved && added.length > 0) edits.push({ range: { start: last.lineRange.end, end: last.lineRange.end }, newText: added.map((line) => `${file.eol}${line}`).join('') });
      return edits.length > 0 ? edits : undefined;
    },
  };
  const endpoint = jakartaEndpoint(props, {
    format: 'properties',
    library: spring ? 'spring' : 'jakarta-mail',
    range: { start: first.lineRange.start, end: last.lineRange.end },
    anchor: anchorEntry.keyRange,
    writer,
  });
  return endpoint ? [endpoint] : [];
}

export const javaPropertiesExtractor: Extractor = {
  id: 'java-properties',
  appliesTo: (fileName: string) => /\.properties$/i.test(fileName),
  filePatterns: ['*.properties'],
  extract(document: SourceDocument): MailEndpoint[] {
    try {
      return extractJavaProperties(document.text);
    } catch {
      return [];
    }
  },
};
