// A plaintext (or STARTTLS) client on an implicit-TLS port: the client waits for a greeting,
// the server waits for a ClientHello, and nothing happens until a timeout.
import { libraryInfo } from '../libraries';
import type { MailEndpoint } from '../model';
import type { Rule, RuleReport } from './rule';
import { describePortOrigin, modeLabel, modeRange, modeSource, portMode, softened, switchFixes, withReading } from './shared';

export const implicitPortWithoutImplicitTls: Rule = {
  meta: {
    id: 'implicit-port-without-implicit-tls',
    description: 'STARTTLS or plaintext configured on an implicit-TLS port (465, 993, 995).',
    defaultSeverity: 'error',
    fixable: true,
  },
  check(endpoint: MailEndpoint): RuleReport[] {
    const mode = endpoint.mode.value;
    if ((mode !== 'starttls' && mode !== 'none') || portMode(endpoint) !== 'implicit' || !endpoint.port) return [];
    const library = libraryInfo(endpoint.library);
    const port = endpoint.port;
    const how = endpoint.modeExplicit ? `${modeSource(endpoint)} asks for ${modeLabel(mode)}` : `${library.name} defaults to ${modeLabel(mode)} here`;
    const message = withReading(
      endpoint,
      `${how}, but port ${port.value}${describePortOrigin(endpoint)} speaks implicit TLS from the first byte: ` +
        `${library.name} ${library.plaintextOnImplicitPort}. ` +
        (library.noImplicitTls ?? `Use implicit TLS on ${port.value}, or keep STARTTLS and use port ${endpoint.protocol === 'smtp' ? 587 : endpoint.protocol === 'imap' ? 143 : 110}.`),
    );
    return [
      {
        message,
        severity: softened(endpoint, 'error'),
        range: endpoint.modeExplicit ? modeRange(endpoint) : port.range,
        related: [{ range: port.range, message: `port ${port.value} expects implicit TLS` }],
        fixes: switchFixes(endpoint, 'implicit'),
      },
    ];
  },
};
