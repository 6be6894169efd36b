import type { LeaseAcquisition, RecordedRunLease, RunLease, RunLeaseStore } from '@depledger/core';
import type { PostgresDatabase } from '../connection/postgres-database';

type LeaseRow = { token_id: string; run_id: string; expires_at: string; epoch: number; released: boolean };

const leaseOf = (row: LeaseRow): RecordedRunLease => ({
  tokenId: row.token_id,
  runId: row.run_id,
  expiresAt: row.expires_at,
  epoch: Number(row.epoch),
});

/** Two processes creating the table (or its columns) at once: the loser's error names what now exists. */
const createdByAnother = (error: unknown): boolean => {
  const code = (error as { code?: unknown }).code;
  return code === '42P07' || code === '23505' || code === '42701';
};

const tables = new WeakMap<PostgresDatabase, Promise<void>>();

/**
 * Creates the lease table on first use. `epoch` counts the token's acquisitions (the fence a run's
 * writes carry); a released lease keeps its row (`released`) so the epoch never goes back. A table
 * made before epochs existed gets the two columns.
 */
export const leaseTableReady = (database: PostgresDatabase): Promise<void> => {
  const s = database.quoted;
  let ready = tables.get(database);
  if (ready === undefined) {
    ready = (async () => {
      await database.query('creating the run lease table', {
        text: `CREATE TABLE IF NOT EXISTS ${s}.run_leases (token_id text PRIMARY KEY, run_id text NOT NULL, expires_at text NOT NULL, epoch bigint NOT NULL DEFAULT 0, released boolean NOT NULL DEFAULT false)`,
      });
      const columns = await database.query<[string]>('reading the run lease table', {
        text: `SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = 'run_leases' AND column_name IN ('epoch', 'released')`,
        values: [database.schema],
      });
      if (columns.length < 2)
        await database.query('adding epochs to the run lease table', {
          text: `ALTER TABLE ${s}.run_leases ADD COLUMN IF NOT EXISTS epoch bigint NOT NULL DEFAULT 0, ADD COLUMN IF NOT EXISTS released boolean NOT NULL DEFAULT false`,
        });
    })().catch((error: unknown) => {
      tables.delete(database);
      if (!createdByAnother(error)) throw error;
    });
    tables.set(database, ready);
  }
  return ready;
};

/** The lease was inserted by another process between this one's read and its insert: read again. */
class LeaseRace extends Error {}

/**
 * Sync runs' leases in a table of the depledger schema (`run_leases`, one row per token, created on
 * first use: it holds no history, so it needs no schema step). Taking a lease locks the token's row
 * (`FOR UPDATE`) in a transaction, so of the processes and nodes sharing the schema exactly one
 * takes a free lease, and a takeover waits for the fenced appends in flight (see postgres-run-fence.ts).
 */
export const createPostgresRunLeases = (database: PostgresDatabase): RunLeaseStore => {
  const s = database.quoted;
  const ready = (): Promise<void> => leaseTableReady(database);

  const tryAcquire = (lease: RunLease, nowMs: number): Promise<LeaseAcquisition> =>
    database.transaction(`taking the run lease of token ${lease.tokenId}`, async (client) => {
      const found = await client.query<LeaseRow>(
        `SELECT token_id, run_id, expires_at, epoch, released FROM ${s}.run_leases WHERE token_id = $1 FOR UPDATE`,
        [lease.tokenId],
      );
      const row = found.rows[0];
      if (row === undefined) {
        const inserted = await client.query(
          `INSERT INTO ${s}.run_leases (token_id, run_id, expires_at, epoch) VALUES ($1, $2, $3, 1) ON CONFLICT (token_id) DO NOTHING RETURNING token_id`,
          [lease.tokenId, lease.runId, lease.expiresAt],
        );
        if (inserted.rowCount !== 1) throw new LeaseRace();
        return { acquired: true, epoch: 1, lapsed: null };
      }
      const held = row.released ? null : row;
      if (held !== null && held.run_id !== lease.runId && Date.parse(held.expires_at) > nowMs)
        return { acquired: false, holder: leaseOf(held) };
      const epoch = held?.run_id === lease.runId ? Number(held.epoch) : Number(row.epoch) + 1;
      await client.query(`UPDATE ${s}.run_leases SET run_id = $2, expires_at = $3, epoch = $4, released = false WHERE token_id = $1`, [
        lease.tokenId,
        lease.runId,
        lease.expiresAt,
        epoch,
      ]);
      return { acquired: true, epoch, lapsed: held !== null && held.run_id !== lease.runId ? leaseOf(held) : null };
    });

  return {
    async acquire(lease, now) {
      await ready();
      for (let attempt = 1; ; attempt += 1) {
        try {
          return await tryAcquire(lease, now.getTime());
        } catch (error) {
          if (!(error instanceof LeaseRace) || attempt >= 3) throw error;
        }
      }
    },
    async renew(lease) {
      await ready();
      const rows = await database.query('renewing a run lease', {
        text: `UPDATE ${s}.run_leases SET expires_at = $1 WHERE token_id = $2 AND run_id = $3 AND NOT released RETURNING token_id`,
        values: [lease.expiresAt, lease.tokenId, lease.runId],
      });
      return rows.length === 1;
    },
    async release(tokenId, runId) {
      await ready();
      await database.query('releasing a run lease', {
        text: `UPDATE ${s}.run_leases SET released = true WHERE token_id = $1 AND run_id = $2 AND NOT released`,
        values: [tokenId, runId],
      });
    },
    async current(tokenId) {
      await ready();
      const rows = await database.query<[string, string, string, number]>('reading a run lease', {
        text: `SELECT token_id, run_id, expires_at, epoch FROM ${s}.run_leases WHERE token_id = $1 AND NOT released`,
        values: [tokenId],
      });
      const row = rows[0];
      return row === undefined ? null : { tokenId: row[0], runId: row[1], expiresAt: row[2], epoch: Number(row[3]) };
    },
  };
};
