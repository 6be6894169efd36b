import { ValidationError, type ExpectedRevision } from '@depledger/core';

export const assertValidExpectedRevision = (expected: ExpectedRevision): void => {
  if (expected === 'any' || expected === 'no_stream' || expected === 'stream_exists') return;
  if (typeof expected === 'number' && Number.isSafeInteger(expected) && expected >= -1) return;
  throw new ValidationError('expected revision', [
    {
      path: 'expectedRevision',
      message: `must be a revision (an integer ≥ -1), 'no_stream', 'stream_exists' or 'any'; got ${String(expected)}`,
    },
  ]);
};
