import { getPostgreSQLEventStore, type PostgresEventStore } from '@event-driven-io/emmett-postgresql';
import type { EmmettEvent } from './emmett';

/**
 * The PostgreSQL peer: Emmett's PostgreSQL event store (@event-driven-io/emmett-postgresql 0.42.0),
 * used as its documentation shows — `getPostgreSQLEventStore(connectionString)`, one
 * `appendToStream` per stream (it has no multi-stream append), `readStream` to read one back. It
 * creates its tables in the database's default schema, so the bench gives it a database of its own.
 */
export const emmettPostgresStore = async (connectionString: string): Promise<PostgresEventStore> => {
  const store = getPostgreSQLEventStore(connectionString);
  await store.schema.migrate();
  return store;
};

export const emmettPostgresAppend = (store: PostgresEventStore, stream: string, events: readonly EmmettEvent[]): Promise<unknown> =>
  store.appendToStream(stream, events as never[]);

/** Reads a stream back whole; returns how many events it had. */
export const emmettPostgresReadStream = async (store: PostgresEventStore, stream: string): Promise<number> =>
  (await store.readStream(stream)).events.length;
