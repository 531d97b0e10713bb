// Port 25 is for server-to-server relay. An application submitting mail to a remote provider
// on 25 is blocked outright by AWS, Azure, Google Cloud, DigitalOcean and Oracle Cloud: the
// connection times out, and people then change the port but not the TLS mode.
import type { MailEndpoint } from '../model';
import { isLocalHost } from '../ports';
import type { Rule, RuleReport } from './rule';
import { withReading } from './shared';

export const port25Submission: Rule = {
  meta: {
    id: 'port-25-submission',
    description: 'An application submits mail to a remote server on port 25, which cloud providers block.',
    defaultSeverity: 'information',
    fixable: true,
  },
  check(endpoint: MailEndpoint): RuleReport[] {
    const port = endpoint.port;
    if (endpoint.protocol !== 'smtp' || !port || port.value !== 25 || port.origin === 'default') return [];
    if (!endpoint.host || endpoint.host.origin === 'env' || isLocalHost(endpoint.host.value)) return [];
    const edits = endpoint.mode.value === 'implicit' ? undefined : endpoint.rewrite.setPort?.(587);
    return [
      {
        message: withReading(
          endpoint,
          `Port 25 is for relay between mail servers. Submitting to ${endpoint.host.value} on 25 times out where outbound 25 is blocked (AWS, Azure, Google Cloud, DigitalOcean, Oracle Cloud); use the submission port 587 with STARTTLS, or 465 with implicit TLS.`,
        ),
        range: port.range,
        fixes: edits && edits.length > 0 ? [{ title: 'Use the submission port 587', edits, preferred: true }] : [],
      },
    ];
  },
};
