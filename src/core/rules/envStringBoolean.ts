// `secure: process.env.SMTP_SECURE` hands a string to an option read as a boolean: the string
// "false" is truthy, so the file that says false still gets implicit TLS.
import type { MailEndpoint } from '../model';
import type { Rule, RuleReport } from './rule';
import { withReading } from './shared';

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
      reports.push({
        message: withReading(
          endpoint,
          `${flag.key} receives ${envName} as a string, and every non-empty string is true — ${envName}=false still turns ${flag.key} on ` +
            `(on port 587 that fails at once with 'wrong version number'). Compare it: ${envName} === 'true'.`,
        ),
        range: flag.unparsedEnvString.valueRange,
        fixes: edits && edits.length > 0 ? [{ title: `Parse ${envName} as a boolean`, edits, preferred: true }] : [],
      });
    }
    return reports;
  },
};
