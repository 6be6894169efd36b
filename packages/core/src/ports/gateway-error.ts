import { DepledgerError } from '../errors/depledger-error';
import type { ErrorCode } from '../errors/error-catalogue';

/**
 * Apple's failures, mapped to what the domain does about them. `appleCode` keeps Apple's own code
 * (`EXPIRED_CURSOR`, `T_C_NOT_SIGNED`, ...) for diagnostics.
 */
export type GatewayFailure =
  | 'cursor_expired' // EXPIRED_CURSOR: start over with a fetch
  | 'cursor_invalid' // INVALID_CURSOR: start over with a fetch
  | 'cursor_required' // CURSOR_REQUIRED: start over with a fetch
  | 'cursor_exhausted' // EXHAUSTED_CURSOR: the fetch is complete; continue with sync from the same cursor
  | 'terms_not_signed' // T_C_NOT_SIGNED: an administrator must accept Apple's new terms
  | 'token_rejected' // token_rejected / signature_invalid / FORBIDDEN after a fresh session
  | 'access_denied' // ACCESS_DENIED
  | 'token_missing' // no credentials stored for this token
  | 'profile_invalid' // one of Apple's profile validation codes
  | 'profile_not_found' // 404 on assign
  | 'enrollment_url_invalid' // MDM_SERVICE_DISCOVERY_URL_REQUIRED / _NOT_VALID: Apple refused the account-driven enrollment URL
  | 'org_not_supported' // ORG_NOT_SUPPORTED: the organisation cannot use this (account-driven enrollment, activation lock)
  | 'bad_request' // any other 4xx: a bug on our side or a changed API
  | 'unavailable' // 5xx or network failure after retries
  | 'aborted'; // the caller's AbortSignal fired (the sync deadline)

/** The catalogue's code for each failure (`GatewayError.code`). */
export const gatewayFailureCodes = {
  cursor_expired: 'GATEWAY_CURSOR_EXPIRED',
  cursor_invalid: 'GATEWAY_CURSOR_INVALID',
  cursor_required: 'GATEWAY_CURSOR_REQUIRED',
  cursor_exhausted: 'GATEWAY_CURSOR_EXHAUSTED',
  terms_not_signed: 'GATEWAY_TERMS_NOT_SIGNED',
  token_rejected: 'GATEWAY_TOKEN_REJECTED',
  access_denied: 'GATEWAY_ACCESS_DENIED',
  token_missing: 'GATEWAY_TOKEN_MISSING',
  profile_invalid: 'GATEWAY_PROFILE_INVALID',
  profile_not_found: 'GATEWAY_PROFILE_NOT_FOUND',
  enrollment_url_invalid: 'GATEWAY_ENROLLMENT_URL_INVALID',
  org_not_supported: 'GATEWAY_ORG_NOT_SUPPORTED',
  bad_request: 'GATEWAY_BAD_REQUEST',
  unavailable: 'GATEWAY_UNAVAILABLE',
  aborted: 'GATEWAY_ABORTED',
} as const satisfies Record<GatewayFailure, ErrorCode>;

export class GatewayError extends DepledgerError {
  readonly failure: GatewayFailure;
  readonly appleCode: string | null;
  readonly httpStatus: number | null;

  constructor(failure: GatewayFailure, message: string, context: { appleCode?: string | null; httpStatus?: number | null } = {}) {
    super(gatewayFailureCodes[failure], message, { failure, appleCode: context.appleCode ?? null, httpStatus: context.httpStatus ?? null });
    this.name = 'GatewayError';
    this.failure = failure;
    this.appleCode = context.appleCode ?? null;
    this.httpStatus = context.httpStatus ?? null;
  }
}

export const isGatewayError = (error: unknown, failure?: GatewayFailure): error is GatewayError =>
  typeof error === 'object' &&
  error !== null &&
  typeof (error as { failure?: unknown }).failure === 'string' &&
  typeof (error as { code?: unknown }).code === 'string' &&
  (error as { code: string }).code.startsWith('GATEWAY_') &&
  (failure === undefined || (error as { failure: string }).failure === failure);
