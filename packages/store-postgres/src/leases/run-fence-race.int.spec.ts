import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { isDepledgerError, type RunFence, type StoredEvent, type StoredEventInput } from '@depledger/core';
import { openPostgresDatabase, type PostgresDatabase } from '../connection/postgres-database';
import { createPostgresEventStore, type PostgresEventStore } from '../event-store/postgres-event-store';
import { describeWithPostgres, dropSchemas, freshSchemaName, testServerUrl } from '../testing/test-server';

/**
 * Issue 19: a write already sent by a run whose lease lapsed must not commit after another node took
 * the token over. Two nodes (two pools on one schema): run A's fenced appends race run B's takeover.
 * Whatever the interleaving, no event of A comes after B's acquisition in the global order — B's
 * first event, appended once it holds the lease, comes after every event of A that was stored.
 */
const event = (run: string, n: number): StoredEventInput => ({
  type: 'DeviceSeen.v1',
  data: { n },
  metadata: {
    eventId: randomUUID(),
    occurredAt: new Date().toISOString(),
    actor: 'system:sync',
    correlationId: run,
    causationId: null,
    tokenId: 'paris',
  },
});

const fence = (epoch: number): RunFence => ({ tokenId: 'paris', epoch });
const lapsedAt = new Date('2026-01-05T09:00:00Z');
const lease = (runId: string, expiresAt: string) => ({ tokenId: 'paris', runId, expiresAt });

const everything = async (store: PostgresEventStore): Promise<StoredEvent[]> => {
  const events: StoredEvent[] = [];
  for await (const e of store.readAll()) events.push(e);
  return events;
};

/** Waits until `count` backends of this schema wait on a lock, with their query matching `like`. */
const waitForLockWaits = async (database: PostgresDatabase, like: string, count = 1): Promise<void> => {
  for (;;) {
    const rows = await database.query<[number]>('counting lock waits', {
      text: `SELECT count(*)::int FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE $1`,
      values: [like],
    });
    if ((rows[0]?.[0] ?? 0) >= count) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

/**
 * Both ways an append reaches the server: one call of append_events_v2, or (a sync page's many
 * events) BEGIN, the append lock, COPY; and the statement each waits in while another holds the lock.
 */
const appendPaths = [
  { path: 'through append_events_v2', copyFromEvents: Number.POSITIVE_INFINITY, waitsIn: 'append_events' },
  { path: 'by COPY', copyFromEvents: 1, waitsIn: 'append_lock FOR UPDATE' },
] as const;

for (const { path, copyFromEvents, waitsIn } of appendPaths)
  describeWithPostgres(`a run fenced by its lease on PostgreSQL, racing a takeover, appending ${path}`, () => {
    const schemas: string[] = [];
    const open: { close(): Promise<void> }[] = [];
    let nodeA: PostgresEventStore;
    let nodeB: PostgresEventStore;
    let schema: string;
    beforeEach(async () => {
      schema = freshSchemaName('dlfence');
      schemas.push(schema);
      const databases = [
        await openPostgresDatabase({ url: testServerUrl, schema }),
        await openPostgresDatabase({ url: testServerUrl, schema }),
      ];
      [nodeA, nodeB] = databases.map((database) => createPostgresEventStore(database, { copyFromEvents })) as [
        PostgresEventStore,
        PostgresEventStore,
      ];
      open.push(nodeA, nodeB, ...databases);
    });
    afterEach(async () => {
      for (const o of open.splice(0)) await o.close();
    });
    afterAll(() => dropSchemas(...schemas));

    it("a takeover that comes while A's append is in its transaction waits for it: A's events come before B's", async () => {
      await nodeA.runLeases.acquire(lease('A', '2026-01-05T09:00:01.000Z'), lapsedAt);
      // a third session holds the append lock, so A's append stops inside its transaction, after its fence check
      const holder: pg.PoolClient = await nodeA.database.pool.connect();
      try {
        await holder.query('BEGIN');
        await holder.query(`SELECT 1 FROM "${schema}".append_lock FOR UPDATE`);
        const order: string[] = [];
        const appendA = nodeA
          .appendToStreams(
            [
              { streamName: 'dep-device-A1', events: [event('A', 1)], expectedRevision: 'any' },
              { streamName: 'dep-device-A2', events: [event('A', 2)], expectedRevision: 'any' },
            ],
            { fence: fence(1) },
          )
          .then(() => order.push('A appended'));
        await waitForLockWaits(nodeA.database, `%"${schema}".${waitsIn}%`);
        // A's lease has lapsed: B takes the token over, and must wait for A's transaction
        const takeover = nodeB.runLeases.acquire(lease('B', '2026-01-05T09:01:00.000Z'), new Date('2026-01-05T09:00:30Z')).then((taken) => {
          order.push('B acquired');
          return taken;
        });
        await waitForLockWaits(nodeA.database, `%"${schema}".run_leases%FOR UPDATE%`);
        await holder.query('COMMIT');
        await appendA;
        expect(await takeover).toMatchObject({ acquired: true, epoch: 2 });
        expect(order).toEqual(['A appended', 'B acquired']);
      } finally {
        holder.release();
      }
      await nodeB.appendToStream('dep-sync-paris', [event('B', 1)], { expectedRevision: 'any', fence: fence(2) });
      expect((await everything(nodeB)).map((e) => e.metadata.correlationId)).toEqual(['A', 'A', 'B']);
    });

    it('an append of A that comes while the takeover is in its transaction waits for it, then is refused and writes nothing', async () => {
      await nodeA.runLeases.acquire(lease('A', '2026-01-05T09:00:01.000Z'), lapsedAt);
      // the takeover's own statements (what acquire does), held open in a session of node B
      const takeover: pg.PoolClient = await nodeB.database.pool.connect();
      try {
        await takeover.query('BEGIN');
        await takeover.query(`SELECT epoch FROM "${schema}".run_leases WHERE token_id = 'paris' FOR UPDATE`);
        await takeover.query(
          `UPDATE "${schema}".run_leases SET run_id = 'B', expires_at = '2026-01-05T09:01:00.000Z', epoch = 2 WHERE token_id = 'paris'`,
        );
        const appendA = nodeA.appendToStream('dep-device-A1', [event('A', 1)], { expectedRevision: 'any', fence: fence(1) }).then(
          () => 'appended',
          (error: unknown) => (isDepledgerError(error, 'SYNC_RUN_LEASE_LOST') ? 'refused' : error),
        );
        await waitForLockWaits(nodeA.database, `%"${schema}".run_leases%FOR SHARE%`);
        await takeover.query('COMMIT');
        expect(await appendA).toBe('refused');
      } finally {
        takeover.release();
      }
      expect(await everything(nodeB)).toEqual([]);
    });

    it('over many races of A appending while B takes over, no event of A is stored after B acquired the lease', async () => {
      const rounds = 25;
      const lateEvents: string[] = [];
      let aWritesAfterLapse = 0;
      let aRefused = 0;
      for (let round = 0; round < rounds; round += 1) {
        const a = `A${round}`;
        const b = `B${round}`;
        const taken = await nodeA.runLeases.acquire(lease(a, '2026-01-05T09:00:01.000Z'), lapsedAt);
        if (!taken.acquired) throw new Error('A could not take the lease');
        // A keeps appending (a run that does not know its lease lapsed) until the store refuses it
        const runA = (async () => {
          for (let n = 0; ; n += 1) {
            try {
              await nodeA.appendToStream(`dep-device-${a}-${n % 3}`, [event(a, n)], { expectedRevision: 'any', fence: fence(taken.epoch) });
              aWritesAfterLapse += 1;
            } catch (error) {
              if (!isDepledgerError(error, 'SYNC_RUN_LEASE_LOST')) throw error;
              aRefused += 1;
              return;
            }
          }
        })();
        await new Promise((resolve) => setTimeout(resolve, round % 5));
        const takeover = await nodeB.runLeases.acquire(lease(b, '2026-01-05T09:01:00.000Z'), new Date('2026-01-05T09:00:30Z'));
        if (!takeover.acquired) throw new Error('B could not take the lease');
        await nodeB.appendToStream('dep-sync-paris', [event(b, 0)], { expectedRevision: 'any', fence: fence(takeover.epoch) });
        await runA;
        await nodeB.runLeases.release('paris', b);
        const events = await everything(nodeB);
        const bFirst = events.find((e) => e.metadata.correlationId === b)!.position;
        lateEvents.push(...events.filter((e) => e.metadata.correlationId === a && e.position > bFirst).map((e) => `${a} at ${e.position}`));
      }
      expect({ lateEvents, aRefused }).toEqual({ lateEvents: [], aRefused: rounds });
      // the races did interleave: A got writes in after its lease lapsed and before the takeover
      expect(aWritesAfterLapse).toBeGreaterThan(0);
    });
  });
