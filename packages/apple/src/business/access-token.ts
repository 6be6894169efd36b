import { z } from 'zod';
import { AppleAbortError, AppleResponseError, AppleUnavailableError } from '../errors/transport-errors';
import { backoffDelay, retryAfterMs, type RetryPolicy } from '../http/retry-policy';
import { BusinessApiError } from './business-error';
import type { BusinessClientEvent, BusinessCredentialsSource } from './business-options';
import { signClientAssertion } from './client-assertion';
import { readBusinessPrivateKey } from './private-key';

export type AccessTokens = Readonly<{
  /** A valid access token: the cached one, or a new one from the token endpoint. */
  get(signal?: AbortSignal): Promise<string>;
  /** Drops the cached token (the API answered 401 with it). */
  invalidate(token: string): void;
}>;

export type AccessTokenOptions = Readonly<{
  credentials: BusinessCredentialsSource;
  tokenUrl: string;
  assertionLifetimeSeconds: number;
  renewalMarginMs: number;
  userAgent: string;
  retry: RetryPolicy;
  attemptTimeoutMs: number;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  random: () => number;
  now: () => number;
  fetch: typeof globalThis.fetch;
  observe: (event: BusinessClientEvent) => void;
}>;

const tokenAnswer = z.object({
  access_token: z.string().min(1),
  token_type: z.string(),
  expires_in: z.number().positive(),
  scope: z.string().optional(),
});
const oauthRefusal = z.object({ error: z.string(), error_description: z.string().optional() });

export const scopeFor = (clientId: string): string | undefined =>
  clientId.startsWith('BUSINESSAPI.') ? 'business.api' : clientId.startsWith('SCHOOLAPI.') ? 'school.api' : undefined;

/**
 * Access tokens by OAuth 2 client credentials with a client assertion: a fresh assertion (new
 * `jti`) for every exchange, the token kept in memory until `renewalMarginMs` before it expires,
 * one exchange at a time however many calls wait for it.
 */
export function createAccessTokens(options: AccessTokenOptions): AccessTokens {
  let cached: { token: string; renewAtMs: number } | undefined;
  let pending: Promise<string> | undefined;

  const exchange = async (signal?: AbortSignal): Promise<string> => {
    const credentials = await options.credentials();
    const scope = scopeFor(credentials.clientId);
    if (scope === undefined || credentials.keyId.trim() === '') {
      throw new BusinessApiError(
        'BUSINESS_CREDENTIALS_INVALID',
        "The API account's client id must start with BUSINESSAPI. or SCHOOLAPI. and its key id must be given: copy both from the account's page in Apple School or Business Manager.",
        { clientId: credentials.clientId },
      );
    }
    const assertion = signClientAssertion({
      clientId: credentials.clientId,
      keyId: credentials.keyId,
      privateKey: readBusinessPrivateKey(credentials.privateKeyPem),
      audience: options.tokenUrl,
      nowMs: options.now(),
      lifetimeSeconds: options.assertionLifetimeSeconds,
    });
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: credentials.clientId,
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: assertion,
      scope,
    }).toString();
    const { status, text } = await postForm(options, form, signal);
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    if (status === 200) {
      const answer = tokenAnswer.safeParse(json);
      if (!answer.success) throw new AppleResponseError('POST token', 'the token answer has no access_token or expires_in');
      options.observe({ type: 'access-token-issued', clientId: credentials.clientId, expiresInSeconds: answer.data.expires_in });
      cached = { token: answer.data.access_token, renewAtMs: options.now() + answer.data.expires_in * 1000 - options.renewalMarginMs };
      return answer.data.access_token;
    }
    const refusal = oauthRefusal.safeParse(json);
    const oauthError = refusal.success ? refusal.data.error : null;
    options.observe({ type: 'access-token-refused', clientId: credentials.clientId, httpStatus: status, oauthError });
    if (oauthError === 'invalid_scope') {
      throw new BusinessApiError(
        'BUSINESS_SCOPE_REFUSED',
        `Apple refused the scope ${scope} for ${credentials.clientId}: check that the client id is the one of this API account.`,
        {
          httpStatus: status,
          appleCode: oauthError,
          clientId: credentials.clientId,
        },
      );
    }
    throw new BusinessApiError(
      'BUSINESS_AUTH_REFUSED',
      `Apple refused the API account ${credentials.clientId} (HTTP ${status}${oauthError === null ? '' : `, ${oauthError}`}): check the client id and key id against the account's page, that the private key is the one generated for it and has not been revoked, and that this machine's clock is right. Connect the account again with a new key if it was revoked.`,
      { httpStatus: status, appleCode: oauthError, clientId: credentials.clientId },
    );
  };

  return {
    async get(signal) {
      if (cached !== undefined && options.now() < cached.renewAtMs) return cached.token;
      pending ??= exchange(signal).finally(() => {
        pending = undefined;
      });
      return pending;
    },
    invalidate(token) {
      if (cached?.token === token) cached = undefined;
    },
  };
}

/** POSTs the form to the token endpoint, retrying 429, 5xx and network failures as the transport does. */
async function postForm(options: AccessTokenOptions, form: string, signal?: AbortSignal): Promise<{ status: number; text: string }> {
  const endpoint = 'POST token';
  for (let attempt = 1; ; attempt++) {
    if (signal?.aborted) throw new AppleAbortError(endpoint);
    let failure: { httpStatus: number | null; reason: string; retryAfter: number | null };
    try {
      const timeout = AbortSignal.timeout(options.attemptTimeoutMs);
      const response = await options.fetch(options.tokenUrl, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json', 'User-Agent': options.userAgent },
        body: form,
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
        redirect: 'manual',
      });
      const text = await response.text();
      if (response.status < 500 && response.status !== 429) return { status: response.status, text };
      failure = {
        httpStatus: response.status,
        reason: `HTTP ${response.status}`,
        retryAfter: retryAfterMs(response.headers.get('retry-after'), options.now()),
      };
    } catch (error) {
      if (signal?.aborted) throw new AppleAbortError(endpoint);
      failure = {
        httpStatus: null,
        reason: error instanceof Error && error.name === 'TimeoutError' ? 'timed out' : 'network error',
        retryAfter: null,
      };
    }
    const tooLong = failure.retryAfter !== null && failure.retryAfter > options.retry.maxRetryAfterMs;
    if (attempt >= options.retry.maxAttempts || tooLong) {
      throw new AppleUnavailableError(endpoint, attempt, {
        ...failure,
        retryAfterSeconds: failure.retryAfter === null ? null : Math.ceil(failure.retryAfter / 1000),
      });
    }
    const delay = failure.retryAfter ?? backoffDelay(options.retry, attempt, options.random);
    options.observe({ type: 'retry', endpoint, attempt, delayMs: delay, reason: failure.reason, httpStatus: failure.httpStatus });
    try {
      await options.sleep(delay, signal);
    } catch {
      throw new AppleAbortError(endpoint);
    }
  }
}
