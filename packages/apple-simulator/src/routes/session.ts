import type { IncomingMessage } from 'node:http';
import { AppleError } from '../apple-error';
import type { AppleReply } from '../http/apple-context';
import { verifyOAuthRequest } from '../oauth/oauth-verifier';
import type { Organisation } from '../state/organisation';

const depsimContentType = 'application/json;charset=UTF8';

/** `GET /session`: OAuth 1.0a verification of the server token, then a fresh auth session. */
export function openSession(org: Organisation, req: IncomingMessage, url: URL): AppleReply {
  if (org.faults.get().depsim && req.headers['content-type'] !== depsimContentType) {
    // depsim insists on this exact Content-Type; what it answers otherwise is unconfirmed.
    throw new AppleError(400, 'CONTENT_TYPE_INVALID');
  }
  const nowMs = org.clock.nowMs();
  const forwarded = req.headers['x-forwarded-proto'];
  const scheme =
    org.settings.trustForwardedProto && typeof forwarded === 'string' ? (forwarded.split(',')[0] ?? '').trim() || 'http' : 'http';
  const token = verifyOAuthRequest(
    {
      method: req.method ?? 'GET',
      scheme,
      host: req.headers.host ?? '',
      path: url.pathname,
      query: url.searchParams,
      authorization: req.headers.authorization,
      acceptableNowMs: [nowMs, org.clock.baseNowMs()],
    },
    (key) => org.tokens.get(key),
    org.nonces,
    { timestampWindowSeconds: org.settings.oauthTimestampWindowSeconds },
  );
  if (token.state !== 'active') throw new AppleError(403, org.settings.revokedTokenCode);
  if (token.expiryMs <= nowMs) throw new AppleError(401, 'token_expired');
  if (!org.termsAccepted) throw new AppleError(403, 'T_C_NOT_SIGNED');
  const window = org.settings.oauthTimestampWindowSeconds;
  if (window !== null) org.nonces.forgetBefore(Math.floor(Math.min(nowMs, org.clock.baseNowMs()) / 1000) - window);
  org.sessions.forgetIssuedBefore(nowMs - org.settings.sessionTtlSeconds * 1000);
  const session = org.sessions.issue(token.credentials.consumer_key, nowMs);
  return { json: JSON.stringify({ auth_session_token: session.token }) };
}
