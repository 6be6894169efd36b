import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, existsSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { isVaultRef } from '@depledger/core';
import { openSqliteStore, type SqliteStore } from '../index';
import { rawDatabaseBytes } from '../testing/raw-bytes';
import { tempDirectory } from '../testing/temp-directory';

const noEnv = {};
const privateKeyPem = `-----BEGIN PRIVATE KEY-----\n${randomBytes(48).toString('base64')}\n-----END PRIVATE KEY-----`;

describe('SQLite vault', () => {
  let directory: ReturnType<typeof tempDirectory>;
  let dbPath: string;
  const opened: SqliteStore[] = [];
  const open = (options: Partial<Parameters<typeof openSqliteStore>[0]> = {}) => {
    const store = openSqliteStore({ path: dbPath, env: noEnv, ...options });
    opened.push(store);
    return store;
  };

  beforeEach(() => {
    directory = tempDirectory('vault');
    dbPath = directory.file('depledger.db');
  });

  afterEach(async () => {
    for (const store of opened.splice(0)) await store.close();
    directory.remove();
  });

  describe('secrets', () => {
    it('stores a secret under a fresh reference and reveals it', async () => {
      const { vault } = open();
      const ref = await vault.putSecret('private-key', privateKeyPem);
      const again = await vault.putSecret('private-key', privateKeyPem);

      expect(isVaultRef(ref)).toBe(true);
      expect(ref.startsWith('vault:private-key:')).toBe(true);
      expect(again).not.toBe(ref);
      expect(await vault.reveal(ref)).toBe(privateKeyPem);
      expect(await vault.reveal(again)).toBe(privateKeyPem);
    });

    it('reveals null for a reference it never stored, and refuses what is not a reference', async () => {
      const { vault } = open();
      expect(await vault.reveal('vault:oauth-secrets:doesnotexist')).toBeNull();
      await expect(vault.reveal('not-a-ref')).rejects.toMatchObject({ code: 'INVALID_INPUT' });
      await expect(vault.putSecret('Private Key', 'x')).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    });

    it('keeps secrets and personal data out of the raw database bytes', async () => {
      const { vault, events } = open();
      const secret = `oauth-consumer-secret-${randomBytes(12).toString('hex')}`;
      const email = `admin.${randomBytes(6).toString('hex')}@example.com`;
      const secretRef = await vault.putSecret('oauth-secrets', secret);
      const emailRef = await vault.refForPersonalData('admin-email', email);
      await events.appendToStream(
        'dep-token-t1',
        [
          {
            type: 'ServerTokenUploaded.v1',
            data: { secretsRef: secretRef, uploadedByRef: emailRef },
            metadata: {
              eventId: 'e1',
              occurredAt: '2026-01-01T00:00:00.000Z',
              actor: 'admin:1',
              correlationId: 'c',
              causationId: null,
              tokenId: 't1',
            },
          },
        ],
        { expectedRevision: 'no_stream' },
      );

      const bytes = rawDatabaseBytes(dbPath);
      expect(bytes.includes(secretRef)).toBe(true); // the scan does see what is stored in clear
      expect(bytes.includes(secret)).toBe(false);
      expect(bytes.includes(email)).toBe(false);
      expect(bytes.includes(Buffer.from(secret).toString('base64'))).toBe(false);
      expect(await vault.reveal(secretRef)).toBe(secret);
    });
  });

  describe('personal data', () => {
    it('gives the same reference for the same person, whatever the case and surrounding spaces', async () => {
      const { vault } = open();
      const ref = await vault.refForPersonalData('apple-id', 'Admin@Example.com');
      expect(await vault.refForPersonalData('apple-id', '  admin@example.COM ')).toBe(ref);
      expect(await vault.refForPersonalData('admin-email', 'admin@example.com')).not.toBe(ref);
      expect(await vault.refForPersonalData('apple-id', 'other@example.com')).not.toBe(ref);
      expect(await vault.reveal(ref)).toBe('Admin@Example.com');
    });

    it('keeps references stable across restarts, and different under another key', async () => {
      const first = open();
      const ref = await first.vault.refForPersonalData('device-user', 'jane.doe');
      await first.close();

      expect(await open().vault.refForPersonalData('device-user', 'jane.doe')).toBe(ref);
      const elsewhere = tempDirectory('vault-other');
      try {
        const other = openSqliteStore({ path: elsewhere.file('other.db'), env: noEnv });
        opened.push(other);
        expect(await other.vault.refForPersonalData('device-user', 'jane.doe')).not.toBe(ref);
      } finally {
        await opened.pop()?.close();
        elsewhere.remove();
      }
    });
  });

  describe('forget', () => {
    it('erases a value for good: reveal gives null, and the person met again is a new subject, never led back to the forgotten reference', async () => {
      const { vault } = open();
      const ref = await vault.refForPersonalData('device-user', 'jane.doe@example.com');
      const secretRef = await vault.putSecret('private-key', privateKeyPem);

      await vault.forget(ref);
      await vault.forget(ref);
      expect(await vault.reveal(ref)).toBeNull();
      const again = await vault.refForPersonalData('device-user', 'Jane.Doe@example.com');
      expect(again).not.toBe(ref);
      expect(await vault.reveal(again)).toBe('Jane.Doe@example.com');
      expect(await vault.reveal(ref)).toBeNull();
      expect(await vault.reveal(secretRef)).toBe(privateKeyPem);
    });

    it('a forgotten reference stays forgotten after a restart, and no lookup leads to it', async () => {
      const { vault, database } = open();
      const ref = await vault.refForPersonalData('admin-email', 'someone@example.com');
      await vault.forget(ref);
      expect(database.connection.prepare('SELECT count(*) FROM vault_lookups WHERE ref = ?').pluck().get(ref)).toBe(0);
      const later = open();
      expect(await later.vault.refForPersonalData('admin-email', 'someone@example.com')).not.toBe(ref);
      expect(await later.vault.reveal(ref)).toBeNull();
    });

    it('leaves no trace of the encrypted value in the file or its WAL', async () => {
      const store = open();
      const before = await Promise.all([1, 2, 3].map(() => store.vault.putSecret('private-key', privateKeyPem)));
      const ref = await store.vault.putSecret('oauth-secrets', `secret-${randomBytes(200).toString('hex')}`);
      const after = await Promise.all([1, 2, 3].map(() => store.vault.putSecret('private-key', privateKeyPem)));
      const row = store.database.connection.prepare('SELECT ciphertext, nonce FROM vault_entries WHERE ref = ?').get(ref) as {
        ciphertext: Buffer;
        nonce: Buffer;
      };
      expect(rawDatabaseBytes(dbPath).includes(row.ciphertext)).toBe(true);

      await store.vault.forget(ref);
      const bytes = rawDatabaseBytes(dbPath);
      expect(bytes.includes(row.ciphertext)).toBe(false);
      expect(bytes.includes(row.nonce)).toBe(false);
      for (const kept of [...before, ...after]) expect(await store.vault.reveal(kept)).toBe(privateKeyPem);
    });
  });

  describe('the key', () => {
    it('creates a key file next to the database, readable by its owner only, and reuses it', async () => {
      const first = open();
      const ref = await first.vault.putSecret('private-key', privateKeyPem);
      expect(first.vaultKeySource).toEqual({ source: 'key-file', keyFile: `${dbPath}.key`, created: true });
      expect(statSync(`${dbPath}.key`).mode & 0o777).toBe(0o600);
      await first.close();

      const again = open();
      expect(again.vaultKeySource).toEqual({ source: 'key-file', keyFile: `${dbPath}.key`, created: false });
      expect(await again.vault.reveal(ref)).toBe(privateKeyPem);
    });

    it('takes the key from DEPLEDGER_VAULT_KEY first, without creating a key file', async () => {
      const key = randomBytes(32).toString('base64');
      const store = open({ env: { DEPLEDGER_VAULT_KEY: key } });
      const ref = await store.vault.putSecret('private-key', privateKeyPem);
      expect(store.vaultKeySource).toEqual({ source: 'environment' });
      expect(existsSync(`${dbPath}.key`)).toBe(false);
      await store.close();

      expect(await open({ vaultKey: key }).vault.reveal(ref)).toBe(privateKeyPem);
    });

    it('refuses a key that is not base64 of 32 bytes, saying how to make one', () => {
      expect(() => open({ env: { DEPLEDGER_VAULT_KEY: randomBytes(16).toString('base64') } })).toThrow(
        expect.objectContaining({ code: 'VAULT_KEY_INVALID', message: expect.stringContaining('DEPLEDGER_VAULT_KEY') }),
      );
      expect(() => open({ vaultKey: 'not base64 at all' })).toThrow(expect.objectContaining({ code: 'VAULT_KEY_INVALID' }));
    });

    it('refuses another key for an existing vault, without showing either key', async () => {
      await open().close();
      const wrong = randomBytes(32).toString('base64');
      let thrown: unknown;
      try {
        open({ env: { DEPLEDGER_VAULT_KEY: wrong } });
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toMatchObject({ code: 'VAULT_KEY_MISMATCH' });
      expect(JSON.stringify(thrown) + String(thrown)).not.toContain(wrong);
    });

    it('does not make up a new key when the key file of an existing vault is gone', async () => {
      await open().close();
      rmSync(`${dbPath}.key`);
      expect(() => open()).toThrow(
        expect.objectContaining({ code: 'VAULT_KEY_MISSING', message: expect.stringContaining(`${dbPath}.key`) }),
      );
      expect(existsSync(`${dbPath}.key`)).toBe(false);
    });

    it('refuses a key file that other users can read', async () => {
      await open().close();
      chmodSync(`${dbPath}.key`, 0o644);
      expect(() => open()).toThrow(
        expect.objectContaining({ code: 'VAULT_KEY_FILE_INSECURE', message: expect.stringContaining('chmod 600') }),
      );
    });

    it('refuses a key file that is a symbolic link, even to a good key, and does not follow a dangling one', async () => {
      await open().close();
      renameSync(`${dbPath}.key`, directory.file('planted.key'));
      symlinkSync(directory.file('planted.key'), `${dbPath}.key`);
      expect(() => open()).toThrow(
        expect.objectContaining({ code: 'VAULT_KEY_FILE_INSECURE', message: expect.stringContaining('symbolic link') }),
      );

      const fresh = directory.file('fresh.db');
      symlinkSync(directory.file('nowhere.key'), `${fresh}.key`);
      expect(() => open({ path: fresh })).toThrow(expect.objectContaining({ code: 'VAULT_KEY_FILE_INSECURE' }));
      expect(existsSync(directory.file('nowhere.key'))).toBe(false);
    });

    (process.getuid?.() === 0 ? it : it.skip)('refuses a key file that belongs to another user (run as root to chown it)', async () => {
      await open().close();
      chownSync(`${dbPath}.key`, 4242, 4242);
      expect(() => open()).toThrow(
        expect.objectContaining({ code: 'VAULT_KEY_FILE_INSECURE', message: expect.stringContaining('another user') }),
      );
    });

    it('creates the database file readable by its owner only, and its WAL too', async () => {
      const store = open();
      await store.vault.putSecret('private-key', privateKeyPem);
      expect(statSync(dbPath).mode & 0o777).toBe(0o600);
      expect(statSync(`${dbPath}-wal`).mode & 0o777).toBe(0o600);
    });

    it('leaves the mode of an existing database file as it is', async () => {
      writeFileSync(dbPath, '');
      chmodSync(dbPath, 0o640);
      await open().close();
      expect(statSync(dbPath).mode & 0o777).toBe(0o640);
    });

    it('refuses to reveal a row that was moved to another reference', async () => {
      const store = open();
      const a = await store.vault.putSecret('oauth-secrets', 'first secret');
      const b = await store.vault.putSecret('oauth-secrets', 'second secret');
      const { connection } = store.database;
      connection
        .prepare(
          'UPDATE vault_entries SET (nonce, ciphertext, auth_tag) = (SELECT nonce, ciphertext, auth_tag FROM vault_entries WHERE ref = ?) WHERE ref = ?',
        )
        .run(a, b);
      expect(await store.vault.reveal(a)).toBe('first secret');
      await expect(store.vault.reveal(b)).rejects.toMatchObject({ code: 'VAULT_ENTRY_CORRUPT' });
    });
  });
});
