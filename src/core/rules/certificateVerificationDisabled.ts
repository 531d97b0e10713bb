// Certificate checks off: TLS still encrypts, but anyone who can intercept the connection can
// present their own certificate and read the password. Normal only against a local test server.
import type { MailEndpoint } from '../model';
import { isLocalHost } from '../ports';
import type { Rule, RuleReport } from './rule';
import { withReading } from './shared';

export const certificateVerificationDisabled: Rule = {
  meta: {
    id: 'certificate-verification-disabled',
    description: 'Certificate verification switched off (rejectUnauthorized: false, verify_peer=0, verify mode none).',
    defaultSeverity: 'warning',
    fixable: true,
  },
  check(endpoint: MailEndpoint): RuleReport[] {
    const off = endpoint.certificateVerificationOff;
    if (!off) return [];
    const local = endpoint.host !== undefined && endpoint.host.origin !== 'env' && isLocalHost(endpoint.host.value);
    const edits = endpoint.rewrite.enableCertificateVerification?.();
    return [
      {
        message: withReading(
          endpoint,
          local
            ? `${off.key} turns certificate checks off. Fine against a local test server such as ${endpoint.host?.value}; make sure this setting does not reach production.`
            : `${off.key} turns certificate checks off: the connection is encrypted but not authenticated, so a machine in the middle can present any certificate and read the credentials. Trust the server's CA instead (for example with the tls 'ca' option) and keep verification on.`,
        ),
        severity: local ? 'information' : 'warning',
        range: off.range,
        fixes: edits && edits.length > 0 ? [{ title: 'Turn certificate verification back on', edits, preferred: true }] : [],
      },
    ];
  },
};
