import { appleGateway, createAppleTokenPki } from '@depledger/apple';
import { createAppleSimulator } from '@depledger/apple-simulator';
import { createDepledger, createInMemoryEventStore, createInMemoryVault, type FleetOutcome, type ScheduledOutcome } from '@depledger/core';
import { builtInProjections, createInMemoryReadModelStore, createProjectionRunner } from '@depledger/projections';
import { createMultiTenantServer } from '@depledger/serve';

/**
 * Issue 23: a server for several tenants schedules them from one fleet scheduler, not a scheduler
 * each: every served tenant's token gets its first full sync once it listens, each run started once
 * (no run refused because another scheduler of the same server held the token), outcomes told with
 * their tenant. One simulator holds every organisation's MDM server, on one clock.
 */
jest.setTimeout(300_000); // a hang guard only

const tenants = ['default', 'acme', 'globex', 'initech'] as const;

describe('the scheduler of a server for several tenants', () => {
  it("works every served tenant's tokens from one queue, each run once", async () => {
    const simulator = createAppleSimulator({ seed: 23 });
    const { url: appleUrl } = await simulator.start(0, '127.0.0.1');
    const store = createInMemoryEventStore();
    const vault = createInMemoryVault();
    const readModels = createInMemoryReadModelStore();
    const operator = createDepledger({
      store,
      vault,
      pki: createAppleTokenPki(),
      clock: simulator.clock,
      gateway: appleGateway({ baseUrl: appleUrl, retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 5 } }),
    });
    for (const tenant of tenants) {
      const depledger = tenant === 'default' ? operator : operator.forTenant(tenant);
      const key = await depledger.tokens.generateKey('paris');
      const issued = simulator.portal.addMdmServer({ name: `${tenant} MDM`, certificatePem: key.certificatePem });
      await depledger.tokens.upload('paris', issued.p7m as string, { appleId: `it@${tenant}.example` });
      simulator.devices.seed({ count: 2, serverId: issued.serverId });
    }
    const outcomes: ScheduledOutcome[] = [];
    const server = await createMultiTenantServer({
      depledger: operator,
      readModels: { readModels, runner: createProjectionRunner({ eventStore: store, readModels, projections: builtInProjections }) },
      scheduler: { checkEveryMs: 20 },
      fleet: { concurrency: 2, perTenant: 1 },
      onScheduledOutcome: (outcome) => outcomes.push(outcome),
    });
    // each named tenant has a key, so the server serves it from the start
    for (const tenant of tenants.filter((t) => t !== 'default')) await server.apiKeys.forTenant(tenant).issue(`${tenant}-mdm`, ['read']);
    await server.listen();
    try {
      const synced = () =>
        new Set(outcomes.filter((o) => o.task === 'full_sync' && o.status === 'done').map((o) => (o as FleetOutcome).tenant));
      // a hang guard only: the jest timeout ends a test that never gets there
      while (synced().size < tenants.length) await new Promise((resolve) => setTimeout(resolve, 20));
      expect([...synced()].sort()).toEqual([...tenants].sort());
    } finally {
      await server.close();
      await simulator.stop();
    }
    for (const tenant of tenants) {
      const depledger = tenant === 'default' ? operator : operator.forTenant(tenant);
      const types: string[] = [];
      for await (const event of depledger.store.readAll({ streamPrefixes: ['dep-sync-'] })) types.push(event.type);
      expect({
        tenant,
        started: types.filter((t) => t === 'SyncRunStarted.v1').length,
        refused: types.filter((t) => t === 'SyncRunRefused.v1').length,
      }).toEqual({
        tenant,
        started: 1,
        refused: 0,
      });
    }
    expect(outcomes.every((o) => tenants.includes((o as FleetOutcome).tenant as (typeof tenants)[number]))).toBe(true);
  });
});
