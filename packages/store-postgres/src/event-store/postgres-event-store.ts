import {
  createAppendSignal,
  openPolledSubscription,
  ValidationError,
  type EventStore,
  type RunLeaseStore,
  type StoredEvent,
  type Subscription,
} from '@depledger/core';
import { openPostgresDatabase, type PostgresDatabase, type PostgresDatabaseOptions } from '../connection/postgres-database';
import { appendWithinFence } from '../leases/postgres-run-fence';
import { createPostgresRunLeases } from '../leases/postgres-run-leases';
import { appendWrites } from './append';
import { createAppendListener } from './append-listener';
import { encodeWrites, singleWrite } from './encode-events';
import { globalPage, headPosition, streamHead } from './event-queries';
import { pagedEvents } from './paged-events';
import { normaliseReadAll, optionalInteger } from './read-options';
import { toStoredEvent } from './rows';
import { createStreamPageLoader } from './stream-pages';

export type PostgresEventStoreTuning = Readonly<{
  /**
   * Rows fetched per keyset page when reading.
   * @defaultValue 1000
   */
  pageSize?: number;
  /**
   * How long a waiting subscription waits for a NOTIFY before looking for new events anyway, in
   * ms: the fallback when the LISTEN connection is down.
   * @defaultValue 500
   */
  pollIntervalMs?: number;
  /**
   * Appends of at least this many events (a sync page: ~1000) go to the server by COPY, straight
   * into the events table, in a transaction of three round trips; smaller ones are one call of the
   * schema's append function, one round trip. The guarantees are the same either way. Measured on
   * pages of 10-event device streams: COPY costs less CPU per event from about 500 events a call,
   * more below (the extra round trips). `Infinity` sends every append through the function.
   * @defaultValue 500
   */
  copyFromEvents?: number;
}>;

export type PostgresEventStore = EventStore &
  Required<Pick<EventStore, 'appendToStreams' | 'readAllPage'>> &
  Readonly<{
    database: PostgresDatabase;
    /** Sync runs' leases, in the same schema (`run_leases`). */
    runLeases: RunLeaseStore;
    /** Whether the LISTEN connection is up (subscriptions are woken by NOTIFY) rather than polling only. */
    isListening(): boolean;
  }>;

const defaultCopyFromEvents = 500;

/**
 * The EventStore port on PostgreSQL, on a database opened with `openPostgresDatabase` (shared with
 * the vault and the read models; `close()` leaves it open) — or use `openPostgresStore`.
 */
export const createPostgresEventStore = (database: PostgresDatabase, tuning: PostgresEventStoreTuning = {}): PostgresEventStore => {
  const pageSize = tuning.pageSize ?? 1000;
  const pollIntervalMs = tuning.pollIntervalMs ?? 500;
  const copyFromEvents = tuning.copyFromEvents ?? defaultCopyFromEvents;
  if (!(copyFromEvents >= 1))
    throw new ValidationError('PostgreSQL event store tuning', [
      { path: 'copyFromEvents', message: `must be a number of events, 1 or more, or Infinity (got ${String(tuning.copyFromEvents)})` },
    ]);
  const signal = createAppendSignal();
  const listener = createAppendListener(database, signal);
  const subscriptions = new Set<Subscription>();
  const streamPage = createStreamPageLoader(database);

  return {
    database,
    runLeases: createPostgresRunLeases(database),
    isListening: () => listener.isListening(),

    readStream(streamName, options = {}) {
      const fromRevision = optionalInteger('stream read', 'fromRevision', options.fromRevision, 0, 0);
      const maxCount = optionalInteger('stream read', 'maxCount', options.maxCount, 0, Number.POSITIVE_INFINITY);
      return pagedEvents(pageSize, maxCount, () => {
        let next = fromRevision;
        return async (limit) => {
          const rows = await streamPage(streamName, next, limit);
          const last = rows[rows.length - 1];
          if (last !== undefined) next = last[2] + 1;
          return rows;
        };
      });
    },

    streamRevision: (streamName) => streamHead(database, streamName),

    async appendToStream(streamName, events, { expectedRevision, fence }) {
      const encoded = encodeWrites(`append to stream ${String(streamName)}`, singleWrite(streamName, events, expectedRevision));
      const [result] =
        fence === undefined
          ? await appendWrites(database, encoded, copyFromEvents)
          : await appendWithinFence(database, fence, encoded, copyFromEvents);
      if (result === undefined) throw new Error(`append_events returned no result for ${streamName}`);
      if (result.appended > 0) signal.notify();
      return result;
    },

    async appendToStreams(writes, { fence } = {}) {
      if (writes.length === 0) return [];
      const encoded = encodeWrites('multi-stream append', writes);
      const results =
        fence === undefined
          ? await appendWrites(database, encoded, copyFromEvents)
          : await appendWithinFence(database, fence, encoded, copyFromEvents);
      if (results.some((r) => r.appended > 0)) signal.notify();
      return results;
    },

    readAll(options = {}) {
      const { after, maxCount, prefixes } = normaliseReadAll(options, 'global read');
      return pagedEvents(pageSize, maxCount, () => {
        let cursor = after;
        return async (limit) => {
          const rows = await globalPage(database, cursor, limit, prefixes);
          const last = rows[rows.length - 1];
          if (last !== undefined) cursor = last[0];
          return rows;
        };
      });
    },

    async readAllPage(options) {
      if (options.maxCount === undefined || options.maxCount === Number.POSITIVE_INFINITY) {
        throw new ValidationError('page of the global log', [
          { path: 'maxCount', message: `must be a whole number, 0 or more (got ${String(options.maxCount)})` },
        ]);
      }
      const { after, maxCount, prefixes } = normaliseReadAll(options, 'page of the global log');
      if (maxCount === 0) return [];
      const rows = await globalPage(database, after, maxCount, prefixes);
      const events: StoredEvent[] = new Array(rows.length);
      for (let i = 0; i < rows.length; i++) events[i] = toStoredEvent(rows[i]!);
      return events;
    },

    headPosition: () => headPosition(database),

    subscribe(options = {}) {
      const { after, maxCount, prefixes } = normaliseReadAll(options, 'subscription');
      const subscription = openPolledSubscription(
        {
          loadPage: async (from, limit) => (await globalPage(database, from, limit, prefixes)).map(toStoredEvent),
          signal,
          beforeWait: () => listener.ensureListening(),
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
      await Promise.all([...subscriptions].map((subscription) => subscription.close()));
      await listener.close();
    },
  };
};

/** Opens a database (creating or migrating the schema) and an event store that owns it: `close()` closes both. */
export const openPostgresEventStore = async (options: PostgresDatabaseOptions & PostgresEventStoreTuning): Promise<PostgresEventStore> => {
  const database = await openPostgresDatabase(options);
  let store: PostgresEventStore;
  try {
    store = createPostgresEventStore(database, options);
  } catch (error) {
    await database.close();
    throw error;
  }
  return {
    ...store,
    async close() {
      await store.close();
      await database.close();
    },
  };
};
