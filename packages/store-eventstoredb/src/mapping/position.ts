import type { Position, ReadPosition } from '@eventstore/db-client';
import { START } from '@eventstore/db-client';
import { EventStoreDbError } from '../errors';

/**
 * The port's global position is EventStoreDB's commit position: the byte offset of the event in the
 * server's transaction log. It only grows and is unique per event written through gRPC (each such
 * event is committed on its own record), so it orders `$all` and resumes reads and subscriptions.
 * It is not dense: positions jump by the size of each record. Numbers are exact up to 2^53 bytes
 * (9 PB of log), far beyond any depledger deployment; a larger one fails loudly instead of rounding.
 *
 * The server reports no commit position (2^64 - 1) for events it read from a stream index before
 * version 22.6, or for events written in a legacy TCP transaction: those fail loudly too.
 */
const unknownPosition = 18_446_744_073_709_551_615n;
const largestExact = BigInt(Number.MAX_SAFE_INTEGER);

export const portPosition = (position: Position | undefined, streamName: string): number => {
  const commit = position?.commit;
  if (commit === undefined || commit === unknownPosition || commit < 0n) {
    throw new EventStoreDbError(
      'EVENTSTOREDB_POSITION_UNKNOWN',
      `EventStoreDB reported no $all position for an event of ${streamName}. depledger needs EventStoreDB 22.6 or later, and events written through gRPC (not in legacy TCP transactions).`,
      { streamName },
    );
  }
  if (commit > largestExact) {
    throw new EventStoreDbError(
      'EVENTSTOREDB_POSITION_TOO_LARGE',
      `EventStoreDB position ${commit} of an event in ${streamName} is beyond 2^53 and cannot be a JavaScript number without rounding.`,
      { streamName, position: commit.toString() },
    );
  }
  return Number(commit);
};

/** Where a read of `$all` starts so that it returns what follows `after`: inclusive on the server, so the caller skips `after` itself. */
export const readPositionAfter = (after: number): ReadPosition => (after <= 0 ? START : { commit: BigInt(after), prepare: BigInt(after) });
