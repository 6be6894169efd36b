import { runLeaseLost, type RunFence } from '@depledger/core';
import type { SqliteDatabase } from '../database/open-database';
import { isBusyError } from '../database/sqlite-error';
import { SqliteStoreError, sqliteStoreErrorCodes } from '../errors';
import { heldLeaseEpoch } from './sqlite-run-leases';

/** Runs a write of the event store only while a sync run's fence holds. */
export type SqliteFence = <T>(fence: RunFence | undefined, write: () => T) => T;

/**
 * A fenced append is one `BEGIN IMMEDIATE` transaction: the token's lease row is read first and the
 * write (its own transactions become savepoints of this one) runs only if the lease is held at the
 * fence's epoch. SQLite lets one writer in at a time, across processes, so a takeover (also
 * `BEGIN IMMEDIATE`) commits wholly before the check or wholly after the write: a run's write never
 * lands after another run took its token over.
 */
export const createSqliteFence = (database: SqliteDatabase): SqliteFence => {
  let fenced: { immediate(fence: RunFence, write: () => unknown): unknown } | null = null;
  return <T>(fence: RunFence | undefined, write: () => T): T => {
    if (fence === undefined) return write();
    fenced ??= database.connection.transaction((f: RunFence, body: () => unknown) => {
      const held = heldLeaseEpoch(database, f.tokenId);
      if (held !== f.epoch) throw runLeaseLost(f, held);
      return body();
    });
    try {
      return fenced.immediate(fence, write) as T;
    } catch (error) {
      if (!isBusyError(error)) throw error;
      throw new SqliteStoreError(
        sqliteStoreErrorCodes.busy,
        `Another process held the write lock on ${database.path} longer than the busy timeout; nothing was appended. Retry, or raise busyTimeoutMs.`,
        { path: database.path },
        { cause: error },
      );
    }
  };
};
