import { randomBytes } from 'node:crypto';
import { isDepledgerError } from '@depledger/core';
import { latestSchemaVersion, openSqliteStore, rotateVaultKey, type SqliteStore } from '../index';
import { rawDatabaseBytes } from '../testing/raw-bytes';
import { tempDirectory } from '../testing/temp-directory';
import { deriveVaultKeys, unwrapEntryKey, unwrapTenantKey, wrapEntryKey } from './vault-crypto';

jest.setTimeout(300_000); // a hang guard only: the suite must pass on a busy machine

type EntryRow = { ref: string; wrapped_key: Buffer | null; tenant: string | null; ciphertext: Buffer | null };
type KeyRow = { tenant: string; wrapped_key: Buffer | null; forgotten_at: string | null; entries_erased: number | null };

const code = async (attempt: Promise<unknown>): Promise<unknown> =>
  attempt.then(
    () => 'no error',
    (error: unknown) => (isDepledgerError(error) ? error.code : error),
  );

describe('the SQLite vault: a key per tenant', () => {
  let directory: ReturnType<typeof tempDirectory>;
  let dbPath: string;
  const opened: SqliteStore[] = [];
  const open = (vaultKey: Buffer) => {
    const store = openSqliteStore({ path: dbPath, env: {}, vaultKey });
    opened.push(store);
    return store;
  };
  const entry = (store: SqliteStore, ref: string): EntryRow =>
    store.database.connection.prepare('SELECT ref, wrapped_key, tenant, ciphertext FROM vault_entries WHERE ref = ?').get(ref) as EntryRow;
  const tenantKey = (store: SqliteStore, tenant: string): KeyRow | undefined =>
    store.database.connection.prepare('SELECT * FROM vault_tenant_keys WHERE tenant = ?').get(tenant) as KeyRow | undefined;

  beforeEach(() => {
    directory = tempDirectory('tenant-keys');
    dbPath = directory.file('depledger.db');
  });
  afterEach(async () => {
    for (const store of opened.splice(0)) await store.close();
    directory.remove();
  });

  it("seals a tenant's entry keys under the tenant's key, itself sealed under the vault key; the default tenant's under the vault key", async () => {
    const key = randomBytes(32);
    const store = open(key);
    const mine = await store.vault.putSecret('oauth-secrets', 'default secret');
    const theirs = await store.vault.putSecret('tenant-acme--oauth-secrets', 'acme secret');
    expect(entry(store, mine).tenant).toBeNull();
    expect(entry(store, theirs).tenant).toBe('acme');
    const keys = deriveVaultKeys(key);
    const acmeKey = unwrapTenantKey(keys, 'acme', tenantKey(store, 'acme')?.wrapped_key as Buffer);
    expect(acmeKey).toHaveLength(32);
    expect(unwrapEntryKey(keys, theirs, entry(store, theirs).wrapped_key as Buffer)).toBeUndefined(); // not under the vault key
    expect(unwrapEntryKey(keys, theirs, entry(store, theirs).wrapped_key as Buffer, acmeKey)).toHaveLength(32);
    expect(await store.vault.reveal(theirs)).toBe('acme secret');
  });

  it("forgetting a tenant erases its entries, its people's lookups and its key, keeps the other tenants, and refuses it from then on", async () => {
    const store = open(randomBytes(32));
    const acme = [
      await store.vault.putSecret('tenant-acme--private-key', 'acme private key'),
      await store.vault.refForPersonalData('tenant-acme--apple-id', 'it@shared.example'),
    ];
    const globex = await store.vault.refForPersonalData('tenant-globex--apple-id', 'it@shared.example');
    const mine = await store.vault.refForPersonalData('apple-id', 'it@shared.example');
    const sealed = acme.flatMap((ref) => [entry(store, ref).ciphertext as Buffer, entry(store, ref).wrapped_key as Buffer]);
    sealed.push(tenantKey(store, 'acme')?.wrapped_key as Buffer);

    expect(await store.vault.forgetTenant('acme')).toEqual({
      tenant: 'acme',
      entriesErased: 2,
      forgottenAt: expect.any(String),
      alreadyForgotten: false,
    });
    const bytes = rawDatabaseBytes(dbPath);
    expect(sealed.filter((b) => bytes.includes(b))).toEqual([]);
    expect(tenantKey(store, 'acme')).toMatchObject({ wrapped_key: null, entries_erased: 2 });
    for (const ref of acme) expect(await store.vault.reveal(ref)).toBeNull();
    expect(
      store.database.connection.prepare("SELECT count(*) FROM vault_lookups WHERE ref LIKE 'vault:tenant-acme--%'").pluck().get(),
    ).toBe(0);
    expect(await store.vault.reveal(globex)).toBe('it@shared.example');
    expect(await store.vault.reveal(mine)).toBe('it@shared.example');
    expect(await code(store.vault.putSecret('tenant-acme--private-key', 'again'))).toBe('TENANT_FORGOTTEN');
    expect(await code(store.vault.refForPersonalData('tenant-acme--apple-id', 'it@shared.example'))).toBe('TENANT_FORGOTTEN');
    expect(await store.vault.forgetTenant('acme')).toMatchObject({ entriesErased: 2, alreadyForgotten: true });
    expect(await code(store.vault.forgetTenant('default'))).toBe('TENANT_NOT_FORGETTABLE');
    expect(await store.vault.listTenants()).toEqual([
      { tenant: 'acme', entries: 0, keyCreatedAt: expect.any(String), forgottenAt: expect.any(String) },
      { tenant: 'globex', entries: 1, keyCreatedAt: expect.any(String), forgottenAt: null },
    ]);
  });

  it("key rotation seals the tenants' keys under the new key and leaves their entries as they are", async () => {
    const oldKey = randomBytes(32);
    const newKey = randomBytes(32);
    const store = open(oldKey);
    const ref = await store.vault.putSecret('tenant-acme--oauth-secrets', 'acme secret');
    const person = await store.vault.refForPersonalData('tenant-acme--device-user', 'jeanne@acme.example');
    const entryBefore = entry(store, ref);
    const wrappedBefore = tenantKey(store, 'acme')?.wrapped_key as Buffer;

    await rotateVaultKey(store, { newKey });
    const wrappedAfter = tenantKey(store, 'acme')?.wrapped_key as Buffer;
    expect(wrappedAfter.equals(wrappedBefore)).toBe(false);
    expect(entry(store, ref).wrapped_key?.equals(entryBefore.wrapped_key as Buffer)).toBe(true);
    expect(unwrapTenantKey(deriveVaultKeys(oldKey), 'acme', wrappedAfter)).toBeUndefined();
    expect(
      unwrapTenantKey(deriveVaultKeys(newKey), 'acme', wrappedAfter)?.equals(
        unwrapTenantKey(deriveVaultKeys(oldKey), 'acme', wrappedBefore) as Buffer,
      ),
    ).toBe(true);
    await store.close();

    const reopened = open(newKey);
    expect(await reopened.vault.reveal(ref)).toBe('acme secret');
    expect(await reopened.vault.refForPersonalData('tenant-acme--device-user', 'Jeanne@acme.example')).toBe(person);
  });

  it("a file from before tenant keys (schema 3) opens: its tenants' entries move under keys of their own, and can be forgotten", async () => {
    const key = randomBytes(32);
    const keys = deriveVaultKeys(key);
    const store = open(key);
    const ref = await store.vault.putSecret('tenant-acme--oauth-secrets', 'acme secret');
    const person = await store.vault.refForPersonalData('tenant-acme--apple-id', 'it@acme.example');
    const mine = await store.vault.putSecret('oauth-secrets', 'default secret');
    // As schema 3 left them: every entry key under the vault key, no tenant column, no tenant keys.
    const acmeKey = unwrapTenantKey(keys, 'acme', tenantKey(store, 'acme')?.wrapped_key as Buffer) as Buffer;
    const connection = store.database.connection;
    for (const r of [ref, person]) {
      const entryKey = unwrapEntryKey(keys, r, entry(store, r).wrapped_key as Buffer, acmeKey) as Buffer;
      connection.prepare('UPDATE vault_entries SET wrapped_key = ? WHERE ref = ?').run(wrapEntryKey(keys, r, entryKey), r);
    }
    connection.exec(
      "DROP INDEX vault_entries_tenant; ALTER TABLE vault_entries DROP COLUMN tenant; DROP TABLE vault_tenant_keys; DELETE FROM vault_settings WHERE name = 'tenant_entries_moved';",
    );
    // and what schema 6 made (schema 5's step can run again as it is)
    connection.exec(`
      DROP INDEX events_stream_id_revision; ALTER TABLE events DROP COLUMN stream_id; DROP TABLE streams;
      CREATE UNIQUE INDEX events_stream_revision ON events (stream_name, revision);
      DELETE FROM event_store_format WHERE name = 'streams';
      CREATE TABLE documents_5 (name TEXT NOT NULL, version INTEGER NOT NULL, key TEXT NOT NULL, doc TEXT NOT NULL,
        PRIMARY KEY (name, version, key)) WITHOUT ROWID;
      INSERT INTO documents_5 SELECT name, version, key, doc FROM read_model_documents;
      DROP TABLE read_model_documents; ALTER TABLE documents_5 RENAME TO read_model_documents;
    `);
    connection.pragma('user_version = 3');
    await store.close();

    const reopened = open(key);
    expect(reopened.database.schemaVersion).toBe(latestSchemaVersion);
    expect(entry(reopened, ref).tenant).toBe('acme');
    expect(entry(reopened, mine).tenant).toBeNull();
    expect(await reopened.vault.reveal(ref)).toBe('acme secret');
    expect(await reopened.vault.reveal(person)).toBe('it@acme.example');
    expect(await reopened.vault.refForPersonalData('tenant-acme--apple-id', 'it@acme.example')).toBe(person); // same person, same reference
    expect(await reopened.vault.forgetTenant('acme')).toMatchObject({ entriesErased: 2 });
    expect(await reopened.vault.reveal(ref)).toBeNull();
    expect(await reopened.vault.reveal(mine)).toBe('default secret');
  });
});
