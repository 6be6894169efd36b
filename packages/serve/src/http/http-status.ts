import { describeErrorCode, isDepledgerError, type ErrorCode } from '@depledger/core';

/**
 * The codes that answer differently over this API than core's error catalogue says: a state of the
 * token that Apple reports is a conflict for the caller to resolve (409), not a failure of the
 * server (502); profile settings Apple refuses are the caller's input (422); a call to Apple cut
 * short by the server's own shutdown or deadline is the server being unavailable (503).
 */
const overrides: Readonly<Partial<Record<ErrorCode, number>>> = {
  GATEWAY_TERMS_NOT_SIGNED: 409,
  GATEWAY_TOKEN_REJECTED: 409,
  GATEWAY_ACCESS_DENIED: 409,
  GATEWAY_PROFILE_INVALID: 422,
  GATEWAY_ABORTED: 503,
};

/**
 * The one place that turns an error code into an HTTP status: the overrides above, else the status
 * core's error catalogue gives the code, else 500 (an error that is not depledger's, or a code the
 * catalogue does not know).
 */
export const httpStatusOf = (error: unknown): number => {
  if (!isDepledgerError(error)) return 500;
  return overrides[error.code] ?? describeErrorCode(error.code)?.httpStatus ?? 500;
};
