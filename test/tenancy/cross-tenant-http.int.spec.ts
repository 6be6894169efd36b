import fc from 'fast-check';
import { appleGateway, createAppleTokenPki } from '@depledger/apple';
import { createAppleSimulator, type AppleSimulator } from '@depledger/apple-simulator';
import { createDepledger, createInMemoryEventStore, createInMemoryVault } from '@depledger/core';
import { builtInProjections, createInMemoryReadModelStore, createProjectionRunner } from '@depledger/projections';
import { createServer, type DepledgerServer } from '@depledger/serve';

/**
 * Issue 23 over HTTP: two organisations in one store, each served by a `depledger serve` built on its
 * tenant's depledger, with the same token id and serials. An API key belongs to the tenant whose
 * server issued it (its record is in that tenant's streams): another tenant's server refuses it, and
 * no request of one tenant ever answers with the other's devices, history or tokens.
 */
jest.setTimeout(300_000); // a hang guard only

const tenants = ['acme', 'globex'] as const;
type Tenant = (typeof tenants)[number];
const shared = ['C02WEB000001', 'C02WEB000002'];
const fleet: Record<Tenant, string[]> = { acme: [...shared, 'DMPACM000009'], globex: [...shared, 'DMPGLX000008', 'DMPGLX000009'] };
const allSerials = [...new Set([...fleet.acme, ...fleet.globex])];

describe('tenants served over HTTP from one store', () => {
  const store = createInMemoryEventStore();
  const vault = createInMemoryVault();
  const readModels = createInMemoryReadModelStore();
  const simulators: AppleSimulator[] = [];
  const servers = {} as Record<Tenant, { server: DepledgerServer; url: string; key: string }>;
  const runIds = {} as Record<Tenant, string>;

  const get = async (tenant: Tenant, path: string, key = servers[tenant].key) => {
    const response = await fetch(`${servers[tenant].url}${path}`, { headers: { authorization: `Bearer ${key}` } });
    return { status: response.status, body: (await response.json()) as any };
  };

  beforeAll(async () => {
    for (const tenant of tenants) {
      const simulator = createAppleSimulator({ seed: 23 });
      simulators.push(simulator);
      const { url } = await simulator.start(0, '127.0.0.1');
      const depledger = createDepledger({
        store,
        vault,
        tenant,
        pki: createAppleTokenPki(),
        clock: simulator.clock,
        gateway: appleGateway({ baseUrl: url, retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 5 } }),
      });
      const key = await depledger.tokens.generateKey('paris');
      const issued = simulator.portal.addMdmServer({ name: `${tenant} MDM`, certificatePem: key.certificatePem });
      await depledger.tokens.upload('paris', issued.p7m as string, { appleId: `it@${tenant}.example` });
      simulator.devices.add(fleet[tenant].map((serial) => ({ serial, model: 'iPad Air', os: 'iPadOS', family: 'iPad' })));
      simulator.portal.assignDevices(issued.serverId, { serials: fleet[tenant] });
      const run = await depledger.sync.run('paris', { kind: 'full', trigger: 'manual' });
      expect(run.status).toBe('completed');
      runIds[tenant] = run.runId;
      const runner = createProjectionRunner({ eventStore: depledger.store, readModels, projections: builtInProjections });
      const server = await createServer({ depledger, readModels: { readModels, runner } });
      const serverUrl = await server.listen();
      const apiKey = (await server.apiKeys.issue(`${tenant}-mdm`, ['read', 'write'], { actor: 'admin:test' })).key;
      servers[tenant] = { server, url: serverUrl, key: apiKey };
    }
  });
  afterAll(async () => {
    for (const tenant of tenants) await servers[tenant]?.server.close();
    for (const simulator of simulators) await simulator.stop();
  });

  it('refuses a key on the server of another tenant, and keeps each tenant’s keys to itself', async () => {
    expect((await get('acme', '/devices')).status).toBe(200);
    expect(await get('globex', '/devices', servers.acme.key)).toMatchObject({ status: 401, body: { code: 'API_KEY_INVALID' } });
    expect(await get('acme', '/devices', servers.globex.key)).toMatchObject({ status: 401, body: { code: 'API_KEY_INVALID' } });
    expect((await servers.acme.server.apiKeys.list()).map((k) => k.name)).toEqual(['acme-mdm']);
  });

  it('answers each tenant with its own devices, histories and tokens only', async () => {
    for (const tenant of tenants) {
      const list = await get(tenant, '/devices?limit=1000');
      expect(list.status).toBe(200);
      expect(list.body.devices.map((d: { serial: string }) => d.serial).sort()).toEqual([...fleet[tenant]].sort());
    }
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...tenants),
        fc.oneof(fc.constantFrom(...allSerials), fc.stringMatching(/^[A-Z0-9]{8,14}$/)),
        async (tenant, serial) => {
          const mine = fleet[tenant].includes(serial);
          const device = await get(tenant, `/devices/${serial}`);
          expect(device.status).toBe(mine ? 200 : 404);
          const history = await get(tenant, `/devices/${serial}/history`);
          expect(history.status).toBe(mine ? 200 : 404);
          if (mine) expect(history.body.history.length).toBeGreaterThan(0);
          const runs = await get(tenant, '/tokens/paris/syncs');
          expect(runs.status).toBe(200);
          expect(runs.body.runs.map((r: { runId: string }) => r.runId)).toEqual([runIds[tenant]]);
        },
      ),
      { numRuns: 40 },
    );
  });
});
