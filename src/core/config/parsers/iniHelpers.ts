// Helpers shared by the INI extractors (git config, Gitea app.ini, grafana.ini): the last value of
// each key in one section, and a writer that rewrites a key in place or adds it to that section.
import type { TextEdit } from '../../model';
import type { LineEdits, LineEntry, LineFile } from './lines';

export interface IniSection {
  readonly name: string;
  readonly subsection?: string;
  /** Last value of each key, keys lower-cased. */
  readonly keys: Map<string, LineEntry>;
  readonly entries: LineEntry[];
}

/** Sections by name (lower-cased) and subsection; entries outside any section are skipped. */
export function iniSections(file: LineFile, wanted: (name: string) => boolean): IniSection[] {
  const sections = new Map<string, IniSection>();
  for (const entry of file.entries) {
    if (entry.section === undefined || !wanted(entry.section)) continue;
    const id = `${entry.section}\u0000${entry.subsection ?? ''}`;
    let section = sections.get(id);
    if (!section) {
      section = { name: entry.section, ...(entry.subsection !== undefined ? { subsection: entry.subsection } : {}), keys: new Map(), entries: [] };
      sections.set(id, section);
    }
    section.keys.set(entry.key.toLowerCase(), entry);
    section.entries.push(entry);
  }
  return [...sections.values()];
}

/** Rewrites keys of a section in place, or adds them after `after` (a line of that section). */
export class IniWriter {
  private readonly replaced: TextEdit[] = [];
  private readonly added: string[] = [];

  constructor(
    private readonly edits: LineEdits,
    private readonly keys: ReadonlyMap<string, LineEntry>,
    private readonly after: LineEntry,
    private readonly separator = ' = ',
  ) {}

  set(key: string, value: string | null): this {
    const own = this.keys.get(key.toLowerCase());
    if (own) {
      if (value === null) this.replaced.push(this.edits.removeLine(own));
      else if (own.value.trim() !== value) this.replaced.push(this.edits.setValue(own, own.bare ? `${this.separator}${value}` : value));
    } else if (value !== null) this.added.push(`${key}${this.separator}${value}`);
    return this;
  }

  result(): TextEdit[] {
    return this.added.length > 0 ? [...this.replaced, this.edits.insertAfter(this.after, this.added)] : [...this.replaced];
  }
}
