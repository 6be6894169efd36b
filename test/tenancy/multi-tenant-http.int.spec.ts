import { createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { appleGateway, createAppleTokenPki } from '@depledger/apple';
import { createAppleSimulator, type AppleSimulator } from '@depledger/apple-simulator';
import {
  createDepledger,
  createInMemoryEventStore,
  createInMemoryVault,
  scopeConsumerCheckpoints,
  type Depledger,
  type StoredEvent,
} from '@depledger/core';
import {
  builtInProjections,
  createInMemoryReadModelStore,
  createProjectionRunner,
  readModelCheckpoints,
  scopeReadModels,
} from '@depledger/projections';
import { createApiKeys, createMultiTenantServer, webhookEventTypes, type MultiTenantServer } from '@depledger/serve';
import { checkAgainstOpenApi } from '../../packages/serve/src/testing/openapi-check';
import type { ApiAnswer } from '../../packages/serve/src/testing/serve-fixture';

/**
 * Issue 23, one server for several tenants: three organisations in one store — the default tenant
 * and two named ones — with a token of the same id, profiles of the same ids and devices of the same
 * serials (one simulator each), served by one `createMultiTenantServer` over HTTP on loopback. Each
 * request's key decides its tenant; an operator's key acts on a tenant only by naming it. Properties
 * pick a key, a tenant named or not, a route and ids of any tenant: nothing of another tenant ever
 * comes back — lists, single resources, timelines, sync runs, webhooks and their deliveries.
 */
jest.setTimeout(300_000); // a hang guard only

const tenants = ['default', 'acme', 'globex'] as const;
type Tenant = (typeof tenants)[number];
const shared = ['C02MTS000001', 'C02MTS000002'];
const own: Record<Tenant, string[]> = {
  default: ['DMPDEF000011'],
  acme: ['DMPACM000011', 'DMPACM000012'],
  globex: ['DMPGLX000011'],
};
const fleetOf = (t: Tenant) => [...shared, ...own[t]].sort();
const profilesOf = (t: Tenant) => ['corp', `only-${t}`];

const uuidShape = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
const tenantOfStored = (event: StoredEvent): Tenant => {
  const match = /^tenant-([a-z0-9-]+)~/.exec(event.streamName);
  return (match ? match[1] : 'default') as Tenant;
};
/** Words only a tenant's things carry: its Apple ID, its profiles' names and URLs, its MDM server, its key names, its webhook URL. */
const markersOf = (t: Tenant) => [`@${t}.example`, `${t} corp`, `only-${t}`, `${t} MDM`, `${t}-mdm`, `/hooks/${t}`];

/** A receiver on loopback for every tenant's webhook (`/hooks/<tenant>`): keeps the event ids it got, by path. */
const startReceiver = async () => {
  const got: Record<string, string[]> = {};
  const server: Server = createHttpServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      (got[request.url ?? ''] ??= []).push((JSON.parse(body) as { id: string }).id);
      response.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    urlOf: (t: Tenant) => `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/${t}`,
    got: (t: Tenant) => got[`/hooks/${t}`] ?? [],
    close: () => new Promise((resolve) => server.close(resolve)),
  };
};

describe('one server for several tenants, over HTTP', () => {
  const store = createInMemoryEventStore();
  const vault = createInMemoryVault();
  const readModels = createInMemoryReadModelStore();
  const simulators: AppleSimulator[] = [];
  const depledgers = {} as Record<Tenant, Depledger>;
  let operator: Depledger;
  let server: MultiTenantServer;
  let url: string;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  const keys = {} as Record<Tenant, string>;
  let operatorKey: string;
  const webhookIds = {} as Record<Tenant, string>;
  const runIds = {} as Record<Tenant, string[]>;
  /** Every id (event ids and the ids in their data) each tenant's events carry, and those only another tenant's carry. */
  const uuids = {} as Record<Tenant, Set<string>>;
  const foreign = {} as Record<Tenant, Set<string>>;
  /** What the server logged (pino's call shape). */
  const logged: { fields: Record<string, unknown>; message: string }[] = [];
  const log = (fields: object, message: string) => void logged.push({ fields: fields as Record<string, unknown>, message });
  const logger = { debug: log, info: log, warn: log, error: log };
  /** Every answer, checked against the server's OpenAPI document at the end. */
  const answers: ApiAnswer[] = [];

  const call = async (path: string, key: string | undefined, tenant?: string, init: { method?: string; json?: unknown } = {}) => {
    const headers: Record<string, string> = {};
    if (key !== undefined) headers['authorization'] = `Bearer ${key}`;
    if (tenant !== undefined) headers['x-depledger-tenant'] = tenant;
    if (init.json !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${url}${path}`, {
      method: init.method ?? 'GET',
      headers,
      ...(init.json === undefined ? {} : { body: JSON.stringify(init.json) }),
    });
    const text = await response.text();
    const answer = { status: response.status, text, body: text === '' ? undefined : (JSON.parse(text) as any) };
    answers.push({ ...answer, contentType: response.headers.get('content-type'), method: init.method ?? 'GET', path });
    return answer;
  };

  const collectIds = async () => {
    for (const t of tenants) uuids[t] = new Set();
    for await (const event of store.readAll()) {
      const set = uuids[tenantOfStored(event)];
      for (const id of JSON.stringify({ data: event.data, metadata: event.metadata }).match(uuidShape) ?? []) set.add(id);
    }
    for (const t of tenants) {
      foreign[t] = new Set(tenants.filter((o) => o !== t).flatMap((o) => [...uuids[o]].filter((id) => !uuids[t].has(id))));
    }
  };

  /**
   * Nothing in an answer given to tenant `t` is another tenant's: no id only another tenant's events
   * carry, none of its words — but what the request itself asked for (a 404 names the id it did not find).
   */
  const expectOnly = (t: Tenant, text: string, asked: string) => {
    const strays = (text.match(uuidShape) ?? []).filter((id) => foreign[t].has(id) && !asked.includes(id));
    expect(strays).toEqual([]);
    for (const other of tenants.filter((o) => o !== t))
      for (const marker of markersOf(other)) if (!asked.includes(marker)) expect(text).not.toContain(marker);
  };

  beforeAll(async () => {
    receiver = await startReceiver();
    const appleUrls: string[] = [];
    for (const tenant of tenants) {
      const simulator = createAppleSimulator({ seed: 23 });
      simulators.push(simulator);
      const { url: appleUrl } = await simulator.start(0, '127.0.0.1');
      appleUrls.push(appleUrl);
      depledgers[tenant] = createDepledger({
        store,
        vault,
        pki: createAppleTokenPki(),
        clock: simulator.clock,
        gateway: appleGateway({ baseUrl: appleUrl, retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 5 } }),
        ...(tenant === 'default' ? {} : { tenant }),
      });
    }
    // the operator's depledger: the default tenant's, not given a scoped store
    operator = createDepledger({
      store,
      vault,
      pki: createAppleTokenPki(),
      clock: (simulators[0] as AppleSimulator).clock,
      gateway: appleGateway({ baseUrl: appleUrls[0] as string, retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 5 } }),
    });
    const runner = createProjectionRunner({ eventStore: operator.store, readModels, projections: builtInProjections });
    server = await createMultiTenantServer({
      depledger: operator,
      readModels: { readModels, runner },
      webhooks: { allowTargets: ['127.0.0.1'], backoff: { initialMs: 5, maxMs: 20 } },
      logger,
    });
    url = await server.listen();
    for (const tenant of tenants) keys[tenant] = (await server.apiKeys.forTenant(tenant).issue(`${tenant}-mdm`, ['read', 'write'])).key;
    operatorKey = (await server.apiKeys.operator.issue('ops', ['read', 'write'])).key;

    for (const [i, tenant] of tenants.entries()) {
      const registered = await call('/webhooks', keys[tenant], undefined, {
        method: 'POST',
        json: { url: receiver.urlOf(tenant), events: webhookEventTypes },
      });
      expect(registered.status).toBe(201);
      webhookIds[tenant] = registered.body.webhookId;

      const depledger = depledgers[tenant];
      const simulator = simulators[i] as AppleSimulator;
      const key = await depledger.tokens.generateKey('paris');
      const issued = simulator.portal.addMdmServer({ name: `${tenant} MDM`, certificatePem: key.certificatePem });
      await depledger.tokens.upload('paris', issued.p7m as string, { appleId: `it@${tenant}.example` });
      for (const id of profilesOf(tenant)) {
        await depledger.profiles.define(id, 'paris', { name: `${tenant} ${id}`, url: `https://mdm.${tenant}.example/enroll` });
        await depledger.profiles.publish(id);
      }
      await depledger.tokens.setDefaultProfile('paris', 'corp');
      simulator.devices.add(fleetOf(tenant).map((serial) => ({ serial, model: 'iPad Air', os: 'iPadOS', family: 'iPad' })));
      simulator.portal.assignDevices(issued.serverId, { serials: fleetOf(tenant) });
      const run = await depledger.sync.run('paris', { kind: 'full', trigger: 'manual' });
      expect(run.status).toBe('completed');
      runIds[tenant] = [run.runId];
    }
    for (const tenant of tenants) await (await server.webhooksOf(tenant)).consumerOf(webhookIds[tenant])?.caughtUp();
    await collectIds();
  });
  afterAll(async () => {
    await server?.close();
    for (const simulator of simulators) await simulator.stop();
    await receiver?.close();
  });

  it('delivers each tenant’s webhooks with its own events only', async () => {
    for (const t of tenants) {
      const got = receiver.got(t);
      expect(got.length).toBeGreaterThan(0);
      expect(got.filter((id) => !uuids[t].has(id))).toEqual([]);
    }
    // each webhook's consumer keeps its checkpoint under its tenant's names (as the tenant's depledger
    // names its consumers' checkpoints, in the tenant's read models), and no other tenant has it
    for (const t of tenants)
      for (const scope of tenants) {
        const checkpoints = scopeConsumerCheckpoints(readModelCheckpoints(scopeReadModels(readModels, scope)), scope);
        const { position } = await checkpoints.get(`webhook-${webhookIds[t]}`);
        expect(position > 0).toBe(scope === t);
      }
  });

  it('lists the tenants that have keys to an operator’s key, and to no tenant’s key', async () => {
    expect(await call('/tenants', operatorKey)).toMatchObject({ status: 200, body: { tenants: ['default', 'acme', 'globex'] } });
    for (const t of tenants) expect(await call('/tenants', keys[t])).toMatchObject({ status: 403, body: { code: 'API_OPERATOR_ONLY' } });
  });

  it('refuses an operator’s key that names no tenant, a key naming another tenant, a tampered, revoked or unknown key', async () => {
    expect(await call('/devices', operatorKey)).toMatchObject({ status: 400, body: { code: 'API_TENANT_REQUIRED' } });
    expect(await call('/devices', operatorKey, 'Not A Tenant')).toMatchObject({ status: 400, body: { code: 'TENANT_ID_INVALID' } });
    expect(await call('/devices', keys.acme, 'globex')).toMatchObject({ status: 403, body: { code: 'TENANT_SCOPE_VIOLATION' } });
    expect(await call('/devices', keys.default, 'acme')).toMatchObject({ status: 403, body: { code: 'TENANT_SCOPE_VIOLATION' } });
    // acme's key id and secret presented as globex's (or the default tenant's): verified against that tenant's keys, unknown there
    const [, , keyId, secret] = /^dpl_(acme)_([0-9a-f]{16})_(.{43})$/.exec(keys.acme) as unknown as string[];
    expect(await call('/devices', `dpl_globex_${keyId}_${secret}`)).toMatchObject({ status: 401, body: { code: 'API_KEY_INVALID' } });
    expect(await call('/devices', `dpl_${keyId}_${secret}`)).toMatchObject({ status: 401, body: { code: 'API_KEY_INVALID' } });
    expect(await call('/devices', `dplop_${keyId}_${secret}`)).toMatchObject({ status: 401, body: { code: 'API_KEY_INVALID' } });
    expect(await call('/devices', undefined)).toMatchObject({ status: 401, body: { code: 'API_KEY_MISSING' } });
    expect(await call('/devices', 'dpl_nobody_0123456789abcdef_' + 'a'.repeat(43))).toMatchObject({ status: 401 });
    expect(server.served()).not.toContain('nobody');

    const spare = await server.apiKeys.forTenant('acme').issue('acme-spare', ['read']);
    expect((await call('/devices', spare.key)).status).toBe(200);
    await server.apiKeys.forTenant('acme').revoke(spare.keyId);
    expect(await call('/devices', spare.key)).toMatchObject({ status: 401, body: { code: 'API_KEY_INVALID' } });
  });

  it('takes a default-tenant key issued the way it was before (the store’s keys) as it did', async () => {
    const before = await createApiKeys(operator.store, operator.clock).issue('legacy-mdm', ['read']);
    expect(before.key).toMatch(/^dpl_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
    const devices = await call('/devices?limit=1000', before.key);
    expect(devices.status).toBe(200);
    expect(devices.body.devices.map((d: { serial: string }) => d.serial).sort()).toEqual(fleetOf('default'));
  });

  it('takes a named tenant’s key that names no tenant (issued before keys named it) on that tenant’s own server only', async () => {
    const acmeKeys = createApiKeys(depledgers.acme.store, operator.clock);
    const issued = await acmeKeys.issue('acme-old', ['read']);
    const unnamed = issued.key.replace(/^dpl_acme_/, 'dpl_');
    expect((await acmeKeys.authenticate(unnamed)).keyId).toBe(issued.keyId);
    await expect(createApiKeys(depledgers.globex.store, operator.clock).authenticate(unnamed)).rejects.toMatchObject({
      code: 'API_KEY_INVALID',
    });
    // the server for several tenants takes a key naming no tenant as the default tenant's: unknown there
    expect(await call('/devices', unnamed)).toMatchObject({ status: 401, body: { code: 'API_KEY_INVALID' } });
  });

  it('answers every key with its own tenant’s things only, on every route, whatever ids it asks for', async () => {
    const idsOf = (t: Tenant) => ({
      serial: fc.constantFrom(...fleetOf(t)),
      profileId: fc.constantFrom(...profilesOf(t)),
      runId: fc.constantFrom(...runIds[t]),
      webhookId: fc.constant(webhookIds[t]),
    });
    type Ids = { serial: string; profileId: string; runId: string; webhookId: string };
    /** Each route, and whether the resource it names is the acting tenant's (`undefined`: a list, always its own). */
    const routes: { path: (ids: Ids) => string; mine?: (t: Tenant, ids: Ids) => boolean }[] = [
      { path: () => '/devices?limit=1000' },
      { path: (ids) => `/devices/${ids.serial}`, mine: (t, ids) => fleetOf(t).includes(ids.serial) },
      { path: (ids) => `/devices/${ids.serial}/history`, mine: (t, ids) => fleetOf(t).includes(ids.serial) },
      { path: () => '/tokens' },
      { path: () => '/tokens/paris' },
      { path: () => '/tokens/paris/syncs' },
      { path: (ids) => `/tokens/paris/syncs/${ids.runId}`, mine: (t, ids) => runIds[t].includes(ids.runId) },
      { path: () => '/profiles' },
      { path: (ids) => `/profiles/${ids.profileId}`, mine: (t, ids) => profilesOf(t).includes(ids.profileId) },
      { path: () => '/webhooks' },
      { path: (ids) => `/webhooks/${ids.webhookId}/deliveries`, mine: (t, ids) => webhookIds[t] === ids.webhookId },
      { path: () => '/schedule' },
    ];
    const callers = fc.oneof(
      fc.record({ key: fc.constantFrom(...tenants), named: fc.option(fc.constantFrom(...tenants), { nil: undefined }) }),
      fc.record({ key: fc.constant('operator' as const), named: fc.option(fc.constantFrom(...tenants), { nil: undefined }) }),
    );
    const asked = fc
      .constantFrom(...tenants)
      .chain((owner) => fc.record({ owner: fc.constant(owner), ...idsOf(owner) }))
      .map(({ owner: _owner, ...ids }) => ids);
    await fc.assert(
      fc.asyncProperty(callers, fc.constantFrom(...routes), asked, async (caller, route, ids) => {
        const answer = await call(route.path(ids), caller.key === 'operator' ? operatorKey : keys[caller.key], caller.named);
        if (caller.key === 'operator' && caller.named === undefined) {
          expect(answer).toMatchObject({ status: 400, body: { code: 'API_TENANT_REQUIRED' } });
          return;
        }
        if (caller.key !== 'operator' && caller.named !== undefined && caller.named !== caller.key) {
          expect(answer).toMatchObject({ status: 403, body: { code: 'TENANT_SCOPE_VIOLATION' } });
          return;
        }
        const acting = (caller.key === 'operator' ? caller.named : caller.key) as Tenant;
        expect(answer.status).toBe(route.mine === undefined || route.mine(acting, ids) ? 200 : 404);
        expectOnly(acting, answer.text, route.path(ids));
        if (route.path(ids).startsWith('/devices?')) {
          expect(answer.body.devices.map((d: { serial: string }) => d.serial).sort()).toEqual(fleetOf(acting));
        }
        if (route.path(ids) === '/tokens/paris/syncs') {
          expect(answer.body.runs.map((r: { runId: string }) => r.runId)).toEqual(runIds[acting]);
        }
        if (route.path(ids) === '/webhooks') {
          expect(answer.body.webhooks.map((w: { webhookId: string }) => w.webhookId)).toEqual([webhookIds[acting]]);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('writes as the tenant of the key, or the one an operator’s key names, and records who asked', async () => {
    const defined = await call('/profiles', operatorKey, 'globex', {
      method: 'POST',
      json: { profileId: 'by-ops', tokenId: 'paris', settings: { name: 'globex by ops', url: 'https://mdm.globex.example/enroll' } },
    });
    expect(defined.status).toBe(201);
    expect((await depledgers.globex.profiles.state('by-ops')).status).not.toBe('none');
    for (const t of ['default', 'acme'] as const) expect((await depledgers[t].profiles.state('by-ops')).status).toBe('none');
    expect((await call('/profiles/by-ops', keys.globex)).status).toBe(200);
    expect((await call('/profiles/by-ops', keys.acme)).status).toBe(404);
    const stored: StoredEvent[] = [];
    for await (const event of depledgers.globex.store.readStream('dep-profile-by-ops')) stored.push(event);
    expect(stored.map((e) => e.metadata.actor)).toContain('operator:ops');

    // a tenant with no key yet, reached by the operator: its webhook is registered there, and it is served from the next start
    const registered = await call('/webhooks', operatorKey, 'initech', {
      method: 'POST',
      json: { url: receiver.urlOf('initech' as Tenant), events: ['sync.completed'] },
    });
    expect(registered.status).toBe(201);
    expect((await call('/webhooks', operatorKey, 'initech')).body.webhooks.map((w: { webhookId: string }) => w.webhookId)).toEqual([
      registered.body.webhookId,
    ]);
    for (const t of tenants) expect((await call('/webhooks', keys[t])).body.webhooks).toHaveLength(1);
    expect((await call('/tenants', operatorKey)).body.tenants).toEqual(['default', 'acme', 'globex', 'initech']);
  });

  it('documents the tenant header and the operator’s route, and answers as its document says; the console is there', async () => {
    const document = (await (await fetch(`${url}/openapi.json`)).json()) as any;
    expect(document.paths['/tenants'].get.parameters.map((p: { name: string }) => p.name)).not.toContain('X-Depledger-Tenant');
    for (const [path, operations] of Object.entries(document.paths as Record<string, Record<string, any>>))
      for (const operation of Object.values(operations))
        if (operation['x-depledger-scope'] !== 'public' && path !== '/tenants')
          expect(operation.parameters.map((p: { name: string }) => p.name)).toContain('X-Depledger-Tenant');
    expect(answers.length).toBeGreaterThan(100);
    expect(checkAgainstOpenApi(document, answers)).toEqual([]);
    // the request log says which tenant each request was answered for, and never a key
    const requests = logged.filter((line) => line.message === 'request');
    expect(new Set(requests.map((line) => line.fields['tenant']))).toEqual(new Set([undefined, ...tenants, 'initech']));
    const text = JSON.stringify(logged);
    for (const key of [...Object.values(keys), operatorKey]) expect(text).not.toContain(key.slice(-43));
    const page = await fetch(`${url}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
  });

  it('delivers the webhooks of every tenant with keys from its start, before any request', async () => {
    await server.close();
    const before = receiver.got('globex').length;
    const run = await depledgers.globex.sync.run('paris', { kind: 'incremental', trigger: 'manual' });
    expect(run.status).toBe('completed');
    const runner = createProjectionRunner({ eventStore: operator.store, readModels, projections: builtInProjections });
    server = await createMultiTenantServer({
      depledger: operator,
      readModels: { readModels, runner },
      webhooks: { allowTargets: ['127.0.0.1'], backoff: { initialMs: 5, maxMs: 20 } },
    });
    url = await server.listen();
    expect(server.served().sort()).toEqual(['acme', 'default', 'globex', 'initech']);
    await (await server.webhooksOf('globex')).consumerOf(webhookIds.globex)?.caughtUp();
    expect(receiver.got('globex').length).toBeGreaterThan(before);
    expect(receiver.got('acme').length + receiver.got('default').length).toBeGreaterThan(0);
  });
});
