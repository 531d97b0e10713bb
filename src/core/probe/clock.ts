// Monotonic time and the one wait primitive every step uses: a deadline plus the port's signal.
import { performance } from 'node:perf_hooks';
import { aborted, StepFailure } from './errors';

export function now(): number {
  return performance.now();
}

/**
 * Resolves when `arm` calls its `done`, rejects when `arm` calls `fail`, when the absolute
 * deadline passes (with `timeoutMessage`) or when the signal aborts. `arm` returns its cleanup.
 */
export function waitFor<T>(
  deadline: number,
  signal: AbortSignal | undefined,
  timeoutMessage: string,
  arm: (done: (value: T) => void, fail: (error: unknown) => void) => (() => void) | void,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    if (signal?.aborted) {
      reject(aborted());
      return;
    }
    let settled = false;
    let cleanup: (() => void) | void;
    const finish = (action: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      if (cleanup) cleanup();
      action();
    };
    const onAbort = (): void => finish(() => reject(aborted()));
    const timer = setTimeout(() => finish(() => reject(new StepFailure('timeout', timeoutMessage))), Math.max(0, deadline - now()));
    signal?.addEventListener('abort', onAbort, { once: true });
    cleanup = arm(
      (value) => finish(() => resolve(value)),
      (error) => finish(() => reject(error)),
    );
    // `arm` may have settled synchronously, before `cleanup` was assigned.
    if (settled && cleanup) cleanup();
  });
}
