import { randomBytes } from 'node:crypto';

/** An `X-ADM-Auth-Session` issued by `/session`. */
export interface AuthSession {
  readonly token: string;
  readonly consumerKey: string;
  readonly issuedMs: number;
  /** API requests made with this session so far. */
  requests: number;
}

export interface SessionStore {
  issue(consumerKey: string, nowMs: number): AuthSession;
  find(token: string): AuthSession | undefined;
  forget(token: string): void;
  /** Forgets every session (depsim after a restart; "expire sessions now"). */
  forgetAll(): void;
  forgetIssuedBefore(ms: number): void;
  forgetForConsumerKey(consumerKey: string): void;
}

export function createSessionStore(): SessionStore {
  const sessions = new Map<string, AuthSession>();
  const forgetWhere = (test: (s: AuthSession) => boolean): void => {
    for (const [token, session] of sessions) if (test(session)) sessions.delete(token);
  };
  return {
    issue(consumerKey, nowMs) {
      // Like depsim's tokens, ours begin with the Unix time of issue; the rest is random.
      const token = `${Math.floor(nowMs / 1000)}-${randomBytes(20).toString('hex')}`;
      const session: AuthSession = { token, consumerKey, issuedMs: nowMs, requests: 0 };
      sessions.set(token, session);
      return session;
    },
    find: (token) => sessions.get(token),
    forget: (token) => void sessions.delete(token),
    forgetAll: () => sessions.clear(),
    forgetIssuedBefore: (ms) => forgetWhere((s) => s.issuedMs < ms),
    forgetForConsumerKey: (key) => forgetWhere((s) => s.consumerKey === key),
  };
}
