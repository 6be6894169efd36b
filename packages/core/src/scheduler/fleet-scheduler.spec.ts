import {
  createDepledger,
  createFleetScheduler,
  createInMemoryEventStore,
  createInMemoryVault,
  manualClock,
  type Clock,
  type Depledger,
  type EventStore,
  type FleetOutcome,
  type SyncPolicy,
  type TokenPki,
} from '../index';
import { handleCommand } from '../handling/command-handler';
import { depledgerSerde } from '../serde/depledger-events';
import { gatewayError, ScriptedDepGateway } from '../sync-run/testing/scripted-dep-gateway';
import { tokenDecider } from '../token/token-decider';
import { tokenStream } from '../token/token-events';
import type { TokenCommand } from '../token/token-commands';
import { createSyncFixture, syncEvents, TOKEN, type SyncFixture } from '../sync-run/testing/sync-fixture';

// Issue 23's scheduler across tenants: one queue for every organisation's tokens, the earliest due
// first, a bounded number at once and never more than `perTenant` of one organisation — so one
// tenant that hangs or fails never delays the others; several nodes share the tokens without racing.

const MINUTE = 60 * 1000;
const HOUR = 60 * MINUTE;

const noPki: TokenPki = {
  generateKey: () => {
    throw new Error('not in these tests');
  },
  decryptServerToken: () => {
    throw new Error('not in these tests');
  },
};

/** A delta sync every hour, a full one every week, runs cut after 10 minutes. */
const hourly: SyncPolicy = {
  fullSyncInterval: { days: 7 },
  runDeadline: { minutes: 10 },
  manualSyncInterval: null,
  cursorMaxAge: { days: 7 },
  deltaSyncInterval: { hours: 1 },
};

/** Another active token in the organisation's store, as the fixture makes `paris`. */
const addToken = async (f: Readonly<{ store: EventStore; clock: Clock }>, tokenId: string): Promise<void> => {
  const metadata = { now: f.clock.now(), actor: 'admin:alice' };
  const command = (c: Omit<TokenCommand, 'metadata'>) =>
    handleCommand(f.store, depledgerSerde, tokenDecider, tokenStream(tokenId), { ...c, metadata } as TokenCommand);
  await command({
    type: 'IssueEncryptionKey',
    data: {
      tokenId,
      keyId: `k-${tokenId}`,
      certificatePem: 'PEM',
      fingerprint: 'B'.repeat(64),
      privateKeyRef: `vault:private-key:k-${tokenId}`,
      notAfter: '2027-01-01T00:00:00.000Z',
    },
  });
  await command({
    type: 'UploadServerToken',
    data: {
      tokenId,
      keyId: `k-${tokenId}`,
      consumerKey: `CK_${tokenId}`,
      accessTokenExpiry: '2027-01-05T00:00:00.000Z',
      appleIdRef: 'vault:apple-id:alice',
      oauthSecretsRef: 'vault:oauth-secrets:s1',
    },
  });
};

type Organisation = { tenant: string; f: SyncFixture; depledger: Depledger; inFlight: number };

/**
 * Organisations each with its own store, scripted Apple and token `paris` (two devices), on clocks
 * moved together; each depledger's sync runs are counted in flight, to check the limits.
 */
const organisations = async (names: readonly string[]) => {
  const all = new Map<string, Organisation>();
  const clock = manualClock('2026-01-05T09:00:00Z');
  let inFlight = 0;
  let mostInFlight = 0;
  let mostOfOneTenant = 0;
  for (const tenant of names) {
    const f = await createSyncFixture({ policy: hourly });
    f.gateway.seed(`${tenant.toUpperCase().replace(/-/g, '')}01`, `${tenant.toUpperCase().replace(/-/g, '')}02`);
    const depledger = createDepledger({ store: f.store, gateway: f.gateway, vault: f.vault, clock: f.clock, pki: noPki, policy: hourly });
    const organisation: Organisation = { tenant, f, depledger, inFlight: 0 };
    const run = depledger.sync.run.bind(depledger.sync);
    const counted: Depledger = {
      ...depledger,
      sync: {
        ...depledger.sync,
        run: async (tokenId, options) => {
          inFlight += 1;
          organisation.inFlight += 1;
          mostInFlight = Math.max(mostInFlight, inFlight);
          mostOfOneTenant = Math.max(mostOfOneTenant, organisation.inFlight);
          try {
            return await run(tokenId, options);
          } finally {
            inFlight -= 1;
            organisation.inFlight -= 1;
          }
        },
      },
    };
    organisation.depledger = counted;
    all.set(tenant, organisation);
  }
  return {
    all,
    clock,
    of: (tenant: string) => all.get(tenant) as Organisation,
    advance: (ms: number) => {
      clock.advance(ms);
      for (const { f } of all.values()) f.clock.advance(ms);
    },
    limits: () => ({ mostInFlight, mostOfOneTenant }),
  };
};

const completedSyncTimes = async (f: SyncFixture): Promise<number[]> =>
  (await syncEvents(f.store)).filter((e) => e.type === 'SyncRunCompleted').map((e) => Date.parse(e.metadata.occurredAt));

const eventually = async (condition: () => boolean): Promise<void> => {
  // a hang guard only: the jest timeout ends a test that never gets there
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
};

describe('fleet scheduler', () => {
  it('lets tenants whose Apple calls hang hold their share of slots only: every other tenant is synced meanwhile', async () => {
    const names = ['stuck', 'big', ...Array.from({ length: 11 }, (_, i) => `org-${i + 1}`)];
    const world = await organisations(names);
    // a big organisation of six tokens; its first two runs, and the stuck organisation's one, hang until their deadline
    for (const tokenId of ['lyon', 'nice', 'lille', 'brest', 'metz']) await addToken(world.of('big').f, tokenId);
    world.of('big').f.gateway.hangNext('any').hangNext('any');
    world.of('stuck').f.gateway.hangNext('any');
    const outcomes: FleetOutcome[] = [];
    const fleet = createFleetScheduler({
      tenants: () => names,
      depledgerOf: (tenant) => world.of(tenant).depledger,
      concurrency: 4,
      perTenant: 2,
      clock: world.clock,
      onOutcome: (o) => outcomes.push(o),
    });

    const pass = fleet.runDue();
    const synced = () => new Set(outcomes.filter((o) => o.task === 'full_sync' && o.status === 'done').map((o) => o.tenant));
    // (or as soon as a limit is broken, which the last check reports)
    await eventually(() => synced().size === 11 || world.limits().mostOfOneTenant > 2 || world.limits().mostInFlight > 4);
    expect(world.limits()).toEqual({ mostInFlight: 4, mostOfOneTenant: 2 });
    // the eleven small ones were synced through the one slot left while three runs hang
    expect([...synced()].sort()).toEqual(names.filter((n) => n.startsWith('org-')).sort());
    expect([world.of('stuck').inFlight, world.of('big').inFlight]).toEqual([1, 2]);

    // the hanging runs end at their deadline, recorded as failed; the big organisation's other tokens then run
    world.advance(11 * MINUTE);
    await pass;
    expect(
      outcomes
        .filter((o) => o.task === 'full_sync' && o.status === 'failed')
        .map((o) => o.tenant)
        .sort(),
    ).toEqual(['big', 'big', 'stuck']);
    expect(outcomes.filter((o) => o.tenant === 'big' && o.task === 'full_sync' && o.status === 'done')).toHaveLength(4);
    expect(world.limits()).toEqual({ mostInFlight: 4, mostOfOneTenant: 2 });
  });

  it("keeps every healthy token's delta sync within its interval over simulated hours while a tenant fails, and backs the failing one off", async () => {
    const names = ['down', ...Array.from({ length: 19 }, (_, i) => `org-${i + 1}`)];
    const world = await organisations(names);
    const fleet = createFleetScheduler({
      tenants: () => names,
      depledgerOf: (tenant) => world.of(tenant).depledger,
      concurrency: 4,
      perTenant: 1,
      clock: world.clock,
      failureBackoff: { minutes: 5 },
    });
    await fleet.runDue(); // the first full syncs
    // from now on Apple answers the failing organisation with 503 on every call
    const down = world.of('down').f.gateway;
    for (let i = 0; i < 1000; i++) down.failNext('any', gatewayError('unavailable', 'HTTP_503'));

    const start = world.clock.now().getTime();
    let attempts = 0;
    for (let step = 0; step < 6 * 12; step++) {
      world.advance(5 * MINUTE);
      for (const outcome of await fleet.runDue()) if (outcome.tenant === 'down' && outcome.sync !== undefined) attempts++;
    }
    const end = world.clock.now().getTime();

    for (const name of names.filter((n) => n !== 'down')) {
      const times = [start, ...(await completedSyncTimes(world.of(name).f)).filter((t) => t > start), end];
      const longestGap = Math.max(...times.slice(1).map((t, i) => t - (times[i] as number)));
      // within the hour, give or take the 5-minute steps the clock moves by
      expect({ name, longestGapMinutes: longestGap / MINUTE }).toEqual({ name, longestGapMinutes: expect.any(Number) });
      expect(longestGap).toBeLessThanOrEqual(HOUR + 5 * MINUTE);
      // and no more often than asked: one delta sync an hour, so Apple is not called for nothing
      expect((await completedSyncTimes(world.of(name).f)).filter((t) => t > start).length).toBeLessThanOrEqual(6);
    }
    // the failing organisation was asked again ever less often (5, 10, 20, 40 minutes, then hourly), not at every step
    expect(attempts).toBeGreaterThan(3);
    expect(attempts).toBeLessThan(12);
  });

  it('shares tokens between nodes without racing for them, and a node that stops leaves its tokens to the others after one standby delay, then keeps their interval', async () => {
    const names = Array.from({ length: 16 }, (_, i) => `org-${i + 1}`);
    const world = await organisations(names);
    const nodes = [0, 1].map((index) =>
      createFleetScheduler({
        tenants: () => names,
        depledgerOf: (tenant) => world.of(tenant).depledger,
        node: { index, count: 2 },
        standbyMs: 10 * MINUTE,
        clock: world.clock,
        discoverEveryMs: MINUTE,
      }),
    );
    const ranks = await Promise.all(nodes.map((n) => n.plan()));
    // each token has one first node, and the two nodes split the tokens between them
    for (const plan of ranks) expect(plan.length).toBe(names.length);
    const firstOn = ranks.map((plan) => plan.filter((e) => e.rank === 0).map((e) => e.tenant));
    expect([...firstOn[0]!, ...firstOn[1]!].sort()).toEqual([...names].sort());
    expect(firstOn[0]!.length).toBeGreaterThan(0);
    expect(firstOn[1]!.length).toBeGreaterThan(0);

    const byNode: Record<string, number>[] = [{}, {}];
    const step = async (alive: readonly number[]) => {
      world.advance(MINUTE);
      for (const index of alive)
        for (const outcome of await nodes[index]!.runDue())
          if (outcome.sync?.status === 'completed') byNode[index]![outcome.tenant] = (byNode[index]![outcome.tenant] ?? 0) + 1;
    };
    // three hours with both nodes: every token synced by its first node, never refused for a run of the other
    for (let minute = 0; minute < 3 * 60; minute++) await step([0, 1]);
    for (const [index, tenants] of firstOn.entries()) expect(Object.keys(byNode[index]!).sort()).toEqual([...tenants].sort());
    for (const name of names) {
      const refusals = (await syncEvents(world.of(name).f.store)).filter((e) => e.type === 'SyncRunRefused');
      expect({ name, refusals: refusals.length }).toEqual({ name, refusals: 0 });
    }

    // node 0 stops: its tokens are synced by node 1 within an interval and one standby delay
    const stoppedAt = world.clock.now().getTime();
    for (let minute = 0; minute < 3 * 60; minute++) await step([1]);
    for (const tenant of firstOn[0]!) {
      const times = (await completedSyncTimes(world.of(tenant).f)).filter((t) => t > stoppedAt);
      expect({ tenant, synced: times.length >= 2 }).toEqual({ tenant, synced: true });
      expect(times[0]! - stoppedAt).toBeLessThanOrEqual(HOUR + 10 * MINUTE + MINUTE);
      // once taken over, the token keeps its interval (plus the clock's step), not an interval and a standby delay each time
      const gaps = times.slice(1).map((t, i) => t - times[i]!);
      expect({ tenant, gaps: gaps.filter((gap) => gap > HOUR + MINUTE) }).toEqual({ tenant, gaps: [] });
    }

    // node 0 is back: its tokens are its own again, never run twice at once, and still within their interval
    const backAt = world.clock.now().getTime();
    const before = [{ ...byNode[0] }, { ...byNode[1] }];
    for (let minute = 0; minute < 3 * 60; minute++) await step([0, 1]);
    for (const tenant of firstOn[0]!) {
      expect({ tenant, byNode0: (byNode[0]![tenant] ?? 0) - (before[0]![tenant] ?? 0) }).toEqual({ tenant, byNode0: 3 });
      const times = (await completedSyncTimes(world.of(tenant).f)).filter((t) => t > stoppedAt);
      const gaps = times.slice(1).map((t, i) => t - times[i]!);
      expect({ tenant, gaps: gaps.filter((gap) => gap > HOUR + MINUTE) }).toEqual({ tenant, gaps: [] });
      const refusals = (await syncEvents(world.of(tenant).f.store)).filter(
        (e) => e.type === 'SyncRunRefused' && Date.parse(e.metadata.occurredAt) >= backAt,
      );
      expect({ tenant, refusals: refusals.length }).toEqual({ tenant, refusals: 0 });
    }
  });

  it('refuses options it cannot work with, saying which and why', () => {
    const bad = () =>
      createFleetScheduler({
        tenants: () => [],
        depledgerOf: () => ({}) as Depledger,
        concurrency: 0,
        perTenant: 1.5,
        node: { index: 2, count: 2 },
      });
    expect(bad).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    try {
      bad();
    } catch (error) {
      const paths = (error as { details: { issues: { path: string }[] } }).details.issues.map((i) => i.path);
      expect(paths.sort()).toEqual(['concurrency', 'node.index', 'perTenant']);
    }
  });

  it('finds a tenant added since at its next look-up, and drops one removed', async () => {
    const world = await organisations(['acme', 'globex']);
    const tenants = ['acme'];
    const fleet = createFleetScheduler({
      tenants: () => tenants,
      depledgerOf: (tenant) => world.of(tenant).depledger,
      clock: world.clock,
      discoverEveryMs: 5 * MINUTE,
    });
    expect((await fleet.runDue()).map((o) => `${o.tenant}:${o.task}`)).toEqual(['acme:expiry_check', 'acme:full_sync']);
    tenants.push('globex');
    world.advance(MINUTE);
    expect(await fleet.runDue()).toEqual([]);
    world.advance(4 * MINUTE);
    expect((await fleet.runDue()).map((o) => `${o.tenant}:${o.task}`)).toEqual(['globex:expiry_check', 'globex:full_sync']);
    expect((await fleet.plan()).map((e) => [e.tenant, e.tokenId])).toEqual([
      ['acme', TOKEN],
      ['globex', TOKEN],
    ]);
    tenants.splice(0, 1);
    world.advance(5 * MINUTE);
    await fleet.runDue();
    expect((await fleet.plan()).map((e) => e.tenant)).toEqual(['globex']);
  });

  it('plans at each look-up only the tokens it has not queued yet, and still finds a token added since', async () => {
    const world = await organisations(['acme']);
    const acme = world.of('acme');
    // the sync streams read through the tenant's store: planning a token reads its sync state
    let syncReads = 0;
    const store = {
      ...acme.depledger.store,
      readStream: (name: string, options?: Parameters<typeof acme.depledger.store.readStream>[1]) => {
        if (name.startsWith('dep-sync-')) syncReads += 1;
        return acme.depledger.store.readStream(name, options);
      },
    };
    await addToken(acme.f, 'lyon');
    const fleet = createFleetScheduler({
      tenants: () => ['acme'],
      depledgerOf: () => ({ ...acme.depledger, store }),
      clock: world.clock,
      discoverEveryMs: 5 * MINUTE,
    });
    expect((await fleet.runDue()).filter((o) => o.task === 'full_sync').map((o) => o.tokenId)).toEqual([TOKEN, 'lyon']);
    // five minutes on, a look-up with nothing due: no token is planned again
    world.advance(5 * MINUTE);
    syncReads = 0;
    expect(await fleet.runDue()).toEqual([]);
    expect(syncReads).toBe(0);
    // a token added since is found, planned and synced at the next look-up
    world.advance(5 * MINUTE);
    await addToken(acme.f, 'nice');
    expect((await fleet.runDue()).filter((o) => o.task === 'full_sync').map((o) => o.tokenId)).toEqual(['nice']);
    expect((await fleet.plan()).map((e) => e.tokenId).sort()).toEqual(['lyon', 'nice', TOKEN].sort());
  });
});

describe('fleet scheduler over a store the tenants share', () => {
  /** Tenants in one in-memory store, each with token `paris` (the default tenant too); every global read of the store counted. */
  const sharedStore = async (tenants: readonly string[]) => {
    const opened = createInMemoryEventStore();
    let globalReads = 0;
    const store: EventStore = {
      ...opened,
      readAll: (options) => {
        globalReads += 1;
        return opened.readAll(options);
      },
    };
    const clock = manualClock('2026-01-05T09:00:00Z');
    const operator = createDepledger({
      store,
      vault: createInMemoryVault({ pseudonymKey: Buffer.alloc(32, 1) }),
      gateway: new ScriptedDepGateway(() => clock.now()),
      clock,
      pki: noPki,
      policy: hourly,
    });
    for (const tenant of tenants) await addToken({ store: operator.forTenant(tenant).store, clock }, TOKEN);
    return { store, clock, operator, globalReads: () => globalReads };
  };
  const tenants = ['default', ...Array.from({ length: 11 }, (_, i) => `org-${i}`)];

  it("looks every tenant's tokens up in one read of the store, not one per tenant, and finds the same tokens", async () => {
    const world = await sharedStore(tenants);
    const fleetOf = (store?: EventStore) =>
      createFleetScheduler({
        tenants: () => tenants,
        depledgerOf: (tenant) => world.operator.forTenant(tenant),
        clock: world.clock,
        ...(store === undefined ? {} : { store }),
      });
    const planned = async (store?: EventStore) => {
      const before = world.globalReads();
      const entries = (await fleetOf(store).plan()).map((e) => `${e.tenant}/${e.tokenId}`).sort();
      return { entries, globalReads: world.globalReads() - before };
    };
    const apart = await planned();
    const together = await planned(world.store);
    expect(together.entries).toEqual(tenants.map((t) => `${t}/${TOKEN}`).sort());
    expect(together.entries).toEqual(apart.entries);
    // a read per tenant (its tokens and its API accounts) without the shared store, one with it
    expect(apart.globalReads).toBeGreaterThanOrEqual(tenants.length);
    expect(together.globalReads).toBe(1);
  });

  it('finds a token added since at its next look-up, in any tenant, and never lists the register of tenants as a tenant', async () => {
    const world = await sharedStore(['default', 'acme', 'globex']);
    const fleet = createFleetScheduler({
      tenants: () => world.operator.tenants.active(),
      depledgerOf: (tenant) => world.operator.forTenant(tenant),
      clock: world.clock,
      store: world.store,
      discoverEveryMs: 5 * MINUTE,
    });
    const fullSyncs = async () =>
      (await fleet.runDue())
        .filter((o) => o.task === 'full_sync')
        .map((o) => `${o.tenant}/${o.tokenId}`)
        .sort();
    expect(await fullSyncs()).toEqual(['acme/paris', 'default/paris', 'globex/paris']);
    await addToken({ store: world.operator.forTenant('globex').store, clock: world.clock }, 'lyon');
    await addToken({ store: world.operator.forTenant('default').store, clock: world.clock }, 'nice');
    world.clock.advance(5 * MINUTE);
    expect(await fullSyncs()).toEqual(['default/nice', 'globex/lyon']);
    expect([...new Set((await fleet.plan()).map((e) => e.tenant))].sort()).toEqual(['acme', 'default', 'globex']);
  });

  it('refuses a store that is not an event store, saying so', () => {
    expect(() => createFleetScheduler({ tenants: () => [], depledgerOf: () => undefined as never, store: {} as EventStore })).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT', issues: [expect.objectContaining({ path: 'store' })] }),
    );
  });
});
