// Hover text for the values lint recognised: what this port or this TLS flag means, for the
// library that reads it. Markdown, shared by the editor and any future face.
import { libraryInfo } from '../libraries';
import type { MailEndpoint, TlsIntent } from '../model';
import { lookupPort } from '../ports';
import { rangeContains } from '../text';

const INTENT_TEXT: Record<TlsIntent, string> = {
  implicit: 'asks for **implicit TLS**: the TLS handshake starts with the first byte, before any greeting (ports 465, 993, 995).',
  starttls: 'asks for **STARTTLS** when the server offers it: the connection starts in plaintext and is upgraded (ports 587, 25, 2525, 143, 110).',
  'starttls-required': 'makes **STARTTLS mandatory**: the connection is dropped unless the upgrade succeeds, so credentials never travel in clear text.',
  'no-tls': 'switches TLS **off**: the connection stays in plaintext even when the server offers STARTTLS.',
};

export function hoverMarkdown(endpoints: readonly MailEndpoint[], offset: number): { markdown: string; range: { start: number; end: number } } | undefined {
  for (const endpoint of endpoints) {
    const library = libraryInfo(endpoint.library);
    const port = endpoint.port;
    if (port && port.origin !== 'default' && rangeContains(port.range, offset)) {
      const known = lookupPort(port.value, endpoint.protocol);
      const lines = [`**Port ${port.value}** — ${library.name}`, ''];
      if (known) {
        lines.push(
          known.mode === 'implicit'
            ? `\`${known.service}\`: **implicit TLS**. The client starts the TLS handshake at once; the server says nothing until it succeeds (${known.rfc}).`
            : `\`${known.service}\`: plaintext greeting, then **STARTTLS** upgrades the same connection (${known.rfc}).`,
          '',
          known.mode === 'implicit'
            ? `A plaintext or STARTTLS client here ${library.plaintextOnImplicitPort}.`
            : `An implicit-TLS client here ${library.implicitOnPlaintextPort}.`,
        );
        if (known.port === 2525) lines.push('', 'Port 2525 is not registered with IANA; providers offer it as an alternative to 587 where 587 or 25 is blocked.');
        if (known.port === 25) lines.push('', 'Port 25 is for relay between mail servers; many cloud providers block it outbound.');
      } else {
        lines.push('Not a well-known mail port, so the TLS mode cannot be checked against it.');
      }
      lines.push('', `Configured mode: **${endpoint.mode.value}**${endpoint.modeExplicit ? '' : ' (library default)'}.`);
      return { markdown: withDocs(lines, library.docs), range: port.range };
    }
    for (const flag of endpoint.tlsFlags) {
      if (!rangeContains(flag.range, offset)) continue;
      const lines = [`**${flag.key}** — ${library.name}`, '', `\`${flag.valueText}\` ${INTENT_TEXT[flag.intent]}`];
      if (flag.unparsedEnvString) lines.push('', `The value is the string from \`${flag.unparsedEnvString.envName}\`; any non-empty string counts as true.`);
      if (endpoint.reading) lines.push('', endpoint.reading.note);
      return { markdown: withDocs(lines, library.docs), range: flag.range };
    }
  }
  return undefined;
}

function withDocs(lines: string[], docs: string): string {
  if (docs) lines.push('', `[${docs}](${docs})`);
  return lines.join('\n');
}
