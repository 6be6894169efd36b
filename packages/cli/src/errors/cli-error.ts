import { DepledgerError, type ErrorCode, type Label } from '@depledger/core';

/**
 * An error of the command itself (a flag, a file, a store location): a code from core's error
 * catalogue, which also gives its exit code, and a message that says what to do — in both
 * languages when it comes from the message catalogue (`messageLabel`), so it is printed in the
 * reader's; an English-only message is printed under `--lang en`, the code's French text under `fr`.
 */
export class CliError extends DepledgerError {
  /** The message in each language, when the command gave both. */
  readonly said: Label | null;

  constructor(code: ErrorCode, message: string | Label, details: Record<string, unknown> = {}) {
    super(code, typeof message === 'string' ? message : message.en, details);
    this.name = 'CliError';
    this.said = typeof message === 'string' ? null : message;
  }
}
