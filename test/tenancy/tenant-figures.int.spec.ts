import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AppleSimulator } from '@depledger/apple-simulator';
import type { Depledger } from '@depledger/core';
import { builtInProjections, createProjectionRunner, figuresOfTenants, tenantFigures } from '@depledger/projections';
import { openSqliteStore, type SqliteStore } from '@depledger/store-sqlite';
import { organisationAtSimulator } from './organisation-at-simulator';

/**
 * Issue 23's per-tenant figures: three organisations in one SQLite file, each syncing its own fleet
 * from its own simulator; one organisation's token is then revoked, so its next run fails. Each
 * tenant's figures (tokens, devices, sync runs by outcome, failures by code, Apple's pages) say what
 * that organisation did, and nothing of the others — checked against the tenant's own events.
 */
jest.setTimeout(300_000); // a hang guard only

const fleets = { default: 4, acme: 2, globex: 7 } as const;
type Tenant = keyof typeof fleets;
const tenants = Object.keys(fleets) as Tenant[];

describe('figures per tenant', () => {
  let dir: string;
  let store: SqliteStore;
  const simulators: AppleSimulator[] = [];
  const depledgers = {} as Record<Tenant, Depledger>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'depledger-tenant-figures-'));
    store = openSqliteStore({ path: join(dir, 'depledger.sqlite'), vaultKey: Buffer.alloc(32, 7) });
    for (const tenant of tenants) {
      const { simulator, depledger, issued } = await organisationAtSimulator(store, tenant, { retry: { maxAttempts: 1 } });
      simulators.push(simulator);
      depledgers[tenant] = depledger;
      await depledger.profiles.define('corp', 'paris', { name: `${tenant} corp`, url: `https://mdm.${tenant}.example/enroll` });
      await depledger.profiles.publish('corp');
      await depledger.tokens.setDefaultProfile('paris', 'corp');
      simulator.devices.seed({ count: fleets[tenant], serverId: issued.serverId });
      expect((await depledger.sync.run('paris', { kind: 'full', trigger: 'manual' })).status).toBe('completed');
      if (tenant === 'acme')
        expect((await depledger.sync.run('paris', { kind: 'incremental', trigger: 'schedule' })).status).toBe('completed');
      if (tenant === 'globex') {
        simulator.portal.revokeToken(issued.serverId);
        expect((await depledger.sync.run('paris', { kind: 'incremental', trigger: 'schedule' })).status).toBe('failed');
      }
      await createProjectionRunner({
        eventStore: depledger.store,
        readModels: store.readModels,
        projections: builtInProjections,
      }).catchUp();
    }
  });

  afterAll(async () => {
    await Promise.all(simulators.map((s) => s.stop()));
    await store?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** What the tenant's own events say, counted here without any read model. */
  const fromEvents = async (tenant: Tenant) => {
    const counts = { started: 0, completed: 0, failed: 0, pages: 0, received: 0, succeeded: 0 };
    const codes: Record<string, number> = {};
    for await (const event of depledgers[tenant].store.readAll()) {
      const data = event.data as { code?: string; counts?: { received: number } };
      if (event.type === 'SyncRunStarted.v1') counts.started++;
      else if (event.type === 'SyncRunCompleted.v1') counts.completed++;
      else if (event.type === 'SyncRunFailed.v1') {
        counts.failed++;
        codes[data.code as string] = (codes[data.code as string] ?? 0) + 1;
      } else if (event.type === 'SyncPageRecorded.v1') {
        counts.pages++;
        counts.received += data.counts?.received ?? 0;
      } else if (event.type === 'ProfileAssignmentSucceeded.v1') counts.succeeded++;
    }
    return { counts, codes };
  };

  it.each(tenants)("gives %s's figures: its own tokens, devices, runs, failures and Apple's pages", async (tenant) => {
    const figures = await tenantFigures(store.readModels, tenant);
    const { counts, codes } = await fromEvents(tenant);
    expect(figures).toMatchObject({
      tenant,
      tokens: 1,
      devices: { total: fleets[tenant], byStatus: { not_contacted: fleets[tenant] } },
      syncs: { started: counts.started, completed: counts.completed, failed: counts.failed, timedOut: 0, abandoned: 0, refused: 0 },
      failuresByCode: codes,
      applePagesFetched: counts.pages,
      appleRecordsReceived: counts.received,
      assignments: { succeeded: fleets[tenant], failed: 0, throttled: 0 },
    });
    // what the test did, not only what the events say
    expect(figures.syncs.completed).toBe(tenant === 'acme' ? 2 : 1);
    expect(figures.syncs.failed).toBe(tenant === 'globex' ? 1 : 0);
    expect(Object.keys(figures.failuresByCode)).toHaveLength(tenant === 'globex' ? 1 : 0);
    expect(counts.succeeded).toBe(fleets[tenant]);
    expect(figures.applePagesFetched).toBeGreaterThan(0);
    expect(figures.lastCompletedAt).not.toBeNull();
    expect(figures.lastFailedAt === null).toBe(tenant !== 'globex');
  });

  it('gives every tenant asked for, in order, and a tenant that never did anything as zeroes', async () => {
    const all = await figuresOfTenants(store.readModels, ['globex', 'initech', 'default']);
    expect(all.map((f) => [f.tenant, f.devices.total, f.tokens])).toEqual([
      ['globex', fleets.globex, 1],
      ['initech', 0, 0],
      ['default', fleets.default, 1],
    ]);
    expect(all[1]).toMatchObject({
      syncs: { started: 0, completed: 0, failed: 0 },
      applePagesFetched: 0,
      lastCompletedAt: null,
      activityUpdatedAt: null,
    });
  });

  it('refuses a tenant id that is not one, with the code that says so', async () => {
    await expect(tenantFigures(store.readModels, 'Not A Tenant')).rejects.toMatchObject({ code: 'TENANT_ID_INVALID' });
  });
});
