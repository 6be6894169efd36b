import { createInMemoryRunLeases, type RunLeaseStore } from '@depledger/core';
import { createPostgresRunLeases, openPostgresDatabase, type PostgresDatabase } from '@depledger/store-postgres';
import { createEventStoreDbEventStore, startEventStoreDbStandIn, type EventStoreDbStandIn } from '@depledger/store-eventstoredb';
import { openSqliteDatabase, createSqliteRunLeases, type SqliteDatabase } from '@depledger/store-sqlite';
import type { EventStore } from '@depledger/core';
import { join } from 'node:path';
import { describeWithPostgres, dropSchemas, freshSchemaName, testServerUrl } from '../../packages/store-postgres/src/testing/test-server';
import { scratch } from './support';

/**
 * The run lease port on each store, seen from two handles at once (two connections to one SQLite
 * file, two pools on one PostgreSQL schema, two clients of one EventStoreDB stand-in): what one process takes, the other finds taken.
 */
const at = (iso: string) => new Date(iso);
const lease = (runId: string, expiresAt: string) => ({ tokenId: 'paris', runId, expiresAt });

const contract = (open: () => Promise<readonly [RunLeaseStore, RunLeaseStore]>) => {
  let a: RunLeaseStore;
  let b: RunLeaseStore;
  beforeEach(async () => {
    [a, b] = await open();
  });

  it('a free token is taken; another run is refused while the lease lives, and told who holds it', async () => {
    expect(await a.acquire(lease('r1', '2026-01-05T09:00:20.000Z'), at('2026-01-05T09:00:00Z'))).toEqual({ acquired: true, lapsed: null });
    expect(await b.acquire(lease('r2', '2026-01-05T09:00:39.000Z'), at('2026-01-05T09:00:19.999Z'))).toEqual({
      acquired: false,
      holder: lease('r1', '2026-01-05T09:00:20.000Z'),
    });
    expect(await b.current('paris')).toEqual(lease('r1', '2026-01-05T09:00:20.000Z'));
  });

  it('a renewed lease lives on; once it lapses another run takes it over, learns whose it was, and the first run can no longer renew', async () => {
    await a.acquire(lease('r1', '2026-01-05T09:00:20.000Z'), at('2026-01-05T09:00:00Z'));
    expect(await a.renew(lease('r1', '2026-01-05T09:00:40.000Z'))).toBe(true);
    expect(await b.acquire(lease('r2', '2026-01-05T09:00:50.000Z'), at('2026-01-05T09:00:30Z'))).toMatchObject({ acquired: false });
    expect(await b.acquire(lease('r2', '2026-01-05T09:01:00.000Z'), at('2026-01-05T09:00:40Z'))).toEqual({
      acquired: true,
      lapsed: lease('r1', '2026-01-05T09:00:40.000Z'),
    });
    expect(await a.renew(lease('r1', '2026-01-05T09:01:00.000Z'))).toBe(false);
    await a.release('paris', 'r1');
    expect(await a.current('paris')).toEqual(lease('r2', '2026-01-05T09:01:00.000Z'));
  });

  it('a released lease is free at once, and leaves nothing lapsed behind', async () => {
    await a.acquire(lease('r1', '2026-01-05T09:00:20.000Z'), at('2026-01-05T09:00:00Z'));
    await a.release('paris', 'r1');
    expect(await b.current('paris')).toBeNull();
    expect(await b.acquire(lease('r2', '2026-01-05T09:00:21.000Z'), at('2026-01-05T09:00:01Z'))).toEqual({ acquired: true, lapsed: null });
  });

  it('of runs racing for a free token exactly one takes it', async () => {
    const attempts = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        (i % 2 === 0 ? a : b).acquire(lease(`r${i}`, '2026-01-05T09:00:20.000Z'), at('2026-01-05T09:00:00Z')),
      ),
    );
    expect(attempts.filter((t) => t.acquired)).toHaveLength(1);
  });
};

describe('run leases in memory', () => {
  contract(async () => {
    const leases = createInMemoryRunLeases();
    return [leases, leases] as const;
  });
});

describe('run leases in a SQLite file, through two connections', () => {
  const tmp = scratch('leases');
  const open: SqliteDatabase[] = [];
  afterEach(() => {
    for (const d of open.splice(0)) d.close();
  });
  afterAll(() => tmp.remove());
  let n = 0;
  contract(async () => {
    const path = join(tmp.dir, `leases-${(n += 1)}.db`);
    const first = openSqliteDatabase(path);
    const second = openSqliteDatabase(path);
    open.push(first, second);
    return [createSqliteRunLeases(first), createSqliteRunLeases(second)] as const;
  });
});

describeWithPostgres('run leases in a PostgreSQL schema, through two pools', () => {
  const schemas: string[] = [];
  const open: PostgresDatabase[] = [];
  afterEach(async () => {
    for (const d of open.splice(0)) await d.close();
  });
  afterAll(() => dropSchemas(...schemas));
  contract(async () => {
    const schema = freshSchemaName('dlleases');
    schemas.push(schema);
    const first = await openPostgresDatabase({ url: testServerUrl, schema });
    const second = await openPostgresDatabase({ url: testServerUrl, schema });
    open.push(first, second);
    return [createPostgresRunLeases(first), createPostgresRunLeases(second)] as const;
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
    return [first.runLeases!, second.runLeases!] as const;
  });
});
