import { isIP } from 'node:net';
import type { IncomingMessage } from 'node:http';

/** A host a web page cannot take over by DNS rebinding: an IP address, or `localhost`. */
const isSafeHost = (hostname: string): boolean => {
  const bare = hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
  return bare.toLowerCase() === 'localhost' || isIP(bare) !== 0;
};

const hostnameOf = (value: string): string | undefined => {
  try {
    return new URL(`http://${value}`).hostname;
  } catch {
    return undefined;
  }
};

const bodyTypes = ['application/json', 'text/csv'];

/**
 * Why a request to `/_portal/…` or `/_control/…` is refused, or undefined when it may go on. The
 * control API has no authentication, so it only answers what no web page can send: a `Host` that is
 * an IP address or `localhost` (a page's own domain re-pointed at 127.0.0.1 — DNS rebinding — is
 * refused), no `Origin` of another host, and a `Content-Type` of JSON or CSV on every request that
 * changes something (a page cannot send those without the browser asking first, and nothing here
 * answers that question).
 */
export const refusedControlRequest = (req: IncomingMessage): string | undefined => {
  const host = hostnameOf(req.headers.host ?? '');
  if (host === undefined || !isSafeHost(host))
    return `the Host header must be an IP address or localhost (found ${JSON.stringify(req.headers.host ?? '')})`;
  const origin = req.headers.origin;
  if (origin !== undefined) {
    let originHost: string | undefined;
    try {
      originHost = new URL(origin).hostname;
    } catch {
      originHost = undefined;
    }
    if (originHost === undefined || !isSafeHost(originHost))
      return `requests from web pages are not accepted (Origin ${JSON.stringify(origin)})`;
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    if (!bodyTypes.includes(type))
      return `a ${req.method} must be sent with Content-Type: application/json (or text/csv for a list of serials)`;
  }
  return undefined;
};
