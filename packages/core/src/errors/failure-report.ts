import { isDepledgerError } from './depledger-error';
import { describeErrorCode, type ErrorCode, type ErrorExitCode } from './error-catalogue';

/** What a failure is reported as, by the `depledger` command and by a server: never a secret. */
export type FailureReport = Readonly<{
  code: ErrorCode;
  message: string;
  /** The error's own details (ids, field names, statuses); empty for an unexpected failure. */
  details: Readonly<Record<string, unknown>>;
  exitCode: ErrorExitCode;
  httpStatus: number;
}>;

/**
 * The one place a thrown value becomes a reported failure: a DepledgerError keeps its code,
 * message and details, with the exit code and HTTP status the catalogue gives that code; anything
 * else is `UNEXPECTED` with its message (no stack, no details).
 */
export const describeFailure = (error: unknown): FailureReport => {
  if (isDepledgerError(error)) {
    const entry = describeErrorCode(error.code);
    if (entry)
      return { code: entry.code, message: error.message, details: error.details, exitCode: entry.exitCode, httpStatus: entry.httpStatus };
    // A DepledgerError whose code this copy of core does not know (another depledger version in the tree).
    return unexpected(`${error.code}: ${error.message}`, { code: error.code });
  }
  return unexpected(error instanceof Error ? error.message : String(error), {});
};

const unexpected = (message: string, details: Record<string, unknown>): FailureReport => {
  const entry = describeErrorCode('UNEXPECTED')!;
  return { code: 'UNEXPECTED', message, details, exitCode: entry.exitCode, httpStatus: entry.httpStatus };
};
