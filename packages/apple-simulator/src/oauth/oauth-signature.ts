import { createHmac } from 'node:crypto';

/** RFC 3986 percent-encoding as OAuth 1.0a wants it (unreserved: A-Z a-z 0-9 - . _ ~). */
export function oauthPercentEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * The base URI of RFC 5849 §3.4.1.2: lower-case scheme and host, default ports dropped, path kept,
 * query removed.
 */
export function oauthBaseUri(scheme: string, host: string, path: string): string {
  const lowerScheme = scheme.toLowerCase();
  let lowerHost = host.toLowerCase();
  if ((lowerScheme === 'http' && lowerHost.endsWith(':80')) || (lowerScheme === 'https' && lowerHost.endsWith(':443'))) {
    lowerHost = lowerHost.slice(0, lowerHost.lastIndexOf(':'));
  }
  return `${lowerScheme}://${lowerHost}${path}`;
}

/** The signature base string: METHOD & pct(base URI) & pct(sorted, encoded parameters). */
export function oauthBaseString(method: string, baseUri: string, params: ReadonlyArray<readonly [string, string]>): string {
  const normalized = params
    .map(([k, v]) => [oauthPercentEncode(k), oauthPercentEncode(v)] as const)
    .sort(([ak, av], [bk, bv]) => (ak < bk ? -1 : ak > bk ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  return `${method.toUpperCase()}&${oauthPercentEncode(baseUri)}&${oauthPercentEncode(normalized)}`;
}

/** HMAC-SHA1 over the base string with key `pct(consumer_secret)&pct(access_secret)`, base64. */
export function hmacSha1Signature(baseString: string, consumerSecret: string, accessSecret: string): string {
  const key = `${oauthPercentEncode(consumerSecret)}&${oauthPercentEncode(accessSecret)}`;
  return createHmac('sha1', key).update(baseString).digest('base64');
}
