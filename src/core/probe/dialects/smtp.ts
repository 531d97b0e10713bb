// SMTP (RFC 5321, STARTTLS RFC 3207): `ddd-` continues a reply, `ddd ` ends it.
import { CLEARTEXT_MECHANISMS, readReply, type Dialect, type LineSource, type ReplyBounds } from './types';

const REPLY_LINE = /^(\d{3})([ -]|$)/;

function isLastLine(line: string): boolean {
  const match = REPLY_LINE.exec(line);
  // A line that is not SMTP ends the reply too: waiting for more would only hit the timeout.
  return !match || match[2] !== '-';
}

function code(lines: readonly string[]): number | undefined {
  const last = lines[lines.length - 1];
  const match = last === undefined ? null : REPLY_LINE.exec(last);
  return match ? Number(match[1]) : undefined;
}

function keywordLines(capabilities: readonly string[], keyword: string): string[] {
  return capabilities.filter((line) => {
    const first = line.trim().split(/[\s=]/, 1)[0] ?? '';
    return first.toUpperCase() === keyword;
  });
}

export const smtp: Dialect = {
  protocol: 'smtp',
  capabilityCommandName: 'EHLO',
  starttlsCommandName: 'STARTTLS',
  goodbye: 'QUIT',

  async readGreeting(io: LineSource, bounds: ReplyBounds) {
    const lines = await readReply(io, bounds, 'no complete SMTP greeting', isLastLine);
    const first = lines[0] ?? '';
    if (!REPLY_LINE.test(first)) return { kind: 'unexpected', lines };
    const value = code(lines);
    if (value === 220) return { kind: 'ok', lines };
    if (value !== undefined && value >= 400) return { kind: 'rejected', lines };
    return { kind: 'unexpected', lines };
  },

  async capabilities(io, bounds, ehloName) {
    io.send(`EHLO ${ehloName}`);
    const lines = await readReply(io, bounds, 'no reply to EHLO', isLastLine);
    const value = code(lines);
    if (value === 250) return { ok: true, rejected: false, capabilities: lines.slice(1).map((line) => line.slice(4).trim()), lines };
    return { ok: false, rejected: value === 421, capabilities: [], lines };
  },

  starttlsExchange: () => ({ command: 'STARTTLS', isLast: isLastLine, ok: (lines) => code(lines) === 220 }),

  offersStarttls: (capabilities) => keywordLines(capabilities, 'STARTTLS').length > 0,

  authMechanisms(capabilities) {
    // `AUTH=PLAIN LOGIN` is the pre-standard spelling some servers still add beside `AUTH`.
    const mechanisms = keywordLines(capabilities, 'AUTH').flatMap((line) => line.trim().slice(5).trim().split(/\s+/));
    return [...new Set(mechanisms.filter((mechanism) => mechanism !== '').map((mechanism) => mechanism.toUpperCase()))];
  },

  cleartextAuth(capabilities) {
    return smtp.authMechanisms(capabilities).some((mechanism) => CLEARTEXT_MECHANISMS.has(mechanism));
  },

  injection(ehloName) {
    return {
      injected: `EHLO ${ehloName}`,
      answersInjected: (line) => /^250[ -]/.test(line),
      probe: `EHLO ${ehloName}`,
    };
  },
};
