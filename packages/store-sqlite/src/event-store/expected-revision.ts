import { ConcurrencyError, ValidationError, type ExpectedRevision } from '@depledger/core';

export const assertValidExpectedRevision = (expected: ExpectedRevision): void => {
  if (expected === 'any' || expected === 'no_stream' || expected === 'stream_exists') return;
  if (typeof expected === 'number' && Number.isSafeInteger(expected) && expected >= -1) return;
  throw new ValidationError('expected revision', [
    { path: 'expectedRevision', message: `must be a revision (an integer ≥ -1), 'no_stream', 'stream_exists' or 'any'; got ${String(expected)}` },
  ]);
};

const matches = (expected: ExpectedRevision, actual: number): boolean => {
  switch (expected) {
    case 'any':
      return true;
    case 'no_stream':
      return actual === -1;
    case 'stream_exists':
      return actual >= 0;
    default:
      return actual === expected;
  }
};

/** Throws core's ConcurrencyError when the stream is not where the writer expected it. */
export const checkExpectedRevision = (streamName: string, expected: ExpectedRevision, actual: number): void => {
  if (!matches(expected, actual)) {
    throw new ConcurrencyError(streamName, String(expected), actual === -1 ? 'no_stream' : String(actual));
  }
};
