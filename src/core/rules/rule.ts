// A rule is a small module in the ESLint shape: `meta` says what it is, `check` looks at one
// normalised endpoint and reports. Rules never parse text and never build edits by hand:
// fixes come from the endpoint's rewriter, which speaks the file's own syntax.
import type { Fix, MailEndpoint, Severity, TextRange } from '../model';

export interface RuleMeta {
  readonly id: string;
  readonly description: string;
  readonly defaultSeverity: Severity;
  readonly fixable: boolean;
}

export interface RuleReport {
  readonly message: string;
  readonly range: TextRange;
  /** Overrides the default when the same rule has a harsher and a milder case. */
  readonly severity?: Severity;
  readonly related?: readonly { readonly range: TextRange; readonly message: string }[];
  readonly fixes?: readonly Fix[];
}

export interface Rule {
  readonly meta: RuleMeta;
  check(endpoint: MailEndpoint): RuleReport[];
}

export function docsPath(ruleId: string): string {
  return `docs/rules/${ruleId}.md`;
}
