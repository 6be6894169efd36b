import { CommanderError } from 'commander';
import { isDepledgerError } from '@depledger/core';
import { CliError } from './cli-error';
import { exitCodes, type ExitCode } from './exit-codes';

/** Codes of depledger's errors that come from what the user typed or pointed at: exit code 2 (usage). */
const usageCodes = new Set(['INVALID_INPUT', 'ENCRYPTION_KEY_INVALID']);

export type ReportedError = Readonly<{ code: string; message: string; exitCode: ExitCode }>;

const oneLine = (text: string): string => text.replace(/\s*\n\s*/g, ' ').trim();

/** Commander's own usage errors ("error: unknown option '--x'") without their prefix, plus where to look. */
const fromCommander = (error: CommanderError): ReportedError => ({
  code: 'USAGE',
  message: `${oneLine(error.message.replace(/^error:\s*/i, ''))} — see --help.`,
  exitCode: exitCodes.usage,
});

/** What went wrong, as one line for a person: a stable code and an actionable message. Never a stack. */
export const describeError = (error: unknown): ReportedError => {
  if (error instanceof CommanderError) return fromCommander(error);
  if (error instanceof CliError) return { code: error.code, message: oneLine(error.message), exitCode: error.exitCode };
  if (isDepledgerError(error)) {
    // Validation errors (they list the fields at fault) and unusable server tokens are bad input.
    const isValidation = Array.isArray((error.details as { issues?: unknown }).issues);
    const exitCode = isValidation || usageCodes.has(error.code) || error.code.startsWith('SERVER_TOKEN_') ? exitCodes.usage : exitCodes.failed;
    return { code: error.code, message: oneLine(error.message), exitCode };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'UNEXPECTED', message: `${oneLine(message)} (this is a depledger bug if it repeats; please report it)`, exitCode: exitCodes.failed };
};

/** Prints `error CODE: message` on stderr and returns the exit code. */
export const reportError = (error: unknown, writeErr: (text: string) => void): ExitCode => {
  const reported = describeError(error);
  writeErr(`error ${reported.code}: ${reported.message}\n`);
  return reported.exitCode;
};
