import {
  createAppendSignal,
  openPolledSubscription,
  ValidationError,
  type AppendOptions,
  type AppendResult,
  type AppendToStreamsOptions,
  type EventStore,
  type RunLeaseStore,
  type StoredEventInput,
  type StreamWrite,
  type Subscription,
} from '@depledger/core';
import { SqliteStoreError, sqliteStoreErrorCodes } from '../errors';
import { fenceCheck } from '../leases/sqlite-run-fence';
import { createSqliteRunLeases } from '../leases/sqlite-run-leases';
import { openSqliteDatabase, type OpenDatabaseOptions, type SqliteDatabase } from '../database/open-database';
import { createBatchWriter, createMultiStreamWriter } from './batch-writer';
import { encodeEvents } from './encode-events';
import { storedEventIdsOf } from './event-ids';
import { createReadModelsFolder, type ReadModelsInAppends } from './read-models-in-appends';
import { assertValidExpectedRevision } from './expected-revision';
import { globalPage, normaliseReadAll, pageRequestOf, readAllPaged, readPage } from './read-all';
import { createReadAhead, readAheadOff, type ReadAheadStatus } from './read-ahead/read-ahead';
import { createShortStreamsReader, readShortStream, readStreamPaged } from './read-stream';
import { decodeEventRow } from './rows';
import { prepareEventStatements } from './statements';

export type SqliteEventStoreTuning = Readonly<{
  /**
   * Rows fetched per keyset page when reading.
   * @defaultValue 1000
   */
  pageSize?: number;
  /**
   * How often a waiting subscription looks for events appended by another process, in ms.
   * Appends through this store wake subscribers at once.
   * @defaultValue 50
   */
  pollIntervalMs?: number;
  /**
   * Whether `readAllPage` reads the global log ahead on a worker thread (with its own read-only
   * connection) for a caller that reads page after page, as a projection's catch-up or rebuild does:
   * the caller folds one page while the next ones are read. Never for a `:memory:` database.
   * @defaultValue true
   */
  readAhead?: boolean;
  /**
   * The smallest `maxCount` worth reading ahead: smaller pages are read on the calling thread.
   * @defaultValue 256
   */
  readAheadMinPageSize?: number;
}>;

export type SqliteEventStoreOptions = SqliteEventStoreTuning &
  OpenDatabaseOptions &
  Readonly<{
    /**
     * Read models kept current by every append, in the append's own transaction: a read model whose
     * live version is caught up to the log when an append starts has that append's events folded
     * into its documents, and its checkpoint moved, atomically with them (a crash leaves both or
     * neither). One behind is left to its runner's catch-up. For a process that appends and then
     * reads its read models (the CLI's sync); a live runner on the same projections in the same
     * process would find its checkpoint moved under it.
     */
    readModelsInAppends?: ReadModelsInAppends;
  }> &
  (
    | Readonly<{
        /** The SQLite file, created on first use. The store owns the connection and closes it on `close()`. */
        path: string;
      }>
    | Readonly<{
        /** A database opened with `openSqliteDatabase` and shared (e.g. with the vault); `close()` leaves it open. */
        database: SqliteDatabase;
      }>
  );

export type SqliteEventStore = EventStore &
  Readonly<{
    database: SqliteDatabase;
    /** Sync runs' leases, in the same file (`run_leases`). */
    runLeases: RunLeaseStore;
    /** Whether pages are being read ahead, how many were, and why it stopped if it did (see `readAhead`). */
    readAheadStatus(): ReadAheadStatus;
  }>;

/** Pages read ahead and not consumed yet, at most (each about as large as its events' JSON). */
const pagesAhead = 4;

/** The EventStore port on one SQLite file (better-sqlite3). */
export const createSqliteEventStore = (options: SqliteEventStoreOptions): SqliteEventStore => {
  const ownsDatabase = 'path' in options;
  const database = 'path' in options ? openSqliteDatabase(options.path, options) : options.database;
  const pageSize = options.pageSize ?? 1000;
  const pollIntervalMs = options.pollIntervalMs ?? 50;
  const statements = prepareEventStatements(database.connection);
  const storedId = storedEventIdsOf(database.connection);
  const signal = createAppendSignal();
  const subscriptions = new Set<Subscription>();
  let closed = false;
  const readAhead =
    options.readAhead === false || database.path === ':memory:'
      ? null
      : createReadAhead({
          file: database.path,
          busyTimeoutMs: options.busyTimeoutMs ?? 5000,
          minPageSize: options.readAheadMinPageSize ?? 256,
          pagesAhead,
        });

  const ensureOpen = (): void => {
    if (closed || !database.connection.open) {
      throw new SqliteStoreError(
        sqliteStoreErrorCodes.closed,
        `The SQLite event store on ${database.path} is closed. Open it again with createSqliteEventStore or openSqliteStore.`,
        { path: database.path },
      );
    }
  };

  const folder =
    options.readModelsInAppends === undefined ? null : createReadModelsFolder(database.connection, options.readModelsInAppends);
  const readStreams = createShortStreamsReader(database.connection, statements, ensureOpen);
  const writeBatch = createBatchWriter(database, statements, folder);
  const writeStreams = createMultiStreamWriter(database, statements, folder);

  return {
    database,
    runLeases: createSqliteRunLeases(database),

    readStream: (streamName, readOptions) => readStreamPaged(statements, ensureOpen, pageSize, streamName, readOptions),

    readStreamInMemory: (streamName) => readShortStream(statements, ensureOpen, streamName),

    readStreamsInMemory: (streamNames) => readStreams(streamNames),

    async streamRevision(streamName) {
      ensureOpen();
      return statements.streamHead(streamName)?.[0] ?? -1;
    },

    appendToStream(
      streamName: string,
      events: readonly StoredEventInput[],
      { expectedRevision, fence }: AppendOptions,
    ): Promise<AppendResult> {
      try {
        ensureOpen();
        assertValidExpectedRevision(expectedRevision);
        const encoded = encodeEvents(streamName, events, storedId);
        const result = writeBatch(streamName, encoded, expectedRevision, fenceCheck(database, fence));
        if (result.appended > 0) signal.notify();
        return Promise.resolve(result);
      } catch (error) {
        return Promise.reject(error);
      }
    },

    appendToStreams(writes: readonly StreamWrite[], { fence }: AppendToStreamsOptions = {}): Promise<AppendResult[]> {
      try {
        ensureOpen();
        if (new Set(writes.map((w) => w.streamName)).size !== writes.length) {
          throw new ValidationError('multi-stream append', [{ path: 'streamName', message: 'each stream may appear once per call' }]);
        }
        const encoded = writes.map((w) => {
          assertValidExpectedRevision(w.expectedRevision);
          return { streamName: w.streamName, events: encodeEvents(w.streamName, w.events, storedId), expectedRevision: w.expectedRevision };
        });
        const results = writeStreams(encoded, fenceCheck(database, fence));
        if (results.some((r) => r.appended > 0)) signal.notify();
        return Promise.resolve(results);
      } catch (error) {
        return Promise.reject(error);
      }
    },

    readAll: (readOptions) => readAllPaged(statements, ensureOpen, pageSize, readOptions),

    readAllPage(pageOptions) {
      try {
        ensureOpen();
        const request = pageRequestOf(pageOptions);
        if (readAhead === null || request.limit === 0) return Promise.resolve(readPage(statements, request));
        return readAhead.page(request, (page) => {
          ensureOpen();
          return readPage(statements, page);
        });
      } catch (error) {
        return Promise.reject(error);
      }
    },

    readAheadStatus: () => readAhead?.status() ?? readAheadOff,

    async headPosition() {
      ensureOpen();
      return statements.headPosition.get() ?? 0;
    },

    subscribe(subscribeOptions = {}) {
      ensureOpen();
      const { after, maxCount, prefixes } = normaliseReadAll(subscribeOptions, 'subscription');
      const subscription = openPolledSubscription(
        {
          loadPage: (from, limit) => {
            ensureOpen();
            return globalPage(statements, from, limit, prefixes).map(decodeEventRow);
          },
          signal,
          pageSize,
          pollIntervalMs,
          onClose: () => void subscriptions.delete(subscription),
        },
        { after, maxCount },
      );
      subscriptions.add(subscription);
      return subscription;
    },

    async close() {
      if (closed) return;
      closed = true;
      await Promise.all([...subscriptions].map((subscription) => subscription.close()));
      await readAhead?.close();
      if (ownsDatabase) database.close();
    },
  };
};
