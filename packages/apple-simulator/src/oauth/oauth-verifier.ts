import { timingSafeEqual } from 'node:crypto';
import { AppleError } from '../apple-error';
import type { ServerToken } from '../state/server-token';
import { parseOAuthHeader } from './oauth-header';
import type { NonceCache } from './nonce-cache';
import { hmacSha1Signature, oauthBaseString, oauthBaseUri } from './oauth-signature';

/** The parts of a `/session` request the verifier needs: the URL as the client addressed it. */
export interface SessionRequest {
  method: string;
  scheme: string;
  /** The `Host` header (host and optional port). */
  host: string;
  path: string;
  query: URLSearchParams;
  authorization: string | undefined;
  /** Times `oauth_timestamp` may be close to (the simulator clock and its base clock). */
  acceptableNowMs: readonly number[];
}

export interface OAuthVerifierSettings {
  /** Allowed distance between `oauth_timestamp` and the simulator clock; null = not checked. */
  timestampWindowSeconds: number | null;
}

const required = ['oauth_consumer_key', 'oauth_token', 'oauth_signature_method', 'oauth_signature', 'oauth_timestamp', 'oauth_nonce'];

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * Verifies an OAuth 1.0a HMAC-SHA1 request (RFC 5849) and returns the token it was signed with.
 * Refusals use OAuth problem names as the body (Apple's exact text is unconfirmed):
 * 400 parameter_absent / parameter_rejected / signature_method_rejected / version_rejected;
 * 401 consumer_key_unknown / token_rejected / timestamp_refused / signature_invalid / nonce_used.
 */
export function verifyOAuthRequest(
  request: SessionRequest,
  findToken: (consumerKey: string) => ServerToken | undefined,
  nonces: NonceCache,
  settings: OAuthVerifierSettings,
): ServerToken {
  const header = parseOAuthHeader(request.authorization);
  if (header === undefined) throw new AppleError(400, 'parameter_absent');
  const oauth = new Map<string, string>();
  for (const [key, value] of header.params) {
    if (key === 'realm') continue;
    if (oauth.has(key)) throw new AppleError(400, 'parameter_rejected');
    oauth.set(key, value);
  }
  for (const key of required) if (!oauth.has(key)) throw new AppleError(400, 'parameter_absent');
  if (oauth.get('oauth_signature_method') !== 'HMAC-SHA1') throw new AppleError(400, 'signature_method_rejected');
  const version = oauth.get('oauth_version');
  if (version !== undefined && version !== '1.0') throw new AppleError(400, 'version_rejected');

  const consumerKey = oauth.get('oauth_consumer_key') ?? '';
  const token = findToken(consumerKey);
  if (token === undefined) throw new AppleError(401, 'consumer_key_unknown');
  if (!sameText(oauth.get('oauth_token') ?? '', token.credentials.access_token)) throw new AppleError(401, 'token_rejected');

  const timestamp = Number(oauth.get('oauth_timestamp'));
  if (!Number.isInteger(timestamp)) throw new AppleError(400, 'parameter_rejected');
  const window = settings.timestampWindowSeconds;
  if (window !== null && !request.acceptableNowMs.some((ms) => Math.abs(ms / 1000 - timestamp) <= window)) {
    throw new AppleError(401, 'timestamp_refused');
  }

  const signed: Array<readonly [string, string]> = [];
  for (const [key, value] of oauth) if (key !== 'oauth_signature') signed.push([key, value]);
  for (const [key, value] of request.query) signed.push([key, value]);
  const baseString = oauthBaseString(request.method, oauthBaseUri(request.scheme, request.host, request.path), signed);
  const expected = hmacSha1Signature(baseString, token.credentials.consumer_secret, token.credentials.access_secret);
  if (!sameText(oauth.get('oauth_signature') ?? '', expected)) throw new AppleError(401, 'signature_invalid');

  if (!nonces.remember(consumerKey, oauth.get('oauth_nonce') ?? '', timestamp)) throw new AppleError(401, 'nonce_used');
  return token;
}
