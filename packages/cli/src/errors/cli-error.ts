import { DepledgerError, type ErrorCode } from '@depledger/core';

/**
 * An error of the command itself (a flag, a file, a store location): a code from core's error
 * catalogue, which also gives its exit code, and a message that says what to do.
 */
export class CliError extends DepledgerError {
  constructor(code: ErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(code, message, details);
    this.name = 'CliError';
  }
}
