import { DepledgerError } from './depledger-error';

/** Someone else appended to the stream between our read and our write. Re-read and decide again. */
export class ConcurrencyError extends DepledgerError {
  constructor(streamName: string, expected: string, actual: string) {
    super(
      'CONCURRENCY_CONFLICT',
      `Stream ${streamName} changed while this command was being decided (expected revision ${expected}, found ${actual}). Retry the command; it will be decided against the new state.`,
      { streamName, expected, actual },
    );
    this.name = 'ConcurrencyError';
  }
}
