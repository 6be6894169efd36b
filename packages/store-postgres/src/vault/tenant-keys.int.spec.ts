import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { isDepledgerError, normalisePersonalData } from '@depledger/core';
import { openPostgresStore, rotatePostgresVaultKey, type PostgresStore } from '../index';
import { describeWithPostgres, dropSchemas, freshSchemaName, testServerUrl } from '../testing/test-server';
import { deriveVaultKeys, keyFingerprint, keyIdOf, pseudonym, seal } from './vault-crypto';

jest.setTimeout(300_000); // a hang guard only: the suite must pass on a busy machine

const dumpOf = (schema: string): string =>
  execFileSync('pg_dump', ['--schema', schema, '--no-owner', testServerUrl], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });

const code = async (attempt: Promise<unknown>): Promise<unknown> =>
  attempt.then(
    () => 'no error',
    (error: unknown) => (isDepledgerError(error) ? error.code : error),
  );

describeWithPostgres('the PostgreSQL vault: a key per tenant', () => {
  let schema: string;
  const opened: PostgresStore[] = [];
  const open = async (vaultKey: Buffer) => {
    const store = await openPostgresStore({ url: testServerUrl, schema, env: {}, vaultKey, maxConnections: 2 });
    opened.push(store);
    return store;
  };
  const rowOf = async (store: PostgresStore, ref: string) =>
    (
      await store.database.query<[string | null, Buffer | null, Buffer | null]>('reading an entry', {
        text: `SELECT tenant, ciphertext, key_id FROM ${store.database.quoted}.vault_entries WHERE ref = $1`,
        values: [ref],
      })
    )[0];
  const tenantKeyOf = async (store: PostgresStore, tenant: string) =>
    (
      await store.database.query<[Buffer | null, Buffer | null, boolean]>('reading a tenant key', {
        text: `SELECT wrapped_key, key_id, own_pseudonyms FROM ${store.database.quoted}.vault_tenant_keys WHERE tenant = $1`,
        values: [tenant],
      })
    )[0];

  beforeEach(() => {
    schema = freshSchemaName('dltenantkeys');
  });
  afterEach(async () => {
    for (const store of opened.splice(0)) await store.close();
    await dropSchemas(schema);
  });

  it("seals a tenant's entries under its own key; people's references are HMACs under a key derived from it", async () => {
    const key = randomBytes(32);
    const store = await open(key);
    const secret = await store.vault.putSecret('tenant-acme--oauth-secrets', 'acme secret');
    const person = await store.vault.refForPersonalData('tenant-acme--apple-id', 'It@Shared.example');
    const mine = await store.vault.refForPersonalData('apple-id', 'it@shared.example');
    expect(await rowOf(store, secret)).toEqual(['acme', expect.any(Buffer), null]);
    expect((await rowOf(store, mine))?.[0]).toBeNull();
    expect(await tenantKeyOf(store, 'acme')).toEqual([expect.any(Buffer), expect.any(Buffer), true]);
    // Not the vault's pseudonym: nothing but the tenant's key links the person to the reference.
    expect(person).not.toBe(`vault:tenant-acme--apple-id:${pseudonym(deriveVaultKeys(key), 'tenant-acme--apple-id', 'it@shared.example')}`);
    expect(await store.vault.refForPersonalData('tenant-acme--apple-id', 'it@shared.example')).toBe(person);
    expect(await store.vault.reveal(secret)).toBe('acme secret');
    expect(await store.vault.reveal(person)).toBe('It@Shared.example');
  });

  it('a node writing for a tenant while another forgets it leaves no entry of the tenant readable', async () => {
    const key = randomBytes(32);
    const forgetting = await open(key);
    const writing = await open(key);
    await writing.vault.putSecret('tenant-acme--oauth-secrets', 'first');
    const outcomes = await Promise.all([
      ...Array.from({ length: 40 }, (_, i) =>
        code(
          i % 2 === 0
            ? writing.vault.putSecret('tenant-acme--oauth-secrets', `secret ${i}`)
            : writing.vault.refForPersonalData('tenant-acme--device-user', `user${i}@acme.example`),
        ),
      ),
      forgetting.vault.forgetTenant('acme').then(() => 'forgotten'),
    ]);
    expect(outcomes.filter((o) => o !== 'no error' && o !== 'TENANT_FORGOTTEN' && o !== 'forgotten')).toEqual([]);
    const left = await forgetting.database.query<[string]>('counting the tenant entries left', {
      text: `SELECT count(*) FROM ${forgetting.database.quoted}.vault_entries
             WHERE (tenant = 'acme' OR kind LIKE 'tenant-acme--%') AND ciphertext IS NOT NULL`,
    });
    expect(Number(left[0]?.[0])).toBe(0);
    expect(await code(writing.vault.putSecret('tenant-acme--oauth-secrets', 'after'))).toBe('TENANT_FORGOTTEN');
  });

  it('entries of a schema from before tenant keys keep their references, rotate with the vault key, and are forgotten with their tenant', async () => {
    const key = randomBytes(32);
    const keys = deriveVaultKeys(key);
    const store = await open(key);
    const quoted = store.database.quoted;
    // As schema 5 wrote a tenant's entries: under the vault key, the person's reference under the vault's pseudonym key.
    const kind = 'tenant-acme--apple-id';
    const legacyPerson = `vault:${kind}:${pseudonym(keys, kind, normalisePersonalData('it@acme.example'))}`;
    const legacySecret = `vault:tenant-acme--private-key:${randomBytes(18).toString('base64url')}`;
    for (const [ref, entryKind, value] of [
      [legacyPerson, kind, 'it@acme.example'],
      [legacySecret, 'tenant-acme--private-key', 'acme private key'],
    ] as const) {
      const sealed = seal(keys, ref, value);
      await store.database.query('writing an entry as schema 5 did', {
        text: `INSERT INTO ${quoted}.vault_entries (ref, kind, nonce, ciphertext, auth_tag, created_at, key_id) VALUES ($1, $2, $3, $4, $5, now(), $6)`,
        values: [ref, entryKind, sealed.nonce, sealed.ciphertext, sealed.authTag, keyIdOf(keyFingerprint(keys))],
      });
    }
    expect(await store.vault.refForPersonalData(kind, 'IT@acme.example')).toBe(legacyPerson); // the same person, the same reference
    expect((await tenantKeyOf(store, 'acme'))?.[2]).toBe(false);
    const fresh = await store.vault.putSecret('tenant-acme--oauth-secrets', 'acme oauth');
    const globex = await store.vault.refForPersonalData('tenant-globex--apple-id', 'it@acme.example');

    const otherNode = await open(key);
    const newKey = randomBytes(32);
    await rotatePostgresVaultKey({ vault: store.vault, vaultKeySource: { source: 'given' } }, { newKey });
    const wrappedBefore = (await tenantKeyOf(store, 'acme'))?.[0];
    const rotated = await open(newKey);
    expect(await rotated.vault.reveal(legacyPerson)).toBe('it@acme.example');
    expect(await rotated.vault.reveal(legacySecret)).toBe('acme private key');
    expect(await rotated.vault.reveal(fresh)).toBe('acme oauth');
    expect(await code(otherNode.vault.reveal(fresh))).toBe('VAULT_KEY_ROTATED'); // a node still on the old key
    expect(await rotated.vault.refForPersonalData('tenant-globex--apple-id', 'it@acme.example')).toBe(globex);

    const sealedBefore = await Promise.all(
      [legacyPerson, legacySecret, fresh].map(async (ref) => (await rowOf(rotated, ref))?.[1] as Buffer),
    );
    expect(sealedBefore.every((b) => dumpOf(schema).includes(b.toString('hex')))).toBe(true);
    expect(await rotated.vault.forgetTenant('acme')).toMatchObject({ tenant: 'acme', entriesErased: 3, alreadyForgotten: false });
    const dump = dumpOf(schema);
    expect(sealedBefore.filter((b) => dump.includes(b.toString('hex')))).toEqual([]);
    expect(dump.includes((wrappedBefore as Buffer).toString('hex'))).toBe(false);
    for (const ref of [legacyPerson, legacySecret, fresh]) expect(await rotated.vault.reveal(ref)).toBeNull();
    expect(await code(rotated.vault.putSecret('tenant-acme--oauth-secrets', 'again'))).toBe('TENANT_FORGOTTEN');
    expect(await code(rotated.vault.refForPersonalData(kind, 'someone@acme.example'))).toBe('TENANT_FORGOTTEN');
    expect(await rotated.vault.reveal(globex)).toBe('it@acme.example');
    expect(await code(rotated.vault.forgetTenant('default'))).toBe('TENANT_NOT_FORGETTABLE');
    expect(await rotated.vault.listTenants()).toEqual([
      { tenant: 'acme', entries: 0, keyCreatedAt: expect.any(String), forgottenAt: expect.any(String) },
      { tenant: 'globex', entries: 1, keyCreatedAt: expect.any(String), forgottenAt: null },
    ]);
  });
});
