import { z } from 'zod';
import type { AppleClientObserver } from '../client-events';
import { AppleError, readAppleCode } from '../errors/apple-error';
import { AppleAbortError, AppleResponseError, CredentialsMissingError } from '../errors/transport-errors';
import type { AppleRequest, AppleResponse, Transport } from '../http/transport';
import type { OAuthCredentials } from '../pki/server-token';
import { oauthAuthorizationHeader } from './oauth-signature';

/** Supplies a token's OAuth secrets (kept in depledger's vault); null when there are none. */
export type CredentialsSource = (tokenId: string) => Promise<OAuthCredentials | null | undefined>;

export type SessionOptions = {
  transport: Transport;
  credentials: CredentialsSource;
  /** `realm` in the OAuth header; null sends none. */
  oauthRealm: string | null;
  /** Seconds since the epoch for `oauth_timestamp`, and "now" for session age. */
  now: () => number;
  nonce: () => string;
  /**
   * Renew a session older than this before using it. Apple does not document a lifetime, so the
   * default is purely reactive (renew on 401 / 403 FORBIDDEN); set e.g. 3 minutes to be proactive.
   */
  sessionMaxAgeMs: number | null;
  observe: AppleClientObserver;
};

export type Sessions = Readonly<{
  /** Sends a request with the token's session, renewing it once on 401 or 403 FORBIDDEN. Non-2xx → AppleError. */
  send(tokenId: string, request: AppleRequest): Promise<AppleResponse>;
  /** Opens a session now (or returns the cached one). */
  open(tokenId: string, signal?: AbortSignal): Promise<void>;
  /** Drops a token's cached session (after its server token was replaced, for example). */
  forget(tokenId: string): void;
}>;

const sessionResponse = z.object({ auth_session_token: z.string().min(1) });
const sessionHeader = 'X-ADM-Auth-Session';

/** `X-ADM-Auth-Session` per token: cached, opened one at a time, replaced when Apple hands out a new one. */
export const createSessions = (options: SessionOptions): Sessions => {
  const cached = new Map<string, { value: string; openedAt: number }>();
  const opening = new Map<string, Promise<string>>();
  /** Bumped by `forget`: a session opened with credentials read before it is not kept. */
  const generation = new Map<string, number>();

  const openSession = async (tokenId: string): Promise<string> => {
    const startedIn = generation.get(tokenId) ?? 0;
    const credentials = await options.credentials(tokenId);
    if (!credentials) throw new CredentialsMissingError(tokenId);
    const timestamp = Math.floor(options.now() / 1000);
    const authorization = oauthAuthorizationHeader(
      credentials,
      { method: 'GET', url: options.transport.url('/session'), timestamp, nonce: options.nonce() },
      options.oauthRealm,
    );
    // Not tied to one caller's signal: callers share this request and each stops waiting on its own.
    // The content type without a body, as nanodep sends it: Apple ignores it and depsim insists on it.
    const headers = { Authorization: authorization, 'Content-Type': 'application/json;charset=UTF8' };
    const response = await options.transport.send({ method: 'GET', path: '/session', headers });
    if (response.status < 200 || response.status >= 300)
      throw new AppleError(response.status, readAppleCode(response.body), 'GET /session');
    const parsed = sessionResponse.safeParse(parseJson(response.body));
    if (!parsed.success) throw new AppleResponseError('GET /session', 'no auth_session_token');
    if ((generation.get(tokenId) ?? 0) === startedIn)
      cached.set(tokenId, { value: parsed.data.auth_session_token, openedAt: options.now() });
    options.observe({ type: 'session-opened', tokenId });
    return parsed.data.auth_session_token;
  };

  /** One /session request at a time per token: concurrent callers share it. */
  const renew = (tokenId: string, stale: string | null): Promise<string> => {
    const current = cached.get(tokenId);
    if (current && current.value !== stale) return Promise.resolve(current.value);
    if (current) cached.delete(tokenId);
    let pending = opening.get(tokenId);
    if (!pending) {
      const started: Promise<string> = openSession(tokenId).finally(() => {
        if (opening.get(tokenId) === started) opening.delete(tokenId);
      });
      pending = started;
      // Every caller handles the outcome; a caller that stopped waiting (abort) must not leave it unhandled.
      pending.catch(() => undefined);
      opening.set(tokenId, pending);
    }
    return pending;
  };

  const current = (tokenId: string): Promise<string> => {
    const session = cached.get(tokenId);
    if (session && (options.sessionMaxAgeMs === null || options.now() - session.openedAt < options.sessionMaxAgeMs)) {
      return Promise.resolve(session.value);
    }
    return renew(tokenId, session?.value ?? null);
  };

  const attempt = async (tokenId: string, session: string, request: AppleRequest): Promise<AppleResponse> => {
    const response = await options.transport.send({ ...request, headers: { ...request.headers, [sessionHeader]: session } });
    const rotated = response.headers.get(sessionHeader);
    const entry = cached.get(tokenId);
    if (rotated && rotated !== session && entry?.value === session) {
      cached.set(tokenId, { value: rotated, openedAt: options.now() });
      options.observe({ type: 'session-rotated', tokenId });
    }
    return response;
  };

  const send = async (tokenId: string, request: AppleRequest): Promise<AppleResponse> => {
    const endpoint = `${request.method} ${request.path}`;
    if (request.signal?.aborted) throw new AppleAbortError(endpoint);
    const session = await untilAborted(current(tokenId), request.signal, endpoint);
    let response = await attempt(tokenId, session, request);
    if (needsNewSession(response)) {
      options.observe({ type: 'session-refused', tokenId, endpoint, httpStatus: response.status });
      const fresh = await untilAborted(renew(tokenId, session), request.signal, endpoint);
      response = await attempt(tokenId, fresh, request);
    }
    if (response.status < 200 || response.status >= 300) throw new AppleError(response.status, readAppleCode(response.body), endpoint);
    return response;
  };

  return {
    send,
    open: async (tokenId, signal) => {
      await untilAborted(current(tokenId), signal, 'GET /session');
    },
    forget: (tokenId) => {
      cached.delete(tokenId);
      opening.delete(tokenId);
      generation.set(tokenId, (generation.get(tokenId) ?? 0) + 1);
    },
  };
};

/** 401, or 403 whose body says FORBIDDEN (never T_C_NOT_SIGNED or ACCESS_DENIED: those do not heal with a session). */
const needsNewSession = (response: AppleResponse): boolean =>
  response.status === 401 || (response.status === 403 && readAppleCode(response.body) === 'FORBIDDEN');

const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

/** Waits for a shared promise, but lets one caller stop waiting when its own signal fires. */
const untilAborted = <T>(promise: Promise<T>, signal: AbortSignal | undefined, endpoint: string): Promise<T> => {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(new AppleAbortError(endpoint));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new AppleAbortError(endpoint));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
};
