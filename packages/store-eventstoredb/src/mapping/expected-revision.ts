import type { ExpectedRevision } from '@depledger/core';
import { ANY, NO_STREAM, STREAM_EXISTS, type AppendExpectedRevision } from '@eventstore/db-client';

/** Ours to the client's: a revision number becomes a bigint (-1 means no stream), the states map one to one. */
export const clientExpectedRevision = (expected: ExpectedRevision): AppendExpectedRevision => {
  if (expected === 'any') return ANY;
  if (expected === 'no_stream') return NO_STREAM;
  if (expected === 'stream_exists') return STREAM_EXISTS;
  return expected < 0 ? NO_STREAM : BigInt(expected);
};
