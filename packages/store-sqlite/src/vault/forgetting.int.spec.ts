import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { normalisePersonalData } from '@depledger/core';
import { latestSchemaVersion, openSqliteStore, rotateVaultKey, type SqliteStore, type VaultErasureEvent } from '../index';
import { rawDatabaseBytes } from '../testing/raw-bytes';
import { tempDirectory } from '../testing/temp-directory';
import { deriveVaultKeys, lookupOf } from './vault-crypto';

jest.setTimeout(300_000); // a hang guard only: the suite must pass on a busy machine

const noEnv = {};
type Row = { ref: string; nonce: Buffer | null; ciphertext: Buffer | null; auth_tag: Buffer | null; wrapped_key: Buffer | null };

describe('forgetting that really forgets', () => {
  let directory: ReturnType<typeof tempDirectory>;
  let dbPath: string;
  const opened: SqliteStore[] = [];
  const open = (options: Partial<Parameters<typeof openSqliteStore>[0]> = {}) => {
    const store = openSqliteStore({ path: dbPath, env: noEnv, ...options });
    opened.push(store);
    return store;
  };
  const rowOf = (store: SqliteStore, ref: string): Row =>
    store.database.connection.prepare('SELECT * FROM vault_entries WHERE ref = ?').get(ref) as Row;

  beforeEach(() => {
    directory = tempDirectory('forget');
    dbPath = directory.file('depledger.db');
  });

  afterEach(async () => {
    for (const store of opened.splice(0)) await store.close();
    directory.remove();
  });

  it('each entry has a key of its own, sealed under the vault key; forgetting destroys it with the value', async () => {
    const store = open();
    const a = await store.vault.putSecret('oauth-secrets', 'first secret');
    const b = await store.vault.refForPersonalData('apple-id', 'alice@contoso.example');
    const rowA = rowOf(store, a);
    const rowB = rowOf(store, b);
    expect(rowA.wrapped_key).toHaveLength(60);
    expect(rowB.wrapped_key).toHaveLength(60);
    expect(rowA.wrapped_key?.equals(rowB.wrapped_key as Buffer)).toBe(false);

    await store.vault.forget(b);
    expect(rowOf(store, b)).toMatchObject({ nonce: null, ciphertext: null, auth_tag: null, wrapped_key: null });
    const bytes = rawDatabaseBytes(dbPath);
    expect(bytes.includes(rowB.wrapped_key as Buffer)).toBe(false);
    expect(bytes.includes(rowB.ciphertext as Buffer)).toBe(false);
    expect(await store.vault.reveal(a)).toBe('first secret');
  });

  it("a person's reference is random, and once forgotten nothing leads from their data back to it", async () => {
    const store = open();
    const email = 'Jane.Doe@Contoso.example';
    const ref = await store.vault.refForPersonalData('admin-email', email);
    const lookup = lookupOf(
      deriveVaultKeys(Buffer.from(readFileSync(`${dbPath}.key`, 'utf8').trim(), 'base64')),
      'admin-email',
      normalisePersonalData(email),
    );
    expect(ref.endsWith(lookup)).toBe(false); // not an HMAC of the address
    expect(rawDatabaseBytes(dbPath).includes(lookup)).toBe(true); // the lookup exists while remembered

    await store.vault.forget(ref);
    expect(rawDatabaseBytes(dbPath).includes(lookup)).toBe(false);
    const again = await store.vault.refForPersonalData('admin-email', email);
    expect(again).not.toBe(ref);
    expect(await store.vault.reveal(ref)).toBeNull();
  });

  describe('while another connection reads', () => {
    const holdReader = (): BetterSqlite3.Database => {
      const reader = new BetterSqlite3(dbPath, { readonly: true });
      reader.exec('BEGIN');
      reader.prepare('SELECT count(*) FROM vault_entries').get();
      return reader;
    };

    it('forget never waits for the reader; the values leave the file once it is done, and the status says so meanwhile', async () => {
      // A busy timeout of ten minutes: a forget that waited for the reader would time the test out.
      const store = open({ busyTimeoutMs: 600_000 });
      const refs = await Promise.all(
        ['one', 'two', 'three'].map((n) => store.vault.putSecret('oauth-secrets', `secret ${n} ${randomBytes(8).toString('hex')}`)),
      );
      const ciphertexts = refs.map((ref) => rowOf(store, ref).ciphertext as Buffer);
      const reader = holdReader();
      try {
        for (const ref of refs) await store.vault.forget(ref);
        expect(store.vault.erasureStatus()).toMatchObject({ pending: 3, since: expect.any(String) });
        const bytes = rawDatabaseBytes(dbPath);
        expect(ciphertexts.filter((ciphertext) => bytes.includes(ciphertext))).toHaveLength(3); // what the reader may still read
        expect(await store.vault.completeErasure({ timeoutMs: 50 })).toBe(false);
      } finally {
        reader.exec('COMMIT');
        reader.close();
      }
      expect(await store.vault.completeErasure({ timeoutMs: 30_000 })).toBe(true);
      expect(store.vault.erasureStatus()).toEqual({ pending: 0, since: null, attempts: 0 });
      const bytes = rawDatabaseBytes(dbPath);
      for (const ciphertext of ciphertexts) expect(bytes.includes(ciphertext)).toBe(false);
    });

    it('keeps trying in the background, and reports when a reader kept the values too long', async () => {
      const readers: BetterSqlite3.Database[] = [];
      const reported = new Promise<VaultErasureEvent>((resolve) => {
        const store = open({ erasureRetryForMs: 0, onErasure: (event) => event.type === 'erasure-incomplete' && resolve(event) });
        void store.vault.putSecret('oauth-secrets', 'short-lived').then(async (ref) => {
          readers.push(holdReader());
          await store.vault.forget(ref);
        });
      });
      try {
        expect(await reported).toMatchObject({
          type: 'erasure-incomplete',
          pending: 1,
          reason: expect.stringContaining('another connection is reading'),
        });
      } finally {
        for (const reader of readers) reader.close();
      }
    });
  });

  describe('key rotation', () => {
    it('re-seals every entry key under a new key file; a backup from before cannot be opened with it, and the old key is gone', async () => {
      const store = open();
      const secret = await store.vault.putSecret('oauth-secrets', 'kept secret');
      const person = await store.vault.refForPersonalData('apple-id', 'alice@contoso.example');
      const gone = await store.vault.refForPersonalData('device-user', 'bob@contoso.example');
      await store.database.connection.pragma('wal_checkpoint(TRUNCATE)');
      copyFileSync(dbPath, directory.file('backup.db'));
      const oldKey = readFileSync(`${dbPath}.key`, 'utf8');
      await store.vault.forget(gone);

      expect(await rotateVaultKey(store)).toEqual({ source: 'key-file', keyFile: `${dbPath}.key` });
      expect(readFileSync(`${dbPath}.key`, 'utf8')).not.toBe(oldKey);
      expect(existsSync(`${dbPath}.key.next`)).toBe(false);
      expect(await store.vault.reveal(secret)).toBe('kept secret');
      expect(await store.vault.refForPersonalData('apple-id', 'Alice@contoso.example')).toBe(person);
      await store.close();

      const reopened = open();
      expect(await reopened.vault.reveal(secret)).toBe('kept secret');
      expect(await reopened.vault.reveal(gone)).toBeNull();
      copyFileSync(`${dbPath}.key`, directory.file('backup.db.key'));
      expect(() => open({ path: directory.file('backup.db') })).toThrow(expect.objectContaining({ code: 'VAULT_KEY_MISMATCH' }));
    });

    it('another process that still has the old key is refused, not allowed to write under it', async () => {
      const a = open();
      const b = open();
      const ref = await a.vault.putSecret('oauth-secrets', 'shared');
      await rotateVaultKey(a);
      await expect(b.vault.putSecret('oauth-secrets', 'late')).rejects.toMatchObject({ code: 'VAULT_KEY_ROTATED' });
      await expect(b.vault.reveal(ref)).rejects.toMatchObject({ code: 'VAULT_KEY_ROTATED' });
      expect(await a.vault.reveal(ref)).toBe('shared');
    });

    it('a rotation cut short is finished, or undone, the next time the store opens', async () => {
      const store = open();
      const ref = await store.vault.putSecret('oauth-secrets', 'survives');
      const newKey = randomBytes(32);
      // The process died after the vault took the new key and before the rename.
      writeFileSync(`${dbPath}.key.next`, `${newKey.toString('base64')}\n`, { mode: 0o600 });
      await store.vault.rotateKey(newKey);
      await store.close();
      const finished = open();
      expect(await finished.vault.reveal(ref)).toBe('survives');
      expect(readFileSync(`${dbPath}.key`, 'utf8').trim()).toBe(newKey.toString('base64'));
      expect(existsSync(`${dbPath}.key.next`)).toBe(false);
      await finished.close();

      // The process died before the vault took it: the leftover goes, the key stays.
      writeFileSync(`${dbPath}.key.next`, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600 });
      const undone = open();
      expect(await undone.vault.reveal(ref)).toBe('survives');
      expect(existsSync(`${dbPath}.key.next`)).toBe(false);
      expect(readFileSync(`${dbPath}.key`, 'utf8').trim()).toBe(newKey.toString('base64'));
    });

    it('with DEPLEDGER_VAULT_KEY, takes the new key from the caller', async () => {
      const oldKey = randomBytes(32).toString('base64');
      const store = open({ env: { DEPLEDGER_VAULT_KEY: oldKey } });
      const ref = await store.vault.putSecret('private-key', 'pem');
      await expect(rotateVaultKey(store)).rejects.toMatchObject({ code: 'VAULT_KEY_MISSING' });
      const newKey = randomBytes(32);
      expect(await rotateVaultKey(store, { newKey })).toEqual({ source: 'environment' });
      await store.close();
      expect(() => open({ env: { DEPLEDGER_VAULT_KEY: oldKey } })).toThrow(expect.objectContaining({ code: 'VAULT_KEY_MISMATCH' }));
      expect(await open({ vaultKey: newKey }).vault.reveal(ref)).toBe('pem');
    });
  });

  it('a vault written before entries had keys of their own (schema 2) opens, migrates and keeps its people', async () => {
    copyFileSync(join(__dirname, 'fixtures', 'vault-schema-2.sqlite'), dbPath);
    // Written by the previous release: one secret, one person, one person forgotten.
    const fixture = {
      key: 'BwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwc=',
      secret: 'vault:oauth-secrets:H-q50CJYAGkJDhY2vXQQFG4f',
      person: 'vault:apple-id:UJ5JFOcbnaLsRF5MYd85BQ2tCeo43ksq',
      gone: 'vault:device-user:c0I0l6HfpO22HGYE0BkZEYPODKANBoih',
    };
    const store = open({ vaultKey: fixture.key });
    expect(store.database.schemaVersion).toBe(latestSchemaVersion);
    expect(await store.vault.reveal(fixture.secret)).toBe('CS_fixture-consumer-secret');
    expect(await store.vault.reveal(fixture.person)).toBe('Alice@Contoso.example');
    expect(await store.vault.reveal(fixture.gone)).toBeNull();
    expect(rowOf(store, fixture.secret).wrapped_key).toHaveLength(60);
    expect(rowOf(store, fixture.person).wrapped_key).toHaveLength(60);
    expect(await store.vault.refForPersonalData('apple-id', 'alice@contoso.example')).toBe(fixture.person);
    expect(await store.vault.refForPersonalData('device-user', 'bob@contoso.example')).not.toBe(fixture.gone);

    await store.vault.forget(fixture.person);
    expect(await store.vault.refForPersonalData('apple-id', 'alice@contoso.example')).not.toBe(fixture.person);
    await store.close();
    const reopened = open({ vaultKey: fixture.key });
    expect(await reopened.vault.reveal(fixture.secret)).toBe('CS_fixture-consumer-secret');
  });
});
