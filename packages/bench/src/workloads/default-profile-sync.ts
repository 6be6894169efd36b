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
  assigned: number;
  events: number;
  fullPeakRssMb: number;
  fileBytes: number | null;
};
type RawPipeline = { fetched: number; modified: number; ms: number };
type RawFetch = { devices: number; ms: number[] };
type BareInsert = { events: number; documents: number; transactions: number; ms: number };

export type DefaultProfileSyncOptions = Readonly<{
  devices: number;
  /** Pairs of full syncs (without, then with a default profile), each on a fresh simulator, process and file. */
  runs: number;
  goalMs: number;
  /** The most the default-profile sync may take over the same sync without one, measured in the same run. */
  goalRatio: number;
  /** The most the same sync without a default profile may take, when the goal bounds it (the 100k row). */
  goalWithoutMs?: number;
  /** The most peak RSS the default-profile sync may reach, when the goal bounds it (the 1M row). */
  goalPeakRssMb?: number;
}>;

/** The SQLite file's bytes per device after the sync (the last run's). */
const storedPerDevice = (runs: readonly SyncResult[], devices: number): string => {
  const bytes = runs[runs.length - 1]?.fileBytes;
  return bytes === null || bytes === undefined ? 'unknown bytes' : `${(bytes / devices / 1024).toFixed(2)} KiB`;
};

/** A simulator of its own (each full sync changes what Apple holds), with the work done on it, then stopped. */
const onFreshSimulator = async <T>(devices: number, work: (summaryLine: string, summary: Summary) => Promise<T>): Promise<T> => {
  const simulator = await startNode(simulatorBin, ['--json', '--devices', String(devices), '--port', '0'], ['--max-old-space-size=8192']);
  try {
    return await work(simulator.firstLine, JSON.parse(simulator.firstLine) as Summary);
  } finally {
    await stopChild(simulator.child);
  }
};

/**
 * The walk-through's path at fleet scale: step 5 made a profile the token's default, so step 7's
 * full sync also requests, sends and records an assignment for every new device, and Apple's sync
 * feed reports each device back as modified (2 × devices records, 4 events per device). Measured
 * beside the same full sync without a default profile (pairs, back to back, each side on a fresh
 * simulator), and beside its limit: the same calls to Apple raw plus the same events and
 * documents written by bare better-sqlite3, one transaction per page.
 */
export const defaultProfileSync = async (options: DefaultProfileSyncOptions): Promise<Row[]> => {
  const { devices } = options;
  const dir = mkdtempSync(join(tmpdir(), 'depledger-bench-default-profile-'));
  try {
    const without: SyncResult[] = [];
    const withProfile: SyncResult[] = [];
    const sync = (summary: Summary, path: string, profile: boolean) =>
      runNodeJson<SyncResult>(
        join(dist, 'sync', 'depledger-sync-child.js'),
        [summary.url, summary.server_uuid, path, '0', ...(profile ? ['default-profile'] : [])],
        [],
      ).then(({ result }) => result);
    for (let r = 0; r < options.runs; r++) {
      without.push(await onFreshSimulator(devices, (_, summary) => sync(summary, join(dir, `without-${r}.db`), false)));
      const result = await onFreshSimulator(devices, (_, summary) => sync(summary, join(dir, `with-${r}.db`), true));
      if (result.counts['added'] !== devices || result.assigned !== devices)
        throw new Error(
          `the default-profile sync added ${result.counts['added']} and assigned ${result.assigned} devices, expected ${devices}`,
        );
      withProfile.push(result);
    }
    const raw = await onFreshSimulator(devices, (line) =>
      runNodeJson<RawPipeline>(join(dist, 'sync', 'raw-pipeline-child.js'), [line]).then(({ result }) => result),
    );
    if (raw.fetched !== devices || raw.modified !== devices)
      throw new Error(`the raw pipeline fetched ${raw.fetched} and saw ${raw.modified} modified, expected ${devices}`);
    const bare = (
      await runNodeJson<BareInsert>(join(dist, 'sync', 'bare-insert-child.js'), [
        join(dir, `with-${options.runs - 1}.db`),
        join(dir, 'bare.db'),
      ])
    ).result;
    // the same limit for the sync without a default profile: the fetch raw (its first, cold run, as
    // depledger's is), then that sync's events and documents by bare better-sqlite3, a page a transaction
    const rawFetch = await onFreshSimulator(devices, (line) =>
      runNodeJson<RawFetch>(join(dist, 'sync', 'raw-fetch-child.js'), [line, '1']).then(({ result }) => result),
    );
    if (rawFetch.devices !== devices) throw new Error(`the raw fetch read ${rawFetch.devices} devices, expected ${devices}`);
    const bareWithout = (
      await runNodeJson<BareInsert>(join(dist, 'sync', 'bare-insert-child.js'), [
        join(dir, `without-${options.runs - 1}.db`),
        join(dir, 'bare-without.db'),
        '1',
      ])
    ).result;
    const rawFetchMs = rawFetch.ms[0]!;

    const sample = sampleOf(withProfile.map((s) => s.fullMs));
    const plain = sampleOf(without.map((s) => s.fullMs));
    const ratio = sample.median / plain.median;
    const size = devices.toLocaleString('en');
    const peak = Math.max(...withProfile.map((s) => s.fullPeakRssMb));
    return [
      {
        id: `full-sync-default-profile-${devices}`,
        workload: `full sync of ${size} devices with a default profile (the walk-through's step 5, then step 7): every new device's assignment requested, sent and recorded, and reported back by Apple's sync feed (${(2 * devices).toLocaleString('en')} records, ${withProfile[0]!.events.toLocaleString('en')} events; device-status kept current inside each append's transaction; each run a fresh simulator, process and file)`,
        kind: 'ms',
        unit: 'ms',
        depledger: sample,
        limit: {
          label: `bare pipeline: the same Apple calls raw (${Math.round(raw.ms)} ms) + the same ${bare.events.toLocaleString('en')} events and ${bare.documents.toLocaleString('en')} documents by bare better-sqlite3 in ${bare.transactions} transactions (${Math.round(bare.ms)} ms)`,
          sample: sampleOf([raw.ms + bare.ms]),
        },
        peakRssMb: peak,
        goal: `≤ ${options.goalMs / 1000} s${options.goalPeakRssMb === undefined ? '' : `, peak RSS ≤ ${options.goalPeakRssMb} MB`} and ≤ ${options.goalRatio}× the sync without a default profile`,
        met:
          sample.median <= options.goalMs &&
          ratio <= options.goalRatio &&
          (options.goalPeakRssMb === undefined || peak <= options.goalPeakRssMb),
        note: `without a default profile, same run, back to back: ${(plain.median / 1000).toFixed(1)} s (× ${ratio.toFixed(2)}); ${storedPerDevice(withProfile, devices)} stored per device (goal ≤ 1.5 KiB)`,
      },
      {
        id: `full-sync-without-profile-${devices}`,
        workload: `the same full sync of ${size} devices without a default profile, each run paired with one above (fresh simulator, process and file)`,
        kind: 'ms',
        unit: 'ms',
        depledger: plain,
        limit: {
          label: `bare pipeline: the same pages fetched raw (${Math.round(rawFetchMs)} ms) + the same ${bareWithout.events.toLocaleString('en')} events and ${bareWithout.documents.toLocaleString('en')} documents by bare better-sqlite3 in ${bareWithout.transactions} transactions (${Math.round(bareWithout.ms)} ms)`,
          sample: sampleOf([rawFetchMs + bareWithout.ms]),
        },
        peakRssMb: Math.max(...without.map((s) => s.fullPeakRssMb)),
        ...(options.goalWithoutMs === undefined
          ? {}
          : { goal: `≤ ${options.goalWithoutMs / 1000} s`, met: plain.median <= options.goalWithoutMs }),
      },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};
