import { GatewayError, isDepledgerError, isGatewayError, type GatewayFailure } from '@depledger/core';
import { profileValidationCodes } from '../errors/apple-error';

const byAppleCode: Record<string, GatewayFailure> = {
  EXPIRED_CURSOR: 'cursor_expired',
  INVALID_CURSOR: 'cursor_invalid',
  CURSOR_REQUIRED: 'cursor_required',
  EXHAUSTED_CURSOR: 'cursor_exhausted',
  T_C_NOT_SIGNED: 'terms_not_signed',
  token_rejected: 'token_rejected',
  signature_invalid: 'token_rejected',
  FORBIDDEN: 'token_rejected',
  ACCESS_DENIED: 'access_denied',
  MDM_SERVICE_DISCOVERY_URL_REQUIRED: 'enrollment_url_invalid',
  MDM_SERVICE_DISCOVERY_URL_NOT_VALID: 'enrollment_url_invalid',
  ORG_NOT_SUPPORTED: 'org_not_supported',
  ...Object.fromEntries(profileValidationCodes.map((code) => [code, 'profile_invalid' as const])),
};

/**
 * Apple's failure in the domain's terms. `onNotFound` says what a 404 means for this call (an
 * unknown profile on assign). Errors that are not ours pass through unchanged.
 */
export const toGatewayError = (error: unknown, onNotFound: GatewayFailure = 'bad_request'): unknown => {
  if (isGatewayError(error) || !isDepledgerError(error)) {
    return isAbort(error) ? new GatewayError('aborted', 'The request to Apple was aborted by the caller (deadline or shutdown).') : error;
  }
  const { message } = error;
  switch (error.code) {
    case 'APPLE_ABORTED':
      return new GatewayError('aborted', message);
    case 'APPLE_UNAVAILABLE':
      return new GatewayError('unavailable', message, { httpStatus: numberOrNull(error.details['httpStatus']) });
    case 'APPLE_CREDENTIALS_MISSING':
      return new GatewayError('token_missing', message);
    case 'APPLE_UNEXPECTED_RESPONSE':
    case 'APPLE_RESPONSE_TOO_LARGE':
    case 'APPLE_PROFILE_INVALID':
      return new GatewayError(error.code === 'APPLE_PROFILE_INVALID' ? 'profile_invalid' : 'bad_request', message);
    default:
      // Every other code: what Apple answered (its code, then its status) says which failure it is.
      break;
  }
  const appleCode = typeof error.details['appleCode'] === 'string' ? error.details['appleCode'] : null;
  const httpStatus = numberOrNull(error.details['httpStatus']);
  if (httpStatus === null) return error;
  const failure: GatewayFailure =
    (appleCode !== null ? byAppleCode[appleCode] : undefined) ??
    (httpStatus === 404 ? onNotFound : httpStatus === 401 ? 'token_rejected' : 'bad_request');
  return new GatewayError(failure, message, { appleCode, httpStatus });
};

const numberOrNull = (value: unknown): number | null => (typeof value === 'number' ? value : null);

const isAbort = (error: unknown): boolean => error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError');
