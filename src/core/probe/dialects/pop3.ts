// POP3 (RFC 1939, CAPA RFC 2449, STLS RFC 2595 §4): `+OK`/`-ERR`, multi-line replies end at `.`.
import { CLEARTEXT_MECHANISMS, readReply, upperTokens, type Dialect, type LineSource, type ReplyBounds } from './types';

function keywordLines(capabilities: readonly string[], keyword: string): string[] {
  return capabilities.filter((line) => (line.trim().split(/\s+/, 1)[0] ?? '').toUpperCase() === keyword);
}

export const pop3: Dialect = {
  protocol: 'pop3',
  capabilityCommandName: 'CAPA',
  starttlsCommandName: 'STLS',
  goodbye: 'QUIT',

  async readGreeting(io: LineSource, bounds: ReplyBounds) {
    const lines = await readReply(io, bounds, 'no complete POP3 greeting', () => true);
    const first = lines[0] ?? '';
    if (/^\+OK\b/i.test(first)) return { kind: 'ok', lines };
    if (/^-ERR\b/i.test(first)) return { kind: 'rejected', lines };
    return { kind: 'unexpected', lines };
  },

  async capabilities(io, bounds) {
    io.send('CAPA');
    const lines = await readReply(io, bounds, 'no reply to CAPA', (line, index) => (index === 0 ? !/^\+OK\b/i.test(line) : line === '.'));
    if (!/^\+OK\b/i.test(lines[0] ?? '')) return { ok: false, rejected: false, capabilities: [], lines };
    const capabilities = lines.slice(1, -1).map((line) => (line.startsWith('..') ? line.slice(1) : line).trim());
    return { ok: true, rejected: false, capabilities, lines };
  },

  starttlsExchange: () => ({ command: 'STLS', isLast: () => true, ok: (lines) => /^\+OK\b/i.test(lines[0] ?? '') }),

  offersStarttls: (capabilities) => keywordLines(capabilities, 'STLS').length > 0,

  authMechanisms(capabilities) {
    const mechanisms = keywordLines(capabilities, 'SASL').flatMap((line) => line.trim().split(/\s+/).slice(1));
    return [...new Set(mechanisms.map((mechanism) => mechanism.toUpperCase()))];
  },

  // USER/PASS is the clear-text login of POP3; CAPA lists it as `USER`.
  cleartextAuth(capabilities) {
    return upperTokens(keywordLines(capabilities, 'USER')).length > 0 || pop3.authMechanisms(capabilities).some((mechanism) => CLEARTEXT_MECHANISMS.has(mechanism));
  },

  injection() {
    return {
      injected: 'CAPA',
      answersInjected: (line) => /^(\+OK|-ERR)\b/i.test(line),
      probe: 'CAPA',
    };
  },
};
