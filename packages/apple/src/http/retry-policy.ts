/** How the transport retries 5xx answers and network failures. Never 4xx. */
export type RetryPolicy = Readonly<{
  /** Attempts in all, the first included. @defaultValue `4` */
  maxAttempts: number;
  /** Backoff before the second attempt; doubles each time. @defaultValue `500` */
  baseDelayMs: number;
  /** Ceiling of the backoff. @defaultValue `10000` */
  maxDelayMs: number;
  /** A `Retry-After` longer than this is not waited for: the call fails as unavailable at once. @defaultValue `60000` */
  maxRetryAfterMs: number;
}>;

export const defaultRetryPolicy: RetryPolicy = { maxAttempts: 4, baseDelayMs: 500, maxDelayMs: 10_000, maxRetryAfterMs: 60_000 };

/** Exponential backoff with "equal jitter": half the step fixed, half random, so retries spread out but never fire at once. */
export const backoffDelay = (policy: RetryPolicy, failedAttempts: number, random: () => number): number => {
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, failedAttempts - 1));
  return Math.round(step / 2 + random() * (step / 2));
};

/** `Retry-After` as seconds or an HTTP date, in milliseconds from now; null when absent or unreadable. */
export const retryAfterMs = (header: string | null, now: number): number | null => {
  if (header === null || header.trim() === '') return null;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
};

/** Waits, unless the signal fires first. */
export const abortableSleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
