import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { StoredEvent, Subscription } from '@depledger/core';
import { createSqliteEventStore, createSqliteReadModelStore, openSqliteDatabase } from './index';
import { tempDirectory } from './testing/temp-directory';

// Two real processes append to one file through the built package (dist), while this process
// reads and subscribes through its own connection.

const root = join(__dirname, '..', '..', '..');
const worker = join(__dirname, '..', 'test-fixtures', 'append-worker.cjs');
const foldWorker = join(__dirname, '..', 'test-fixtures', 'fold-worker.cjs');

type WorkerReport = { worker: string; batches?: number; commits?: number; conflicts: number };

/** Starts a worker; `ready` settles once it has opened the store, `report` once it has finished. */
const startWorker = (args: string[], script = worker) => {
  const child = spawn(process.execPath, [script, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    if (out.startsWith('ready\n')) markReady();
  });
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const report = new Promise<WorkerReport>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0
        ? resolve(JSON.parse(out.slice('ready\n'.length)) as WorkerReport)
        : reject(new Error(`worker ${args[1]} exited ${code}: ${err}`)),
    );
  });
  return { child, ready: Promise.race([ready, report.then(() => undefined)]), report, go: () => child.stdin.end('go\n') };
};

const toArray = async <T>(items: AsyncIterable<T>): Promise<T[]> => {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
};

type WorkerData = { worker: string; batch: number; index: number; of: number };

describe('two processes on one SQLite file', () => {
  let directory: ReturnType<typeof tempDirectory>;
  let reader: ReturnType<typeof createSqliteEventStore> | undefined;
  let subscription: Subscription | undefined;
  const children: ChildProcess[] = [];

  beforeAll(() => {
    execFileSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-b', 'packages/store-sqlite'], {
      cwd: root,
      stdio: 'pipe',
    });
  }, 60_000);
  beforeEach(() => (directory = tempDirectory('two-processes')));
  afterEach(async () => {
    for (const child of children.splice(0)) if (child.exitCode === null) child.kill();
    await subscription?.close();
    await reader?.close();
    directory.remove();
  });

  it('appends from both with expected revisions: none lost, none doubled, revisions contiguous, no half batch ever seen', async () => {
    const path = directory.file('depledger.db');
    const stream = 'dep-sync-token-shared';
    const batches = 250;
    const batchSize = 5;
    reader = createSqliteEventStore({ path, pollIntervalMs: 10 });
    subscription = reader.subscribe({ streamPrefixes: ['dep-sync-'] });
    const live: StoredEvent[] = [];
    const following = (async () => {
      for await (const event of subscription!) live.push(event);
    })();

    const started = ['alpha', 'beta'].map((name) => startWorker([path, name, `${batches}`, `${batchSize}`, stream]));
    children.push(...started.map((w) => w.child));
    await Promise.all(started.map((w) => w.ready));
    for (const w of started) w.go();
    const workers = Promise.all(started.map((w) => w.report));
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
      const order = events
        .map((e) => e.data as WorkerData)
        .filter((d) => d.worker === name && d.index === 0)
        .map((d) => d.batch);
      expect(order).toEqual(Array.from({ length: batches }, (_, i) => i));
    }

    expect(reports.reduce((sum, r) => sum + r.conflicts, 0)).toBeGreaterThan(0);

    // jest's timeout is the only limit: the subscription delivers every event however busy the machine.
    while (live.length < total) await new Promise((resolve) => setTimeout(resolve, 10));
    await subscription.close();
    await following;
    expect(live.map((e) => e.position)).toEqual(events.map((e) => e.position));
    // Reported for the reader of the test log: how hard the two fought over the stream.
    process.stdout.write(
      `two-process appends: ${reports.map((r) => `${r.worker} ${r.conflicts} conflicts`).join(', ')}, ${switches} switches, ${snapshots} snapshots\n`,
    );
  }, 60_000);

  it("loses and doubles nothing when both append as fast as they can with 'any'", async () => {
    const path = directory.file('depledger.db');
    const stream = 'dep-device-shared';
    const started = ['gamma', 'delta'].map((name) => startWorker([path, name, '300', '10', stream, 'any']));
    children.push(...started.map((w) => w.child));
    await Promise.all(started.map((w) => w.ready));
    for (const w of started) w.go();
    await Promise.all(started.map((w) => w.report));

    reader = createSqliteEventStore({ path });
    const events = await toArray(reader.readStream(stream));
    expect(events).toHaveLength(6000);
    expect(events.map((e) => e.revision)).toEqual(Array.from({ length: 6000 }, (_, i) => i));
    expect(new Set(events.map((e) => e.metadata.eventId)).size).toBe(6000);
    expect(events.every((e, i) => i === 0 || e.position > (events[i - 1] as StoredEvent).position)).toBe(true);
  }, 60_000);

  it('keeps whole batches only when a writer is killed (SIGKILL) in the middle of appending', async () => {
    const path = directory.file('depledger.db');
    const stream = 'dep-device-killed';
    const batchSize = 50;
    const writer = startWorker([path, 'killed', '1000000', `${batchSize}`, stream, 'any']);
    children.push(writer.child);
    await writer.ready;
    writer.go();
    const exited = new Promise((resolve) => writer.child.once('exit', resolve));
    void writer.report.catch(() => undefined);

    reader = createSqliteEventStore({ path });
    const deadline = Date.now() + 10_000;
    while ((await reader.streamRevision(stream)) < 20 * batchSize && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 5));
    writer.child.kill('SIGKILL');
    await exited;
    await reader.close();

    reader = createSqliteEventStore({ path });
    const events = await toArray(reader.readStream(stream));
    expect(events.length).toBeGreaterThanOrEqual(20 * batchSize);
    expect(events.length % batchSize).toBe(0);
    expect(events.map((e) => e.revision)).toEqual(Array.from({ length: events.length }, (_, i) => i));
    // The file still takes appends after the crash.
    await reader.appendToStream(stream, [{ ...events[0]!, metadata: { ...events[0]!.metadata, eventId: 'after-the-kill' } }], {
      expectedRevision: events.length - 1,
    });
  }, 60_000);

  it('folds into one read model from both without a lost update: every commit moves the checkpoint by exactly one', async () => {
    const path = directory.file('depledger.db');
    const database = openSqliteDatabase(path);
    try {
      const readModels = createSqliteReadModelStore(database);
      const version = await readModels.createVersion('shared-count', 1);
      const commits = 150;
      const started = ['alpha', 'beta'].map((name) =>
        startWorker([path, name, version.name, `${version.version}`, `${commits}`], foldWorker),
      );
      children.push(...started.map((w) => w.child));
      await Promise.all(started.map((w) => w.ready));
      for (const w of started) w.go();
      const reports = await Promise.all(started.map((w) => w.report));

      expect(await readModels.checkpoint(version)).toBe(2 * commits);
      expect((await readModels.getMany(version, ['counter'])).get('counter')).toEqual({ n: 2 * commits });
      const docs: { key: string; doc: unknown }[] = [];
      for await (const entry of readModels.list(version)) docs.push(entry);
      expect(docs).toHaveLength(2 * commits + 1);
      // each checkpoint from 1 to 2 × commits was reached by exactly one commit
      const reached = docs.filter((d) => d.key !== 'counter').map((d) => (d.doc as { checkpoint: number }).checkpoint);
      expect(reached.sort((a, b) => a - b)).toEqual(Array.from({ length: 2 * commits }, (_, i) => i + 1));
      expect(reports.reduce((sum, r) => sum + r.conflicts, 0)).toBeGreaterThan(0);
      process.stdout.write(`two-process read-model commits: ${reports.map((r) => `${r.worker} ${r.conflicts} conflicts`).join(', ')}\n`);
    } finally {
      database.close();
    }
  }, 60_000);
});
