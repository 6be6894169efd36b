import type { AppendResult, ExpectedRevision } from '@depledger/core';
import type { SqliteDatabase } from '../database/open-database';
import { isBusyError } from '../database/sqlite-error';
import { SqliteStoreError, sqliteStoreErrorCodes } from '../errors';
import { appendCarefully, appendOptimistically, isStoredIdFound } from './append';
import type { EncodedEvent } from './encode-events';
import type { EventStatements } from './statements';

export type BatchWriter = (streamName: string, events: readonly EncodedEvent[], expectedRevision: ExpectedRevision) => AppendResult;

/**
 * Writes one batch under `BEGIN IMMEDIATE`: optimistically in the usual case, then carefully (a
 * second transaction) when an id was already stored or the revision did not match. A write lock
 * held by another process beyond the busy timeout becomes `SQLITE_BUSY`, with nothing written.
 */
export const createBatchWriter = (database: SqliteDatabase, statements: EventStatements): BatchWriter => {
  const optimistic = database.connection.transaction(appendOptimistically);
  const careful = database.connection.transaction(appendCarefully);
  return (streamName, events, expectedRevision) => {
    try {
      try {
        const result = optimistic.immediate(statements, streamName, events, expectedRevision);
        if (result !== undefined) return result;
      } catch (error) {
        if (!isStoredIdFound(error)) throw error;
      }
      return careful.immediate(statements, streamName, events, expectedRevision);
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

export type MultiStreamWriter = (writes: readonly Readonly<{ streamName: string; events: readonly EncodedEvent[]; expectedRevision: ExpectedRevision }>[]) => AppendResult[];

/**
 * Writes batches to several streams in ONE `BEGIN IMMEDIATE` transaction, each checked carefully
 * (ids already stored are skipped, then the expected revision): a conflict on any stream rolls the
 * whole call back.
 */
export const createMultiStreamWriter = (database: SqliteDatabase, statements: EventStatements): MultiStreamWriter => {
  const all = database.connection.transaction((writes: Parameters<MultiStreamWriter>[0]) =>
    writes.map((w) => appendCarefully(statements, w.streamName, w.events, w.expectedRevision)),
  );
  return (writes) => {
    try {
      return all.immediate(writes);
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
