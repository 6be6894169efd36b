import { runLeaseLost, type AppendResult, type RunFence } from '@depledger/core';
import pg from 'pg';
import type { PostgresDatabase } from '../connection/postgres-database';
import { copyIn } from './copy-in';
import { copyRows } from './copy-rows';
import type { EncodedWrites } from './encode-events';

/**
 * Thrown by an append by COPY when the call is not the usual one — an expected revision does not
 * hold, or an event id is stored already (a retried append): nothing was written, the transaction
 * is rolled back, and the caller appends through `append_events_v2`, whose careful path decides.
 */
export class CarefulPathNeeded extends Error {
  constructor(why: string) {
    super(`the append needs the careful path: ${why}`);
  }
}

const uniqueViolation = '23505';

/** Whether a write's expected revision holds against its stream's revision (-1: no stream), by core's rule. */
const holds = (expected: string, revision: number): boolean =>
  expected === 'any' ||
  (expected === 'no_stream' ? revision === -1 : expected === 'stream_exists' ? revision >= 0 : Number(expected) === revision);

type Heads = Readonly<{ head: number; revisions: number[]; positions: number[] }>;

/**
 * The statements that open the transaction, sent as one message without parameters (stream names
 * and the token go in as literals, escaped by pg): BEGIN, the run lease `FOR SHARE` for a fenced
 * append, the append lock `FOR UPDATE` (as `append_events_v2` takes it: appends commit one at a
 * time, in position order), then — a statement of its own, so a snapshot taken once the lock is
 * ours — the log's head and each stream's revision and last position.
 */
const openingStatements = (database: PostgresDatabase, encoded: EncodedWrites, fence: RunFence | undefined): string => {
  const s = database.quoted;
  const streams = encoded.streams.map((name) => pg.escapeLiteral(name)).join(',');
  return [
    'BEGIN',
    ...(fence === undefined
      ? []
      : [`SELECT epoch, released FROM ${s}.run_leases WHERE token_id = ${pg.escapeLiteral(fence.tokenId)} FOR SHARE`]),
    `SELECT 1 FROM ${s}.append_lock FOR UPDATE`,
    `SELECT coalesce(h.revision, -1), coalesce(h.position, 0), (SELECT coalesce(max(position), 0) FROM ${s}.events)
      FROM unnest(ARRAY[${streams}]::text[]) WITH ORDINALITY AS n(stream_name, i)
      LEFT JOIN LATERAL (
        SELECT e.revision, e.position FROM ${s}.events e WHERE e.stream_name = n.stream_name ORDER BY e.revision DESC LIMIT 1
      ) h ON true
      ORDER BY n.i`,
  ].join(';\n');
};

const open = async (
  client: pg.PoolClient,
  database: PostgresDatabase,
  encoded: EncodedWrites,
  fence: RunFence | undefined,
): Promise<Heads> => {
  const results = (await client.query({
    text: openingStatements(database, encoded, fence),
    rowMode: 'array',
  })) as unknown as pg.QueryArrayResult[];
  if (fence !== undefined) {
    const [lease] = results[1]!.rows as [string, boolean][];
    const held = lease === undefined || lease[1] ? null : Number(lease[0]);
    if (held !== fence.epoch) throw runLeaseLost(fence, held);
  }
  const rows = results[results.length - 1]!.rows as [number, number, number][];
  return { head: rows[0]?.[2] ?? 0, revisions: rows.map((row) => row[0]), positions: rows.map((row) => row[1]) };
};

/**
 * Appends a call's writes by COPY, for calls of many events, in one transaction of three round
 * trips: the opening statements (above); the expected revisions checked here; then one message
 * with the COPY of the rows straight into `events` — the server parses each JSON value once and
 * fills the table's pages many rows at a time, while this process makes the next chunk of rows —
 * the NOTIFY of the new head and the COMMIT. Throws `CarefulPathNeeded` (rolled back) for a
 * conflict or a stored event id, and core's run-lease-lost error when a fence does not hold.
 */
export const appendByCopy = (
  database: PostgresDatabase,
  encoded: EncodedWrites,
  what: string,
  fence: RunFence | undefined,
): Promise<AppendResult[]> =>
  database.ownTransaction(what, async (client) => {
    const { head, revisions, positions } = await open(client, database, encoded, fence);
    encoded.expected.forEach((expected, w) => {
      if (!holds(expected, revisions[w]!)) throw new CarefulPathNeeded(`${encoded.streams[w]} is at revision ${revisions[w]}`);
    });

    let last = head;
    const results = encoded.counts.map((count, w): AppendResult => {
      if (count === 0) return { nextExpectedRevision: revisions[w]!, lastPosition: positions[w]!, appended: 0 };
      last += count;
      return { nextExpectedRevision: revisions[w]! + count, lastPosition: last, appended: count };
    });
    try {
      await copyIn(
        client,
        [
          `COPY ${database.quoted}.events (position, stream_name, revision, event_id, type, data, metadata) FROM STDIN`,
          `SELECT pg_notify(${pg.escapeLiteral(database.channel)}, '${last}')`,
          'COMMIT',
        ].join(';\n'),
        () => copyRows(encoded, { head, revisions }),
      );
    } catch (error) {
      if ((error as { code?: unknown }).code === uniqueViolation) throw new CarefulPathNeeded('an event id is stored already');
      throw error;
    }
    return results;
  });
