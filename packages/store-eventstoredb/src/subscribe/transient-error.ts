import { isDepledgerError } from '@depledger/core';
import { ErrorType, isCommandError } from '@eventstore/db-client';

const transientTypes = new Set<string>([
  ErrorType.UNAVAILABLE,
  ErrorType.TIMEOUT,
  ErrorType.DEADLINE_EXCEEDED,
  ErrorType.CANCELLED,
  ErrorType.NOT_LEADER,
]);
/** gRPC codes worth another try: UNKNOWN, RESOURCE_EXHAUSTED, ABORTED, INTERNAL, UNAVAILABLE. */
const transientCodes = new Set<number>([2, 8, 10, 13, 14]);

/**
 * Whether a subscription that ended with this error should be resumed: the server going away, a
 * timeout or a dropped connection, yes; a refusal (access denied, not implemented, bad argument) or
 * an event depledger cannot map, no — retrying would fail the same way forever.
 */
export const isTransient = (error: unknown): boolean => {
  if (isDepledgerError(error)) return false;
  if (!(error instanceof Error)) return false;
  if (!isCommandError(error)) return true;
  if (transientTypes.has(error.type)) return true;
  return error.type === ErrorType.UNKNOWN && typeof error.code === 'number' && transientCodes.has(error.code);
};
