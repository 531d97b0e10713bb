// Typed failures of one probe step. probePort turns them into verdicts; nothing here escapes as
// an unhandled rejection because every wait that can fail is awaited by the port's own flow.

export type StepFailureKind = 'timeout' | 'limit' | 'closed' | 'aborted' | 'protocol';

export class StepFailure extends Error {
  constructor(
    readonly kind: StepFailureKind,
    message: string,
    /** Node's error code when the socket reported one (ECONNRESET, ERR_SSL_…). */
    readonly code?: string,
  ) {
    super(message);
    this.name = 'StepFailure';
  }
}

export function aborted(): StepFailure {
  return new StepFailure('aborted', 'cancelled');
}

export function describeSocketError(error: unknown): { message: string; code?: string } {
  if (error instanceof StepFailure) return { message: error.message, ...(error.code ? { code: error.code } : {}) };
  const err = error as NodeJS.ErrnoException & { reason?: string };
  const code = typeof err?.code === 'string' ? err.code : undefined;
  const base = typeof err?.reason === 'string' && err.reason !== '' ? err.reason : String(err?.message ?? error);
  return { message: code && !base.includes(code) ? `${base} (${code})` : base, ...(code ? { code } : {}) };
}
