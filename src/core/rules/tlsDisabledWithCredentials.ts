// Credentials over a connection that never encrypts: anyone on the path reads the password,
// or a careful server refuses with "530 Must issue a STARTTLS command first".
import type { MailEndpoint } from '../model';
import { isLocalHost } from '../ports';
import type { Rule, RuleReport } from './rule';
import { modeRange, portMode, softened, withReading } from './shared';

export const tlsDisabledWithCredentials: Rule = {
  meta: {
    id: 'tls-disabled-with-credentials',
    description: 'TLS switched off while a user name and password are sent to a remote server.',
    defaultSeverity: 'warning',
    fixable: true,
  },
  check(endpoint: MailEndpoint): RuleReport[] {
    if (endpoint.mode.value !== 'none' || !endpoint.credentials) return [];
    if (endpoint.host && endpoint.host.origin !== 'env' && isLocalHost(endpoint.host.value)) return [];
    // On an implicit-TLS port the connection hangs before any password is sent; that rule speaks.
    if (portMode(endpoint) === 'implicit') return [];
    const edits = endpoint.rewrite.setTlsMode?.('starttls', { enforce: true });
    const where = endpoint.host && endpoint.host.origin !== 'env' ? ` to ${endpoint.host.value}` : '';
    return [
      {
        message: withReading(
          endpoint,
          `${endpoint.mode.key} switches TLS off, yet credentials are sent${where}: the password crosses the network in clear text, and servers that require TLS answer '530 Must issue a STARTTLS command first'. Enable STARTTLS (required) or use implicit TLS on port ${endpoint.protocol === 'smtp' ? 465 : endpoint.protocol === 'imap' ? 993 : 995}.`,
        ),
        severity: softened(endpoint, 'warning'),
        range: modeRange(endpoint),
        related: [{ range: endpoint.credentials.range, message: 'credentials are configured here' }],
        fixes: edits && edits.length > 0 ? [{ title: 'Require STARTTLS', edits, preferred: true }] : [],
      },
    ];
  },
};
