import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import BetterSqlite3 from 'better-sqlite3';
import { sampleOf, type Sample } from '../measure';
import type { Row } from '../row';
import { startNode, stopChild } from '../sync/child-process';

const cliBin = join(__dirname, '..', '..', '..', 'cli', 'dist', 'bin.js');
const rssPreload = join(__dirname, '..', 'sync', 'rss-on-exit.js');
const bareRebuildChild = join(__dirname, '..', 'sync', 'bare-rebuild-child.js');
const simulatorBin = join(require.resolve('@depledger/apple-simulator/package.json'), '..', 'dist', 'bin.js');

export type SeedPathCliOptions = Readonly<{ devices: number; runs: number }>;

type Ran = { ms: number; stdout: string; peakRssMb: number };

/** One `depledger` command as a user runs it: a child process of the binary, timed from spawn to exit, with its own peak RSS. */
const depledger = (dir: string, store: string, args: readonly string[]): Promise<Ran> =>
  new Promise((resolve, reject) => {
    const rssFile = join(dir, 'rss');
    rmSync(rssFile, { force: true });
    const started = performance.now();
    execFile(
      process.execPath,
      ['-r', rssPreload, cliBin, '--store', store, ...args],
      { maxBuffer: 1 << 30, env: { ...process.env, DEPLEDGER_BENCH_RSS_FILE: rssFile, NO_COLOR: '1' } },
      (error, stdout, stderr) => {
        const ms = performance.now() - started;
        if (error) return reject(new Error(`depledger ${args.join(' ')}: ${error.message} ${stderr.slice(-2000)}`));
        const peakRssMb = existsSync(rssFile) ? Number(readFileSync(rssFile, 'utf8')) / 1024 : Number.NaN;
        resolve({ ms, stdout, peakRssMb });
      },
    );
  });

const times = async (runs: number, once: () => Promise<Ran>): Promise<Ran[]> => {
  const all: Ran[] = [];
  for (let r = 0; r < runs; r++) all.push(await once());
  return all;
};

const ratioRow = (id: string, workload: string, ours: Sample, floor: Sample, most: number, what: string): Row => ({
  id,
  workload,
  kind: 'ms',
  unit: 'ms',
  depledger: ours,
  limit: { label: "the binary's bare start: `depledger --version` (Node start-up and module load)", sample: floor },
  goal: `≤ ${most}× the binary's bare start`,
  met: ours.median <= most * floor.median,
  note: `${(ours.median / floor.median).toFixed(2)}× the bare start; ${what}`,
});

/**
 * The seed's path at fleet scale through the `depledger` binary, as a new user runs it (each
 * command a child process on one SQLite file): key, the token issued for it, uploaded; a profile
 * defined, published and made the token's default (step 5); the full sync (step 7); then what an
 * administrator runs on that store — `summary`, a sync with no change, `devices --json` (its peak
 * RSS), and `rebuild device-status` — each beside the binary's bare start where the goal is a
 * multiple of it.
 */
export const seedPathCli = async (options: SeedPathCliOptions): Promise<Row[]> => {
  if (!existsSync(cliBin)) return [];
  const { devices, runs } = options;
  const dir = mkdtempSync(join(tmpdir(), 'depledger-bench-seed-path-'));
  const path = join(dir, 'depledger.db');
  const store = `sqlite:${path}`;
  const simulator = await startNode(simulatorBin, ['--json', '--devices', String(devices), '--port', '0'], ['--max-old-space-size=8192']);
  try {
    const { url, server_uuid: serverId } = JSON.parse(simulator.firstLine) as { url: string; server_uuid: string };
    const cli = (args: readonly string[]) => depledger(dir, store, args);
    const pem = join(dir, 'bench.pem');
    await cli(['key', 'generate', '--token', 'bench', '--out', pem]);
    const issued = await fetch(`${url}/_portal/servers/${serverId}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ certificatePem: readFileSync(pem, 'utf8') }),
    });
    if (!issued.ok) throw new Error(`the portal answered ${issued.status}`);
    const p7m = join(dir, 'bench.p7m');
    const { p7m: issuedP7m } = (await issued.json()) as { p7m: string };
    writeFileSync(p7m, issuedP7m);
    await cli(['token', 'upload', '--token', 'bench', '--file', p7m, '--apple-id', 'admin@bench.example', '--apple-url', url]);
    await cli(['profile', 'define', 'corp', '--token', 'bench', '--name', 'Bench corporate', '--url', 'https://mdm.bench.example/enroll']);
    await cli(['profile', 'publish', 'corp', '--apple-url', url]);
    await cli(['profile', 'default', 'corp', '--token', 'bench']);

    const full = await cli(['--json', 'sync', '--token', 'bench', '--full', '--apple-url', url]);
    const bytes = [path, `${path}-wal`].reduce((sum, file) => sum + (existsSync(file) ? statSync(file).size : 0), 0);

    const firstSummary = await cli(['summary', '--token', 'bench']);
    const floor = sampleOf((await times(runs + 2, () => cli(['--version']))).map((r) => r.ms));
    const summary = sampleOf((await times(runs, () => cli(['summary', '--token', 'bench']))).map((r) => r.ms));
    const noChange = sampleOf((await times(runs, () => cli(['sync', '--token', 'bench', '--apple-url', url]))).map((r) => r.ms));
    const listed = await times(runs, () => cli(['--json', 'devices', '--token', 'bench']));
    const count = (JSON.parse(listed[0]!.stdout) as unknown[]).length;
    if (count !== devices) throw new Error(`devices --json listed ${count} devices, expected ${devices}`);
    const rebuilt = await times(runs, () => cli(['rebuild', 'device-status']));
    const bareRebuilds = await times(runs, async () => {
      const output = join(dir, 'bare-rebuild.db');
      for (const file of [output, `${output}-wal`, `${output}-shm`]) rmSync(file, { force: true });
      const started = performance.now();
      const { stdout } = await new Promise<{ stdout: string }>((resolve, reject) =>
        execFile(process.execPath, [bareRebuildChild, path, output], { maxBuffer: 1 << 20 }, (error, out, stderr) =>
          error ? reject(new Error(`bare rebuild: ${error.message} ${stderr.slice(-1000)}`)) : resolve({ stdout: out }),
        ),
      );
      return { ms: performance.now() - started, stdout, peakRssMb: Number.NaN };
    });
    const db = new BetterSqlite3(path, { readonly: true });
    const events = db.prepare<[], number>('SELECT count(*) FROM events').pluck().get() ?? 0;
    db.close();

    const bareRead = (JSON.parse(bareRebuilds[0]!.stdout) as { read: number }).read;
    if (bareRead !== events) throw new Error(`the bare rebuild read ${bareRead} events, expected ${events}`);
    const size = devices.toLocaleString('en');
    const on = `on the SQLite file of a ${size}-device full sync with a default profile`;
    return [
      {
        id: `seed-cli-full-sync-${devices}`,
        workload: `\`depledger sync --full\` of ${size} devices with a default profile through the binary (the seed's steps 2–5 by the CLI first; one run: the sync changes what the simulator holds)`,
        kind: 'ms',
        unit: 'ms',
        depledger: sampleOf([full.ms]),
        peakRssMb: full.peakRssMb,
        note: `${(bytes / devices / 1024).toFixed(2)} KiB stored per device (goal ≤ 1.5 KiB); the first \`summary\` after it: ${Math.round(firstSummary.ms)} ms (read models current when sync returns)`,
      },
      ratioRow(`seed-cli-summary-${devices}`, `\`depledger summary --token\` ${on}`, summary, floor, 2, 'counts by status in SQLite'),
      ratioRow(
        `seed-cli-no-change-sync-${devices}`,
        `\`depledger sync\` with no change ${on}`,
        noChange,
        floor,
        2.5,
        'an incremental sync Apple answers with no device',
      ),
      {
        id: `seed-cli-devices-json-${devices}`,
        workload: `\`depledger devices --json\` ${on} (output read by the bench)`,
        kind: 'ms',
        unit: 'ms',
        depledger: sampleOf(listed.map((r) => r.ms)),
        peakRssMb: Math.max(...listed.map((r) => r.peakRssMb)),
        goal: 'streams its output: peak RSS ≤ 150 MB',
        met: Math.max(...listed.map((r) => r.peakRssMb)) <= 150,
      },
      {
        id: `seed-cli-rebuild-${devices}`,
        workload: `\`depledger rebuild device-status\` ${on} (${events.toLocaleString('en')} events; process start included)`,
        kind: 'rate',
        unit: 'events/s',
        depledger: sampleOf(rebuilt.map((r) => (events / r.ms) * 1000)),
        limit: {
          label:
            'bare rebuild: a Node process reading and JSON.parsing every event with bare better-sqlite3, one plain document per stream merged from the data, the documents and their key index written in one transaction',
          sample: sampleOf(bareRebuilds.map((r) => (events / r.ms) * 1000)),
        },
        peakRssMb: Math.max(...rebuilt.map((r) => r.peakRssMb)),
        goal: '≥ 200k events/s end to end',
        met: sampleOf(rebuilt.map((r) => (events / r.ms) * 1000)).median >= 200_000,
      },
    ];
  } finally {
    await stopChild(simulator.child);
    rmSync(dir, { recursive: true, force: true });
  }
};
