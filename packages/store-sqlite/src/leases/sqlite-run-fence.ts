import { runLeaseLost, type RunFence } from '@depledger/core';
import type { SqliteDatabase } from '../database/open-database';
import { heldLeaseEpoch } from './sqlite-run-leases';

/** A check run first inside a write's own transaction; throws (writing nothing) when the write may not land. */
export type WriteCheck = () => void;

/**
 * A fenced append's check: the token's lease row, read inside the append's own `BEGIN IMMEDIATE`
 * transaction before anything is written, must show the lease held at the fence's epoch. SQLite
 * lets one writer in at a time, across processes, so a takeover (also `BEGIN IMMEDIATE`) commits
 * wholly before the check or wholly after the write: a run's write never lands after another run
 * took its token over. The check runs in the append's transaction rather than around it, so the
 * append is not a savepoint of an outer transaction (a savepoint copies every page it changes to a
 * statement journal first). Undefined without a fence.
 */
export const fenceCheck = (database: SqliteDatabase, fence: RunFence | undefined): WriteCheck | undefined =>
  fence === undefined
    ? undefined
    : () => {
        const held = heldLeaseEpoch(database, fence.tokenId);
        if (held !== fence.epoch) throw runLeaseLost(fence, held);
      };
