// A bounded line reader fed by socket 'data' events. The socket layer pushes bytes in; the
// dialects pull whole lines out with a deadline. It never holds more than one line's worth of
// partial data plus the connection's byte budget, so a 1 MB line fails at maxLineBytes.
import { StepFailure } from './errors';
import { waitFor } from './clock';
import type { ProbeLimits } from './types';

const decoder = new TextDecoder('utf-8', { fatal: false });

/** Server bytes are data: decode with replacement characters, never throw. */
export function decode(bytes: Uint8Array): string {
  return decoder.decode(bytes);
}

/** Everything read on one connection, in the clear and inside TLS together. */
export class ByteBudget {
  used = 0;
  constructor(readonly max: number) {}
  take(bytes: number): boolean {
    this.used += bytes;
    return this.used <= this.max;
  }
}

export class LineReader {
  private partial: Buffer[] = [];
  private partialBytes = 0;
  private readonly complete: Buffer[] = [];
  private failure: StepFailure | undefined;
  private closed: StepFailure | undefined;
  private wake: (() => void) | undefined;
  /** Bytes this reader has received in total. */
  received = 0;

  constructor(
    private readonly limits: ProbeLimits,
    private readonly budget: ByteBudget,
    /** Called once when a bound is exceeded, so the owner can stop the socket at once. */
    private readonly onLimit: (failure: StepFailure) => void,
  ) {}

  push(chunk: Buffer): void {
    if (this.failure || this.closed) return;
    this.received += chunk.length;
    if (!this.budget.take(chunk.length)) {
      this.fail(new StepFailure('limit', `the server sent more than ${this.budget.max} bytes on one connection`));
      return;
    }
    let start = 0;
    for (;;) {
      const newline = chunk.indexOf(0x0a, start);
      if (newline === -1) break;
      const piece = chunk.subarray(start, newline);
      if (this.partialBytes + piece.length > this.limits.maxLineBytes) {
        this.fail(new StepFailure('limit', `the server sent a line longer than ${this.limits.maxLineBytes} bytes`));
        return;
      }
      const line = this.partial.length === 0 ? piece : Buffer.concat([...this.partial, piece]);
      this.partial = [];
      this.partialBytes = 0;
      this.complete.push(line.length > 0 && line[line.length - 1] === 0x0d ? line.subarray(0, line.length - 1) : line);
      start = newline + 1;
    }
    if (start < chunk.length) {
      const rest = chunk.subarray(start);
      if (this.partialBytes + rest.length > this.limits.maxLineBytes) {
        this.fail(new StepFailure('limit', `the server sent a line longer than ${this.limits.maxLineBytes} bytes`));
        return;
      }
      // Copy: the socket may reuse its buffer, and we keep only this slice.
      this.partial.push(Buffer.from(rest));
      this.partialBytes += rest.length;
    }
    this.notify();
  }

  /** The peer closed or the socket failed: pending and later reads fail with this. */
  end(reason: StepFailure): void {
    if (this.closed) return;
    this.closed = reason;
    this.notify();
  }

  fail(failure: StepFailure): void {
    if (this.failure) return;
    this.failure = failure;
    this.partial = [];
    this.partialBytes = 0;
    this.complete.length = 0;
    this.onLimit(failure);
    this.notify();
  }

  get failed(): StepFailure | undefined {
    return this.failure;
  }

  hasData(): boolean {
    return this.complete.length > 0 || this.partialBytes > 0;
  }

  pendingPartial(): string {
    return decode(Buffer.concat(this.partial));
  }

  /** Every byte buffered and not yet read as a line; the reader is empty afterwards. */
  takeRemainder(): Buffer {
    const parts: Buffer[] = [];
    for (const line of this.complete) parts.push(line, Buffer.from('\r\n'));
    parts.push(...this.partial);
    this.complete.length = 0;
    this.partial = [];
    this.partialBytes = 0;
    return Buffer.concat(parts);
  }

  private notify(): void {
    const wake = this.wake;
    if (wake) wake();
  }

  private settleOrWait(check: () => boolean, deadline: number, signal: AbortSignal | undefined, timeoutMessage: string): Promise<void> {
    return waitFor<void>(deadline, signal, timeoutMessage, (done, fail) => {
      const evaluate = (): void => {
        if (this.failure) fail(this.failure);
        else if (check()) done();
        else if (this.closed) fail(this.closed);
      };
      this.wake = evaluate;
      evaluate();
      return () => {
        if (this.wake === evaluate) this.wake = undefined;
      };
    });
  }

  /** A whole line without its CR LF, decoded. */
  async readLine(deadline: number, signal: AbortSignal | undefined, timeoutMessage: string): Promise<string> {
    await this.settleOrWait(() => this.complete.length > 0, deadline, signal, timeoutMessage);
    const line = this.complete.shift();
    return decode(line ?? Buffer.alloc(0));
  }

  /** Resolves true as soon as any byte is buffered, false when the deadline passes first. */
  async waitForData(deadline: number, signal: AbortSignal | undefined): Promise<boolean> {
    try {
      await this.settleOrWait(() => this.hasData(), deadline, signal, 'quiet');
      return true;
    } catch (error) {
      if (error instanceof StepFailure && error.kind === 'timeout') return false;
      throw error;
    }
  }
}
