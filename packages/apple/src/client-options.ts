import type { AppleClientObserver } from './client-events';
import type { RetryPolicy } from './http/retry-policy';
import type { CredentialsSource } from './session/session';

export const appleBaseUrl = 'https://mdmenrollment.apple.com';
export const defaultUserAgent = 'depledger/0.1.0';
export const defaultProtocolVersion = 10;

/** How to reach Apple (or the simulator) and how patient to be. Only `credentials` is required. */
export type AppleClientOptions = {
  /** Supplies a token's OAuth secrets from depledger's vault; null or undefined when it has none. */
  credentials: CredentialsSource;
  /** The DEP service. @defaultValue `'https://mdmenrollment.apple.com'` (point it at the simulator in tests) */
  baseUrl?: string;
  /** A product-style `name/version`; Apple refuses some (a `/0` version was refused). @defaultValue `'depledger/0.1.0'` */
  userAgent?: string;
  /** `X-Server-Protocol-Version`; 10 brings `THROTTLED` and `retry_after_seconds`. @defaultValue `10` */
  protocolVersion?: number;
  /** Retries of 5xx and network failures. @defaultValue `{ maxAttempts: 4, baseDelayMs: 500, maxDelayMs: 10000, maxRetryAfterMs: 60000 }` */
  retry?: Partial<RetryPolicy>;
  /**
   * The most bytes read of one answer after gzip or deflate is undone, by path (`'/server/devices'`)
   * or `'*'` for the rest; merged over the defaults. A larger answer is dropped as it arrives and the
   * call fails with `APPLE_RESPONSE_TOO_LARGE`.
   * @defaultValue `{ '/server/devices': 16 MiB, '/devices/sync': 16 MiB, '/devices': 16 MiB, '*': 1 MiB }`
   */
  maxResponseBytes?: Readonly<Record<string, number>>;
  /** Timeout of one HTTP attempt (the caller's AbortSignal bounds the whole call). @defaultValue `60000` */
  attemptTimeoutMs?: number;
  /** `realm` of the OAuth header on `GET /session`; null sends none (both work). @defaultValue `'ADM'` */
  oauthRealm?: string | null;
  /** Renew sessions older than this before use; Apple documents no lifetime. @defaultValue `null` (renew on 401 / 403 FORBIDDEN only) */
  sessionMaxAgeMs?: number | null;
  /** Page size when neither the caller nor `GET /account` gives one; never above the advertised maximum, or 1000. @defaultValue `1000` */
  defaultPageLimit?: number;
  /** Read page limits from `GET /account` (once per token) before the first page. @defaultValue `true` */
  discoverPageLimits?: boolean;
  /** Apple documents POST; depsim only accepted PUT. @defaultValue `'POST'` */
  assignMethod?: 'POST' | 'PUT';
  /** Serials per assign request, at most 1000. @defaultValue `1000` */
  assignBatchSize?: number;
  /** Told about sessions opened, refused and rotated, and about retries; never given a secret. */
  observe?: AppleClientObserver;
  /** Test seams: the backoff wait, jitter, clock (ms since epoch), OAuth nonce and HTTP client. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
  now?: () => number;
  nonce?: () => string;
  fetch?: typeof globalThis.fetch;
};
