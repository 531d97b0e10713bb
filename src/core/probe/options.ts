// Defaults and the resolved form of ProbeOptions that every step reads.
import { isIP } from 'node:net';
import type { ProbeLimits, ProbeOptions } from './types';

export const DEFAULT_TIMEOUT_MS = 4000;
export const DEFAULT_EHLO_NAME = 'mail-tls-doctor.invalid';

export const DEFAULT_LIMITS: ProbeLimits = {
  maxLineBytes: 8 * 1024,
  maxReplyBytes: 64 * 1024,
  maxTotalBytes: 256 * 1024,
  maxReplyLines: 1000,
};

export interface ResolvedOptions {
  readonly host: string;
  readonly timeoutMs: number;
  /** How long a silent server gets before we assume it waits for a ClientHello. */
  readonly greetingWindowMs: number;
  readonly limits: ProbeLimits;
  readonly extraCa: readonly string[];
  /** SNI; undefined for IP literals without an explicit servername (SNI must not carry an IP). */
  readonly sni?: string;
  /** The identity the certificate is checked against (RFC 7817: what the user typed). */
  readonly referenceName: string;
  readonly ehloName: string;
  readonly starttlsInjection: boolean;
  readonly family?: 4 | 6;
}

/** `[::1]` as users type it in URLs is the address `::1`. */
export function bareHost(host: string): string {
  const trimmed = host.trim();
  return trimmed.startsWith('[') && trimmed.endsWith(']') ? trimmed.slice(1, -1) : trimmed;
}

export function resolveOptions(options: Omit<ProbeOptions, 'targets'>): ResolvedOptions {
  const host = bareHost(options.host);
  const timeoutMs = options.timeoutMs !== undefined && Number.isFinite(options.timeoutMs) && options.timeoutMs > 0 ? options.timeoutMs : DEFAULT_TIMEOUT_MS;
  const limits: ProbeLimits = { ...DEFAULT_LIMITS, ...(options.limits ?? {}) };
  const servername = options.servername?.trim() || undefined;
  const reference = servername ?? host;
  return {
    host,
    timeoutMs,
    // Long enough for any server that greets promptly over a slow link, short enough that an
    // implicit-TLS port is not kept waiting; delayed greeters are caught by the second connection.
    greetingWindowMs: Math.min(1500, Math.round(timeoutMs / 2)),
    limits,
    extraCa: options.extraCa ?? [],
    ...(isIP(reference) === 0 ? { sni: reference.replace(/\.$/, '') } : {}),
    referenceName: reference,
    ehloName: options.ehloName?.trim() || DEFAULT_EHLO_NAME,
    starttlsInjection: options.starttlsInjection === true,
    ...(options.family ? { family: options.family } : {}),
  };
}
