import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import type { AppleSimulator } from '@depledger/apple-simulator';
import {
  createInMemoryEventStore,
  createInMemoryVault,
  isDepledgerError,
  type Depledger,
  type EventStore,
  type StoredEvent,
  type Vault,
} from '@depledger/core';
import {
  builtInProjections,
  createInMemoryReadModelStore,
  createProjectionRunner,
  deviceStatusAsOf,
  deviceTimeline,
  listDevices,
  readModelsAsOf,
  scopeReadModels,
  syncHistory,
  type ReadModelStore,
} from '@depledger/projections';
import { openPostgresStore } from '@depledger/store-postgres';
import { openSqliteStore } from '@depledger/store-sqlite';
import { dropSchemas, freshSchemaName, testServerAnswers, testServerUrl } from '../../packages/store-postgres/src/testing/test-server';
import { organisationAtSimulator } from './organisation-at-simulator';

/**
 * Issue 23: three organisations in one store — the default tenant (a store as it was before
 * tenants) and two named ones — each with a token of the same id, a profile of the same id and
 * devices of the same serials, synced from Apple (one simulator each). Properties then try to reach
 * across tenants through every public path of the library: commands and device lookups by serial,
 * profiles, the read models' device list and sync history, device timelines, point-in-time
 * queries (a device's status and every read model as of a position), the event store's reads, consumers and the vault. Nothing of another tenant ever comes back.
 */
jest.setTimeout(600_000); // a hang guard only

const tenants = ['default', 'acme', 'globex'] as const;
type Tenant = (typeof tenants)[number];
const shared = ['C02TEN000001', 'C02TEN000002', 'C02TEN000003'];
const own: Record<Tenant, string[]> = {
  default: ['DMPDEF000001', 'DMPDEF000002'],
  acme: ['DMPACM000001'],
  globex: ['DMPGLX000001', 'DMPGLX000002', 'DMPGLX000003'],
};
const fleetOf = (t: Tenant) => [...shared, ...own[t]].sort();
const allSerials = [...shared, ...tenants.flatMap((t) => own[t])];

type Shared = { events: EventStore; vault: Vault; readModels: ReadModelStore; close(): Promise<void> };

type World = {
  raw: EventStore;
  readModels: ReadModelStore;
  depledgers: Record<Tenant, Depledger>;
  simulators: AppleSimulator[];
  /** The vault references each tenant's events hold. */
  refs: Record<Tenant, string[]>;
};

const tenantOfStored = (event: StoredEvent): Tenant => {
  const match = /^tenant-([a-z0-9-]+)~/.exec(event.streamName);
  return (match ? match[1] : 'default') as Tenant;
};

const rawEvents = async (store: EventStore): Promise<StoredEvent[]> => {
  const events: StoredEvent[] = [];
  for await (const event of store.readAll()) events.push(event);
  return events;
};

const refsIn = (value: unknown, found: string[] = []): string[] => {
  if (typeof value === 'string' && value.startsWith('vault:')) found.push(value);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) refsIn(v, found);
  return found;
};

const buildWorld = async (store: Shared): Promise<World> => {
  const simulators: AppleSimulator[] = [];
  const depledgers = {} as Record<Tenant, Depledger>;
  for (const tenant of tenants) {
    const { simulator, depledger, issued } = await organisationAtSimulator(store, tenant);
    simulators.push(simulator);
    depledgers[tenant] = depledger;
    for (const id of ['corp', `only-${tenant}`]) {
      await depledger.profiles.define(id, 'paris', { name: `${tenant} ${id}`, url: `https://mdm.${tenant}.example/enroll` });
      await depledger.profiles.publish(id);
    }
    await depledger.tokens.setDefaultProfile('paris', 'corp');
    simulator.devices.add(fleetOf(tenant).map((serial) => ({ serial, model: 'iPad Air', os: 'iPadOS', family: 'iPad' })));
    simulator.portal.assignDevices(issued.serverId, { serials: fleetOf(tenant) });
    const run = await depledger.sync.run('paris', { kind: 'full', trigger: 'manual' });
    expect(run.status).toBe('completed');
    await depledger.devices.recordEnrollment(shared[0] as string, { user: `someone@${tenant}.example` });
    await createProjectionRunner({ eventStore: depledger.store, readModels: store.readModels, projections: builtInProjections }).catchUp();
  }
  const refs = { default: [], acme: [], globex: [] } as Record<Tenant, string[]>;
  for (const event of await rawEvents(store.events)) refsIn(event.data, refs[tenantOfStored(event)]);
  return { raw: store.events, readModels: store.readModels, depledgers, simulators, refs };
};

const refusedAcross = async (attempt: Promise<unknown>): Promise<void> => {
  const error = await attempt.then(
    () => null,
    (e: unknown) => e,
  );
  expect(isDepledgerError(error) ? error.code : error).toBe('TENANT_SCOPE_VIOLATION');
};

const describeIsolation = (kind: string, open: () => Promise<Shared>, runs: number) =>
  describe(`tenants in one ${kind} store`, () => {
    let store: Shared;
    let world: World;
    let truth: Map<Tenant, StoredEvent[]>;

    beforeAll(async () => {
      store = await open();
      world = await buildWorld(store);
      truth = new Map(tenants.map((t) => [t, []]));
      for (const event of await rawEvents(world.raw)) truth.get(tenantOfStored(event))?.push(event);
    });
    afterAll(async () => {
      for (const simulator of world?.simulators ?? []) await simulator.stop();
      await store?.close();
    });

    it('keeps each tenant under its own names in the store: the default tenant as before, the others under tenant-<id>~', async () => {
      const names = new Set((await rawEvents(world.raw)).map((e) => e.streamName));
      expect(names).toContain('dep-device-C02TEN000001');
      expect(names).toContain('tenant-acme~dep-device-C02TEN000001');
      expect(names).toContain('tenant-globex~dep-token-paris');
      for (const t of tenants) {
        for (const event of truth.get(t) ?? []) {
          expect(event.metadata.tenantId).toBe(t === 'default' ? undefined : t);
          if (t !== 'default') expect(event.metadata.eventId.startsWith(`tenant-${t}~`)).toBe(true);
        }
      }
      // the same serial got its own facts in every tenant (deterministic ids did not collide)
      for (const t of tenants)
        expect((truth.get(t) ?? []).filter((e) => e.streamName.endsWith('dep-device-C02TEN000002')).length).toBeGreaterThan(0);
      expect(await store.readModels.live('device-status')).not.toBeNull();
      expect(await store.readModels.live('tenant-acme~device-status')).not.toBeNull();
    });

    it('answers every lookup by serial with the asking tenant’s device or none, never another tenant’s', async () => {
      const serial = fc.oneof(fc.constantFrom(...allSerials), fc.stringMatching(/^[A-Z0-9]{8,14}$/));
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...tenants), serial, fc.nat(), async (tenant, s, at) => {
          const depledger = world.depledgers[tenant];
          const mine = fleetOf(tenant).includes(s);
          const ownPositions = new Set((truth.get(tenant) ?? []).map((e) => e.position));
          const state = await depledger.devices.state(s);
          expect(state.status === 'unknown').toBe(!mine);
          for (const ref of refsIn(state)) expect(world.refs[tenant]).toContain(ref);
          const timeline = await deviceTimeline(depledger.store, s);
          expect(timeline.length > 0).toBe(mine);
          for (const entry of timeline) expect(ownPositions.has(entry.position)).toBe(true);
          const head = await world.raw.headPosition();
          const asOf = await deviceStatusAsOf(depledger.store, s, { position: at % (head + 1) });
          if (!mine) expect(asOf).toBeNull();
          else if (asOf) expect(asOf.tokenId).toBe('paris');
          const past = await readModelsAsOf({
            eventStore: depledger.store,
            projections: builtInProjections,
            at: { position: at % (head + 1) },
          });
          for (const device of await listDevices(past)) expect(fleetOf(tenant)).toContain(device.serial);
          const answer = await depledger.devices.enrollmentAnswer({ serial: s } as never).then(
            () => 'answered',
            () => 'refused',
          );
          expect(['answered', 'refused']).toContain(answer);
        }),
        { numRuns: runs },
      );
    });

    it('lists, in read models and through the store, only the asking tenant’s devices, runs and events', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...tenants),
          fc.array(
            fc.oneof(
              fc.constantFrom('dep-', 'dep-device-', 'dep-sync-', 'tenant-', 'tenant-acme~', 'tenant-globex~dep-', 't', ''),
              fc.string(),
            ),
            {
              maxLength: 3,
            },
          ),
          fc.oneof(
            fc.constantFrom('dep-device-C02TEN000001', 'tenant-acme~dep-device-C02TEN000001', 'tenant-globex~dep-token-paris'),
            fc.string(),
          ),
          async (tenant, prefixes, streamName) => {
            const depledger = world.depledgers[tenant];
            const readModels = scopeReadModels(world.readModels, tenant);
            expect((await listDevices(readModels)).map((d) => d.serial).sort()).toEqual(fleetOf(tenant));
            const runs = await syncHistory(readModels, 'paris');
            expect(runs).toHaveLength(1);
            const ownIds = new Set(
              (truth.get(tenant) ?? []).map((e) =>
                tenant === 'default' ? e.metadata.eventId : e.metadata.eventId.slice(`tenant-${tenant}~`.length),
              ),
            );
            const seen: StoredEvent[] = [];
            for await (const event of depledger.store.readAll({ streamPrefixes: prefixes })) seen.push(event);
            const page = depledger.store.readAllPage ? await depledger.store.readAllPage({ streamPrefixes: prefixes, maxCount: 7 }) : [];
            const streamRead = await (async () => {
              const events: StoredEvent[] = [];
              for await (const event of depledger.store.readStream(streamName)) events.push(event);
              return events;
            })().catch((e: unknown) => (isDepledgerError(e) && e.code === 'TENANT_SCOPE_VIOLATION' ? [] : Promise.reject(e)));
            for (const event of [...seen, ...page, ...streamRead]) {
              expect(event.metadata.tenantId).toBe(tenant === 'default' ? undefined : tenant);
              expect(ownIds.has(event.metadata.eventId)).toBe(true);
            }
          },
        ),
        { numRuns: runs },
      );
    });

    it('keeps profiles, tokens and vault entries inside their tenant', async () => {
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...tenants), fc.constantFrom(...tenants), async (tenant, other) => {
          const depledger = world.depledgers[tenant];
          const profile = await depledger.profiles.state(`only-${other}`);
          expect(profile.status === 'none').toBe(tenant !== other);
          const token = await depledger.tokens.state('paris');
          for (const ref of refsIn(token)) expect(world.refs[tenant]).toContain(ref);
          if (tenant !== 'default' && other !== tenant) {
            for (const ref of world.refs[other]) {
              await refusedAcross(depledger.vault.reveal(ref));
              await refusedAcross(depledger.vault.forget(ref));
            }
          }
          if (tenant !== 'default' && other !== tenant) await refusedAcross(Promise.resolve().then(() => depledger.forTenant(other)));
        }),
        { numRuns: Math.min(runs, 20) },
      );
      // the same Apple ID in two tenants is two entries: forgetting one leaves the other
      expect(world.refs.acme.filter((r) => world.refs.globex.includes(r))).toEqual([]);
    });

    it('feeds a tenant’s consumer only that tenant’s events, and opens other tenants only from the operator’s depledger', async () => {
      for (const tenant of tenants) {
        const positions: number[] = [];
        const consumer = world.depledgers[tenant].consume(`audit-${tenant}`, {
          types: ['DeviceAssignedToServer', 'DeviceEnrolled', 'ProfileDefined', 'ServerTokenUploaded'],
          handle: (event) => {
            positions.push(event.position);
          },
        });
        await consumer.caughtUp();
        await consumer.stop();
        const own = new Set((truth.get(tenant) ?? []).map((e) => e.position));
        expect(positions.length).toBeGreaterThan(0);
        for (const p of positions) expect(own.has(p)).toBe(true);
      }
      const acme = world.depledgers.default.forTenant('acme');
      expect(acme.tenant).toBe('acme');
      expect((await acme.devices.state('DMPACM000001')).status).not.toBe('unknown');
      expect((await acme.devices.state('DMPGLX000001')).status).toBe('unknown');
      await refusedAcross(Promise.resolve().then(() => acme.forTenant('globex')));
      await refusedAcross(world.depledgers.default.store.appendToStream('tenant-acme~dep-device-X', [], { expectedRevision: 'any' }));
    });
  });

describeIsolation(
  'memory',
  async () => {
    const events = createInMemoryEventStore();
    return { events, vault: createInMemoryVault(), readModels: createInMemoryReadModelStore(), close: () => events.close() };
  },
  60,
);

const dir = mkdtempSync(join(tmpdir(), 'depledger-tenants-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
describeIsolation(
  'SQLite',
  async () => {
    const store = await openSqliteStore({ path: join(dir, 'depledger.db') });
    return { events: store.events, vault: store.vault, readModels: store.readModels, close: () => store.close() };
  },
  40,
);

const schema = freshSchemaName('dltenants');
if (testServerAnswers()) {
  afterAll(() => dropSchemas(schema));
  describeIsolation(
    'PostgreSQL',
    async () => {
      const store = await openPostgresStore({ url: testServerUrl, schema, vaultKey: Buffer.alloc(32, 23), maxConnections: 4 });
      return { events: store.events, vault: store.vault, readModels: store.readModels, close: () => store.close() };
    },
    25,
  );
} else {
  it.todo('tenants in one PostgreSQL store (no PostgreSQL server answered)');
}
