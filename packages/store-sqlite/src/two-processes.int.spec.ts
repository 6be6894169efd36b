import { execFileSync, spawn } from 'node:child_process';
import { join } from 'node:path';
import type { StoredEvent } from '@depledger/core';
import { createSqliteEventStore } from './index';
import { tempDirectory } from './testing/temp-directory';

// Two real processes append to one file through the built package (dist), while this process
// reads and subscribes through its own connection.

const root = join(__dirname, '..', '..', '..');
const worker = join(__dirname, '..', 'test-fixtures', 'append-worker.cjs');

type WorkerReport = { worker: string; batches: number; conflicts: number };

const runWorker = (args: string[]): Promise<WorkerReport> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [worker, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as WorkerReport) : reject(new Error(`worker ${args[1]} exited ${code}: ${err}`))));
  });

const toArray = async <T>(items: AsyncIterable<T>): Promise<T[]> => {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
};

type WorkerData = { worker: string; batch: number; index: number; of: number };

describe('two processes on one SQLite file', () => {
  let directory: ReturnType<typeof tempDirectory>;

  beforeAll(() => {
    execFileSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-b', 'packages/store-sqlite'], { cwd: root, stdio: 'pipe' });
  }, 60_000);
  beforeEach(() => (directory = tempDirectory('two-processes')));
  afterEach(() => directory.remove());

  it('appends from both with expected revisions: none lost, none doubled, revisions contiguous, no half batch ever seen', async () => {
    const path = directory.file('depledger.db');
    const stream = 'dep-sync-token-shared';
    const batches = 250;
    const batchSize = 5;
    const reader = createSqliteEventStore({ path, pollIntervalMs: 10 });
    const subscription = reader.subscribe({ streamPrefixes: ['dep-sync-'] });
    const live: StoredEvent[] = [];
    const following = (async () => {
      for await (const event of subscription) live.push(event);
    })();

    const startAt = `${Date.now() + 500}`;
    const workers = Promise.all(
      ['alpha', 'beta'].map((name) => runWorker([path, name, `${batches}`, `${batchSize}`, stream, startAt])),
    );
    let done = false;
    void workers.finally(() => (done = true)).catch(() => undefined);

    // While they write: every snapshot holds whole batches only.
    const halfBatches: number[] = [];
    let snapshots = 0;
    while (!done) {
      const seen = await toArray(reader.readStream(stream));
      if (seen.length % batchSize !== 0) halfBatches.push(seen.length);
      snapshots += 1;
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    const reports = await workers;

    const events = await toArray(reader.readStream(stream));
    const total = 2 * batches * batchSize;
    expect(halfBatches).toEqual([]);
    expect(snapshots).toBeGreaterThan(0);
    expect(events).toHaveLength(total);
    expect(events.map((e) => e.revision)).toEqual(Array.from({ length: total }, (_, i) => i));
    expect(new Set(events.map((e) => e.metadata.eventId)).size).toBe(total);
    // Each batch sits in one piece, in order, at consecutive revisions.
    for (let start = 0; start < total; start += batchSize) {
      const batch = events.slice(start, start + batchSize).map((e) => e.data as WorkerData);
      expect(batch.map((d) => `${d.worker}-${d.batch}-${d.index}`)).toEqual(
        Array.from({ length: batchSize }, (_, i) => `${batch[0]?.worker}-${batch[0]?.batch}-${i}`),
      );
    }
    // The two really overlapped: the stream's batches alternate between them at least once each way.
    const owners = events.filter((_, i) => i % batchSize === 0).map((e) => (e.data as WorkerData).worker);
    const switches = owners.filter((owner, i) => i > 0 && owner !== owners[i - 1]).length;
    expect(switches).toBeGreaterThanOrEqual(2);
    // Each worker's batches appear in its own order.
    for (const name of ['alpha', 'beta']) {
      const order = events.map((e) => e.data as WorkerData).filter((d) => d.worker === name && d.index === 0).map((d) => d.batch);
      expect(order).toEqual(Array.from({ length: batches }, (_, i) => i));
    }

    const deadline = Date.now() + 3000;
    while (live.length < total && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    await subscription.close();
    await following;
    expect(live.map((e) => e.position)).toEqual(events.map((e) => e.position));
    await reader.close();
    // Reported for the reader of the test log: how hard the two fought over the stream.
    process.stdout.write(`two-process appends: ${reports.map((r) => `${r.worker} ${r.conflicts} conflicts`).join(', ')}, ${switches} switches, ${snapshots} snapshots\n`);
  }, 60_000);
});
