import { tenantNameMarker } from '@depledger/core';
import type { PostgresDatabase } from '../connection/postgres-database';
import { eventColumns, type EventRow } from './rows';

// The reads of the event store, each one statement (prepared once per connection by name).

/**
 * The part of a stream name before its first `~` when every prefix names streams of one named tenant
 * (`tenant-acme~dep-device-`, `tenant-acme~`): the key of `events_tenant_position`. Null otherwise.
 */
export const tenantKeyOf = (prefixes: readonly string[]): string | null => {
  let key: string | null = null;
  for (const prefix of prefixes) {
    const end = prefix.indexOf('~');
    if (!prefix.startsWith(tenantNameMarker) || end < 0) return null;
    const own = prefix.slice(0, end);
    if (key !== null && own !== key) return null;
    key = own;
  }
  return key;
};

/**
 * A page of the global log after `after`; with prefixes, only streams whose name starts with one of
 * them (`^@`: literal, case-sensitive). A named tenant's read walks `events_tenant_position` (its own
 * events in order), any other the primary key.
 */
export const globalPage = (database: PostgresDatabase, after: number, limit: number, prefixes: readonly string[]): Promise<EventRow[]> => {
  if (prefixes.length === 0)
    return database.query<EventRow>('reading the global log', {
      name: `depledger-all-${database.schema}`,
      text: `SELECT ${eventColumns} FROM ${database.quoted}.events WHERE position > $1 ORDER BY position LIMIT $2`,
      values: [after, limit],
    });
  const tenantKey = tenantKeyOf(prefixes);
  if (tenantKey !== null)
    return database.query<EventRow>('reading the global log', {
      name: `depledger-all-tenant-${database.schema}`,
      // the index's predicate and expression, spelt as it is, so the planner can prove it applies
      text: `SELECT ${eventColumns} FROM ${database.quoted}.events
              WHERE stream_name ^@ 'tenant-' AND split_part(stream_name, '~', 1) = $4 AND position > $1 AND stream_name ^@ ANY ($3::text[])
              ORDER BY position LIMIT $2`,
      values: [after, limit, prefixes, tenantKey],
    });
  return database.query<EventRow>('reading the global log', {
    name: `depledger-all-prefixed-${database.schema}`,
    text: `SELECT ${eventColumns} FROM ${database.quoted}.events WHERE position > $1 AND stream_name ^@ ANY ($3::text[]) ORDER BY position LIMIT $2`,
    values: [after, limit, prefixes],
  });
};

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
