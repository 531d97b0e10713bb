// Opportunistic STARTTLS with credentials: if an attacker strips "STARTTLS" from the server's
// capabilities, the library carries on in plaintext and sends the password.
import type { MailEndpoint } from '../model';
import { isLocalHost } from '../ports';
import type { Rule, RuleReport } from './rule';
import { modeRange, portMode, withReading } from './shared';

export const starttlsNotEnforced: Rule = {
  meta: {
    id: 'starttls-not-enforced',
    description: 'STARTTLS is used only if offered while credentials are sent; a downgrade sends them in clear text.',
    defaultSeverity: 'information',
    fixable: true,
  },
  check(endpoint: MailEndpoint): RuleReport[] {
    if (endpoint.mode.value !== 'starttls' || endpoint.starttlsEnforced || !endpoint.credentials) return [];
    if (portMode(endpoint) === 'implicit') return [];
    if (endpoint.host && endpoint.host.origin !== 'env' && isLocalHost(endpoint.host.value)) return [];
    const edits = endpoint.rewrite.enforceStartTls?.();
    return [
      {
        message: withReading(
          endpoint,
          'STARTTLS is used only when the server offers it, and credentials are sent either way: someone who removes STARTTLS from the server reply receives the password in clear text. Require STARTTLS, or use implicit TLS on 465/993/995.',
        ),
        range: modeRange(endpoint),
        fixes: edits && edits.length > 0 ? [{ title: 'Require STARTTLS', edits, preferred: true }] : [],
      },
    ];
  },
};
