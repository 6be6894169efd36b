import { DepledgerError, type ErrorCode } from '@depledger/core';

/** Profile validation codes Apple answers `POST /profile` with. */
export const profileValidationCodes = [
  'CONFIG_NAME_INVALID',
  'CONFIG_NAME_REQUIRED',
  'CONFIG_URL_INVALID',
  'CONFIG_URL_REQUIRED',
  'DEPARTMENT_INVALID',
  'FLAGS_INVALID',
  'LOCALE_INVALID',
  'MAGIC_INVALID',
  'SUPPORT_EMAIL_INVALID',
  'SUPPORT_PHONE_INVALID',
] as const;

/** Every error code the DEP service is known to answer with (spec §3.2 and §7). */
export const appleErrorCodes = [
  'FORBIDDEN',
  'ACCESS_DENIED',
  'T_C_NOT_SIGNED',
  'token_rejected',
  'signature_invalid',
  'APPLE_SEED_FOR_IT_TURNED_OFF',
  'USER_AGENT_MISSING',
  'USER_AGENT_INVALID',
  'CURSOR_REQUIRED',
  'INVALID_CURSOR',
  'EXHAUSTED_CURSOR',
  'EXPIRED_CURSOR',
  'DEVICE_ID_REQUIRED',
  'PROFILE_UUID_REQUIRED',
  ...profileValidationCodes,
  'MDM_SERVICE_DISCOVERY_URL_REQUIRED',
  'MDM_SERVICE_DISCOVERY_URL_NOT_VALID',
  'ORG_NOT_SUPPORTED',
] as const;

export type AppleErrorCode = (typeof appleErrorCodes)[number];

const toReissue = 'Download a new server token for this MDM server from Apple Business or School Manager and upload it to depledger.';

const advice: Record<AppleErrorCode, string> = {
  FORBIDDEN: `Apple refused the server token (403 FORBIDDEN): it was revoked or replaced, its Apple Account was removed, or it was made for another key. ${toReissue}`,
  ACCESS_DENIED:
    'Apple denied access (ACCESS_DENIED): this MDM server or token lacks access to the request. Check the MDM server in Apple Business or School Manager.',
  T_C_NOT_SIGNED:
    "Apple's terms and conditions changed (T_C_NOT_SIGNED): an administrator must sign in to Apple Business or School Manager and accept them; nothing works until then.",
  token_rejected: `Apple rejected the server token (token_rejected): it was revoked or replaced. ${toReissue}`,
  signature_invalid: `Apple rejected the token's signature (signature_invalid): the token was replaced or its secrets are wrong. ${toReissue}`,
  APPLE_SEED_FOR_IT_TURNED_OFF: 'The organisation has turned off AppleSeed for IT (APPLE_SEED_FOR_IT_TURNED_OFF).',
  USER_AGENT_MISSING: 'Apple requires a User-Agent header (USER_AGENT_MISSING): configure userAgent as "product/version".',
  USER_AGENT_INVALID:
    'Apple refused the User-Agent header (USER_AGENT_INVALID): configure userAgent as "product/version" with a real version (not "/0").',
  CURSOR_REQUIRED: 'Apple needs a cursor to sync (CURSOR_REQUIRED): start over with a full fetch.',
  INVALID_CURSOR: 'Apple does not recognise the cursor (INVALID_CURSOR): start over with a full fetch.',
  EXHAUSTED_CURSOR: 'The fetch already returned every device (EXHAUSTED_CURSOR): continue with a sync from the same cursor.',
  EXPIRED_CURSOR: 'The cursor is older than 7 days (EXPIRED_CURSOR): start over with a full fetch.',
  DEVICE_ID_REQUIRED: 'Apple needs at least one serial number (DEVICE_ID_REQUIRED).',
  PROFILE_UUID_REQUIRED: 'Apple needs a profile UUID (PROFILE_UUID_REQUIRED).',
  CONFIG_NAME_INVALID: 'Apple rejected the profile name (CONFIG_NAME_INVALID): at most 125 UTF-8 bytes.',
  CONFIG_NAME_REQUIRED: 'Apple needs a profile name (CONFIG_NAME_REQUIRED).',
  CONFIG_URL_INVALID: 'Apple rejected the enrollment URL (CONFIG_URL_INVALID): an http(s) URL of at most 2000 characters.',
  CONFIG_URL_REQUIRED: 'Apple needs an enrollment URL (CONFIG_URL_REQUIRED).',
  DEPARTMENT_INVALID: 'Apple rejected the department (DEPARTMENT_INVALID): at most 125 characters.',
  FLAGS_INVALID: 'Apple rejected the profile flags (FLAGS_INVALID): a profile that cannot be removed must be supervised.',
  LOCALE_INVALID: 'Apple rejected the language or region (LOCALE_INVALID): an ISO 639 language and an ISO 3166 region.',
  MAGIC_INVALID: 'Apple rejected org_magic (MAGIC_INVALID): at most 256 characters.',
  SUPPORT_EMAIL_INVALID: 'Apple rejected the support e-mail address (SUPPORT_EMAIL_INVALID).',
  SUPPORT_PHONE_INVALID: 'Apple rejected the support phone number (SUPPORT_PHONE_INVALID): at most 50 characters.',
  MDM_SERVICE_DISCOVERY_URL_REQUIRED: 'Apple needs an MDM service discovery URL (MDM_SERVICE_DISCOVERY_URL_REQUIRED).',
  MDM_SERVICE_DISCOVERY_URL_NOT_VALID: 'Apple rejected the MDM service discovery URL (MDM_SERVICE_DISCOVERY_URL_NOT_VALID).',
  ORG_NOT_SUPPORTED: 'The organisation does not support this request (ORG_NOT_SUPPORTED).',
};

/** The catalogue's code for each of Apple's codes (`AppleError.code`). */
export const appleErrorCodeMap = {
  FORBIDDEN: 'APPLE_FORBIDDEN',
  ACCESS_DENIED: 'APPLE_ACCESS_DENIED',
  T_C_NOT_SIGNED: 'APPLE_T_C_NOT_SIGNED',
  token_rejected: 'APPLE_TOKEN_REJECTED',
  signature_invalid: 'APPLE_SIGNATURE_INVALID',
  APPLE_SEED_FOR_IT_TURNED_OFF: 'APPLE_APPLE_SEED_FOR_IT_TURNED_OFF',
  USER_AGENT_MISSING: 'APPLE_USER_AGENT_MISSING',
  USER_AGENT_INVALID: 'APPLE_USER_AGENT_INVALID',
  CURSOR_REQUIRED: 'APPLE_CURSOR_REQUIRED',
  INVALID_CURSOR: 'APPLE_INVALID_CURSOR',
  EXHAUSTED_CURSOR: 'APPLE_EXHAUSTED_CURSOR',
  EXPIRED_CURSOR: 'APPLE_EXPIRED_CURSOR',
  DEVICE_ID_REQUIRED: 'APPLE_DEVICE_ID_REQUIRED',
  PROFILE_UUID_REQUIRED: 'APPLE_PROFILE_UUID_REQUIRED',
  CONFIG_NAME_INVALID: 'APPLE_CONFIG_NAME_INVALID',
  CONFIG_NAME_REQUIRED: 'APPLE_CONFIG_NAME_REQUIRED',
  CONFIG_URL_INVALID: 'APPLE_CONFIG_URL_INVALID',
  CONFIG_URL_REQUIRED: 'APPLE_CONFIG_URL_REQUIRED',
  DEPARTMENT_INVALID: 'APPLE_DEPARTMENT_INVALID',
  FLAGS_INVALID: 'APPLE_FLAGS_INVALID',
  LOCALE_INVALID: 'APPLE_LOCALE_INVALID',
  MAGIC_INVALID: 'APPLE_MAGIC_INVALID',
  SUPPORT_EMAIL_INVALID: 'APPLE_SUPPORT_EMAIL_INVALID',
  SUPPORT_PHONE_INVALID: 'APPLE_SUPPORT_PHONE_INVALID',
  MDM_SERVICE_DISCOVERY_URL_REQUIRED: 'APPLE_MDM_SERVICE_DISCOVERY_URL_REQUIRED',
  MDM_SERVICE_DISCOVERY_URL_NOT_VALID: 'APPLE_MDM_SERVICE_DISCOVERY_URL_NOT_VALID',
  ORG_NOT_SUPPORTED: 'APPLE_ORG_NOT_SUPPORTED',
} as const satisfies Record<AppleErrorCode, ErrorCode>;

/** The catalogue's code for an Apple error answer: Apple's code mapped, else `APPLE_UNKNOWN_CODE`, or `APPLE_HTTP_ERROR` without one. */
const codeOf = (appleCode: string | null): ErrorCode => {
  if (appleCode === null) return 'APPLE_HTTP_ERROR';
  return isKnownCode(appleCode) ? appleErrorCodeMap[appleCode] : 'APPLE_UNKNOWN_CODE';
};

/**
 * Apple answered with an error status. `appleCode` is Apple's code when the body carried one
 * (bare, as Apple sends it, or JSON-quoted, as depsim does), else null. The DepledgerError `code`
 * is `APPLE_<CODE>` for a code Apple documents (`APPLE_EXPIRED_CURSOR`, `APPLE_TOKEN_REJECTED`),
 * `APPLE_UNKNOWN_CODE` for any other code, `APPLE_HTTP_ERROR` when Apple sent none; `appleCode`
 * and `httpStatus` say which.
 */
export class AppleError extends DepledgerError {
  readonly appleCode: string | null;
  readonly httpStatus: number;
  readonly endpoint: string;

  constructor(httpStatus: number, appleCode: string | null, endpoint: string, message?: string) {
    super(codeOf(appleCode), message ?? describe(httpStatus, appleCode, endpoint), { appleCode, httpStatus, endpoint });
    this.name = 'AppleError';
    this.appleCode = appleCode;
    this.httpStatus = httpStatus;
    this.endpoint = endpoint;
  }
}

const isKnownCode = (value: string): value is AppleErrorCode => (appleErrorCodes as readonly string[]).includes(value);

const describe = (status: number, appleCode: string | null, endpoint: string): string => {
  if (appleCode !== null && isKnownCode(appleCode)) return `${endpoint}: ${advice[appleCode]}`;
  if (appleCode !== null) return `${endpoint}: Apple answered ${status} ${appleCode}.`;
  if (status === 401) return `${endpoint}: Apple did not accept the session (401) even after a new one was opened. ${toReissue}`;
  if (status === 404) return `${endpoint}: Apple answered 404: what was asked for does not exist (for a profile: define it again).`;
  return `${endpoint}: Apple answered ${status} without an error code.`;
};

/**
 * Reads Apple's error code from a response body: the bare code (`EXPIRED_CURSOR`), the JSON-quoted
 * code (`"EXPIRED_CURSOR"`), or a known code somewhere in a longer body (an OAuth-problem style
 * text such as `oauth_problem=token_rejected`). Null when there is none.
 */
export const readAppleCode = (body: string): string | null => {
  let text = body.trim();
  if (text.startsWith('"')) {
    try {
      const unquoted: unknown = JSON.parse(text);
      if (typeof unquoted === 'string') text = unquoted.trim();
    } catch {
      // not JSON: read it as it is
    }
  }
  if (/^[A-Za-z][A-Za-z0-9_]{1,63}$/.test(text)) return text;
  for (const code of appleErrorCodes) {
    if (new RegExp(`(^|[^A-Za-z0-9_])${code}([^A-Za-z0-9_]|$)`).test(text)) return code;
  }
  return null;
};
