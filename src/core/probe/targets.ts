// The default plan and the `--ports` syntax: `465/smtp,587/smtp,2525`.
import type { Protocol } from '../model';
import { lookupPort, MAIL_PORTS } from '../ports';
import type { PortTarget } from './types';

export const DEFAULT_TARGETS: readonly PortTarget[] = [
  { port: 25, protocol: 'smtp' },
  { port: 465, protocol: 'smtp' },
  { port: 587, protocol: 'smtp' },
  { port: 143, protocol: 'imap' },
  { port: 993, protocol: 'imap' },
  { port: 110, protocol: 'pop3' },
  { port: 995, protocol: 'pop3' },
];

const PROTOCOL_ALIASES: Record<string, Protocol> = { smtp: 'smtp', imap: 'imap', pop3: 'pop3', pop: 'pop3' };

/** Throws an Error whose message suits a usage line. */
export function parseTargets(text: string): PortTarget[] {
  const targets: PortTarget[] = [];
  const items = text.split(',').map((item) => item.trim()).filter((item) => item !== '');
  if (items.length === 0) throw new Error('no ports given: expected e.g. "465/smtp,587/smtp,993"');
  for (const item of items) {
    const match = /^(\d{1,5})(?:\/([a-z0-9]+))?$/i.exec(item);
    if (!match) throw new Error(`"${item}" is not a port: expected PORT or PORT/PROTOCOL, e.g. 465/smtp`);
    const port = Number(match[1]);
    if (port < 1 || port > 65535) throw new Error(`"${item}": port must be between 1 and 65535`);
    let protocol: Protocol | undefined;
    if (match[2] !== undefined) {
      protocol = PROTOCOL_ALIASES[match[2].toLowerCase()];
      if (!protocol) throw new Error(`"${item}": unknown protocol "${match[2]}" (use smtp, imap or pop3)`);
    } else {
      protocol = lookupPort(port)?.protocol;
      if (!protocol) {
        const known = MAIL_PORTS.map((entry) => entry.port).join(', ');
        throw new Error(`"${item}": port ${port} is not a well-known mail port (${known}); say which protocol, e.g. ${port}/smtp`);
      }
    }
    if (!targets.some((target) => target.port === port && target.protocol === protocol)) targets.push({ port, protocol });
  }
  return targets;
}
