import type BetterSqlite3 from 'better-sqlite3';
import { eventColumns, type EventRow } from './rows';

type Statement<Params extends unknown[], Result = unknown> = BetterSqlite3.Statement<Params, Result>;

/** Every statement the event store runs, prepared once per connection. */
export type EventStatements = Readonly<{
  insert: Statement<[streamName: string, revision: number, eventId: string, type: string, data: string, metadata: string]>;
  /** `[revision, position]` of the stream's last event. */
  streamHead: Statement<[streamName: string], [revision: number, position: number]>;
  eventIdExists: Statement<[eventId: string], number>;
  headPosition: Statement<[], number>;
  streamPage: Statement<[streamName: string, fromRevision: number, limit: number], EventRow>;
  allPage: Statement<[after: number, limit: number], EventRow>;
  /** Global order restricted to streams starting with one of `count` prefixes (prepared on first use). */
  prefixedPage(count: number): Statement<unknown[], EventRow>;
}>;

export const prepareEventStatements = (connection: BetterSqlite3.Database): EventStatements => {
  const prefixed = new Map<number, Statement<unknown[], EventRow>>();
  return {
    insert: connection.prepare('INSERT INTO events (stream_name, revision, event_id, type, data, metadata) VALUES (?, ?, ?, ?, ?, ?)'),
    streamHead: connection
      .prepare<[string], [number, number]>('SELECT revision, position FROM events WHERE stream_name = ? ORDER BY revision DESC LIMIT 1')
      .raw(),
    eventIdExists: connection.prepare<[string], number>('SELECT 1 FROM events WHERE event_id = ?').pluck(),
    headPosition: connection.prepare<[], number>('SELECT coalesce(max(position), 0) FROM events').pluck(),
    streamPage: connection
      .prepare<[string, number, number], EventRow>(
        `SELECT ${eventColumns} FROM events WHERE stream_name = ? AND revision >= ? ORDER BY revision LIMIT ?`,
      )
      .raw(),
    allPage: connection
      .prepare<[number, number], EventRow>(`SELECT ${eventColumns} FROM events WHERE position > ? ORDER BY position LIMIT ?`)
      .raw(),
    prefixedPage(count) {
      let statement = prefixed.get(count);
      if (statement === undefined) {
        // instr(name, prefix) = 1 is "starts with", with no LIKE wildcards and case-sensitive.
        const anyPrefix = Array.from({ length: count }, () => 'instr(stream_name, ?) = 1').join(' OR ');
        statement = connection
          .prepare<unknown[], EventRow>(`SELECT ${eventColumns} FROM events WHERE position > ? AND (${anyPrefix}) ORDER BY position LIMIT ?`)
          .raw();
        prefixed.set(count, statement);
      }
      return statement;
    },
  };
};
