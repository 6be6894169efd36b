import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appleGateway, createAppleTokenPki } from '@depledger/apple';
import type { AppleSimulator } from '@depledger/apple-simulator';
import {
  createDepledger,
  createFleetScheduler,
  createInMemoryEventStore,
  createInMemoryVault,
  isDepledgerError,
  tenantRegisterStream,
  tenantStream,
  type Depledger,
  type EventStore,
  type StoredEventInput,
  type Vault,
} from '@depledger/core';
import { builtInProjections, createInMemoryReadModelStore, createProjectionRunner } from '@depledger/projections';
import { createMultiTenantServer } from '@depledger/serve';
import { openPostgresStore } from '@depledger/store-postgres';
import { openSqliteStore } from '@depledger/store-sqlite';
import { dropSchemas, freshSchemaName, testServerAnswers, testServerUrl } from '../../packages/store-postgres/src/testing/test-server';
import { organisationAtSimulator } from './organisation-at-simulator';

/**
 * Issue 23: the tenants of a store are one answer — the operator's register, where a tenant is
 * recorded when its first event is stored — and a forgotten tenant is closed: it records nothing
 * more, and drops out of what is served and scheduled. On memory, SQLite and PostgreSQL.
 */
jest.setTimeout(300_000); // a hang guard only

type Opened = Readonly<{ events: EventStore; vault: Vault; close(): Promise<void> }>;

const note = (id: string, at = '2026-12-06T10:00:00.000Z'): StoredEventInput => ({
  type: 'Noted.v1',
  data: { id },
  metadata: { eventId: id, occurredAt: at, actor: 'admin:test', correlationId: id, causationId: null, tokenId: null },
});

const code = async (attempt: Promise<unknown>): Promise<unknown> =>
  attempt.then(
    () => 'no error',
    (error: unknown) => (isDepledgerError(error) ? error.code : error),
  );

const typesIn = async (store: EventStore, stream: string): Promise<string[]> => {
  const types: string[] = [];
  for await (const event of store.readStream(stream)) types.push(event.type);
  return types;
};

const operatorOn = (opened: Opened): Depledger =>
  createDepledger({
    store: opened.events,
    vault: opened.vault,
    pki: createAppleTokenPki(),
    gateway: appleGateway({ baseUrl: 'http://127.0.0.1:9' }),
  });

const describeRegister = (kind: string, open: () => Promise<Opened>) =>
  describe(`the tenants of a ${kind} store`, () => {
    let opened: Opened;
    let operator: Depledger;
    beforeEach(async () => {
      opened = await open();
      operator = operatorOn(opened);
    });
    afterEach(() => opened.close());

    it('lists every tenant that stored an event, with or without vault entries, recorded once', async () => {
      // acme stores an event and nothing in the vault; globex stores a secret and no event
      await operator.forTenant('acme').store.appendToStream('notes', [note('n1', '2026-12-01T08:00:00.000Z')], { expectedRevision: 'any' });
      await operator.forTenant('acme').store.appendToStream('notes', [note('n2')], { expectedRevision: 'any' });
      await operator.forTenant('globex').vault.putSecret('oauth-secrets', 'a secret');
      expect(await operator.tenants.list()).toEqual([
        { tenant: 'acme', recordedAt: '2026-12-01T08:00:00.000Z', forgottenAt: null, entries: 0, keyCreatedAt: null },
        { tenant: 'globex', recordedAt: null, forgottenAt: null, entries: 1, keyCreatedAt: expect.any(String) },
      ]);
      // what is served and scheduled: the default tenant, then the tenants with events
      expect(await operator.tenants.active()).toEqual(['default', 'acme']);
      expect((await typesIn(opened.events, tenantRegisterStream)).filter((t) => t === 'TenantRecorded.v1')).toHaveLength(1);
      // no tenant's view reads the register, the default tenant's included
      expect(await code(operator.store.appendToStream(tenantRegisterStream, [note('x')], { expectedRevision: 'any' }))).toBe(
        'TENANT_SCOPE_VIOLATION',
      );
      expect(await typesIn(operator.forTenant('acme').store, tenantRegisterStream)).toEqual([]);
      expect(await code(operator.forTenant('acme').tenants.list())).toBe('TENANT_SCOPE_VIOLATION');
      expect(await code(operator.forTenant('acme').tenants.active())).toBe('TENANT_SCOPE_VIOLATION');
    });

    it('indexes a store written before the register once, from its stream names, forgotten tenants included', async () => {
      // as an earlier depledger left them: tenants' streams, and a forgetting in dep-tenant-<id>, no register
      await opened.events.appendToStream('tenant-legacy~dep-profile-corp', [note('l1')], { expectedRevision: 'any' });
      await opened.events.appendToStream('tenant-gone~dep-profile-corp', [note('g1')], { expectedRevision: 'any' });
      await opened.events.appendToStream(
        tenantStream('gone'),
        [
          {
            ...note('f1'),
            type: 'TenantForgotten.v1',
            data: { tenantId: 'gone', forgottenAt: '2026-12-02T09:00:00.000Z', entriesErased: 3 },
          },
        ],
        { expectedRevision: 'any' },
      );
      await opened.events.appendToStream('dep-profile-corp', [note('d1')], { expectedRevision: 'any' });
      expect(await typesIn(opened.events, tenantRegisterStream)).toEqual([]);

      const listed = await operator.tenants.list();
      expect(listed.map((t) => [t.tenant, t.forgottenAt])).toEqual([
        ['gone', '2026-12-02T09:00:00.000Z'],
        ['legacy', null],
      ]);
      expect(await operator.tenants.active()).toEqual(['default', 'legacy']);
      // indexed once: a later call reads the register only
      expect((await typesIn(opened.events, tenantRegisterStream)).filter((t) => t === 'TenantsIndexed.v1')).toHaveLength(1);
      // the forgotten one is closed like one forgotten today
      expect(await code(operator.forTenant('gone').store.appendToStream('notes', [note('late')], { expectedRevision: 'any' }))).toBe(
        'TENANT_FORGOTTEN',
      );
    });

    it('closes a forgotten tenant: it records nothing more, its past events replay, and it is neither served nor scheduled', async () => {
      const simulators: AppleSimulator[] = [];
      try {
        for (const tenant of ['acme', 'globex'] as const) {
          const organisation = await organisationAtSimulator(opened, tenant);
          simulators.push(organisation.simulator);
          await organisation.depledger.profiles.define('corp', 'paris', {
            name: `${tenant} corp`,
            url: `https://mdm.${tenant}.example/enroll`,
          });
        }
        const fleetOf = () =>
          createFleetScheduler({ tenants: () => operator.tenants.active(), depledgerOf: (tenant) => operator.forTenant(tenant) });
        expect((await fleetOf().plan()).map((entry) => `${entry.tenant}/${entry.tokenId}`).sort()).toEqual(['acme/paris', 'globex/paris']);

        const acme = operator.forTenant('acme'); // a depledger opened before the forgetting, as a running server holds one
        expect((await operator.tenants.forget('acme')).alreadyForgotten).toBe(false);
        expect(await operator.tenants.forgottenAt('acme')).toEqual(expect.any(String));
        expect(await operator.tenants.forgottenAt('globex')).toBeNull();

        const head = await opened.events.headPosition();
        for (const attempt of [
          () => acme.profiles.revise('corp', { name: 'renamed', url: 'https://mdm.acme.example/enroll' }),
          () => acme.profiles.define('other', 'paris', { name: 'other', url: 'https://mdm.acme.example/enroll' }),
          () => acme.sync.run('paris', { kind: 'incremental', trigger: 'manual' }),
          () => acme.profiles.retire('corp', 'leaving'),
          () => operator.forTenant('acme').store.appendToStream('notes', [note('late')], { expectedRevision: 'any' }),
        ])
          expect(await code(attempt())).toBe('TENANT_FORGOTTEN');
        expect(await opened.events.headPosition()).toBe(head);

        // its past events replay
        expect((await acme.profiles.state('corp')).status).not.toBe('none');
        expect(await typesIn(acme.store, 'dep-token-paris')).toEqual(expect.arrayContaining(['ServerTokenUploaded.v1']));
        // the tenants served and scheduled leave it out; the other tenant goes on
        expect(await operator.tenants.active()).toEqual(['default', 'globex']);
        expect((await fleetOf().plan()).map((entry) => `${entry.tenant}/${entry.tokenId}`)).toEqual(['globex/paris']);
        expect((await operator.tenants.list()).map((t) => [t.tenant, t.forgottenAt !== null])).toEqual([
          ['acme', true],
          ['globex', false],
        ]);
        await operator.forTenant('globex').profiles.revise('corp', { name: 'renamed', url: 'https://mdm.globex.example/enroll' });
      } finally {
        for (const simulator of simulators) await simulator.stop();
      }
    });

    it('a server for several tenants stops serving a forgotten tenant: 410 TENANT_FORGOTTEN, nothing written, the others served', async () => {
      const readModels = createInMemoryReadModelStore();
      const runner = createProjectionRunner({ eventStore: operator.store, readModels, projections: builtInProjections });
      const server = await createMultiTenantServer({ depledger: operator, readModels: { readModels, runner }, scheduler: false });
      try {
        const url = await server.listen();
        const keys = {
          acme: (await server.apiKeys.forTenant('acme').issue('acme-mdm', ['read', 'write'])).key,
          globex: (await server.apiKeys.forTenant('globex').issue('globex-mdm', ['read', 'write'])).key,
          ops: (await server.apiKeys.operator.issue('ops', ['read', 'write'])).key,
        };
        const call = async (path: string, key: string, tenant?: string, body?: unknown) => {
          const response = await fetch(`${url}${path}`, {
            method: body === undefined ? 'GET' : 'POST',
            headers: {
              authorization: `Bearer ${key}`,
              ...(tenant ? { 'x-depledger-tenant': tenant } : {}),
              ...(body === undefined ? {} : { 'content-type': 'application/json' }),
            },
            ...(body === undefined ? {} : { body: JSON.stringify(body) }),
          });
          return { status: response.status, body: (await response.json()) as { code?: string; tenants?: string[]; forgotten?: string[] } };
        };
        expect((await call('/devices', keys.acme)).status).toBe(200);
        expect(server.served()).toContain('acme');
        expect((await call('/tenants', keys.ops)).body).toEqual({ tenants: ['default', 'acme', 'globex'], forgotten: [] });

        await operator.tenants.forget('acme');
        const head = await opened.events.headPosition();
        const webhook = { url: 'https://hooks.acme.example/depledger', events: ['DeviceEnrolled'] };
        for (const answer of [
          await call('/devices', keys.acme),
          await call('/webhooks', keys.acme, undefined, webhook),
          await call('/devices', keys.ops, 'acme'),
          await call('/webhooks', keys.ops, 'acme', webhook),
        ])
          expect(answer).toMatchObject({ status: 410, body: { code: 'TENANT_FORGOTTEN' } });
        expect(await opened.events.headPosition()).toBe(head);
        expect(server.served()).not.toContain('acme');
        // a key that is not one is still 401: being forgotten is told to its own keys only
        expect((await call('/devices', 'dpl_acme_0000000000000000_nope')).status).toBe(401);
        expect((await call('/devices', keys.globex)).status).toBe(200);
        expect((await call('/tenants', keys.ops)).body).toEqual({ tenants: ['default', 'globex'], forgotten: ['acme'] });
      } finally {
        await server.close();
      }
    });
  });

describeRegister('memory', async () => ({
  events: createInMemoryEventStore(),
  vault: createInMemoryVault(),
  close: async () => undefined,
}));

const dir = mkdtempSync(join(tmpdir(), 'depledger-register-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
describeRegister('SQLite', async () => {
  const store = openSqliteStore({ path: join(dir, `register-${++files}.db`), vaultKey: Buffer.alloc(32, 5), env: {} });
  return { events: store.events, vault: store.vault, close: () => store.close() };
});

const schemas: string[] = [];
if (testServerAnswers()) {
  afterAll(() => dropSchemas(...schemas));
  describeRegister('PostgreSQL', async () => {
    const schema = freshSchemaName('dlregister');
    schemas.push(schema);
    const store = await openPostgresStore({ url: testServerUrl, schema, vaultKey: Buffer.alloc(32, 5), maxConnections: 4 });
    return { events: store.events, vault: store.vault, close: () => store.close() };
  });
} else {
  it.todo('the tenants of a PostgreSQL store (no PostgreSQL server answered)');
}
