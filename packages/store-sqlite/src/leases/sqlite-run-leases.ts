import type { LeaseAcquisition, RunLease, RunLeaseStore } from '@depledger/core';
import type { SqliteDatabase } from '../database/open-database';

type LeaseRow = { token_id: string; run_id: string; expires_at: string };

const createTable = `
  CREATE TABLE IF NOT EXISTS run_leases (
    token_id   TEXT PRIMARY KEY,
    run_id     TEXT NOT NULL,
    expires_at TEXT NOT NULL
  ) WITHOUT ROWID`;

const leaseOf = (row: LeaseRow): RunLease => ({ tokenId: row.token_id, runId: row.run_id, expiresAt: row.expires_at });

/**
 * Sync runs' leases in a table of the depledger file (`run_leases`, one row per token, created on
 * first use: it holds no history, so it needs no schema version). Taking a lease reads and writes
 * under `BEGIN IMMEDIATE`, so of two processes on one file exactly one takes a free lease.
 */
export const createSqliteRunLeases = (database: SqliteDatabase): RunLeaseStore => {
  let statements: ReturnType<typeof prepare> | null = null;
  const prepare = () => {
    const { connection } = database;
    connection.exec(createTable);
    const read = connection.prepare<[string], LeaseRow>('SELECT token_id, run_id, expires_at FROM run_leases WHERE token_id = ?');
    const put = connection.prepare<[string, string, string]>(
      'INSERT INTO run_leases (token_id, run_id, expires_at) VALUES (?, ?, ?) ON CONFLICT (token_id) DO UPDATE SET run_id = excluded.run_id, expires_at = excluded.expires_at',
    );
    const renew = connection.prepare<[string, string, string]>('UPDATE run_leases SET expires_at = ? WHERE token_id = ? AND run_id = ?');
    const release = connection.prepare<[string, string]>('DELETE FROM run_leases WHERE token_id = ? AND run_id = ?');
    const acquire = connection.transaction((lease: RunLease, nowMs: number): LeaseAcquisition => {
      const held = read.get(lease.tokenId);
      if (held !== undefined && held.run_id !== lease.runId && Date.parse(held.expires_at) > nowMs)
        return { acquired: false, holder: leaseOf(held) };
      put.run(lease.tokenId, lease.runId, lease.expiresAt);
      return { acquired: true, lapsed: held !== undefined && held.run_id !== lease.runId ? leaseOf(held) : null };
    });
    return { read, renew, release, acquire };
  };
  const ready = () => (statements ??= prepare());
  return {
    acquire: async (lease, now) => ready().acquire.immediate(lease, now.getTime()),
    renew: async (lease) => ready().renew.run(lease.expiresAt, lease.tokenId, lease.runId).changes === 1,
    release: async (tokenId, runId) => {
      ready().release.run(tokenId, runId);
    },
    current: async (tokenId) => {
      const row = ready().read.get(tokenId);
      return row === undefined ? null : leaseOf(row);
    },
  };
};
