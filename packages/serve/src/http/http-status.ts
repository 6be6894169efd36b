import { describeErrorCode, isDepledgerError } from '@depledger/core';

/**
 * The one place that turns an error code into an HTTP status: core's error catalogue gives each code
 * its status; the codes below answer differently over this API (a token's state Apple reports is a
 * conflict for the caller to resolve, not a failure of the server).
 */
const statusByCode: Readonly<Record<string, number>> = {
  INVALID_INPUT: 400,
  INVALID_JSON: 400,
  REQUEST_INVALID: 400,
  EVENT_UPCAST_MISSING: 500,
  API_KEY_MISSING: 401,
  API_KEY_INVALID: 401,
  API_KEY_SCOPE: 403,
  ROUTE_NOT_FOUND: 404,
  BODY_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  CONCURRENCY_CONFLICT: 409,
  SYNC_REFUSED: 409,
  CONSUMER_DEAD_LETTER_REPLAYED: 409,
  GATEWAY_TOKEN_MISSING: 409,
  GATEWAY_TERMS_NOT_SIGNED: 409,
  GATEWAY_TOKEN_REJECTED: 409,
  GATEWAY_ACCESS_DENIED: 409,
  GATEWAY_PROFILE_INVALID: 422,
  GATEWAY_ABORTED: 503,
};

/**
 * The HTTP status for an error: by its code, else by its family (a file that is not a server token
 * 422, something missing 404, a refused rule 409, Apple failing 502), else 500.
 */
export const httpStatusOf = (error: unknown): number => {
  if (!isDepledgerError(error)) return 500;
  const known = statusByCode[error.code];
  if (known !== undefined) return known;
  return describeErrorCode(error.code)?.httpStatus ?? 500;
};
