import type { AppendResult, ExpectedRevision } from '@depledger/core';
import type { SqliteDatabase } from '../database/open-database';
import { isBusyError } from '../database/sqlite-error';
import { SqliteStoreError, sqliteStoreErrorCodes } from '../errors';
import { appendCarefully, appendOptimistically, isStoredIdFound, type InsertedList } from './append';
import type { WriteCheck } from '../leases/sqlite-run-fence';
import type { EncodedEvent } from './encode-events';
import type { ReadModelsFolder } from './read-models-in-appends';
import type { EventStatements } from './statements';

export type BatchWriter = (
  streamName: string,
  events: readonly EncodedEvent[],
  expectedRevision: ExpectedRevision,
  check?: WriteCheck,
) => AppendResult;

/**
 * Writes one batch under `BEGIN IMMEDIATE`: optimistically in the usual case, then carefully (a
 * second transaction) when an id was already stored or the revision did not match. `check` (a
 * run's fence) runs first in each transaction. A write lock held by another process beyond the busy
 * timeout becomes `SQLITE_BUSY`, with nothing written.
 */
export const createBatchWriter = (database: SqliteDatabase, statements: EventStatements, folder: ReadModelsFolder | null): BatchWriter => {
  const optimistic = database.connection.transaction(
    (streamName: string, events: readonly EncodedEvent[], expectedRevision: ExpectedRevision, check?: WriteCheck) => {
      check?.();
      const inserted: InsertedList = folder === null ? null : [];
      const result = appendOptimistically(statements, streamName, events, expectedRevision, inserted);
      if (result !== undefined && inserted !== null) folder?.(inserted);
      return result;
    },
  );
  const careful = database.connection.transaction(
    (streamName: string, events: readonly EncodedEvent[], expectedRevision: ExpectedRevision, check?: WriteCheck) => {
      check?.();
      const inserted: InsertedList = folder === null ? null : [];
      const result = appendCarefully(statements, streamName, events, expectedRevision, inserted);
      if (inserted !== null) folder?.(inserted);
      return result;
    },
  );
  return (streamName, events, expectedRevision, check) => {
    try {
      try {
        const result = optimistic.immediate(streamName, events, expectedRevision, check);
        if (result !== undefined) return result;
      } catch (error) {
        if (!isStoredIdFound(error)) throw error;
      }
      return careful.immediate(streamName, events, expectedRevision, check);
    } catch (error) {
      if (!isBusyError(error)) throw error;
      throw new SqliteStoreError(
        sqliteStoreErrorCodes.busy,
        `Another process held the write lock on ${database.path} longer than the busy timeout; nothing was appended to ${streamName}. Retry, or raise busyTimeoutMs.`,
        { path: database.path, streamName },
        { cause: error },
      );
    }
  };
};

/** Thrown inside the optimistic multi-stream attempt when one stream's expected revision does not hold. */
class CarefulPathNeeded extends Error {}

export type MultiStreamWriter = (
  writes: readonly Readonly<{ streamName: string; events: readonly EncodedEvent[]; expectedRevision: ExpectedRevision }>[],
  check?: WriteCheck,
) => AppendResult[];

/**
 * Writes batches to several streams in ONE `BEGIN IMMEDIATE` transaction: optimistically first (no
 * id probe per event, as for one stream), and when an id was already stored or a revision did not
 * hold, again carefully (ids already stored are skipped, then each expected revision is checked). A
 * conflict on any stream rolls the whole call back. `check` (a run's fence) runs first in each transaction.
 */
export const createMultiStreamWriter = (
  database: SqliteDatabase,
  statements: EventStatements,
  folder: ReadModelsFolder | null,
): MultiStreamWriter => {
  /** Throws (rolling the whole call back) as soon as one stream needs the careful path. */
  const optimistic = database.connection.transaction((writes: Parameters<MultiStreamWriter>[0], check?: WriteCheck) => {
    check?.();
    const inserted: InsertedList = folder === null ? null : [];
    const results = writes.map((w) => {
      const result = appendOptimistically(statements, w.streamName, w.events, w.expectedRevision, inserted);
      if (result === undefined) throw new CarefulPathNeeded();
      return result;
    });
    if (inserted !== null) folder?.(inserted);
    return results;
  });
  const careful = database.connection.transaction((writes: Parameters<MultiStreamWriter>[0], check?: WriteCheck) => {
    check?.();
    const inserted: InsertedList = folder === null ? null : [];
    const results = writes.map((w) => appendCarefully(statements, w.streamName, w.events, w.expectedRevision, inserted));
    if (inserted !== null) folder?.(inserted);
    return results;
  });
  return (writes, check) => {
    try {
      try {
        return optimistic.immediate(writes, check);
      } catch (error) {
        if (!(error instanceof CarefulPathNeeded) && !isStoredIdFound(error)) throw error;
      }
      return careful.immediate(writes, check);
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
