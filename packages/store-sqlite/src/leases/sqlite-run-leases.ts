import type { LeaseAcquisition, RecordedRunLease, RunLease, RunLeaseStore } from '@depledger/core';
import type { SqliteDatabase } from '../database/open-database';

type LeaseRow = { token_id: string; run_id: string; expires_at: string; epoch: number; released: number };

/**
 * The run lease table. `epoch` counts the token's acquisitions (the fence a run's writes carry);
 * a released lease keeps its row (`released = 1`) so the epoch never goes back. Files written before
 * epochs existed get the two columns on first use.
 */
const createTable = `
  CREATE TABLE IF NOT EXISTS run_leases (
    token_id   TEXT PRIMARY KEY,
    run_id     TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    epoch      INTEGER NOT NULL DEFAULT 0,
    released   INTEGER NOT NULL DEFAULT 0
  ) WITHOUT ROWID`;

const addedColumns = [
  ['epoch', 'ALTER TABLE run_leases ADD COLUMN epoch INTEGER NOT NULL DEFAULT 0'],
  ['released', 'ALTER TABLE run_leases ADD COLUMN released INTEGER NOT NULL DEFAULT 0'],
] as const;

const leaseOf = (row: LeaseRow): RecordedRunLease => ({
  tokenId: row.token_id,
  runId: row.run_id,
  expiresAt: row.expires_at,
  epoch: row.epoch,
});

const prepared = new WeakMap<SqliteDatabase, ReturnType<typeof prepare>>();

const prepare = (database: SqliteDatabase) => {
  const { connection } = database;
  connection
    .transaction(() => {
      connection.exec(createTable);
      const columns = new Set((connection.pragma('table_info(run_leases)') as { name: string }[]).map((c) => c.name));
      for (const [name, sql] of addedColumns) if (!columns.has(name)) connection.exec(sql);
    })
    .immediate();
  const read = connection.prepare<[string], LeaseRow>(
    'SELECT token_id, run_id, expires_at, epoch, released FROM run_leases WHERE token_id = ?',
  );
  const put = connection.prepare<[string, string, string, number]>(
    'INSERT INTO run_leases (token_id, run_id, expires_at, epoch, released) VALUES (?, ?, ?, ?, 0) ON CONFLICT (token_id) DO UPDATE SET run_id = excluded.run_id, expires_at = excluded.expires_at, epoch = excluded.epoch, released = 0',
  );
  const renew = connection.prepare<[string, string, string]>(
    'UPDATE run_leases SET expires_at = ? WHERE token_id = ? AND run_id = ? AND released = 0',
  );
  const release = connection.prepare<[string, string]>(
    'UPDATE run_leases SET released = 1 WHERE token_id = ? AND run_id = ? AND released = 0',
  );
  const acquire = connection.transaction((lease: RunLease, nowMs: number): LeaseAcquisition => {
    const row = read.get(lease.tokenId);
    const held = row !== undefined && row.released === 0 ? row : undefined;
    if (held !== undefined && held.run_id !== lease.runId && Date.parse(held.expires_at) > nowMs)
      return { acquired: false, holder: leaseOf(held) };
    const epoch = held?.run_id === lease.runId ? held.epoch : (row?.epoch ?? 0) + 1;
    put.run(lease.tokenId, lease.runId, lease.expiresAt, epoch);
    return { acquired: true, epoch, lapsed: held !== undefined && held.run_id !== lease.runId ? leaseOf(held) : null };
  });
  return { read, renew, release, acquire };
};

const leaseStatements = (database: SqliteDatabase): ReturnType<typeof prepare> => {
  let statements = prepared.get(database);
  if (statements === undefined) {
    statements = prepare(database);
    prepared.set(database, statements);
  }
  return statements;
};

/** The epoch that holds the token's lease now (null: released or never taken). Inside a transaction, it stays so until the commit. */
export const heldLeaseEpoch = (database: SqliteDatabase, tokenId: string): number | null => {
  const row = leaseStatements(database).read.get(tokenId);
  return row === undefined || row.released !== 0 ? null : row.epoch;
};

/**
 * Sync runs' leases in a table of the depledger file (`run_leases`, one row per token, created on
 * first use: it holds no history, so it needs no schema version). Taking a lease reads and writes
 * under `BEGIN IMMEDIATE`, so of two processes on one file exactly one takes a free lease.
 */
export const createSqliteRunLeases = (database: SqliteDatabase): RunLeaseStore => ({
  acquire: async (lease, now) => leaseStatements(database).acquire.immediate(lease, now.getTime()),
  renew: async (lease) => leaseStatements(database).renew.run(lease.expiresAt, lease.tokenId, lease.runId).changes === 1,
  release: async (tokenId, runId) => {
    leaseStatements(database).release.run(tokenId, runId);
  },
  current: async (tokenId) => {
    const row = leaseStatements(database).read.get(tokenId);
    return row === undefined || row.released !== 0 ? null : leaseOf(row);
  },
});
