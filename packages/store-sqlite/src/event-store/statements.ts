import type BetterSqlite3 from 'better-sqlite3';
import type { StoredEventId } from './event-ids';
import { eventColumns, type EventRow } from './rows';

type Statement<Params extends unknown[], Result = unknown> = BetterSqlite3.Statement<Params, Result>;

/** Every statement the event store runs, prepared once per connection. */
export type EventStatements = Readonly<{
  insert: Statement<[streamName: string, revision: number, eventId: StoredEventId, type: string, data: string, metadata: string]>;
  /** `[revision, position]` of the stream's last event. */
  streamHead: Statement<[streamName: string], [revision: number, position: number]>;
  eventIdExists: Statement<[eventId: StoredEventId], number>;
  headPosition: Statement<[], number>;
  streamPage: Statement<[streamName: string, fromRevision: number, limit: number], EventRow>;
  allPage: Statement<[after: number, limit: number], EventRow>;
  /** Global order restricted to streams starting with one of `count` prefixes (prepared on first use). */
  prefixedPage(count: number): Statement<unknown[], EventRow>;
}>;

/**
 * The global log's filter: after a position and, with `prefixCount` > 0, streams starting with one of
 * that many prefixes. `instr(name, prefix) = 1` is "starts with", with no LIKE wildcards and case-sensitive.
 * Parameters: after, then the prefixes.
 */
const globalFilter = (prefixCount: number): string =>
  prefixCount === 0
    ? 'position > ?'
    : `position > ? AND (${Array.from({ length: prefixCount }, () => 'instr(stream_name, ?) = 1').join(' OR ')})`;

/**
 * Rows of the global log as a single JSON text (a BLOB of UTF-8): `[[position, stream, revision,
 * type, data, metadata, id], …]` — the metadata as stored (without the event id), the id as text or,
 * kept in 16 bytes, as `["<hex>"]` (`eventIdText` reads both) — with the row count, the last
 * position, and whether every row's data and metadata are single valid JSON values (only then is
 * splicing them into one text faithful). Parameters: after, the prefixes, limit. Read by the
 * read-ahead worker (see read-ahead/).
 */
export const pageTextSql = (prefixCount: number): string =>
  `SELECT count(*), max(position), min(json_valid(data) AND json_valid(metadata)),
     CAST('[' || group_concat('[' || position || ',' || json_quote(stream_name) || ',' || revision || ',' || json_quote(type) || ',' || data || ',' || metadata || ',' || id || ']', ',' ORDER BY position) || ']' AS BLOB)
   FROM (SELECT position, stream_name, revision, type, data, metadata,
           CASE WHEN typeof(event_id) = 'blob' THEN '["' || hex(event_id) || '"]' ELSE json_quote(event_id) END AS id
         FROM events WHERE ${globalFilter(prefixCount)} ORDER BY position LIMIT ?)`;

export const prepareEventStatements = (connection: BetterSqlite3.Database): EventStatements => {
  const prefixed = new Map<number, Statement<unknown[], EventRow>>();
  return {
    insert: connection.prepare('INSERT INTO events (stream_name, revision, event_id, type, data, metadata) VALUES (?, ?, ?, ?, ?, ?)'),
    streamHead: connection
      .prepare<[string], [number, number]>('SELECT revision, position FROM events WHERE stream_name = ? ORDER BY revision DESC LIMIT 1')
      .raw(),
    eventIdExists: connection.prepare<[StoredEventId], number>('SELECT 1 FROM events WHERE event_id = ?').pluck(),
    headPosition: connection.prepare<[], number>('SELECT coalesce(max(position), 0) FROM events').pluck(),
    streamPage: connection
      .prepare<[string, number, number], EventRow>(
        `SELECT ${eventColumns} FROM events WHERE stream_name = ? AND revision >= ? ORDER BY revision LIMIT ?`,
      )
      .raw(),
    allPage: connection
      .prepare<[number, number], EventRow>(`SELECT ${eventColumns} FROM events WHERE ${globalFilter(0)} ORDER BY position LIMIT ?`)
      .raw(),
    prefixedPage(count) {
      let statement = prefixed.get(count);
      if (statement === undefined) {
        statement = connection
          .prepare<unknown[], EventRow>(`SELECT ${eventColumns} FROM events WHERE ${globalFilter(count)} ORDER BY position LIMIT ?`)
          .raw();
        prefixed.set(count, statement);
      }
      return statement;
    },
  };
};
