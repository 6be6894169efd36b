import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appleGateway, createAppleTokenPki } from '@depledger/apple';
import type { AppleSimulator } from '@depledger/apple-simulator';
import {
  createDepledger,
  isDepledgerError,
  tenantStream,
  type Depledger,
  type EventStore,
  type StoredEvent,
  type TenantKeyedVault,
} from '@depledger/core';
import {
  builtInProjections,
  createInMemoryReadModelStore,
  createProjectionRunner,
  deviceTimeline,
  listDevices,
  scopeReadModels,
  syncHistory,
} from '@depledger/projections';
import { openPostgresStore } from '@depledger/store-postgres';
import { openSqliteStore, type SqliteStore } from '@depledger/store-sqlite';
import { rawDatabaseBytes } from '../../packages/store-sqlite/src/testing/raw-bytes';
import { dropSchemas, freshSchemaName, testServerAnswers, testServerUrl } from '../../packages/store-postgres/src/testing/test-server';
import { organisationAtSimulator } from './organisation-at-simulator';

/**
 * Issue 23: forgetting a tenant. Two organisations in one store with the same Apple ID, the same
 * device user and devices of the same serials; the operator forgets one. Then the whole database as
 * an attacker would take it (SQLite: the file, its WAL and shared memory; PostgreSQL: pg_dump of the
 * schema) holds none of the forgotten tenant's values, nor the bytes its values and keys were sealed
 * in, and the vault key opens none of its entries; the other tenant's all reveal; the forgotten
 * tenant's events replay with their non-personal facts.
 */
jest.setTimeout(600_000); // a hang guard only

const serials = ['C02FGT000001', 'C02FGT000002', 'C02FGT000003'];
const appleId = 'it-admin@shared-customer.example';
const deviceUser = 'jeanne.martin@shared-customer.example';

type Opened = Readonly<{
  events: EventStore;
  vault: TenantKeyedVault & { rotateKey(key: Buffer): Promise<void> };
  /** Every byte of the database an attacker could copy, as one buffer (text dumps as UTF-8). */
  dump(): Promise<Buffer>;
  /** The sealed bytes of a tenant's vault: each entry's ciphertext and wrapped key, and the tenant's wrapped key. */
  sealedBytesOf(tenant: string): Promise<Buffer[]>;
  reopen(key: Buffer): Promise<Opened>;
  close(): Promise<void>;
}>;

type Tenant = 'acme' | 'globex';

const refsIn = (value: unknown, found: Set<string>): Set<string> => {
  if (typeof value === 'string' && value.startsWith('vault:')) found.add(value);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) refsIn(v, found);
  return found;
};

const tenantEvents = async (store: EventStore, tenant: Tenant): Promise<StoredEvent[]> => {
  const events: StoredEvent[] = [];
  for await (const event of store.readAll()) if (event.streamName.startsWith(`tenant-${tenant}~`)) events.push(event);
  return events;
};

/** Whether the dump holds these bytes as they are, or as PostgreSQL's hex text of a bytea. */
const holds = (dump: Buffer, bytes: Buffer | string): boolean => {
  const raw = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes;
  return dump.includes(raw) || dump.includes(Buffer.from(raw.toString('hex'), 'utf8'));
};

const code = async (attempt: Promise<unknown>): Promise<unknown> =>
  attempt.then(
    () => 'no error',
    (error: unknown) => (isDepledgerError(error) ? error.code : error),
  );

const describeForgetting = (kind: string, open: () => Promise<Opened>) =>
  describe(`forgetting a tenant in a ${kind} store`, () => {
    let store: Opened;
    let operator: Depledger;
    const simulators: AppleSimulator[] = [];
    const values = {} as Record<Tenant, Map<string, string>>;

    beforeAll(async () => {
      store = await open();
      operator = createDepledger({
        store: store.events,
        vault: store.vault,
        pki: createAppleTokenPki(),
        gateway: appleGateway({ baseUrl: 'http://127.0.0.1:9' }),
      });
      for (const tenant of ['acme', 'globex'] as const) {
        const { simulator, depledger, issued } = await organisationAtSimulator(store, tenant, { appleId });
        simulators.push(simulator);
        simulator.devices.add(serials.map((serial) => ({ serial, model: 'iPad Air', os: 'iPadOS', family: 'iPad' })));
        simulator.portal.assignDevices(issued.serverId, { serials });
        expect((await depledger.sync.run('paris', { kind: 'full', trigger: 'manual' })).status).toBe('completed');
        await depledger.devices.recordEnrollment(serials[0] as string, { user: deviceUser });
        values[tenant] = new Map();
        for (const event of await tenantEvents(store.events, tenant)) {
          for (const ref of refsIn(event.data, new Set())) values[tenant].set(ref, (await depledger.vault.reveal(ref)) as string);
        }
      }
    });
    afterAll(async () => {
      for (const simulator of simulators) await simulator.stop();
      await store?.close();
    });

    it('each tenant has a key of its own: the same people are different entries, sealed under different keys', async () => {
      for (const tenant of ['acme', 'globex'] as const) {
        const held = [...values[tenant].values()];
        expect(held).toEqual(expect.arrayContaining([appleId, deviceUser, expect.stringContaining('PRIVATE KEY')]));
      }
      expect([...values.acme.keys()].some((ref) => values.globex.has(ref))).toBe(false);
      const tenants = await operator.tenants.list();
      expect(tenants.map((t) => t.tenant)).toEqual(['acme', 'globex']);
      expect(tenants.every((t) => t.forgottenAt === null && t.entries === values[t.tenant as Tenant].size)).toBe(true);
    });

    it('forgetting one leaves nothing of its secrets and people readable in the whole database, and records an event', async () => {
      const sealed = await store.sealedBytesOf('acme');
      expect(sealed.length).toBe(values.acme.size * 2 + 1);
      const before = await store.dump();
      // The scan below would see them: the acme vault's sealed bytes are in the dump until it is forgotten.
      expect(sealed.filter((bytes) => holds(before, bytes))).toHaveLength(sealed.length);

      const forgotten = await operator.tenants.forget('acme', { actor: 'admin:operator-test' });
      expect(forgotten).toEqual({
        tenant: 'acme',
        entriesErased: values.acme.size,
        forgottenAt: expect.any(String),
        alreadyForgotten: false,
      });

      const after = await store.dump();
      expect(sealed.filter((bytes) => holds(after, bytes))).toEqual([]);
      for (const value of values.acme.values()) expect(holds(after, value)).toBe(false);
      for (const ref of values.acme.keys()) expect(await store.vault.reveal(ref)).toBeNull();

      const recorded: StoredEvent[] = [];
      for await (const event of operator.store.readStream(tenantStream('acme'))) recorded.push(event);
      expect(recorded.map((e) => [e.type, e.data, e.metadata.actor])).toEqual([
        [
          'TenantForgotten.v1',
          { tenantId: 'acme', forgottenAt: forgotten.forgottenAt, entriesErased: values.acme.size },
          'admin:operator-test',
        ],
      ]);
    });

    it("leaves the other tenant's values, and the forgotten tenant's events replay with their facts", async () => {
      for (const [ref, value] of values.globex) expect(await store.vault.reveal(ref)).toBe(value);

      const acme = operator.forTenant('acme');
      const readModels = createInMemoryReadModelStore();
      await createProjectionRunner({ eventStore: acme.store, readModels, projections: builtInProjections }).catchUp();
      const devices = await listDevices(scopeReadModels(readModels, 'acme'));
      expect(devices.map((d) => d.serial).sort()).toEqual(serials);
      expect((await syncHistory(scopeReadModels(readModels, 'acme'), 'paris')).map((run) => run.outcome)).toEqual(['completed']);
      const state = await acme.devices.state(serials[0] as string);
      expect(state).toMatchObject({ serial: serials[0], status: 'assigned', enrollment: { userRef: expect.stringMatching(/^vault:/) } });
      if (state.status === 'unknown') throw new Error('the device should be known');
      expect(await acme.vault.reveal(state.enrollment?.userRef as string)).toBeNull(); // the person, forgotten
      const timeline = await deviceTimeline(acme.store, serials[0] as string);
      expect(timeline.length).toBeGreaterThan(1);
      for (const ref of refsIn(
        (await tenantEvents(store.events, 'acme')).map((e) => e.data),
        new Set(),
      )) {
        expect(await acme.vault.reveal(ref)).toBeNull(); // shown as forgotten
      }
    });

    it('a forgotten tenant writes nothing again; forgetting twice changes nothing; the default tenant is never forgotten', async () => {
      const acme = operator.forTenant('acme');
      expect(await code(acme.vault.putSecret('oauth-secrets', 'new secret'))).toBe('TENANT_FORGOTTEN');
      expect(await code(acme.vault.refForPersonalData('apple-id', appleId))).toBe('TENANT_FORGOTTEN');
      expect(await code(acme.tokens.generateKey('lyon'))).toBe('TENANT_FORGOTTEN');
      // It records nothing more: a sync is refused before its first event, nothing is written.
      const head = await store.events.headPosition();
      expect(await code(acme.sync.run('paris', { kind: 'incremental', trigger: 'manual' }))).toBe('TENANT_FORGOTTEN');
      expect(await store.events.headPosition()).toBe(head);

      const again = await operator.tenants.forget('acme');
      expect(again).toMatchObject({ tenant: 'acme', entriesErased: values.acme.size, alreadyForgotten: true });
      let count = 0;
      for await (const _ of operator.store.readStream(tenantStream('acme'))) count++;
      expect(count).toBe(1);

      expect(await code(operator.tenants.forget('default'))).toBe('TENANT_NOT_FORGETTABLE');
      expect(await code(operator.tenants.forget('Not A Tenant'))).toBe('TENANT_ID_INVALID');
      expect(await code(operator.forTenant('globex').tenants.forget('acme'))).toBe('TENANT_SCOPE_VIOLATION');
      expect(await operator.tenants.list()).toEqual([
        { tenant: 'acme', entries: 0, keyCreatedAt: expect.any(String), recordedAt: expect.any(String), forgottenAt: again.forgottenAt },
        {
          tenant: 'globex',
          entries: values.globex.size,
          keyCreatedAt: expect.any(String),
          recordedAt: expect.any(String),
          forgottenAt: null,
        },
      ]);
    });

    it("rotating the vault key afterwards rewraps the tenants' keys: the other tenant still reveals everything under the new key", async () => {
      const newKey = Buffer.alloc(32, 77);
      await store.vault.rotateKey(newKey);
      const reopened = await store.reopen(newKey);
      store = reopened;
      for (const [ref, value] of values.globex) expect(await reopened.vault.reveal(ref)).toBe(value);
      for (const ref of values.acme.keys()) expect(await reopened.vault.reveal(ref)).toBeNull();
      const globex = createDepledger({
        store: reopened.events,
        vault: reopened.vault,
        pki: createAppleTokenPki(),
        gateway: appleGateway({ baseUrl: 'http://127.0.0.1:9' }),
        tenant: 'globex',
      });
      const ref = await globex.vault.refForPersonalData('apple-id', appleId);
      expect(values.globex.has(ref)).toBe(true); // the same person, the same reference, after rotation
      expect(await code(reopened.vault.putSecret('tenant-acme--oauth-secrets', 'x'))).toBe('TENANT_FORGOTTEN');
    });
  });

const dir = mkdtempSync(join(tmpdir(), 'depledger-forget-tenant-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const openSqlite = async (path: string, vaultKey: Buffer): Promise<Opened> => {
  const store: SqliteStore = openSqliteStore({ path, vaultKey, env: {} });
  const connection = store.database.connection;
  return {
    events: store.events,
    vault: store.vault,
    dump: async () => rawDatabaseBytes(path),
    sealedBytesOf: async (tenant) => {
      const rows = connection
        .prepare<[string], { ciphertext: Buffer; wrapped_key: Buffer }>(
          'SELECT ciphertext, wrapped_key FROM vault_entries WHERE tenant = ?',
        )
        .all(tenant);
      const key = connection.prepare<[string], Buffer>('SELECT wrapped_key FROM vault_tenant_keys WHERE tenant = ?').pluck().get(tenant);
      return [...rows.flatMap((row) => [row.ciphertext, row.wrapped_key]), key as Buffer];
    },
    reopen: async (key) => {
      await store.close();
      return openSqlite(path, key);
    },
    close: () => store.close(),
  };
};
describeForgetting('SQLite', () => openSqlite(join(dir, 'depledger.db'), Buffer.alloc(32, 23)));

const schema = freshSchemaName('dlforget');
const openPostgres = async (vaultKey: Buffer): Promise<Opened> => {
  const store = await openPostgresStore({ url: testServerUrl, schema, vaultKey, maxConnections: 4 });
  return {
    events: store.events,
    vault: store.vault,
    // The whole schema as pg_dump writes it: bytea columns as hex text.
    dump: async () => execFileSync('pg_dump', ['--dbname', testServerUrl, '--schema', schema], { maxBuffer: 512 * 1024 * 1024 }),
    sealedBytesOf: async (tenant) => {
      const rows = await store.database.query<[Buffer, Buffer]>('reading the sealed entries', {
        text: `SELECT ciphertext, nonce FROM ${store.database.quoted}.vault_entries WHERE tenant = $1`,
        values: [tenant],
      });
      const keys = await store.database.query<[Buffer]>('reading the tenant key', {
        text: `SELECT wrapped_key FROM ${store.database.quoted}.vault_tenant_keys WHERE tenant = $1`,
        values: [tenant],
      });
      return [...rows.flat(), ...keys.flat()];
    },
    reopen: async (key) => {
      await store.close();
      return openPostgres(key);
    },
    close: () => store.close(),
  };
};
if (testServerAnswers()) {
  afterAll(() => dropSchemas(schema));
  describeForgetting('PostgreSQL', () => openPostgres(Buffer.alloc(32, 23)));
} else {
  it.todo('forgetting a tenant in a PostgreSQL store (no PostgreSQL server answered)');
}
