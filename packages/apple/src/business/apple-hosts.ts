import { isLoopbackUrl } from '../gateway/refusal-trust';
import { BusinessApiError } from './business-error';
import { appleAccountTokenUrl, appleBusinessApiUrl, appleSchoolApiUrl } from './business-options';

const appleHosts = new Set([appleAccountTokenUrl, appleBusinessApiUrl, appleSchoolApiUrl].map((url) => new URL(url).host));

/** True for Apple's token endpoint and API hosts over https, and for a server on this machine (the simulator). */
export const isAppleBusinessUrl = (url: string): boolean => {
  try {
    const parsed = new URL(url);
    return (parsed.protocol === 'https:' && appleHosts.has(parsed.host)) || isLoopbackUrl(url);
  } catch {
    return false;
  }
};

/**
 * Refuses, before anything is signed or sent, to hand a client assertion or an access token to a
 * URL that is neither Apple's nor on this machine: a typo or a hostile `--apple-url` gets nothing,
 * and its answers cannot mark the account as refused.
 */
export const requireAppleBusinessUrl = (url: string, role: 'token endpoint' | 'API'): void => {
  if (isAppleBusinessUrl(url)) return;
  let origin = 'the URL given';
  try {
    origin = new URL(url).origin;
  } catch {
    // the text itself is not repeated: it may carry a password
  }
  throw new BusinessApiError(
    'BUSINESS_URL_NOT_APPLE',
    `The Business API ${role} ${origin} is not Apple's (${role === 'API' ? `${appleBusinessApiUrl}, ${appleSchoolApiUrl}` : appleAccountTokenUrl}) nor a simulator on this machine: the account's credentials were not sent. Check the URL (--apple-url).`,
    { role },
  );
};
