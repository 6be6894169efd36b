import type { AppleClientObserver } from '../client-events';
import { AppleAbortError, AppleResponseTooLargeError, AppleUnavailableError } from '../errors/transport-errors';
import { defaultResponseLimits, readBoundedText, responseLimitFor, type ResponseLimits } from './response-limits';
import { abortableSleep, backoffDelay, defaultRetryPolicy, retryAfterMs, type RetryPolicy } from './retry-policy';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export type AppleRequest = Readonly<{
  method: HttpMethod;
  /** Relative to the base URL, e.g. `/server/devices`. */
  path: string;
  query?: Readonly<Record<string, string>>;
  /** Sent as JSON with `Content-Type: application/json;charset=UTF8` (DELETE included). */
  body?: unknown;
  headers?: Readonly<Record<string, string>>;
  signal?: AbortSignal | undefined;
}>;

export type AppleResponse = Readonly<{ status: number; headers: Headers; body: string }>;

export type TransportOptions = {
  baseUrl: string;
  userAgent: string;
  protocolVersion: number;
  retry: RetryPolicy;
  /** Per-attempt timeout; a timed-out attempt counts as a network failure. */
  attemptTimeoutMs: number;
  /** The most bytes read of one answer, by path. */
  responseLimits: ResponseLimits;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  random: () => number;
  now: () => number;
  fetch: typeof globalThis.fetch;
  observe: AppleClientObserver;
};

export type Transport = Readonly<{
  send(request: AppleRequest): Promise<AppleResponse>;
  url(path: string, query?: Readonly<Record<string, string>>): string;
}>;

export const defaultTransportOptions = (): Omit<TransportOptions, 'baseUrl' | 'userAgent' | 'protocolVersion'> => ({
  retry: defaultRetryPolicy,
  attemptTimeoutMs: 60_000,
  responseLimits: defaultResponseLimits,
  sleep: abortableSleep,
  random: Math.random,
  now: Date.now,
  fetch: globalThis.fetch,
  observe: () => undefined,
});

const jsonType = 'application/json;charset=UTF8';

/**
 * One HTTP exchange with Apple: the headers every call needs, JSON bodies, retries with backoff on
 * 5xx, 429 and network failures (honouring `Retry-After`), and the caller's AbortSignal. Other
 * answers come back as they are; the layers above read them.
 */
export const createTransport = (options: TransportOptions): Transport => {
  const base = options.baseUrl.replace(/\/+$/, '');
  const url = (path: string, query?: Readonly<Record<string, string>>) => {
    const search = query && Object.keys(query).length > 0 ? `?${new URLSearchParams(query as Record<string, string>).toString()}` : '';
    return `${base}${path}${search}`;
  };

  const send = async (request: AppleRequest): Promise<AppleResponse> => {
    const endpoint = `${request.method} ${request.path}`;
    const headers: Record<string, string> = {
      'User-Agent': options.userAgent,
      'X-Server-Protocol-Version': String(options.protocolVersion),
      Accept: jsonType,
      ...(request.body === undefined ? {} : { 'Content-Type': jsonType }),
      ...request.headers,
    };
    const body = request.body === undefined ? undefined : JSON.stringify(request.body);
    const { signal } = request;
    const limit = responseLimitFor(options.responseLimits, request.path);

    for (let attempt = 1; ; attempt++) {
      if (signal?.aborted) throw new AppleAbortError(endpoint);
      let failure: { httpStatus: number | null; reason: string; retryAfter: number | null };
      try {
        const response = await options.fetch(url(request.path, request.query), {
          method: request.method,
          headers,
          body,
          signal: attemptSignal(options.attemptTimeoutMs, signal),
          redirect: 'manual',
        });
        const text = await readBoundedText(response, limit, endpoint);
        // 429 is retried like a 5xx: Apple documents no rate limit, but a throttling proxy or a future
        // Apple may answer it, and giving up at once would fail a sync that a wait would save.
        if (response.status < 500 && response.status !== 429) return { status: response.status, headers: response.headers, body: text };
        failure = {
          httpStatus: response.status,
          reason: `HTTP ${response.status}`,
          retryAfter: retryAfterMs(response.headers.get('retry-after'), options.now()),
        };
      } catch (error) {
        if (signal?.aborted) throw new AppleAbortError(endpoint);
        if (error instanceof AppleResponseTooLargeError) throw error;
        failure = { httpStatus: null, reason: networkReason(error), retryAfter: null };
      }

      const retryAfterSeconds = failure.retryAfter === null ? null : Math.ceil(failure.retryAfter / 1000);
      const tooLong = failure.retryAfter !== null && failure.retryAfter > options.retry.maxRetryAfterMs;
      if (attempt >= options.retry.maxAttempts || tooLong) {
        throw new AppleUnavailableError(endpoint, attempt, { httpStatus: failure.httpStatus, reason: failure.reason, retryAfterSeconds });
      }
      const delay = failure.retryAfter ?? backoffDelay(options.retry, attempt, options.random);
      options.observe({ type: 'retry', endpoint, attempt, delayMs: delay, reason: failure.reason, httpStatus: failure.httpStatus });
      try {
        await options.sleep(delay, signal);
      } catch {
        throw new AppleAbortError(endpoint);
      }
    }
  };

  return { send, url };
};

const attemptSignal = (timeoutMs: number, caller?: AbortSignal): AbortSignal => {
  const timeout = AbortSignal.timeout(timeoutMs);
  return caller ? AbortSignal.any([caller, timeout]) : timeout;
};

const networkReason = (error: unknown): string => {
  if (error instanceof Error && error.name === 'TimeoutError') return 'timed out';
  const cause = (error as { cause?: { code?: unknown } } | null)?.cause?.code;
  return typeof cause === 'string' ? `network error ${cause}` : 'network error';
};
