import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { arch, cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { consoleLine } from './report/format';
import { markdown, type Results } from './report/markdown';
import type { Row } from './row';
import type { WorkloadRequest } from './run-workload';
import { runNodeJson } from './sync/child-process';

/**
 * `pnpm bench` runs every workload (each in a fresh Node process) and writes docs/benchmarks.json
 * and docs/benchmarks.md from it. `--quick` runs the same code on tiny inputs in seconds and
 * writes nothing: it is part of `pnpm test`. `--with-1m-sync` adds the 1M-device syncs (without and with a default profile); `--with-fleet`
 * the fleet scheduler's simulated hour (10,000 tokens × 100 devices, three nodes, one PostgreSQL;
 * `--fleet-tokens <n>` for another size). `--only <workload>[,<workload>…]` measures only those
 * (by the names of run-workload.ts: `fleet`, `postgres-sync`, …; the workloads that read the full
 * sync's file bring `full-sync` along) and carries every other row over from docs/benchmarks.json,
 * saying from which run.
 */
const quick = process.argv.includes('--quick');
const with1mSync = process.argv.includes('--with-1m-sync');
const withFleet = process.argv.includes('--with-fleet');
const fleetTokens = (() => {
  const at = process.argv.indexOf('--fleet-tokens');
  const tokens = at < 0 ? 10_000 : Number(process.argv[at + 1]);
  if (!Number.isSafeInteger(tokens) || tokens < 100) throw new Error('--fleet-tokens takes a whole number of tokens, 100 or more');
  return tokens;
})();
/** Workloads that read the file another one leaves behind. */
const readsFileOf: Readonly<Record<string, string>> = {
  'cli-devices': 'full-sync',
  'device-page': 'full-sync',
  'serve-devices': 'full-sync',
};
const only = (() => {
  const at = process.argv.indexOf('--only');
  if (at < 0) return null;
  const names = (process.argv[at + 1] ?? '').split(',').filter((name) => name.length > 0);
  if (names.length === 0) throw new Error('--only takes workload names separated by commas (e.g. --only fleet,postgres-sync)');
  return new Set([...names, ...names.flatMap((name) => readsFileOf[name] ?? [])]);
})();
const root = join(__dirname, '..', '..', '..');
const docs = join(root, 'docs');

const machine = `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'cpu'}, Node ${process.version}, ${Math.round(totalmem() / 2 ** 30)} GiB, ${arch()}`;
const load = (() => {
  try {
    return execFileSync('uptime', { encoding: 'utf8' }).trim();
  } catch {
    return `load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(', ')}`;
  }
})();

const plan = (scratch: string): WorkloadRequest[] =>
  quick
    ? [
        { name: 'in-memory-append', sizes: [1_000, 5_000, 10_000], runs: 2, peerBudgetMs: 5_000 },
        { name: 'in-memory-rehydrate', events: 1_000, runs: 2, peerFillBudgetMs: 5_000 },
        { name: 'in-memory-rehydrate', events: 10_000, runs: 2, peerFillBudgetMs: 5_000 },
        { name: 'sqlite', events: 1_000, runs: 2 },
        { name: 'sqlite', events: 10_000, runs: 2 },
        { name: 'rebuild-memory', events: 10_000, runs: 2, peerFillBudgetMs: 5_000 },
        { name: 'rebuild-sqlite', events: 10_000, runs: 2 },
        { name: 'as-of', events: 10_000, samples: 20 },
        { name: 'full-sync', devices: 2_000, runs: 1, incrementalRuns: 3, fullGoalMs: 15_000, keepDatabaseAt: join(scratch, 'sync.db') },
        { name: 'cli-devices', path: join(scratch, 'sync.db'), devices: 2_000, runs: 1 },
        { name: 'device-page', path: join(scratch, 'sync.db'), devices: 2_000, runs: 1 },
        { name: 'default-profile-sync', devices: 2_000, runs: 1, goalMs: 6_000, goalRatio: 1.5 },
        { name: 'seed-path-cli', devices: 2_000, runs: 1 },
        { name: 'serve-devices', path: join(scratch, 'sync.db'), devices: 2_000, runs: 1, seconds: 1 },
      ]
    : [
        { name: 'in-memory-append', sizes: [10_000, 100_000, 1_000_000], runs: 3, peerBudgetMs: 30_000 },
        { name: 'in-memory-rehydrate', events: 10_000, runs: 5, peerFillBudgetMs: 60_000 },
        { name: 'in-memory-rehydrate', events: 100_000, runs: 5, peerFillBudgetMs: 60_000 },
        { name: 'in-memory-rehydrate', events: 1_000_000, runs: 3, peerFillBudgetMs: 60_000 },
        { name: 'sqlite', events: 10_000, runs: 5 },
        { name: 'sqlite', events: 100_000, runs: 3 },
        { name: 'sqlite', events: 1_000_000, runs: 3 },
        { name: 'postgres', events: 100_000, runs: 3 },
        { name: 'postgres-sync', devices: 100_000, runs: 2 },
        { name: 'rebuild-memory', events: 100_000, runs: 3, peerFillBudgetMs: 60_000 },
        { name: 'rebuild-memory', events: 1_000_000, runs: 3, peerFillBudgetMs: 60_000 },
        { name: 'rebuild-sqlite', events: 1_000_000, runs: 3 },
        { name: 'as-of', events: 1_000_000, samples: 200 },
        { name: 'full-sync', devices: 100_000, runs: 3, incrementalRuns: 6, fullGoalMs: 15_000, keepDatabaseAt: join(scratch, 'sync.db') },
        { name: 'cli-devices', path: join(scratch, 'sync.db'), devices: 100_000, runs: 3 },
        { name: 'device-page', path: join(scratch, 'sync.db'), devices: 100_000, runs: 3 },
        { name: 'default-profile-sync', devices: 100_000, runs: 3, goalMs: 6_000, goalRatio: 1.5, goalWithoutMs: 4_000 },
        { name: 'seed-path-cli', devices: 100_000, runs: 3 },
        { name: 'serve-devices', path: join(scratch, 'sync.db'), devices: 100_000, runs: 3, seconds: 10 },
        { name: 'webhook-delivery', events: 10_000, runs: 3 },
        ...(with1mSync
          ? ([
              { name: 'full-sync', devices: 1_000_000, runs: 1, incrementalRuns: 4, fullGoalMs: 180_000 },
              { name: 'default-profile-sync', devices: 1_000_000, runs: 1, goalMs: 90_000, goalRatio: 1.5, goalPeakRssMb: 400 },
            ] as const)
          : []),
        ...(withFleet ? [{ name: 'fleet', tokens: fleetTokens, tokensPerTenant: 10, devicesPerToken: 100 } as const] : []),
      ];

/**
 * Rows this run did not measure, from the last run that did: the 1M-device sync's and the fleet's
 * without their flags, and with `--only` every row of another workload. A row carried over before
 * keeps the run it was measured in.
 */
const carriedOver = (measured: readonly Row[]): Row[] => {
  const file = join(docs, 'benchmarks.json');
  if (quick || !existsSync(file)) return [];
  const previous = JSON.parse(readFileSync(file, 'utf8')) as Results;
  const measuredIds = new Set(measured.map((r) => r.id));
  const carry = (keep: (id: string) => boolean, command: string) =>
    previous.rows
      .filter((r) => typeof r.id === 'string' && !measuredIds.has(r.id) && keep(r.id))
      .map((r) =>
        (r.note ?? '').startsWith('carried over')
          ? r
          : { ...r, note: `carried over from the run of ${previous.measuredAt} (\`${command}\`); ${r.note ?? ''}`.trim() },
      );
  if (only !== null) return carry(() => true, previous.command);
  return [
    ...(with1mSync ? [] : carry((id) => id.endsWith('-1000000') && /sync|serving/.test(id), 'pnpm bench --with-1m-sync')),
    ...(withFleet ? [] : carry((id) => id.startsWith('fleet-'), 'pnpm bench --with-fleet')),
  ];
};

/** Rows in the order of docs/benchmarks.json (so `--only` changes rows, not where they stand); new rows last. */
const inLastRunsOrder = (): ((a: Row, b: Row) => number) => {
  const file = join(docs, 'benchmarks.json');
  const ids = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Results).rows.map((r) => r.id) : [];
  const place = (row: Row) => {
    const at = ids.indexOf(row.id);
    return at < 0 ? ids.length : at;
  };
  return (a, b) => place(a) - place(b);
};

const main = async () => {
  const started = performance.now();
  const measuredAt = new Date().toISOString();
  const scratch = mkdtempSync(join(tmpdir(), 'depledger-bench-'));
  const rows: Row[] = [];
  console.log(`machine: ${machine}`);
  console.log(`load: ${load}`);
  try {
    for (const request of plan(scratch).filter((r) => only === null || only.has(r.name))) {
      const t = performance.now();
      const { result } = await runNodeJson<Row[]>(
        join(__dirname, 'run-workload.js'),
        [JSON.stringify(request)],
        ['--max-old-space-size=8192'],
      );
      for (const row of result) console.log(consoleLine(row));
      console.log(`  (${request.name} took ${((performance.now() - t) / 1000).toFixed(1)} s)`);
      rows.push(...result);
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  rows.push(...carriedOver(rows));
  if (only !== null) rows.sort(inLastRunsOrder());
  if (quick) return;
  const command = `pnpm bench${with1mSync ? ' --with-1m-sync' : ''}${withFleet ? ` --with-fleet${fleetTokens === 10_000 ? '' : ` --fleet-tokens ${fleetTokens}`}` : ''}${only === null ? '' : ` --only ${[...only].join(',')}`}`;
  const results: Results = { machine, load, measuredAt, durationS: (performance.now() - started) / 1000, command, rows };
  mkdirSync(docs, { recursive: true });
  writeFileSync(join(docs, 'benchmarks.json'), `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(join(docs, 'benchmarks.md'), markdown(results));
  console.log(`wrote docs/benchmarks.json and docs/benchmarks.md (${Math.round(results.durationS)} s)`);
};

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
