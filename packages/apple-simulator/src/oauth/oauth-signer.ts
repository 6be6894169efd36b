import { randomBytes } from 'node:crypto';
import type { OAuthCredentials } from '../state/server-token';
import { hmacSha1Signature, oauthBaseString, oauthBaseUri, oauthPercentEncode } from './oauth-signature';

export interface SignOptions {
  nonce?: string;
  /** Seconds since the epoch; defaults to the system time. */
  timestamp?: number;
  realm?: string;
}

/**
 * Builds an `Authorization: OAuth …` header for `GET <url>` signed with the token's four values
 * (HMAC-SHA1) — what an MDM sends to `/session`. Handy for tests that talk to the simulator directly.
 */
export function oauthAuthorizationHeader(credentials: OAuthCredentials, method: string, url: string, options: SignOptions = {}): string {
  const target = new URL(url);
  const params: Array<[string, string]> = [
    ['oauth_consumer_key', credentials.consumer_key],
    ['oauth_token', credentials.access_token],
    ['oauth_signature_method', 'HMAC-SHA1'],
    ['oauth_timestamp', String(options.timestamp ?? Math.floor(Date.now() / 1000))],
    ['oauth_nonce', options.nonce ?? randomBytes(16).toString('hex')],
    ['oauth_version', '1.0'],
  ];
  const signed = [...params, ...Array.from(target.searchParams.entries())];
  const base = oauthBaseString(method, oauthBaseUri(target.protocol.replace(':', ''), target.host, target.pathname), signed);
  const signature = hmacSha1Signature(base, credentials.consumer_secret, credentials.access_secret);
  const parts = [...params, ['oauth_signature', signature]].map(([k, v]) => `${k}="${oauthPercentEncode(v ?? '')}"`);
  if (options.realm !== undefined) parts.unshift(`realm="${oauthPercentEncode(options.realm)}"`);
  return `OAuth ${parts.join(', ')}`;
}
