/**
 * The command's exit codes, for scripts. Documented in the package README.
 * - 0: done
 * - 1: depledger, Apple or the store refused or failed (the message says what to do)
 * - 2: bad input: a wrong flag, a missing file, an invalid value (nothing was recorded)
 * - 3: a sync was refused by the sync rules (the output says when to retry)
 * - 4: a sync started but failed or ran out of time (the next run resumes)
 */
export const exitCodes = {
  ok: 0,
  failed: 1,
  usage: 2,
  syncRefused: 3,
  syncFailed: 4,
} as const;

export type ExitCode = (typeof exitCodes)[keyof typeof exitCodes];
