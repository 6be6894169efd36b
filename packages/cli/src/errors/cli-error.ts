import { DepledgerError } from '@depledger/core';
import { exitCodes, type ExitCode } from './exit-codes';

/** An error of the command itself (a flag, a file, a store location): a code, what to do, an exit code. */
export class CliError extends DepledgerError {
  readonly exitCode: ExitCode;

  constructor(code: string, message: string, exitCode: ExitCode = exitCodes.usage, details: Record<string, unknown> = {}) {
    super(code, message, details);
    this.name = 'CliError';
    this.exitCode = exitCode;
  }
}
