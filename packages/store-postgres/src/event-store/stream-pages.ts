import type { PostgresDatabase } from '../connection/postgres-database';
import { eventColumns, type EventRow } from './rows';

/** Loads one page of a stream: its events from `fromRevision` (inclusive), at most `limit`. */
export type StreamPageLoader = (streamName: string, fromRevision: number, limit: number) => Promise<EventRow[]>;

type Pending = Readonly<{ streamName: string; fromRevision: number; resolve(rows: EventRow[]): void; reject(error: unknown): void }>;

/** At most this many stream reads share one statement. */
const readsPerStatement = 1000;

/**
 * Stream pages asked for in the same turn of the event loop are read together, in one statement
 * (one round trip) per page size: a command batch folds a thousand device streams at once (a sync
 * page), and one query per stream would leave the run waiting on round trips. A lone read is one
 * statement as before; each caller gets exactly the rows a read of its own would have returned.
 */
export const createStreamPageLoader = (database: PostgresDatabase): StreamPageLoader => {
  const waiting = new Map<number, Pending[]>();
  let scheduled = false;

  const one = (limit: number, read: Pending): void => {
    database
      .query<EventRow>(`reading ${read.streamName}`, {
        name: `depledger-stream-${database.schema}`,
        text: `SELECT ${eventColumns} FROM ${database.quoted}.events WHERE stream_name = $1 AND revision >= $2 ORDER BY revision LIMIT $3`,
        values: [read.streamName, read.fromRevision, limit],
      })
      .then(read.resolve, read.reject);
  };

  const many = (limit: number, reads: readonly Pending[]): void => {
    database
      .query<[...EventRow, number]>(`reading ${reads.length} streams`, {
        name: `depledger-streams-${database.schema}`,
        text: `SELECT e.position, e.stream_name, e.revision, e.type, e.data, e.metadata, r.i::integer
               FROM unnest($1::text[], $2::integer[]) WITH ORDINALITY AS r(stream_name, from_revision, i)
               CROSS JOIN LATERAL (
                 SELECT ${eventColumns} FROM ${database.quoted}.events
                 WHERE stream_name = r.stream_name AND revision >= r.from_revision ORDER BY revision LIMIT $3
               ) e
               ORDER BY r.i, e.revision`,
        values: [reads.map((r) => r.streamName), reads.map((r) => r.fromRevision), limit],
      })
      .then(
        (rows) => {
          const pages: EventRow[][] = reads.map(() => []);
          for (const row of rows) pages[(row.pop() as number) - 1]!.push(row as unknown as EventRow);
          reads.forEach((read, i) => read.resolve(pages[i]!));
        },
        (error: unknown) => {
          for (const read of reads) read.reject(error);
        },
      );
  };

  const flush = (): void => {
    scheduled = false;
    const batches = [...waiting];
    waiting.clear();
    for (const [limit, reads] of batches) {
      for (let from = 0; from < reads.length; from += readsPerStatement) {
        const chunk = reads.slice(from, from + readsPerStatement);
        if (chunk.length === 1) one(limit, chunk[0]!);
        else many(limit, chunk);
      }
    }
  };

  return (streamName, fromRevision, limit) =>
    new Promise<EventRow[]>((resolve, reject) => {
      let reads = waiting.get(limit);
      if (reads === undefined) waiting.set(limit, (reads = []));
      reads.push({ streamName, fromRevision, resolve, reject });
      if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    });
};
