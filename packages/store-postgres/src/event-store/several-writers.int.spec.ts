import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { StoredEvent, Subscription } from '@depledger/core';
import { openPostgresEventStore, type PostgresEventStore } from '../index';
import { describeWithPostgres, dropSchemas, freshSchemaName, onTestServer, testServerUrl } from '../testing/test-server';

// Real processes append to one schema through the built package (dist) while this process
// follows the global log live: every event must arrive exactly once, in position order, with no
// position skipped — the guarantee a projection's checkpoint relies on.

const worker = join(__dirname, '..', '..', 'test-fixtures', 'append-worker.cjs');

type WorkerReport = { worker: string; commits: number; conflicts: number };

const startWorker = (args: string[]) => {
  const child = spawn(process.execPath, [worker, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
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
      code === 0 ? resolve(JSON.parse(out.slice('ready\n'.length)) as WorkerReport) : reject(new Error(`worker exited ${code}: ${err}`)),
    );
  });
  return { child, ready: Promise.race([ready, report.then(() => undefined)]), report, go: () => child.stdin.end('go\n') };
};

const waitFor = async (what: string, condition: () => boolean, timeoutMs = 120_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

const event = (id: string) => ({
  type: 'Held.v1',
  data: { id },
  metadata: {
    eventId: id,
    occurredAt: new Date(0).toISOString(),
    actor: 'system:test',
    correlationId: id,
    causationId: null,
    tokenId: null,
  },
});

/** Both ways an append reaches the server, and the statement each waits in while another append holds the lock. */
const appendPaths = [
  { path: 'through append_events_v2', copyFromEvents: Number.POSITIVE_INFINITY, waitsIn: 'append_events' },
  { path: 'by COPY', copyFromEvents: 1, waitsIn: 'append_lock FOR UPDATE' },
] as const;

for (const { path, copyFromEvents, waitsIn } of appendPaths)
  describeWithPostgres(`several writers on one PostgreSQL schema, appending ${path}`, () => {
    let schema: string;
    let store: PostgresEventStore;
    let subscription: Subscription | undefined;
    const children: ChildProcess[] = [];

    beforeEach(async () => {
      schema = freshSchemaName('dlwriters');
      store = await openPostgresEventStore({ url: testServerUrl, schema, pollIntervalMs: 5000, copyFromEvents });
    });
    afterEach(async () => {
      for (const child of children.splice(0)) if (child.exitCode === null) child.kill();
      await subscription?.close();
      await store.close();
      await dropSchemas(schema);
    });

    it('delivers every event of four writing processes to a live follower exactly once, in order, and lets one writer at a time win the shared stream', async () => {
      const workers = ['a', 'b', 'c', 'd'];
      const batches = 40;
      const batchSize = 25;
      const total = workers.length * batches * (batchSize + 1);

      subscription = store.subscribe({ after: 0 });
      const received: StoredEvent[] = [];
      const following = (async () => {
        for await (const stored of subscription) received.push(stored);
      })();

      const started = workers.map((w) =>
        startWorker([testServerUrl, schema, w, String(batches), String(batchSize), String(copyFromEvents)]),
      );
      children.push(...started.map((s) => s.child));
      await Promise.all(started.map((s) => s.ready));
      for (const s of started) s.go();
      const reports = await Promise.all(started.map((s) => s.report));
      await waitFor(`${total} events at the follower (has ${received.length})`, () => received.length >= total);
      await subscription.close();
      await following;

      // exactly once, in order, nothing skipped: positions 1..total, each once
      expect(received.map((e) => e.position)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
      expect(new Set(received.map((e) => e.metadata.eventId)).size).toBe(total);
      // each writer's events in the order it appended them
      for (const w of workers) {
        const own = received.filter((e) => e.streamName.startsWith(`worker-${w}-`)).map((e) => e.metadata.eventId);
        expect(own).toEqual(Array.from({ length: batches * batchSize }, (_, i) => `${w}-${Math.floor(i / batchSize)}-${i % batchSize}`));
      }
      // the shared stream: one commit per batch per writer, revisions 0..n-1, each appended on the revision it read
      expect(reports.reduce((sum, r) => sum + r.commits, 0)).toBe(workers.length * batches);
      const shared = received.filter((e) => e.streamName === 'shared');
      expect(shared.map((e) => e.revision)).toEqual(Array.from({ length: workers.length * batches }, (_, i) => i));
      expect(shared.map((e) => (e.data as { sawRevision: number }).sawRevision)).toEqual(shared.map((e) => e.revision - 1));
      // what a reader reads afterwards is what the follower saw
      const all: StoredEvent[] = [];
      for await (const stored of store.readAll()) all.push(stored);
      expect(all.map((e) => e.metadata.eventId)).toEqual(received.map((e) => e.metadata.eventId));
    }, 240_000);

    it('holds back a later append while an earlier one is in flight, so a follower never passes a position still to be filled', async () => {
      await store.appendToStream('before', [event('before-0')], { expectedRevision: 'no_stream' });
      subscription = store.subscribe({ after: 0 });
      const received: StoredEvent[] = [];
      const following = (async () => {
        for await (const stored of subscription) received.push(stored);
      })();
      await waitFor('the first event', () => received.length === 1);

      // A transaction of another connection appends and stays open (in flight).
      await onTestServer(async (inFlight) => {
        await inFlight.query('BEGIN');
        let committed = false;
        try {
          await inFlight.query(`SELECT * FROM "${schema}".append_events($1, $2, $3, $4, $5, $6, $7, 'nobody')`, [
            ['slow'],
            ['no_stream'],
            [1],
            ['slow-0'],
            ['Held.v1'],
            [JSON.stringify({ id: 'slow-0' })],
            [JSON.stringify(event('slow-0').metadata)],
          ]);
          // A second append, through the store, starts after it and must wait for it.
          let laterDone = false;
          const later = store.appendToStream('fast', [event('fast-0')], { expectedRevision: 'no_stream' }).then((result) => {
            laterDone = true;
            return result;
          });
          // Give the store's append time to reach the server and block on the append lock: until the server
          // shows it waiting, or 15 s at most (on a busy machine it may still be on its way, or waiting for a
          // pooled connection). Either way it must not complete while the earlier append is in flight.
          const deadline = Date.now() + 15_000;
          for (;;) {
            // Inside a transaction PostgreSQL shows pg_stat_activity as it was at its first reading: ask afresh.
            await inFlight.query('SELECT pg_stat_clear_snapshot()');
            const waiting = await inFlight.query<{ n: number }>(
              `SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%${schema}%${waitsIn}%'`,
            );
            if ((waiting.rows[0]?.n ?? 0) > 0 || Date.now() > deadline) break;
            await new Promise((resolve) => setTimeout(resolve, 20));
          }
          expect(laterDone).toBe(false);
          // Nothing new is visible to any reader while the earlier append is in flight (read on a connection of
          // its own: the store's pool may be waiting on the lock itself).
          const committedHead = await onTestServer((reader) =>
            reader.query<{ head: number }>(`SELECT coalesce(max(position), 0)::int AS head FROM "${schema}".events`),
          );
          expect(committedHead.rows[0]?.head).toBe(1);
          expect(received.map((e) => e.metadata.eventId)).toEqual(['before-0']);

          await inFlight.query('COMMIT');
          committed = true;
          const result = await later;
          expect(result.lastPosition).toBe(3);
        } finally {
          // A failed check must not leave the append lock held (every later append and the cleanup would wait).
          if (!committed) await inFlight.query('ROLLBACK');
        }
      });

      await waitFor('both appends at the follower', () => received.length === 3);
      await subscription.close();
      await following;
      expect(received.map((e) => [e.position, e.metadata.eventId])).toEqual([
        [1, 'before-0'],
        [2, 'slow-0'],
        [3, 'fast-0'],
      ]);
    }, 120_000);
  });
