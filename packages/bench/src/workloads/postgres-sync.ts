import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { sampleOf } from '../measure';
import type { Row } from '../row';
import { runNodeJson, startNode, stopChild } from '../sync/child-process';
import { benchPostgresUrl } from './postgres';

const dist = join(__dirname, '..');
const simulatorBin = join(require.resolve('@depledger/apple-simulator/package.json'), '..', 'dist', 'bin.js');

type SyncResult = { fullMs: number; counts: Record<string, number>; events: number; fullPeakRssMb: number };

/**
 * Full sync of `devices` devices from the simulator into a fresh PostgreSQL schema (device status
 * kept current in the same schema), beside the same sync into a fresh SQLite file, run after run
 * in turn so both see the same machine load: the goal is PostgreSQL within 2× SQLite. Each sync
 * runs in a fresh process (the same child as the full-sync workload); every schema is dropped after.
 * `keepSqliteAt` keeps the last SQLite file (for the serve benchmark).
 */
export const postgresSync = async (devices: number, runs: number, keepSqliteAt?: string): Promise<Row[]> => {
  const dir = mkdtempSync(join(tmpdir(), 'depledger-bench-pgsync-'));
  const client = new pg.Client({ connectionString: benchPostgresUrl });
  await client.connect();
  const schemas: string[] = [];
  const postgres: SyncResult[] = [];
  const sqlite: SyncResult[] = [];
  try {
    for (let r = 0; r < runs; r++) {
      for (const target of ['postgres', 'sqlite'] as const) {
        // a fresh simulator each time: a token's credentials stop working once depledger renews them
        const simulator = await startNode(
          simulatorBin,
          ['--json', '--devices', String(devices), '--port', '0'],
          ['--max-old-space-size=8192'],
        );
        try {
          const summary = JSON.parse(simulator.firstLine) as { url: string; server_uuid: string };
          const schema = `dlbench_sync_${randomBytes(4).toString('hex')}`;
          if (target === 'postgres') schemas.push(schema);
          const file = r === runs - 1 && keepSqliteAt !== undefined ? keepSqliteAt : join(dir, `sync-${r}.db`);
          const location = target === 'postgres' ? `${benchPostgresUrl}?schema=${schema}` : file;
          const { result } = await runNodeJson<SyncResult>(
            join(dist, 'sync', 'depledger-sync-child.js'),
            [summary.url, summary.server_uuid, location, '0'],
            [],
          );
          if (result.counts['added'] !== devices)
            throw new Error(`the ${target} sync added ${result.counts['added']} devices, expected ${devices}`);
          (target === 'postgres' ? postgres : sqlite).push(result);
        } finally {
          await stopChild(simulator.child);
        }
      }
    }
    const ours = sampleOf(postgres.map((s) => s.fullMs));
    const beside = sampleOf(sqlite.map((s) => s.fullMs));
    const size = devices.toLocaleString('en');
    return [
      {
        id: `postgres-full-sync-${devices}`,
        workload: `full sync of ${size} devices from the simulator over loopback into a fresh PostgreSQL schema, device-status projection kept current (${postgres[0]!.events.toLocaleString('en')} events; each run a fresh process, JIT warm-up included)`,
        kind: 'ms',
        unit: 'ms',
        depledger: ours,
        limit: { label: 'the same sync into a fresh SQLite file, runs interleaved', sample: beside },
        peakRssMb: Math.max(...postgres.map((s) => s.fullPeakRssMb)),
        goal: '≤ 2× the SQLite sync',
        met: ours.median <= 2 * beside.median,
      },
    ];
  } finally {
    for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await client.end();
    rmSync(dir, { recursive: true, force: true });
  }
};
