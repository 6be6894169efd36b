import type { PostgresDatabase } from '../connection/postgres-database';
import { eventColumns, type EventRow } from './rows';

// The reads of the event store, each one statement (prepared once per connection by name).

/** A page of the global log after `after`; with prefixes, only streams whose name starts with one of them (`^@`: literal, case-sensitive). */
export const globalPage = (database: PostgresDatabase, after: number, limit: number, prefixes: readonly string[]): Promise<EventRow[]> =>
  prefixes.length === 0
    ? database.query<EventRow>('reading the global log', {
        name: `depledger-all-${database.schema}`,
        text: `SELECT ${eventColumns} FROM ${database.quoted}.events WHERE position > $1 ORDER BY position LIMIT $2`,
        values: [after, limit],
      })
    : database.query<EventRow>('reading the global log', {
        name: `depledger-all-prefixed-${database.schema}`,
        text: `SELECT ${eventColumns} FROM ${database.quoted}.events WHERE position > $1 AND stream_name ^@ ANY ($3::text[]) ORDER BY position LIMIT $2`,
        values: [after, limit, prefixes],
      });

export const streamHead = async (database: PostgresDatabase, streamName: string): Promise<number> => {
  const rows = await database.query<[number]>(`reading the revision of ${streamName}`, {
    name: `depledger-stream-head-${database.schema}`,
    text: `SELECT coalesce(max(revision), -1) FROM ${database.quoted}.events WHERE stream_name = $1`,
    values: [streamName],
  });
  return rows[0]?.[0] ?? -1;
};

export const headPosition = async (database: PostgresDatabase): Promise<number> => {
  const rows = await database.query<[number]>('reading the head of the global log', {
    name: `depledger-head-${database.schema}`,
    text: `SELECT coalesce(max(position), 0) FROM ${database.quoted}.events`,
  });
  return rows[0]?.[0] ?? 0;
};
