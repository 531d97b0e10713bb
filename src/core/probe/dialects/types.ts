// What differs between SMTP, IMAP and POP3 for a probe: how replies end, which command lists
// capabilities, how STARTTLS is spelled, and how capabilities name STARTTLS and AUTH.
import type { Protocol } from '../../model';

/** Reads one server line (the session applies the step deadline and records it). */
export interface LineSource {
  readLine(timeoutMessage: string): Promise<string>;
  send(line: string): void;
  /** IMAP command tags, counted per connection so transcripts read a1, a2, a3. */
  nextTag(): string;
}

export interface ReplyBounds {
  readonly maxReplyBytes: number;
  readonly maxReplyLines: number;
}

export type GreetingKind = 'ok' | 'preauth' | 'rejected' | 'unexpected';

export interface Greeting {
  readonly kind: GreetingKind;
  readonly lines: readonly string[];
  /** Capabilities announced in the greeting itself (IMAP `[CAPABILITY …]`). */
  readonly capabilities?: readonly string[];
}

export interface CapabilityReply {
  /** The command succeeded and listed capabilities. */
  readonly ok: boolean;
  /** The server turned us away (SMTP 421, IMAP BYE). */
  readonly rejected: boolean;
  readonly capabilities: readonly string[];
  readonly lines: readonly string[];
}

export interface CommandReply {
  readonly ok: boolean;
  readonly lines: readonly string[];
}

export interface Dialect {
  readonly protocol: Protocol;
  /** Name of the capability command for messages: EHLO, CAPABILITY, CAPA. */
  readonly capabilityCommandName: string;
  readonly starttlsCommandName: string;
  readGreeting(io: LineSource, bounds: ReplyBounds): Promise<Greeting>;
  capabilities(io: LineSource, bounds: ReplyBounds, ehloName: string): Promise<CapabilityReply>;
  /** The STARTTLS command line and how its reply ends and succeeds; one tag per call. */
  starttlsExchange(nextTag: () => string): StarttlsExchange;
  readonly goodbye: string;
  offersStarttls(capabilities: readonly string[]): boolean;
  authMechanisms(capabilities: readonly string[]): string[];
  cleartextAuth(capabilities: readonly string[]): boolean;
  loginDisabled?(capabilities: readonly string[]): boolean;
  /** For the injection test: the command smuggled after STARTTLS, how to spot its answer, and a harmless command to send inside TLS. */
  injection(ehloName: string, nextTag: () => string): { injected: string; answersInjected(line: string): boolean; probe: string };
}

export interface StarttlsExchange {
  readonly command: string;
  isLast(line: string, index: number): boolean;
  ok(lines: readonly string[]): boolean;
}

export async function starttls(dialect: Dialect, io: LineSource, bounds: ReplyBounds): Promise<CommandReply> {
  const exchange = dialect.starttlsExchange(() => io.nextTag());
  io.send(exchange.command);
  const lines = await readReply(io, bounds, `no reply to ${dialect.starttlsCommandName}`, exchange.isLast);
  return { ok: exchange.ok(lines), lines };
}

export class ReplyTooLarge extends Error {}

/** Reads lines until `isLast` says the reply is complete, within the reply bounds. */
export async function readReply(io: LineSource, bounds: ReplyBounds, timeoutMessage: string, isLast: (line: string, index: number) => boolean): Promise<string[]> {
  const lines: string[] = [];
  let bytes = 0;
  for (;;) {
    const line = await io.readLine(timeoutMessage);
    lines.push(line);
    bytes += Buffer.byteLength(line) + 2;
    if (isLast(line, lines.length - 1)) return lines;
    if (lines.length >= bounds.maxReplyLines) throw new ReplyTooLarge(`the server's reply ran past ${bounds.maxReplyLines} lines`);
    if (bytes > bounds.maxReplyBytes) throw new ReplyTooLarge(`the server's reply ran past ${bounds.maxReplyBytes} bytes`);
  }
}

export function upperTokens(capabilities: readonly string[]): string[] {
  return capabilities.flatMap((line) => line.trim().split(/\s+/)).filter((token) => token !== '').map((token) => token.toUpperCase());
}

export const CLEARTEXT_MECHANISMS = new Set(['PLAIN', 'LOGIN']);
