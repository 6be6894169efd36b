import { GatewayError, isGatewayError } from '@depledger/core';
import { appleBaseUrl } from '../client-options';

const loopbackHosts = new Set(['localhost', '[::1]']);

/** True for `localhost`, `127.x.x.x` and `[::1]`: a server on this machine (the simulator). */
export const isLoopbackUrl = (url: string): boolean => {
  try {
    const { hostname } = new URL(url);
    return loopbackHosts.has(hostname) || /^127(\.\d{1,3}){3}$/.test(hostname);
  } catch {
    return false;
  }
};

/**
 * Whether a refusal of the token from `baseUrl` is Apple's word: Apple's own DEP service, or a
 * server on this machine (the simulator, which models revocations). Any other URL — a typo, a
 * proxy, a server that is not Apple's — may say what it likes; the token is not marked for it.
 */
export const trustsRefusalsFrom = (baseUrl: string): boolean => {
  try {
    return new URL(baseUrl).origin === new URL(appleBaseUrl).origin || isLoopbackUrl(baseUrl);
  } catch {
    return false;
  }
};

const refusals = new Set(['token_rejected', 'access_denied', 'terms_not_signed']);

/** A refusal of the token from a URL not trusted for it becomes a `bad_request` that marks nothing. */
export const untrustedRefusal = (error: unknown, baseUrl: string): unknown => {
  if (!isGatewayError(error) || !refusals.has(error.failure)) return error;
  return new GatewayError(
    'bad_request',
    `${error.message} This answer came from ${baseUrl}, which is not Apple's DEP service, so the token was not marked as refused; check the Apple URL.`,
    { appleCode: error.appleCode, httpStatus: error.httpStatus },
  );
};
