import { DepledgerError } from '@depledger/core';

/** The codes of errors the Business API adapter throws itself (transport failures keep `APPLE_UNAVAILABLE`, `APPLE_ABORTED`, `APPLE_UNEXPECTED_RESPONSE`). */
export const businessErrorCodes = [
  'BUSINESS_KEY_INVALID',
  'BUSINESS_CREDENTIALS_INVALID',
  'BUSINESS_AUTH_REFUSED',
  'BUSINESS_SCOPE_REFUSED',
  'BUSINESS_FORBIDDEN',
  'BUSINESS_NOT_FOUND',
  'BUSINESS_REQUEST_REJECTED',
  'BUSINESS_ACTIVITY_TIMEOUT',
  'BUSINESS_URL_NOT_APPLE',
] as const;

export type BusinessErrorCode = (typeof businessErrorCodes)[number];

/**
 * An error of the Apple School and Business Manager API adapter. The message says what to do; it
 * never holds the private key, an assertion or an access token. `appleCode` and `httpStatus` keep
 * what Apple answered, when it answered.
 */
export class BusinessApiError extends DepledgerError {
  override readonly code: BusinessErrorCode;
  readonly httpStatus: number | null;
  readonly appleCode: string | null;

  constructor(
    code: BusinessErrorCode,
    message: string,
    details: { httpStatus?: number | null; appleCode?: string | null; [key: string]: unknown } = {},
  ) {
    super(code, message, details);
    this.name = 'BusinessApiError';
    this.code = code;
    this.httpStatus = details.httpStatus ?? null;
    this.appleCode = details.appleCode ?? null;
  }
}
