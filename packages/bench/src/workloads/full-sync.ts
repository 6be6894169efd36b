import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sampleOf } from '../measure';
import type { Row } from '../row';
import { runNodeJson, startNode, stopChild } from '../sync/child-process';

const dist = join(__dirname, '..');
const simulatorBin = join(require.resolve('@depledger/apple-simulator/package.json'), '..', 'dist', 'bin.js');

type Summary = { url: string; server_uuid: string; devices: number };
type SyncResult = {
  fullMs: number;
  counts: Record<string, number>;
  events: number;
  fullPeakRssMb: number;
  incrementalMs: number[];
  peakRssMb: number;
};
type RawResult = { devices: number; ms: number[]; syncMs: number[]; peakRssMb: number };

export type FullSyncOptions = Readonly<{
  devices: number;
  /** Full syncs, each in a fresh process into a fresh file. */
  runs: number;
  /** Incremental no-change syncs after each full one (the first is a warm-up). */
  incrementalRuns: number;
  /** Keep the last run's database here (for the CLI benchmark). */
  keepDatabaseAt?: string;
  fullGoalMs: number;
}>;

/**
 * Full sync of `devices` devices from the simulator (its own process, bin.js) into SQLite with
 * the device-status projection kept current (depledger in its own process: its peak RSS alone),
 * beside a raw HTTP loop fetching the same pages (in a third process); then incremental syncs
 * with no change. The raw loop also gives the simulator's serving rate.
 */
export const fullSync = async (options: FullSyncOptions): Promise<Row[]> => {
  const { devices } = options;
  const simulator = await startNode(simulatorBin, ['--json', '--devices', String(devices), '--port', '0'], ['--max-old-space-size=8192']);
  const dir = mkdtempSync(join(tmpdir(), 'depledger-bench-sync-'));
  try {
    const summary = JSON.parse(simulator.firstLine) as Summary;
    // the limit first: the token's original credentials stop working once depledger renews it
    const raw = await runNodeJson<RawResult>(join(dist, 'sync', 'raw-fetch-child.js'), [simulator.firstLine, String(options.runs + 1)]);
    if (raw.result.devices !== devices) throw new Error(`the raw loop fetched ${raw.result.devices} devices, expected ${devices}`);
    const rawMs = sampleOf(raw.result.ms.slice(1));
    const syncs: SyncResult[] = [];
    for (let r = 0; r < options.runs; r++) {
      const path = r === options.runs - 1 && options.keepDatabaseAt !== undefined ? options.keepDatabaseAt : join(dir, `sync-${r}.db`);
      // Node's default flags, as a user's process gets them
      const { result } = await runNodeJson<SyncResult>(
        join(dist, 'sync', 'depledger-sync-child.js'),
        [summary.url, summary.server_uuid, path, String(options.incrementalRuns)],
        [],
      );
      if (result.counts['added'] !== devices) throw new Error(`the full sync added ${result.counts['added']} devices, expected ${devices}`);
      syncs.push(result);
    }
    const full = sampleOf(syncs.map((s) => s.fullMs));
    const incremental = sampleOf(syncs.flatMap((s) => s.incrementalMs.slice(1)));
    const peak = Math.max(...syncs.map((s) => s.fullPeakRssMb));
    const size = devices.toLocaleString('en');
    const rawRate = sampleOf(raw.result.ms.slice(1).map((ms) => devices / (ms / 1000)));
    return [
      {
        id: `full-sync-${devices}`,
        workload: `full sync of ${size} devices from the simulator over loopback into SQLite, device-status projection kept current (${syncs[0]!.events.toLocaleString('en')} events written; each run a fresh process and file, JIT warm-up included as for a user)`,
        kind: 'ms',
        unit: 'ms',
        depledger: full,
        limit: { label: 'raw HTTP loop fetching the same pages', sample: rawMs },
        peakRssMb: peak,
        goal: `≤ ${options.fullGoalMs / 1000} s${devices >= 1_000_000 ? ', peak RSS ≤ 400 MB' : ''}`,
        met: full.median <= options.fullGoalMs && (devices < 1_000_000 || peak <= 400),
      },
      {
        id: `incremental-sync-${devices}`,
        workload: `incremental sync with no changes after the full sync of ${size} devices (projection caught up; first run of each process is a warm-up)`,
        kind: 'ms',
        unit: 'ms',
        depledger: incremental,
        limit: { label: 'one raw /devices/sync request from the same cursor', sample: sampleOf(raw.result.syncMs) },
        goal: '≤ 100 ms',
        met: incremental.median <= 100,
      },
      {
        id: `simulator-serving-${devices}`,
        workload: `the simulator serving a full fetch of ${size} devices in pages of 1000 (server and client each in its own process, client parses JSON)`,
        kind: 'rate',
        unit: 'devices/s',
        depledger: rawRate,
        goal: '≥ 50k devices/s',
        met: rawRate.median >= 50_000,
        note: `the simulator is the sync's limit; it seeded ${size} devices and listened in ${(simulator.startMs / 1000).toFixed(1)} s`,
      },
    ];
  } finally {
    await stopChild(simulator.child);
    rmSync(dir, { recursive: true, force: true });
  }
};
