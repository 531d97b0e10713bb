// IMAP (RFC 9051/3501, STARTTLS RFC 2595 §3.1): untagged `*` lines, then the tagged completion.
import { randomBytes } from 'node:crypto';
import { CLEARTEXT_MECHANISMS, readReply, upperTokens, type Dialect, type LineSource, type ReplyBounds } from './types';

function tagged(tag: string): (line: string) => boolean {
  const prefix = `${tag} `.toUpperCase();
  return (line) => line.toUpperCase().startsWith(prefix) || /^\*\s+BYE\b/i.test(line);
}

function capabilityTokens(lines: readonly string[]): string[] {
  const found: string[] = [];
  for (const line of lines) {
    const untagged = /^\*\s+CAPABILITY\s+(.*)$/i.exec(line);
    if (untagged?.[1]) found.push(...untagged[1].trim().split(/\s+/));
    const code = /\[CAPABILITY\s+([^\]]*)\]/i.exec(line);
    if (!untagged && code?.[1]) found.push(...code[1].trim().split(/\s+/));
  }
  return found.filter((token) => token !== '');
}

export const imap: Dialect = {
  protocol: 'imap',
  capabilityCommandName: 'CAPABILITY',
  starttlsCommandName: 'STARTTLS',
  goodbye: 'a9 LOGOUT',

  async readGreeting(io: LineSource, bounds: ReplyBounds) {
    const lines = await readReply(io, bounds, 'no complete IMAP greeting', () => true);
    const first = lines[0] ?? '';
    const inGreeting = capabilityTokens(lines);
    const extra = inGreeting.length > 0 ? { capabilities: inGreeting } : {};
    if (/^\*\s+OK\b/i.test(first)) return { kind: 'ok', lines, ...extra };
    if (/^\*\s+PREAUTH\b/i.test(first)) return { kind: 'preauth', lines, ...extra };
    if (/^\*\s+BYE\b/i.test(first)) return { kind: 'rejected', lines };
    return { kind: 'unexpected', lines };
  },

  async capabilities(io, bounds) {
    const tag = io.nextTag();
    io.send(`${tag} CAPABILITY`);
    const lines = await readReply(io, bounds, 'no reply to CAPABILITY', tagged(tag));
    const last = lines[lines.length - 1] ?? '';
    if (/^\*\s+BYE\b/i.test(last)) return { ok: false, rejected: true, capabilities: [], lines };
    const ok = new RegExp(`^${tag}\\s+OK\\b`, 'i').test(last);
    return { ok, rejected: false, capabilities: ok ? capabilityTokens(lines) : [], lines };
  },

  starttlsExchange(nextTag) {
    const tag = nextTag();
    const isLast = tagged(tag);
    return { command: `${tag} STARTTLS`, isLast: (line: string) => isLast(line), ok: (lines: readonly string[]) => new RegExp(`^${tag}\\s+OK\\b`, 'i').test(lines[lines.length - 1] ?? '') };
  },

  offersStarttls: (capabilities) => upperTokens(capabilities).includes('STARTTLS'),

  authMechanisms(capabilities) {
    return [...new Set(upperTokens(capabilities).filter((token) => token.startsWith('AUTH=')).map((token) => token.slice(5)))];
  },

  loginDisabled: (capabilities) => upperTokens(capabilities).includes('LOGINDISABLED'),

  // The LOGIN command sends the password in clear unless LOGINDISABLED forbids it (RFC 2595 §3.2).
  cleartextAuth(capabilities) {
    if (capabilities.length === 0) return false;
    return imap.authMechanisms(capabilities).some((mechanism) => CLEARTEXT_MECHANISMS.has(mechanism)) || !upperTokens(capabilities).includes('LOGINDISABLED');
  },

  injection(_ehloName, nextTag) {
    const tag = `x${randomBytes(4).toString('hex')}`;
    return {
      injected: `${tag} NOOP`,
      answersInjected: (line) => line.toLowerCase().startsWith(`${tag} `),
      probe: `${nextTag()} CAPABILITY`,
    };
  },
};
