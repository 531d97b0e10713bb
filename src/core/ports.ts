// The one table of well-known mail ports. Everything that asks "what does port N do?" asks here.
import type { Protocol, TlsMode } from './model';

export interface MailPort {
  readonly port: number;
  readonly protocol: Protocol;
  /** The mode a server on this port speaks: implicit TLS, or a plaintext greeting that may offer STARTTLS. */
  readonly mode: Extract<TlsMode, 'implicit' | 'starttls'>;
  /** IANA service name, or a description for the unregistered vendor port. */
  readonly service: string;
  readonly rfc: string;
  readonly role: 'submission' | 'relay' | 'access';
  /** The port of the same service in the other mode, for "switch the port" fixes. */
  readonly counterpart?: number;
}

export const MAIL_PORTS: readonly MailPort[] = [
  { port: 25, protocol: 'smtp', mode: 'starttls', service: 'smtp', rfc: 'RFC 5321, RFC 3207', role: 'relay', counterpart: 465 },
  { port: 465, protocol: 'smtp', mode: 'implicit', service: 'submissions', rfc: 'RFC 8314', role: 'submission', counterpart: 587 },
  { port: 587, protocol: 'smtp', mode: 'starttls', service: 'submission', rfc: 'RFC 6409, RFC 3207', role: 'submission', counterpart: 465 },
  // Not registered with IANA: a vendor convention (SendGrid, Postmark, Mailgun, Laravel's default) that behaves like 587.
  { port: 2525, protocol: 'smtp', mode: 'starttls', service: 'submission (vendor alternative, unregistered)', rfc: 'none (vendor convention)', role: 'submission', counterpart: 465 },
  { port: 143, protocol: 'imap', mode: 'starttls', service: 'imap', rfc: 'RFC 9051, RFC 2595', role: 'access', counterpart: 993 },
  { port: 993, protocol: 'imap', mode: 'implicit', service: 'imaps', rfc: 'RFC 8314', role: 'access', counterpart: 143 },
  { port: 110, protocol: 'pop3', mode: 'starttls', service: 'pop3', rfc: 'RFC 1939, RFC 2595', role: 'access', counterpart: 995 },
  { port: 995, protocol: 'pop3', mode: 'implicit', service: 'pop3s', rfc: 'RFC 8314', role: 'access', counterpart: 110 },
];

export function lookupPort(port: number, protocol?: Protocol): MailPort | undefined {
  return MAIL_PORTS.find((entry) => entry.port === port && (protocol === undefined || entry.protocol === protocol));
}

/** The standard port for a protocol in a mode: 465/587, 993/143, 995/110. */
export function standardPort(protocol: Protocol, mode: 'implicit' | 'starttls'): number {
  switch (protocol) {
    case 'smtp':
      return mode === 'implicit' ? 465 : 587;
    case 'imap':
      return mode === 'implicit' ? 993 : 143;
    case 'pop3':
      return mode === 'implicit' ? 995 : 110;
  }
}

const LOCAL_HOST_NAMES = new Set(['localhost', 'mailhog', 'mailpit', 'mailcatcher', 'maildev', 'smtp4dev', 'greenmail', 'host.docker.internal']);

/**
 * Hosts where plaintext or unchecked certificates are normal: loopback, development catchers,
 * and single-label names (docker compose service names such as `postfix` or `mail`).
 */
export function isLocalHost(host: string): boolean {
  const name = host.trim().toLowerCase().replace(/^\[|\]$/g, '').replace(/\.$/, '');
  if (name === '') return false;
  if (LOCAL_HOST_NAMES.has(name) || name.endsWith('.localhost') || name.endsWith('.local') || name.endsWith('.internal')) return true;
  if (/^127\.\d+\.\d+\.\d+$/.test(name) || name === '::1' || name === '0.0.0.0') return true;
  return !name.includes('.') && !name.includes(':');
}
