import type { RetryPolicy } from '../http/retry-policy';

/** The Apple School and Business Manager API's token endpoint, which is also every assertion's `aud`. */
export const appleAccountTokenUrl = 'https://account.apple.com/auth/oauth2/v2/token';
export const appleBusinessApiUrl = 'https://api-business.apple.com';
export const appleSchoolApiUrl = 'https://api-school.apple.com';

/** An API account's credentials, as the portal shows them (the key is the PEM file it downloaded). */
export type BusinessApiCredentials = Readonly<{
  /** `BUSINESSAPI.…` or `SCHOOLAPI.…`: it decides the scope and the default API host. */
  clientId: string;
  keyId: string;
  privateKeyPem: string;
}>;

/** Where the credentials come from when a token is needed (depledger's vault); never kept by the client. */
export type BusinessCredentialsSource = () => Promise<BusinessApiCredentials>;

/** What the adapter tells about its work, for logs: never a key, an assertion or a token. */
export type BusinessClientEvent =
  | Readonly<{ type: 'access-token-issued'; clientId: string; expiresInSeconds: number }>
  | Readonly<{ type: 'access-token-refused'; clientId: string; httpStatus: number; oauthError: string | null }>
  | Readonly<{ type: 'access-token-replaced' }>
  | Readonly<{ type: 'retry'; endpoint: string; attempt: number; delayMs: number; reason: string; httpStatus: number | null }>;

/** How to reach the API (or the simulator). Only `credentials` is required. */
export type BusinessClientOptions = {
  credentials: BusinessCredentialsSource;
  /** The API host, without `/v1`. @defaultValue `https://api-business.apple.com`, or `https://api-school.apple.com` for a `SCHOOLAPI.` client id */
  baseUrl?: string;
  /** The token endpoint. @defaultValue `'https://account.apple.com/auth/oauth2/v2/token'` */
  tokenUrl?: string;
  /** Lifetime of each client assertion; one is signed per token exchange. At most 180 days. @defaultValue `600` */
  assertionLifetimeSeconds?: number;
  /** Renew the access token this long before Apple's `expires_in` runs out. @defaultValue `60000` */
  tokenRenewalMarginMs?: number;
  /** Page size asked for (Apple documents no maximum; the simulator allows 1000). @defaultValue `1000` */
  pageLimit?: number;
  userAgent?: string;
  /** Retries of 429, 5xx and network failures. @defaultValue `{ maxAttempts: 4, baseDelayMs: 500, maxDelayMs: 10000, maxRetryAfterMs: 60000 }` */
  retry?: Partial<RetryPolicy>;
  /** Timeout of one HTTP attempt. @defaultValue `60000` */
  attemptTimeoutMs?: number;
  observe?: (event: BusinessClientEvent) => void;
  /** Test seams. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
  now?: () => number;
  fetch?: typeof globalThis.fetch;
};
