import type { AppendResult } from '@depledger/core';
import type pg from 'pg';
import type { PostgresDatabase } from '../connection/postgres-database';
import { copyIn } from './copy-in';
import { copyRows } from './copy-rows';
import type { EncodedWrites } from './encode-events';

/**
 * Thrown inside an append by COPY when the call is not the usual one — an expected revision does
 * not hold, or an event id is stored already (a retried append): nothing was written, and the
 * caller rolls back and appends through `append_events_v2`, whose careful path decides.
 */
export class CarefulPathNeeded extends Error {
  constructor(why: string) {
    super(`the append needs the careful path: ${why}`);
  }
}

const uniqueViolation = '23505';

/** Whether write i's expected revision holds against its stream's revision (-1: no stream), by core's rule. */
const holds = (expected: string, revision: number): boolean =>
  expected === 'any' ||
  (expected === 'no_stream' ? revision === -1 : expected === 'stream_exists' ? revision >= 0 : Number(expected) === revision);

/** Per write: its stream's revision and last position (-1 and 0 for none), and the log's head. */
const headsStatement = (database: PostgresDatabase, streams: readonly string[]) => ({
  name: `depledger-append-heads-${database.schema}`,
  text: `SELECT coalesce(h.revision, -1), coalesce(h.position, 0), (SELECT coalesce(max(position), 0) FROM ${database.quoted}.events)
    FROM unnest($1::text[]) WITH ORDINALITY AS n(stream_name, i)
    LEFT JOIN LATERAL (
      SELECT e.revision, e.position FROM ${database.quoted}.events e WHERE e.stream_name = n.stream_name ORDER BY e.revision DESC LIMIT 1
    ) h ON true
    ORDER BY n.i`,
  values: [streams],
  rowMode: 'array' as const,
});

/**
 * Appends a call's writes inside the caller's transaction by COPY, for calls of many events: the
 * append lock first (as `append_events_v2` takes it, so every append still commits one at a time,
 * in position order), then each stream's head in a statement of its own (a fresh snapshot, taken
 * once the lock is ours), the expected revisions checked here, and the rows copied straight into
 * `events` — the server parses each JSON value once and writes the table's pages many rows at a
 * time, while this process makes the next chunk. The NOTIFY goes out at commit, as the function's.
 * Throws `CarefulPathNeeded` (roll back) for a conflict or a stored event id.
 */
export const appendByCopy = async (client: pg.PoolClient, database: PostgresDatabase, encoded: EncodedWrites): Promise<AppendResult[]> => {
  await client.query(`SELECT 1 FROM ${database.quoted}.append_lock FOR UPDATE`);
  const heads = (await client.query<[number, number, number]>(headsStatement(database, encoded.streams))).rows;
  const head = heads[0]?.[2] ?? 0;
  const revisions = heads.map((row) => row[0]);
  encoded.expected.forEach((expected, w) => {
    if (!holds(expected, revisions[w]!)) throw new CarefulPathNeeded(`${encoded.streams[w]} is at revision ${revisions[w]}`);
  });

  try {
    await copyIn(
      client,
      `COPY ${database.quoted}.events (position, stream_name, revision, event_id, type, data, metadata) FROM STDIN`,
      () => copyRows(encoded, { head, revisions }),
    );
  } catch (error) {
    if ((error as { code?: unknown }).code === uniqueViolation) throw new CarefulPathNeeded('an event id is stored already');
    throw error;
  }

  let last = head;
  const results = encoded.counts.map((count, w): AppendResult => {
    if (count === 0) return { nextExpectedRevision: revisions[w]!, lastPosition: heads[w]![1], appended: 0 };
    last += count;
    return { nextExpectedRevision: revisions[w]! + count, lastPosition: last, appended: count };
  });
  if (last > head) await client.query('SELECT pg_notify($1, $2)', [database.channel, String(last)]);
  return results;
};
