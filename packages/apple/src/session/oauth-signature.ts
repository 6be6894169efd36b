import { createHmac, randomBytes } from 'node:crypto';
import type { OAuthCredentials } from '../pki/server-token';

/** RFC 3986 percent-encoding as RFC 5849 §3.6 requires: everything but `A-Z a-z 0-9 - . _ ~`. */
export const percentEncode = (value: string): string =>
  encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** RFC 5849 §3.4.1.2: lower-case scheme and host, no default port, no query or fragment. */
export const baseStringUri = (url: string): string => {
  const parsed = new URL(url);
  const defaultPort = (parsed.protocol === 'https:' && parsed.port === '443') || (parsed.protocol === 'http:' && parsed.port === '80');
  const port = parsed.port && !defaultPort ? `:${parsed.port}` : '';
  return `${parsed.protocol.toLowerCase()}//${parsed.hostname.toLowerCase()}${port}${parsed.pathname || '/'}`;
};

export type OAuthRequestParameters = Readonly<{
  method: string;
  url: string;
  /** Seconds since the epoch. */
  timestamp: number;
  nonce: string;
}>;

const protocolParameters = (credentials: OAuthCredentials, request: OAuthRequestParameters): [string, string][] => [
  ['oauth_consumer_key', credentials.consumerKey],
  ['oauth_token', credentials.accessToken],
  ['oauth_signature_method', 'HMAC-SHA1'],
  ['oauth_timestamp', String(request.timestamp)],
  ['oauth_nonce', request.nonce],
  ['oauth_version', '1.0'],
];

/** RFC 5849 §3.4.1: method & base string URI & normalized parameters (query parameters included). */
export const signatureBaseString = (credentials: OAuthCredentials, request: OAuthRequestParameters): string => {
  const query = [...new URL(request.url).searchParams.entries()];
  const normalized = [...protocolParameters(credentials, request), ...query]
    .map(([k, v]) => [percentEncode(k), percentEncode(v)] as const)
    .sort(([ak, av], [bk, bv]) => (ak === bk ? compare(av, bv) : compare(ak, bk)))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  return [request.method.toUpperCase(), percentEncode(baseStringUri(request.url)), percentEncode(normalized)].join('&');
};

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** HMAC-SHA1 keyed with `consumer_secret&access_secret` (both percent-encoded), base64. */
export const oauthSignature = (credentials: OAuthCredentials, request: OAuthRequestParameters): string =>
  createHmac('sha1', `${percentEncode(credentials.consumerSecret)}&${percentEncode(credentials.accessSecret)}`)
    .update(signatureBaseString(credentials, request))
    .digest('base64');

/**
 * The `Authorization: OAuth ...` header for `GET /session`. `realm` is optional (it is never
 * signed); Apple's own example sends `ADM`.
 */
export const oauthAuthorizationHeader = (
  credentials: OAuthCredentials,
  request: OAuthRequestParameters,
  realm: string | null = 'ADM',
): string => {
  const parameters: [string, string][] = [
    ...(realm === null ? [] : ([['realm', realm]] as [string, string][])),
    ...protocolParameters(credentials, request),
    ['oauth_signature', oauthSignature(credentials, request)],
  ];
  return `OAuth ${parameters.map(([k, v]) => `${percentEncode(k)}="${percentEncode(v)}"`).join(', ')}`;
};

/** A fresh, unguessable nonce (Apple refuses a nonce it has seen). */
export const newNonce = (): string => randomBytes(16).toString('hex');
