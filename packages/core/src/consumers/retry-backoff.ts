/** How long a consumer waits before trying an event again. */
export type RetryBackoff = Readonly<{
  /** The wait after the first failure. @defaultValue 500 */
  initialMs?: number;
  /** The longest wait; each failure doubles the previous one up to this. @defaultValue 30000 */
  maxMs?: number;
}>;

/** The wait before attempt `attempt + 1` after `attempt` failures: doubling from `initialMs`, capped at `maxMs`. */
export const backoffDelay = (attempt: number, backoff: RetryBackoff = {}): number => {
  const initial = backoff.initialMs ?? 500;
  const max = backoff.maxMs ?? 30_000;
  return Math.min(max, initial * 2 ** Math.max(0, attempt - 1));
};

/** Resolves after `ms`, or at once (with `false`) when the signal aborts first. */
export const waitUnlessAborted = (ms: number, signal: AbortSignal): Promise<boolean> =>
  new Promise((resolve) => {
    if (signal.aborted) return resolve(false);
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
