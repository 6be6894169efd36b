import { randomUUID } from 'node:crypto';
import { createInMemoryEventStore, type EventStore, type RunFence, type RunLeaseStore, type StoredEventInput } from '@depledger/core';
import { createPostgresEventStore, openPostgresDatabase, type PostgresDatabase } from '@depledger/store-postgres';
import { createEventStoreDbEventStore, startEventStoreDbStandIn, type EventStoreDbStandIn } from '@depledger/store-eventstoredb';
import { createSqliteEventStore, openSqliteDatabase, type SqliteDatabase } from '@depledger/store-sqlite';
import { join } from 'node:path';
import { describeWithPostgres, dropSchemas, freshSchemaName, testServerUrl } from '../../packages/store-postgres/src/testing/test-server';
import { scratch } from './support';

/**
 * The run lease port on each store, seen from two handles at once (two connections to one SQLite
 * file, two pools on one PostgreSQL schema, two clients of one EventStoreDB stand-in): what one process takes, the other finds taken.
 * And the fence: a run's appends carry its lease's epoch, and once another run took the token over
 * the store refuses them and writes nothing.
 */
const at = (iso: string) => new Date(iso);
const lease = (runId: string, expiresAt: string) => ({ tokenId: 'paris', runId, expiresAt });
const recorded = (runId: string, expiresAt: string, epoch: number) => ({ ...lease(runId, expiresAt), epoch });
const fence = (epoch: number): RunFence => ({ tokenId: 'paris', epoch });

const event = (label: string): StoredEventInput => ({
  type: 'DeviceSeen.v1',
  data: { label },
  metadata: {
    eventId: randomUUID(),
    occurredAt: '2026-01-05T09:00:00.000Z',
    actor: 'system:sync',
    correlationId: label,
    causationId: null,
    tokenId: 'paris',
  },
});

const storedLabels = async (store: EventStore): Promise<string[]> => {
  const labels: string[] = [];
  for await (const e of store.readAll()) if (e.metadata.tokenId === 'paris') labels.push(e.metadata.correlationId);
  return labels;
};

const contract = (open: () => Promise<readonly [EventStore, EventStore]>) => {
  let a: RunLeaseStore;
  let b: RunLeaseStore;
  let storeA: EventStore;
  let storeB: EventStore;
  beforeEach(async () => {
    [storeA, storeB] = await open();
    [a, b] = [storeA.runLeases!, storeB.runLeases!];
  });

  it('a free token is taken; another run is refused while the lease lives, and told who holds it', async () => {
    expect(await a.acquire(lease('r1', '2026-01-05T09:00:20.000Z'), at('2026-01-05T09:00:00Z'))).toEqual({
      acquired: true,
      epoch: 1,
      lapsed: null,
    });
    expect(await b.acquire(lease('r2', '2026-01-05T09:00:39.000Z'), at('2026-01-05T09:00:19.999Z'))).toEqual({
      acquired: false,
      holder: recorded('r1', '2026-01-05T09:00:20.000Z', 1),
    });
    expect(await b.current('paris')).toEqual(recorded('r1', '2026-01-05T09:00:20.000Z', 1));
  });

  it('a renewed lease lives on; once it lapses another run takes it over, learns whose it was, and the first run can no longer renew', async () => {
    await a.acquire(lease('r1', '2026-01-05T09:00:20.000Z'), at('2026-01-05T09:00:00Z'));
    expect(await a.renew(lease('r1', '2026-01-05T09:00:40.000Z'))).toBe(true);
    expect(await b.acquire(lease('r2', '2026-01-05T09:00:50.000Z'), at('2026-01-05T09:00:30Z'))).toMatchObject({ acquired: false });
    expect(await b.acquire(lease('r2', '2026-01-05T09:01:00.000Z'), at('2026-01-05T09:00:40Z'))).toEqual({
      acquired: true,
      epoch: 2,
      lapsed: recorded('r1', '2026-01-05T09:00:40.000Z', 1),
    });
    expect(await a.renew(lease('r1', '2026-01-05T09:01:00.000Z'))).toBe(false);
    await a.release('paris', 'r1');
    expect(await a.current('paris')).toEqual(recorded('r2', '2026-01-05T09:01:00.000Z', 2));
    // a run taking its own lease again keeps its epoch
    expect(await b.acquire(lease('r2', '2026-01-05T09:01:10.000Z'), at('2026-01-05T09:00:50Z'))).toEqual({
      acquired: true,
      epoch: 2,
      lapsed: null,
    });
  });

  it('a released lease is free at once, and leaves nothing lapsed behind', async () => {
    await a.acquire(lease('r1', '2026-01-05T09:00:20.000Z'), at('2026-01-05T09:00:00Z'));
    await a.release('paris', 'r1');
    expect(await b.current('paris')).toBeNull();
    // the epoch goes on from the released lease's: an epoch is never given twice
    expect(await b.acquire(lease('r2', '2026-01-05T09:00:21.000Z'), at('2026-01-05T09:00:01Z'))).toEqual({
      acquired: true,
      epoch: 2,
      lapsed: null,
    });
  });

  it('of runs racing for a free token exactly one takes it', async () => {
    const attempts = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        (i % 2 === 0 ? a : b).acquire(lease(`r${i}`, '2026-01-05T09:00:20.000Z'), at('2026-01-05T09:00:00Z')),
      ),
    );
    expect(attempts.filter((t) => t.acquired)).toHaveLength(1);
  });

  it("run A's appends are refused once run B took its lapsed lease over (epoch 2 after 1), and nothing of them is written", async () => {
    expect(await a.acquire(lease('A', '2026-01-05T09:00:20.000Z'), at('2026-01-05T09:00:00Z'))).toMatchObject({ acquired: true, epoch: 1 });
    await storeA.appendToStream('dep-sync-paris', [event('A1')], { expectedRevision: 'no_stream', fence: fence(1) });
    // A stalls; its lease lapses and B takes the token over
    expect(await b.acquire(lease('B', '2026-01-05T09:00:45.000Z'), at('2026-01-05T09:00:25Z'))).toMatchObject({ acquired: true, epoch: 2 });
    const refused = { code: 'SYNC_RUN_LEASE_LOST', details: { tokenId: 'paris', epoch: 1, heldEpoch: 2 } };
    await expect(storeA.appendToStream('dep-device-C1', [event('A2')], { expectedRevision: 'any', fence: fence(1) })).rejects.toMatchObject(
      refused,
    );
    await expect(storeA.appendToStream('dep-sync-paris', [event('A3')], { expectedRevision: 0, fence: fence(1) })).rejects.toMatchObject(
      refused,
    );
    if (storeA.appendToStreams)
      await expect(
        storeA.appendToStreams(
          [
            { streamName: 'dep-device-C2', events: [event('A4')], expectedRevision: 'any' },
            { streamName: 'dep-device-C3', events: [event('A5')], expectedRevision: 'no_stream' },
          ],
          { fence: fence(1) },
        ),
      ).rejects.toMatchObject(refused);
    expect(await storeB.streamRevision('dep-device-C1')).toBe(-1);
    expect(await storeB.streamRevision('dep-device-C2')).toBe(-1);
    // B writes under its own epoch, through either handle
    await storeB.appendToStream('dep-sync-paris', [event('B1')], { expectedRevision: 0, fence: fence(2) });
    expect(await storeA.appendToStream('dep-device-C1', [event('B2')], { expectedRevision: 'any', fence: fence(2) })).toMatchObject({
      appended: 1,
    });
    expect(await storedLabels(storeB)).toEqual(['A1', 'B1', 'B2']);
    // once B released the token no epoch writes; the next run gets epoch 3
    await b.release('paris', 'B');
    await expect(storeB.appendToStream('dep-device-C1', [event('B3')], { expectedRevision: 'any', fence: fence(2) })).rejects.toMatchObject(
      {
        code: 'SYNC_RUN_LEASE_LOST',
        details: { epoch: 2, heldEpoch: null },
      },
    );
    expect(await a.acquire(lease('C', '2026-01-05T09:01:00.000Z'), at('2026-01-05T09:00:40Z'))).toMatchObject({ acquired: true, epoch: 3 });
    await expect(storeA.appendToStream('dep-device-C1', [event('A6')], { expectedRevision: 'any', fence: fence(1) })).rejects.toMatchObject(
      {
        code: 'SYNC_RUN_LEASE_LOST',
      },
    );
    expect(await storedLabels(storeA)).toEqual(['A1', 'B1', 'B2']);
  });

  it('an append without a fence is not checked against the leases (the writes of everything but sync runs)', async () => {
    await a.acquire(lease('A', '2026-01-05T09:00:20.000Z'), at('2026-01-05T09:00:00Z'));
    await b.acquire(lease('B', '2026-01-05T09:00:45.000Z'), at('2026-01-05T09:00:25Z'));
    expect(await storeA.appendToStream('dep-device-C9', [event('free')], { expectedRevision: 'any' })).toMatchObject({ appended: 1 });
  });
};

describe('run leases in memory', () => {
  contract(async () => {
    const store = createInMemoryEventStore();
    return [store, store] as const;
  });
});

describe('run leases in a SQLite file, through two connections', () => {
  const tmp = scratch('leases');
  const open: { close(): Promise<void> | void }[] = [];
  afterEach(async () => {
    for (const d of open.splice(0).reverse()) await d.close();
  });
  afterAll(() => tmp.remove());
  let n = 0;
  contract(async () => {
    const path = join(tmp.dir, `leases-${(n += 1)}.db`);
    const databases: SqliteDatabase[] = [openSqliteDatabase(path), openSqliteDatabase(path)];
    const stores = databases.map((database) => createSqliteEventStore({ database }));
    open.push(...databases, ...stores);
    return [stores[0]!, stores[1]!] as const;
  });

  it('a file whose lease table predates epochs gets them on first use: its lapsed lease is taken over at epoch 1', async () => {
    const path = join(tmp.dir, 'before-epochs.db');
    const database = openSqliteDatabase(path);
    open.push(database);
    database.connection.exec(
      'CREATE TABLE run_leases (token_id TEXT PRIMARY KEY, run_id TEXT NOT NULL, expires_at TEXT NOT NULL) WITHOUT ROWID',
    );
    database.connection.exec("INSERT INTO run_leases VALUES ('paris', 'old', '2026-01-05T09:00:20.000Z')");
    const store = createSqliteEventStore({ database });
    open.push(store);
    expect(await store.runLeases.current('paris')).toEqual(recorded('old', '2026-01-05T09:00:20.000Z', 0));
    expect(await store.runLeases.acquire(lease('new', '2026-01-05T09:01:00.000Z'), at('2026-01-05T09:00:30Z'))).toEqual({
      acquired: true,
      epoch: 1,
      lapsed: recorded('old', '2026-01-05T09:00:20.000Z', 0),
    });
    expect(await store.appendToStream('dep-sync-paris', [event('new')], { expectedRevision: 'any', fence: fence(1) })).toMatchObject({
      appended: 1,
    });
  });
});

describeWithPostgres('run leases in a PostgreSQL schema, through two pools', () => {
  const schemas: string[] = [];
  const open: { close(): Promise<void> }[] = [];
  afterEach(async () => {
    for (const d of open.splice(0).reverse()) await d.close();
  });
  afterAll(() => dropSchemas(...schemas));
  contract(async () => {
    const schema = freshSchemaName('dlleases');
    schemas.push(schema);
    const databases: PostgresDatabase[] = [
      await openPostgresDatabase({ url: testServerUrl, schema }),
      await openPostgresDatabase({ url: testServerUrl, schema }),
    ];
    const stores = databases.map((database) => createPostgresEventStore(database));
    open.push(...databases, ...stores);
    return [stores[0]!, stores[1]!] as const;
  });

  it('a schema whose lease table predates epochs gets them on first use: its lapsed lease is taken over at epoch 1', async () => {
    const schema = freshSchemaName('dlleases');
    schemas.push(schema);
    const database = await openPostgresDatabase({ url: testServerUrl, schema });
    open.push(database);
    await database.query('an old lease table', {
      text: `CREATE TABLE "${schema}".run_leases (token_id text PRIMARY KEY, run_id text NOT NULL, expires_at text NOT NULL)`,
    });
    await database.query('an old lease', {
      text: `INSERT INTO "${schema}".run_leases VALUES ('paris', 'old', '2026-01-05T09:00:20.000Z')`,
    });
    const store = createPostgresEventStore(database);
    open.push(store);
    expect(await store.runLeases.current('paris')).toEqual(recorded('old', '2026-01-05T09:00:20.000Z', 0));
    expect(await store.runLeases.acquire(lease('new', '2026-01-05T09:01:00.000Z'), at('2026-01-05T09:00:30Z'))).toEqual({
      acquired: true,
      epoch: 1,
      lapsed: recorded('old', '2026-01-05T09:00:20.000Z', 0),
    });
    expect(await store.appendToStream('dep-sync-paris', [event('new')], { expectedRevision: 'any', fence: fence(1) })).toMatchObject({
      appended: 1,
    });
  });
});

describe('run leases in EventStoreDB streams (the in-process gRPC stand-in), through two clients', () => {
  let standIn: EventStoreDbStandIn | undefined;
  const stores: EventStore[] = [];
  afterEach(async () => {
    for (const s of stores.splice(0)) await s.close();
    await standIn?.stop();
  });
  contract(async () => {
    standIn = await startEventStoreDbStandIn();
    const first = createEventStoreDbEventStore({ connectionString: standIn.connectionString });
    const second = createEventStoreDbEventStore({ connectionString: standIn.connectionString });
    stores.push(first, second);
    return [first, second] as const;
  });
});
