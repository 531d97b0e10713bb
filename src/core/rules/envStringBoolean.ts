// `secure: process.env.SMTP_SECURE` hands a string to an option read as a boolean: the string
// "false" is truthy, so the file that says false still gets implicit TLS.
import type { MailEndpoint } from '../model';
import type { Rule, RuleReport } from './rule';
import { withReading } from './shared';

/** How to turn an environment string into a boolean, in the file's own language. */
const PARSE_ADVICE: Readonly<Record<string, (envName: string) => string>> = {
  javascript: (envName) => `Compare it: process.env.${envName} === 'true'.`,
  python: (envName) => `Parse it: env.bool('${envName}') with django-environ, or os.getenv('${envName}', '').lower() in ('1', 'true', 'yes').`,
  ruby: (envName) => `Compare it: ENV['${envName}'] == 'true'.`,
  php: (envName) => `Parse it: filter_var(getenv('${envName}'), FILTER_VALIDATE_BOOLEAN).`,
};

export const envStringBoolean: Rule = {
  meta: {
    id: 'env-string-boolean',
    description: 'An environment variable (always a string) handed unparsed to a boolean TLS option.',
    defaultSeverity: 'warning',
    fixable: true,
  },
  check(endpoint: MailEndpoint): RuleReport[] {
    const reports: RuleReport[] = [];
    for (const flag of endpoint.tlsFlags) {
      if (!flag.unparsedEnvString) continue;
      const edits = endpoint.rewrite.parseEnvBoolean?.(flag);
      const envName = flag.unparsedEnvString.envName;
      const consequence =
        flag.intent === 'implicit' || flag.intent === 'starttls'
          ? `${envName}=false still turns ${flag.key} on${flag.intent === 'implicit' ? " (on port 587 that fails at once with 'wrong version number')" : ''}`
          : `${envName}=false still turns ${flag.key} on`;
      reports.push({
        message: withReading(
          endpoint,
          `${flag.key} receives ${envName} as a string, and every non-empty string is true — ${consequence}. ${PARSE_ADVICE[endpoint.format]?.(envName) ?? 'Parse it as a boolean first.'}`,
        ),
        range: flag.unparsedEnvString.valueRange,
        fixes: edits && edits.length > 0 ? [{ title: `Parse ${envName} as a boolean`, edits, preferred: true }] : [],
      });
    }
    return reports;
  },
};
