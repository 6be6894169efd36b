import type { ReadStreamOptions, StoredEvent } from '@depledger/core';
import type BetterSqlite3 from 'better-sqlite3';
import { pagedEvents } from './paged-events';
import { decodeEventRow } from './rows';
import { optionalInteger } from './read-options';
import type { EventStatements } from './statements';

/** A stream in revision order, paged by revision; a missing stream reads as empty. */
export const readStreamPaged = (
  statements: EventStatements,
  ensureOpen: () => void,
  pageSize: number,
  streamName: string,
  options: ReadStreamOptions = {},
): AsyncIterable<StoredEvent> => {
  const fromRevision = optionalInteger('stream read', 'fromRevision', options.fromRevision, 0, 0);
  const maxCount = optionalInteger('stream read', 'maxCount', options.maxCount, 0, Number.POSITIVE_INFINITY);
  return pagedEvents(pageSize, maxCount, () => {
    let next = fromRevision;
    return (limit) => {
      ensureOpen();
      const rows = statements.streamPage(streamName, next, limit);
      const last = rows[rows.length - 1];
      if (last !== undefined) next = last[2] + 1;
      return rows;
    };
  });
};

/** The most events `readShortStream` reads at once; a longer stream is read a page at a time. */
export const shortStreamEvents = 256;

/**
 * A stream of at most `shortStreamEvents` events, read and decoded synchronously (a device's, a
 * token's, a profile's: what a command folds before it decides), or undefined for a longer one —
 * `readStreamInMemory`, so folding a short stream costs no promise per event. Reading is
 * synchronous in better-sqlite3 anyway; only the handing over was not.
 */
export const readShortStream = (statements: EventStatements, ensureOpen: () => void, streamName: string): StoredEvent[] | undefined => {
  ensureOpen();
  const rows = statements.streamPage(streamName, 0, shortStreamEvents + 1);
  if (rows.length > shortStreamEvents) return undefined;
  const events: StoredEvent[] = new Array(rows.length);
  for (let i = 0; i < rows.length; i++) events[i] = decodeEventRow(rows[i]!);
  return events;
};

/**
 * `readShortStream` for many streams in one read transaction: SQLite takes and releases its read
 * lock on the file once, not once per stream (a page of devices read before their commands are
 * decided).
 */
export const createShortStreamsReader = (
  connection: BetterSqlite3.Database,
  statements: EventStatements,
  ensureOpen: () => void,
): ((streamNames: readonly string[]) => (StoredEvent[] | undefined)[]) => {
  const inOneRead = connection.transaction((streamNames: readonly string[]) =>
    streamNames.map((streamName) => readShortStream(statements, ensureOpen, streamName)),
  );
  return (streamNames) => {
    ensureOpen();
    return inOneRead.deferred(streamNames);
  };
};
