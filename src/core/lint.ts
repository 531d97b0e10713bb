// The lint pipeline: text -> extractors -> MailEndpoint[] -> rules -> Finding[].
// Both faces (CLI and extension) call only this.
import type { Extractor, Finding, MailEndpoint, Severity, SourceDocument } from './model';
import { EXTRACTORS } from './config/index';
import { RULES } from './rules/index';
import { docsPath } from './rules/rule';

export type SeveritySetting = Severity | 'off';

export interface LintOptions {
  /** Per-rule severity overrides; `off` disables a rule. */
  readonly severities?: Readonly<Record<string, SeveritySetting>>;
}

export interface LintResult {
  readonly endpoints: readonly MailEndpoint[];
  readonly findings: readonly Finding[];
  /** Extractors that failed on this text; the others' results are still returned. */
  readonly problems: readonly string[];
}

export function extractorsFor(fileName: string): Extractor[] {
  return EXTRACTORS.filter((extractor) => extractor.appliesTo(fileName));
}

/** One glob over every file name some extractor reads, for workspace searches. */
export function lintableFilesGlob(): string {
  const patterns = [...new Set(EXTRACTORS.flatMap((extractor) => extractor.filePatterns))];
  // VS Code's globs do not nest braces, so every name pattern sits in one flat group.
  return `**/{${patterns.join(',')}}`;
}

/** True when some extractor reads files of this name; lets callers skip everything else cheaply. */
export function isLintable(fileName: string): boolean {
  return EXTRACTORS.some((extractor) => extractor.appliesTo(fileName));
}

export async function extractEndpoints(document: SourceDocument): Promise<{ endpoints: MailEndpoint[]; problems: string[] }> {
  const endpoints: MailEndpoint[] = [];
  const problems: string[] = [];
  for (const extractor of extractorsFor(document.fileName)) {
    try {
      endpoints.push(...(await extractor.extract(document)));
    } catch (error) {
      // An extractor bug must not cost the user the other extractors' findings.
      problems.push(`${extractor.id}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return { endpoints, problems };
}

export function checkEndpoints(endpoints: readonly MailEndpoint[], options: LintOptions = {}): Finding[] {
  const findings: Finding[] = [];
  for (const endpoint of endpoints) {
    for (const rule of RULES) {
      const configured = options.severities?.[rule.meta.id];
      if (configured === 'off') continue;
      for (const report of rule.check(endpoint)) {
        findings.push({
          ruleId: rule.meta.id,
          severity: configured ?? report.severity ?? rule.meta.defaultSeverity,
          message: report.message,
          range: report.range,
          related: report.related ?? [],
          docsUrl: docsPath(rule.meta.id),
          fixes: report.fixes ?? [],
          endpoint,
        });
      }
    }
  }
  return findings.sort((a, b) => a.range.start - b.range.start || a.ruleId.localeCompare(b.ruleId));
}

export async function lintDocument(document: SourceDocument, options: LintOptions = {}): Promise<LintResult> {
  const { endpoints, problems } = await extractEndpoints(document);
  return { endpoints, findings: checkEndpoints(endpoints, options), problems };
}
