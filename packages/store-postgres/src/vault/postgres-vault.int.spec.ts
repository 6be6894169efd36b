import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isVaultRef } from '@depledger/core';
import { openPostgresStore, postgresStoreErrorCodes, type OpenPostgresStoreOptions, type PostgresStore } from '../index';
import { describeWithPostgres, dropSchemas, freshSchemaName, onTestServer, testServerUrl } from '../testing/test-server';

jest.setTimeout(300_000); // a hang guard only: the suite must pass on a busy machine

const privateKeyPem = `-----BEGIN PRIVATE KEY-----\n${randomBytes(48).toString('base64')}\n-----END PRIVATE KEY-----`;
const keyText = () => randomBytes(32).toString('base64');

/** Everything `pg_dump` writes for the schema: what a stolen backup holds. */
const dumpOf = (schema: string): string => {
  return execFileSync('pg_dump', ['--schema', schema, '--no-owner', testServerUrl], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, PGCONNECT_TIMEOUT: '10' },
  });
};

describeWithPostgres('PostgreSQL vault', () => {
  let schema: string;
  let directory: string;
  const opened: PostgresStore[] = [];
  const open = async (options: Partial<OpenPostgresStoreOptions> = {}) => {
    const store = await openPostgresStore({ url: testServerUrl, schema, env: {}, maxConnections: 2, ...options });
    opened.push(store);
    return store;
  };

  beforeEach(() => {
    schema = freshSchemaName('dlvault');
    directory = mkdtempSync(join(tmpdir(), 'depledger-pg-vault-'));
  });
  afterEach(async () => {
    for (const store of opened.splice(0)) await store.close();
    await dropSchemas(schema);
    rmSync(directory, { recursive: true, force: true });
  });

  it('stores a secret under a fresh reference, reveals it on another node with the same key, and never for a reference it did not store', async () => {
    const key = keyText();
    const { vault } = await open({ vaultKey: key });
    const ref = await vault.putSecret('private-key', privateKeyPem);
    expect(isVaultRef(ref)).toBe(true);
    expect(await vault.putSecret('private-key', privateKeyPem)).not.toBe(ref);
    const other = await open({ env: { DEPLEDGER_VAULT_KEY: key } });
    expect(await other.vault.reveal(ref)).toBe(privateKeyPem);
    expect(await other.vault.reveal('vault:private-key:neverstored')).toBeNull();
    await expect(other.vault.reveal('not a ref')).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('leaves no secret and no person in a dump of the database', async () => {
    const { vault } = await open({ vaultKey: keyText() });
    const secret = `oauth-${randomBytes(12).toString('hex')}`;
    const email = `someone.${randomBytes(4).toString('hex')}@example.org`;
    const secretRef = await vault.putSecret('oauth-secrets', secret);
    const personRef = await vault.refForPersonalData('apple-id', email);
    const dump = dumpOf(schema);
    expect(dump).toContain(secretRef); // the dump holds the vault's rows…
    expect(dump).toContain(personRef);
    for (const plain of [secret, email, privateKeyPem.split('\n')[1] as string]) {
      // …but neither the values nor their hex (bytea) form
      expect(dump).not.toContain(plain);
      expect(dump).not.toContain(Buffer.from(plain).toString('hex'));
    }
  });

  it('gives the same reference for the same person on every node, and forgets them for good', async () => {
    const key = keyText();
    const a = await open({ vaultKey: key });
    const b = await open({ vaultKey: key });
    const ref = await a.vault.refForPersonalData('apple-id', ' Admin@Example.org ');
    expect(await b.vault.refForPersonalData('apple-id', 'admin@example.org')).toBe(ref);
    expect(await b.vault.reveal(ref)).toBe('Admin@Example.org');
    await b.vault.forget(ref);
    expect(await a.vault.reveal(ref)).toBeNull();
    expect(await a.vault.refForPersonalData('apple-id', 'admin@example.org')).toBe(ref);
    expect(await a.vault.reveal(ref)).toBeNull();
    const row = await onTestServer((client) =>
      client.query(`SELECT nonce, ciphertext, auth_tag, forgotten_at FROM "${schema}".vault_entries WHERE ref = $1`, [ref]),
    );
    expect(row.rows[0]).toMatchObject({ nonce: null, ciphertext: null, auth_tag: null });
    expect(row.rows[0].forgotten_at).not.toBeNull();
  });

  it('refuses another key for an existing vault, without showing either key', async () => {
    const first = keyText();
    await open({ vaultKey: first });
    const second = keyText();
    const failure = await open({ vaultKey: second }).then(
      () => undefined,
      (error: Error & { code?: string }) => error,
    );
    expect(failure?.code).toBe(postgresStoreErrorCodes.vaultKeyMismatch);
    expect(failure?.message).not.toContain(first);
    expect(failure?.message).not.toContain(second);
  });

  it('creates a key file (owner only) on first use, reuses it, and never makes up a new one once the vault holds a key', async () => {
    const keyFile = join(directory, 'vault.key');
    const { vault } = await open({ keyFile });
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    const ref = await vault.putSecret('private-key', privateKeyPem);
    const again = await open({ keyFile });
    expect(await again.vault.reveal(ref)).toBe(privateKeyPem);
    rmSync(keyFile);
    await expect(open({ keyFile })).rejects.toMatchObject({ code: postgresStoreErrorCodes.vaultKeyMissing });
    expect(existsSync(keyFile)).toBe(false);
  });

  it('asks for a key when none is given, and refuses one that is not 32 bytes of base64', async () => {
    await expect(open({})).rejects.toMatchObject({
      code: postgresStoreErrorCodes.vaultKeyMissing,
      message: expect.stringContaining('DEPLEDGER_VAULT_KEY'),
    });
    await expect(open({ env: { DEPLEDGER_VAULT_KEY: 'short' } })).rejects.toMatchObject({ code: postgresStoreErrorCodes.vaultKeyInvalid });
  });

  it('refuses to reveal a row moved to another reference', async () => {
    const { vault } = await open({ vaultKey: keyText() });
    const a = await vault.putSecret('oauth-secrets', 'first');
    const b = await vault.putSecret('oauth-secrets', 'second');
    await onTestServer((client) =>
      client.query(
        `UPDATE "${schema}".vault_entries AS t SET nonce = s.nonce, ciphertext = s.ciphertext, auth_tag = s.auth_tag FROM "${schema}".vault_entries s WHERE t.ref = $1 AND s.ref = $2`,
        [b, a],
      ),
    );
    await expect(vault.reveal(b)).rejects.toMatchObject({ code: postgresStoreErrorCodes.vaultEntryCorrupt });
  });
});
