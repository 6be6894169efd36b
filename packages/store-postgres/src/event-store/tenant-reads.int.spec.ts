import { scopeEventStore, type EventStore, type StoredEvent, type StoredEventInput } from '@depledger/core';
import { openPostgresEventStore } from '../index';
import { describeWithPostgres, dropSchemas, freshSchemaName, onTestServer, testServerUrl } from '../testing/test-server';

// A named tenant's reads of the log (its device log, its tokens, its projections) walk its own
// events through `events_tenant_position`, not every tenant's: what kept a fleet of a thousand
// organisations on one schema from reading the whole log once per tenant. The same events, in the
// same order, as the primary key's walk filtered by prefix.

const event = (id: string): StoredEventInput => ({
  type: 'Noted.v1',
  data: { id },
  metadata: {
    eventId: id,
    occurredAt: '2026-12-07T00:00:00.000Z',
    actor: 'admin:test',
    correlationId: id,
    causationId: null,
    tokenId: null,
  },
});

const collect = async (events: AsyncIterable<StoredEvent>): Promise<StoredEvent[]> => {
  const out: StoredEvent[] = [];
  for await (const e of events) out.push(e);
  return out;
};

describeWithPostgres('PostgreSQL: a named tenant reading the log', () => {
  const schema = freshSchemaName('dltenantreads');
  let raw: EventStore;
  afterAll(async () => {
    await raw?.close();
    await dropSchemas(schema);
  });

  /** How many times the tenant index was walked in this schema (PostgreSQL's statistics). */
  const tenantIndexScans = () =>
    onTestServer(async (client) => {
      await client.query('SELECT pg_stat_clear_snapshot()');
      const found = await client.query<{ scans: string }>(
        `SELECT idx_scan AS scans FROM pg_stat_user_indexes WHERE schemaname = $1 AND indexrelname = 'events_tenant_position'`,
        [schema],
      );
      return Number(found.rows[0]?.scans ?? -1);
    });

  beforeAll(async () => {
    raw = await openPostgresEventStore({ url: testServerUrl, schema, pollIntervalMs: 50 });
    const tenants = {
      default: scopeEventStore(raw, 'default'),
      acme: scopeEventStore(raw, 'acme'),
      globex: scopeEventStore(raw, 'globex'),
    };
    // interleaved tenants, devices and tokens; inside acme, a name that looks like globex's is just a name
    for (let i = 0; i < 30; i++)
      for (const [name, store] of Object.entries(tenants)) {
        await store.appendToStream(`dep-device-S${i % 7}`, [event(`${name}-d${i}`)], { expectedRevision: 'any' });
        if (i % 5 === 0) await store.appendToStream(`dep-token-t${i}`, [event(`${name}-t${i}`)], { expectedRevision: 'any' });
      }
    await tenants.acme.appendToStream('tenant-globex~dep-device-S0', [event('acme-lookalike')], { expectedRevision: 'any' });
  }, 60_000);

  it("reads, pages and subscribes a tenant's events as the filtered walk of the whole log does, in the same order", async () => {
    const everything = await collect(raw.readAll());
    const expected = (prefixes: readonly string[], after = 0) =>
      everything.filter((e) => e.position > after && prefixes.some((p) => e.streamName.startsWith(p))).map((e) => e.position);
    const positions = (events: readonly StoredEvent[]) => events.map((e) => e.position);
    for (const prefixes of [
      ['tenant-acme~'],
      ['tenant-acme~dep-device-'],
      ['tenant-acme~dep-device-', 'tenant-acme~dep-token-'],
      ['tenant-globex~dep-token-'],
      ['tenant-acme~tenant-globex~'],
      ['tenant-~'],
      // two tenants at once, and a prefix naming no tenant: the primary key's walk
      ['tenant-acme~dep-token-', 'tenant-globex~dep-token-'],
      ['dep-device-'],
    ]) {
      expect({ prefixes, got: positions(await collect(raw.readAll({ streamPrefixes: prefixes }))) }).toEqual({
        prefixes,
        got: expected(prefixes),
      });
      const after = everything[Math.floor(everything.length / 2)]!.position;
      expect(positions(await collect(raw.readAll({ after, streamPrefixes: prefixes, maxCount: 5 })))).toEqual(
        expected(prefixes, after).slice(0, 5),
      );
      expect(positions(await raw.readAllPage!({ after, maxCount: 3, streamPrefixes: prefixes }))).toEqual(
        expected(prefixes, after).slice(0, 3),
      );
      // a subscription waits for what is not stored yet: asked for no more than is there
      const coming = expected(prefixes, after).slice(0, 4);
      if (coming.length > 0)
        expect(positions(await collect(raw.subscribe({ after, streamPrefixes: prefixes, maxCount: coming.length })))).toEqual(coming);
    }
    // through the tenant's own view: its names, without the prefix
    const acme = scopeEventStore(raw, 'acme');
    const devices = await collect(acme.readAll({ streamPrefixes: ['dep-device-'] }));
    expect(devices).toHaveLength(30);
    expect(devices.every((e) => e.streamName.startsWith('dep-device-S') && e.metadata.tenantId === 'acme')).toBe(true);
  });

  it("walks the tenant index for a tenant's read, not the whole log", async () => {
    const before = await tenantIndexScans();
    expect(before).toBeGreaterThanOrEqual(0);
    const acme = scopeEventStore(raw, 'acme');
    expect(await collect(acme.readAll({ streamPrefixes: ['dep-token-'] }))).toHaveLength(6);
    // an idle backend reports its statistics within some seconds (10 s at most in PostgreSQL 15): asked again meanwhile
    let after = await tenantIndexScans();
    for (let tries = 0; after <= before && tries < 300; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      after = await tenantIndexScans();
    }
    expect(after).toBeGreaterThan(before);
  }, 90_000);
});
