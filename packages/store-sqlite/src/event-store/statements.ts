import type BetterSqlite3 from 'better-sqlite3';
import type { StoredEventId } from './event-ids';
import { eventColumns, type EventRow } from './rows';

type Statement<Params extends unknown[], Result = unknown> = BetterSqlite3.Statement<Params, Result>;

/** Every statement the event store runs, prepared once per connection. */
export type EventStatements = Readonly<{
  /** How this file finds a stream's events (see `streamFormOf`). */
  streams: StreamForm;
  /** `streamId` is the stream's number in a file that finds streams by number, NULL in one that finds them by name. */
  insert: Statement<
    [streamId: number | null, streamName: string, revision: number, eventId: StoredEventId, type: string, data: string, metadata: string]
  >;
  /** `[revision, position]` of the stream's last event; undefined for a stream with none. */
  streamHead(streamName: string): [revision: number, position: number] | undefined;
  /** The stream's number (a file that finds streams by number). */
  streamNumber: Statement<[streamName: string], number>;
  /** `[revision, position]` of the last event of the stream with that number. */
  numberedHead: Statement<[streamId: number], [revision: number, position: number]>;
  /** Numbers a stream appended to for the first time; returns its number. */
  addStream: Statement<[streamName: string], number>;
  eventIdExists: Statement<[eventId: StoredEventId], number>;
  headPosition: Statement<[], number>;
  /** A stream's events from a revision on, in revision order, at most `limit`. */
  streamPage(streamName: string, fromRevision: number, limit: number): EventRow[];
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

/**
 * How a file finds a stream's events (schema step 6, `event_store_format`): by the stream's number
 * (`streams`, the index on `(stream_id, revision)`) in a file made since, by its name (the index on
 * `(stream_name, revision)`) in a file that held events before — its rows stay as they were.
 */
export type StreamForm = 'by-number' | 'by-name';

export const streamFormOf = (connection: BetterSqlite3.Database): StreamForm =>
  connection.prepare<[], string>("SELECT value FROM event_store_format WHERE name = 'streams'").pluck().get() === 'by-number'
    ? 'by-number'
    : 'by-name';

export const prepareEventStatements = (connection: BetterSqlite3.Database): EventStatements => {
  const prefixed = new Map<number, Statement<unknown[], EventRow>>();
  const streams = streamFormOf(connection);
  const streamNumber = connection.prepare<[string], number>('SELECT id FROM streams WHERE name = ?').pluck();
  const numberedHead = connection
    .prepare<[number], [number, number]>('SELECT revision, position FROM events WHERE stream_id = ? ORDER BY revision DESC LIMIT 1')
    .raw();
  const namedHead = connection
    .prepare<[string], [number, number]>('SELECT revision, position FROM events WHERE stream_name = ? ORDER BY revision DESC LIMIT 1')
    .raw();
  const numberedPage = connection
    .prepare<[number, number, number], EventRow>(
      `SELECT ${eventColumns} FROM events WHERE stream_id = ? AND revision >= ? ORDER BY revision LIMIT ?`,
    )
    .raw();
  const namedPage = connection
    .prepare<[string, number, number], EventRow>(
      `SELECT ${eventColumns} FROM events WHERE stream_name = ? AND revision >= ? ORDER BY revision LIMIT ?`,
    )
    .raw();
  // By number, a stream's number first, then its rows: two look-ups rather than one statement with
  // the number as a subquery, which cost a missing stream (every new device a sync meets) ~17 µs
  // against ~1 µs, and an existing one about a third more (measured on a 100k-device file).
  return {
    streams,
    insert: connection.prepare(
      'INSERT INTO events (stream_id, stream_name, revision, event_id, type, data, metadata) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ),
    streamHead:
      streams === 'by-number'
        ? (streamName) => {
            const id = streamNumber.get(streamName);
            return id === undefined ? undefined : numberedHead.get(id);
          }
        : (streamName) => namedHead.get(streamName),
    streamNumber,
    numberedHead,
    addStream: connection.prepare<[string], number>('INSERT INTO streams (name) VALUES (?) RETURNING id').pluck(),
    eventIdExists: connection.prepare<[StoredEventId], number>('SELECT 1 FROM events WHERE event_id = ?').pluck(),
    headPosition: connection.prepare<[], number>('SELECT coalesce(max(position), 0) FROM events').pluck(),
    streamPage:
      streams === 'by-number'
        ? (streamName, fromRevision, limit) => {
            const id = streamNumber.get(streamName);
            return id === undefined ? [] : numberedPage.all(id, fromRevision, limit);
          }
        : (streamName, fromRevision, limit) => namedPage.all(streamName, fromRevision, limit),
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
