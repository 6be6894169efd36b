import { runLeaseLost, type AppendResult, type RunFence } from '@depledger/core';
import type { PostgresDatabase } from '../connection/postgres-database';
import { appendResultsOf, appendStatement, asConcurrencyError, describeAppend, goesByCopy, type ResultRow } from '../event-store/append';
import { appendByCopy, CarefulPathNeeded } from '../event-store/append-by-copy';
import type { EncodedWrites } from '../event-store/encode-events';
import { leaseTableReady } from './postgres-run-leases';

/**
 * A fenced append: one transaction that first locks the token's lease row `FOR SHARE` and checks it
 * is held at the fence's epoch, then appends (by COPY for a call of at least `copyFromEvents`
 * events, else through `append_events_v2`; a COPY that needs the careful path is rolled back and the
 * whole transaction runs again through the function). A takeover locks the same row `FOR UPDATE`, so
 * it waits for a fenced append in flight to commit (and then its own events come after that
 * append's), and an append that waited on a takeover finds the new epoch and is refused: no event of
 * a run commits after another run took its token over. Nothing is written when the fence does not hold.
 */
export const appendWithinFence = async (
  database: PostgresDatabase,
  fence: RunFence,
  encoded: EncodedWrites,
  copyFromEvents: number,
): Promise<AppendResult[]> => {
  await leaseTableReady(database);
  const what = `${describeAppend(encoded)} under the run lease of token ${fence.tokenId}`;
  if (goesByCopy(encoded, copyFromEvents)) {
    try {
      return await appendByCopy(database, encoded, what, fence);
    } catch (error) {
      if (!(error instanceof CarefulPathNeeded)) throw error;
    }
  }
  try {
    return await database.transaction(what, async (client) => {
      const lease = await client.query<{ epoch: string; released: boolean }>(
        `SELECT epoch, released FROM ${database.quoted}.run_leases WHERE token_id = $1 FOR SHARE`,
        [fence.tokenId],
      );
      const row = lease.rows[0];
      const held = row === undefined || row.released ? null : Number(row.epoch);
      if (held !== fence.epoch) throw runLeaseLost(fence, held);
      const appended = await client.query<ResultRow>({ ...appendStatement(database, encoded), rowMode: 'array' });
      return appendResultsOf(appended.rows);
    });
  } catch (error) {
    throw asConcurrencyError(error);
  }
};
