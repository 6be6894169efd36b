import { CommanderError } from 'commander';
import { describeErrorCode, describeFailure, type ErrorCode } from '@depledger/core';
import type { ExitCode } from './exit-codes';

/** A failure as the command reports it: the catalogue's code, an actionable message, the error's details, the exit code. */
export type ReportedError = Readonly<{ code: ErrorCode; message: string; details: Readonly<Record<string, unknown>>; exitCode: ExitCode }>;

const oneLine = (text: string): string => text.replace(/\s*\n\s*/g, ' ').trim();

/** Commander's own usage errors ("error: unknown option '--x'") without their prefix, plus where to look. */
const fromCommander = (error: CommanderError): ReportedError => ({
  code: 'USAGE',
  message: `${oneLine(error.message.replace(/^error:\s*/i, ''))} — see --help.`,
  details: {},
  exitCode: describeErrorCode('USAGE')!.exitCode,
});

/**
 * What went wrong, for a person or a script: a stable code, an actionable message and the error's
 * details (never a secret, never a stack). The exit code is the one core's error catalogue gives
 * the code (`describeFailure`).
 */
export const describeError = (error: unknown): ReportedError => {
  if (error instanceof CommanderError) return fromCommander(error);
  const failure = describeFailure(error);
  const message =
    failure.code === 'UNEXPECTED'
      ? `${oneLine(failure.message)} (this is a depledger bug if it repeats; please report it)`
      : oneLine(failure.message);
  return { code: failure.code, message, details: failure.details, exitCode: failure.exitCode };
};

/**
 * Prints the failure on stderr and returns the exit code: `error CODE: message` on one line, or
 * with `json`, one line of JSON `{ "code", "message", "details" }`.
 */
export const reportError = (error: unknown, writeErr: (text: string) => void, options: Readonly<{ json?: boolean }> = {}): ExitCode => {
  const reported = describeError(error);
  if (options.json === true) writeErr(`${JSON.stringify({ code: reported.code, message: reported.message, details: reported.details })}\n`);
  else writeErr(`error ${reported.code}: ${reported.message}\n`);
  return reported.exitCode;
};
