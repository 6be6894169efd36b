import type { Clock } from '../ports/clock';

/**
 * A run's deadline as an AbortSignal. The signal given to every call to Apple fires when the
 * deadline passes (by the engine's clock, which tests move by hand) or when the caller cancels.
 * `expired()` says which of the two happened.
 */
export type RunDeadline = Readonly<{
  signal: AbortSignal;
  /** True once the deadline has passed (by the clock), whether or not a call was in flight. */
  expired(): boolean;
  /** True when the caller's own signal fired. */
  cancelled(): boolean;
  /** Fires the signal if the deadline has passed; call between steps. */
  check(): void;
  dispose(): void;
}>;

export class DeadlineReached extends Error {
  constructor(readonly deadlineAt: string) {
    super(`The sync run's deadline ${deadlineAt} has passed.`);
    this.name = 'DeadlineReached';
  }
}

export const startDeadline = (clock: Clock, deadlineAt: Date, checkIntervalMs: number, callerSignal?: AbortSignal): RunDeadline => {
  const controller = new AbortController();
  let passed = false;
  const check = () => {
    if (!passed && clock.now().getTime() >= deadlineAt.getTime()) {
      passed = true;
      controller.abort(new DeadlineReached(deadlineAt.toISOString()));
    }
  };
  const onCallerAbort = () => controller.abort(callerSignal?.reason);
  if (callerSignal?.aborted) onCallerAbort();
  else callerSignal?.addEventListener('abort', onCallerAbort, { once: true });
  // The clock may be a hand-moved one: compare it with the deadline periodically rather than trusting a single timer.
  const timer = setInterval(check, Math.max(1, checkIntervalMs));
  timer.unref?.();
  return {
    signal: controller.signal,
    expired: () => {
      check();
      return passed;
    },
    cancelled: () => callerSignal?.aborted === true && !passed,
    check,
    dispose: () => {
      clearInterval(timer);
      callerSignal?.removeEventListener('abort', onCallerAbort);
    },
  };
};
