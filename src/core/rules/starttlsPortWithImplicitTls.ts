// Implicit TLS aimed at a port that greets in plaintext: the client's ClientHello meets a
// "220 …" banner and OpenSSL reports "wrong version number" within a second.
import { libraryInfo } from '../libraries';
import type { MailEndpoint } from '../model';
import type { Rule, RuleReport } from './rule';
import { describePortOrigin, modeRange, modeSource, portMode, softened, switchFixes, withReading } from './shared';

export const starttlsPortWithImplicitTls: Rule = {
  meta: {
    id: 'starttls-port-with-implicit-tls',
    description: 'Implicit TLS configured on a port that expects a plaintext greeting and STARTTLS (25, 587, 2525, 143, 110).',
    defaultSeverity: 'error',
    fixable: true,
  },
  check(endpoint: MailEndpoint): RuleReport[] {
    if (endpoint.mode.value !== 'implicit' || portMode(endpoint) !== 'starttls' || !endpoint.port) return [];
    const library = libraryInfo(endpoint.library);
    const port = endpoint.port;
    const presetNote = endpoint.mode.origin === 'preset' ? ' (set by the service preset)' : '';
    const message = withReading(
      endpoint,
      `${modeSource(endpoint)}${presetNote} asks for implicit TLS, but port ${port.value}${describePortOrigin(endpoint)} greets in plaintext and offers STARTTLS: ` +
        `${library.name} ${library.implicitOnPlaintextPort}. Use STARTTLS on ${port.value}, or keep implicit TLS and use port ${endpoint.protocol === 'smtp' ? 465 : endpoint.protocol === 'imap' ? 993 : 995}.`,
    );
    return [
      {
        message,
        severity: softened(endpoint, 'error'),
        range: modeRange(endpoint),
        related: [{ range: port.range, message: `port ${port.value} expects STARTTLS` }],
        fixes: switchFixes(endpoint, 'starttls'),
      },
    ];
  },
};
