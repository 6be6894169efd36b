import type { LeaseAcquisition, RunLease, RunLeaseStore } from '@depledger/core';
import type { PostgresDatabase } from '../connection/postgres-database';

type LeaseRow = { token_id: string; run_id: string; expires_at: string };

const leaseOf = (row: LeaseRow): RunLease => ({ tokenId: row.token_id, runId: row.run_id, expiresAt: row.expires_at });

/** Two processes creating the table at once: the loser's error names a table that now exists. */
const createdByAnother = (error: unknown): boolean => {
  const code = (error as { code?: unknown }).code;
  return code === '42P07' || code === '23505';
};

/** The lease was inserted by another process between this one's read and its insert: read again. */
class LeaseRace extends Error {}

/**
 * Sync runs' leases in a table of the depledger schema (`run_leases`, one row per token, created on
 * first use: it holds no history, so it needs no schema step). Taking a lease locks the token's row
 * (`FOR UPDATE`) in a transaction, so of the processes and nodes sharing the schema exactly one
 * takes a free lease.
 */
export const createPostgresRunLeases = (database: PostgresDatabase): RunLeaseStore => {
  const s = database.quoted;
  let table: Promise<void> | null = null;
  const ready = (): Promise<void> =>
    (table ??= database
      .query('creating the run lease table', {
        text: `CREATE TABLE IF NOT EXISTS ${s}.run_leases (token_id text PRIMARY KEY, run_id text NOT NULL, expires_at text NOT NULL)`,
      })
      .then(
        () => undefined,
        (error: unknown) => {
          table = null;
          if (!createdByAnother(error)) throw error;
        },
      ));

  const tryAcquire = (lease: RunLease, nowMs: number): Promise<LeaseAcquisition> =>
    database.transaction(`taking the run lease of token ${lease.tokenId}`, async (client) => {
      const found = await client.query<LeaseRow>(
        `SELECT token_id, run_id, expires_at FROM ${s}.run_leases WHERE token_id = $1 FOR UPDATE`,
        [lease.tokenId],
      );
      const held = found.rows[0];
      if (held === undefined) {
        const inserted = await client.query(
          `INSERT INTO ${s}.run_leases (token_id, run_id, expires_at) VALUES ($1, $2, $3) ON CONFLICT (token_id) DO NOTHING RETURNING token_id`,
          [lease.tokenId, lease.runId, lease.expiresAt],
        );
        if (inserted.rowCount !== 1) throw new LeaseRace();
        return { acquired: true, lapsed: null };
      }
      if (held.run_id !== lease.runId && Date.parse(held.expires_at) > nowMs) return { acquired: false, holder: leaseOf(held) };
      await client.query(`UPDATE ${s}.run_leases SET run_id = $2, expires_at = $3 WHERE token_id = $1`, [
        lease.tokenId,
        lease.runId,
        lease.expiresAt,
      ]);
      return { acquired: true, lapsed: held.run_id !== lease.runId ? leaseOf(held) : null };
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
        text: `UPDATE ${s}.run_leases SET expires_at = $1 WHERE token_id = $2 AND run_id = $3 RETURNING token_id`,
        values: [lease.expiresAt, lease.tokenId, lease.runId],
      });
      return rows.length === 1;
    },
    async release(tokenId, runId) {
      await ready();
      await database.query('releasing a run lease', {
        text: `DELETE FROM ${s}.run_leases WHERE token_id = $1 AND run_id = $2`,
        values: [tokenId, runId],
      });
    },
    async current(tokenId) {
      await ready();
      const rows = await database.query<[string, string, string]>('reading a run lease', {
        text: `SELECT token_id, run_id, expires_at FROM ${s}.run_leases WHERE token_id = $1`,
        values: [tokenId],
      });
      const row = rows[0];
      return row === undefined ? null : { tokenId: row[0], runId: row[1], expiresAt: row[2] };
    },
  };
};
