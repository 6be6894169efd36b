import { randomBytes } from 'node:crypto';
import { isVaultRef, normalisePersonalData, ValidationError, type Vault, type VaultKind, type VaultRef } from '@depledger/core';
import type { PostgresDatabase } from '../connection/postgres-database';
import { PostgresStoreError, postgresStoreErrorCodes } from '../errors';
import type pg from 'pg';
import {
  deriveVaultKeys,
  keyFingerprint,
  keyIdOf,
  pseudonym,
  seal,
  sealPseudonymKey,
  unseal,
  unsealPseudonymKey,
  type VaultKeys,
} from './vault-crypto';

export type PostgresVaultOptions = Readonly<{
  /** 32 bytes, kept outside the database: see `loadVaultKey`. */
  key: Buffer;
  /** @defaultValue `() => new Date()` */
  now?: () => Date;
}>;

/** The Vault port, plus key rotation (see `rotatePostgresVaultKey` for the key file). */
export type PostgresVault = Vault &
  Readonly<{
    /**
     * Re-encrypts every entry under `newKey` in one transaction, with the key fingerprint and the
     * personal-data pseudonym key (so references stay the same): from its commit on, only `newKey`
     * opens the vault, and nodes still on the old key get VAULT_KEY_ROTATED instead of a value.
     * Nothing changes if it fails. Destroy the old key afterwards.
     */
    rotateKey(newKey: Buffer): Promise<void>;
  }>;

const checkKind = (kind: VaultKind): void => {
  if (typeof kind !== 'string' || !/^[a-z0-9-]+$/.test(kind)) {
    throw new ValidationError('vault kind', [{ path: 'kind', message: 'must be lowercase letters, digits and dashes' }]);
  }
};
const checkValue = (value: string): void => {
  if (typeof value !== 'string') throw new ValidationError('vault value', [{ path: 'value', message: 'must be a string' }]);
};
const checkRef = (ref: VaultRef): void => {
  if (!isVaultRef(ref)) throw new ValidationError('vault reference', [{ path: 'ref', message: 'must look like vault:<kind>:<id>' }]);
};

/** Whether this schema's vault was already used with some key (then a missing key file must not be replaced). */
export const vaultIsInitialised = async (database: PostgresDatabase): Promise<boolean> =>
  (
    await database.query('reading the vault settings', {
      text: `SELECT 1 FROM ${database.quoted}.vault_settings WHERE name = 'key_check'`,
    })
  ).length > 0;

const keyCheckSetting = 'key_check';
const pseudonymKeySetting = 'pseudonym_key';
/** Entries re-encrypted per UPDATE during a rotation. */
const rotationBatch = 500;

const checkKey = (key: unknown): Buffer => {
  if (!Buffer.isBuffer(key) || key.length !== 32) {
    throw new PostgresStoreError(
      postgresStoreErrorCodes.vaultKeyInvalid,
      'The vault key must be 32 bytes: set DEPLEDGER_VAULT_KEY (base64) or give a key file.',
    );
  }
  return key;
};

/**
 * The Vault port on the `vault_entries` table: every value encrypted with AES-256-GCM under a key
 * kept outside the database, so a dump of the database alone reveals no secret and no person.
 * Personal-data references are an HMAC of the normalised value. `forget` replaces the row with a
 * tombstone and vacuums the table, so the old row version does not linger in the table's pages.
 * The key's fingerprint is stored on first use: a node with another key is refused. Each entry
 * names the key it is sealed under (`key_id`), and every write holds a share lock on the
 * fingerprint's row while checking it is still this node's key, so a rotation (which locks that row
 * for update) never leaves an entry under the old key behind it.
 */
export const createPostgresVault = async (database: PostgresDatabase, options: PostgresVaultOptions): Promise<PostgresVault> => {
  const s = database.quoted;
  let keys: VaultKeys = deriveVaultKeys(checkKey(options.key));
  let fingerprint = keyFingerprint(keys);
  const now = options.now ?? (() => new Date());

  const stored = await database.query<[Buffer]>('checking the vault key', {
    text: `WITH added AS (INSERT INTO ${s}.vault_settings (name, value) VALUES ('${keyCheckSetting}', $1) ON CONFLICT (name) DO NOTHING RETURNING value)
           SELECT value FROM added UNION ALL SELECT value FROM ${s}.vault_settings WHERE name = '${keyCheckSetting}'`,
    values: [fingerprint],
  });
  if (!stored.some(([value]) => fingerprint.equals(value))) {
    throw new PostgresStoreError(
      postgresStoreErrorCodes.vaultKeyMismatch,
      `The vault key given for ${database.url.display} (schema ${database.schema}) is not the key its vault was created with. Use the original key (DEPLEDGER_VAULT_KEY or the key file) on every node; nothing was changed.`,
      { url: database.url.display, schema: database.schema },
    );
  }
  // After a rotation the pseudonym key is the first key's, kept sealed under the current one.
  const pseudonymRows = await database.query<[Buffer]>('reading the vault settings', {
    text: `SELECT value FROM ${s}.vault_settings WHERE name = '${pseudonymKeySetting}'`,
  });
  const storedPseudonymKey = pseudonymRows[0]?.[0];
  if (storedPseudonymKey !== undefined) {
    const pseudonymKey = unsealPseudonymKey(keys, storedPseudonymKey);
    if (pseudonymKey === undefined) {
      throw new PostgresStoreError(
        postgresStoreErrorCodes.vaultEntryCorrupt,
        `The vault settings of ${database.url.display} (schema ${database.schema}) do not decrypt: the row was altered. Restore the schema from a backup.`,
        { schema: database.schema },
      );
    }
    keys = { ...keys, pseudonyms: pseudonymKey };
  }

  const rotated = (): PostgresStoreError =>
    new PostgresStoreError(
      postgresStoreErrorCodes.vaultKeyRotated,
      `The vault key of ${database.url.display} (schema ${database.schema}) was rotated by another node: restart this one with the new key (DEPLEDGER_VAULT_KEY or the key file).`,
      { url: database.url.display, schema: database.schema },
    );
  const isStored = async (ref: VaultRef): Promise<boolean> =>
    (await database.query(`looking up ${ref}`, { text: `SELECT 1 FROM ${s}.vault_entries WHERE ref = $1`, values: [ref] })).length > 0;

  /** Writes the entry only while this node's key is the vault's; false when it was not written. */
  const store = async (ref: VaultRef, kind: string, value: string, ifAbsent: boolean): Promise<boolean> => {
    const sealed = seal(keys, ref, value);
    const rows = await database.query(`storing ${ref}`, {
      text: `WITH current_key AS (SELECT 1 FROM ${s}.vault_settings WHERE name = '${keyCheckSetting}' AND value = $7 FOR SHARE)
             INSERT INTO ${s}.vault_entries (ref, kind, nonce, ciphertext, auth_tag, created_at, key_id)
             SELECT $1, $2, $3, $4, $5, $6, $8 FROM current_key${ifAbsent ? ' ON CONFLICT (ref) DO NOTHING' : ''} RETURNING 1`,
      values: [ref, kind, sealed.nonce, sealed.ciphertext, sealed.authTag, now(), fingerprint, keyIdOf(fingerprint)],
    });
    return rows.length > 0;
  };

  const corrupt = (ref: string): PostgresStoreError =>
    new PostgresStoreError(
      postgresStoreErrorCodes.vaultEntryCorrupt,
      `The vault entry ${ref} (schema ${database.schema}) does not decrypt: the row was altered or copied from another vault. Restore it from a backup, or forget it.`,
      { schema: database.schema, ref },
    );

  type LiveRow = Readonly<{ ref: string; nonce: Buffer; ciphertext: Buffer; auth_tag: Buffer }>;

  const rotate = async (client: pg.PoolClient, newKeys: VaultKeys, newFingerprint: Buffer): Promise<void> => {
    // Writers hold a share lock on this row while they insert: from here on none can start under the old key.
    const current = await client.query<{ value: Buffer }>(`SELECT value FROM ${s}.vault_settings WHERE name = $1 FOR UPDATE`, [
      keyCheckSetting,
    ]);
    // A retried transaction whose first COMMIT did go through (the answer was lost) finds it done.
    if (current.rows.some(({ value }) => newFingerprint.equals(value))) return;
    if (!current.rows.some(({ value }) => fingerprint.equals(value))) throw rotated();
    // Locked too, so a `forget` waits for the rotation instead of being overwritten by it.
    const live = await client.query<LiveRow>(
      `SELECT ref, nonce, ciphertext, auth_tag FROM ${s}.vault_entries WHERE ciphertext IS NOT NULL ORDER BY ref FOR UPDATE`,
    );
    for (let start = 0; start < live.rows.length; start += rotationBatch) {
      const batch = live.rows.slice(start, start + rotationBatch).map((row) => {
        const value = unseal(keys, row.ref, { nonce: row.nonce, ciphertext: row.ciphertext, authTag: row.auth_tag });
        if (value === undefined) throw corrupt(row.ref);
        return { ref: row.ref, ...seal(newKeys, row.ref, value) };
      });
      await client.query(
        `UPDATE ${s}.vault_entries AS e SET nonce = n.nonce, ciphertext = n.ciphertext, auth_tag = n.auth_tag, key_id = $5
         FROM unnest($1::text[], $2::bytea[], $3::bytea[], $4::bytea[]) AS n(ref, nonce, ciphertext, auth_tag)
         WHERE e.ref = n.ref`,
        [
          batch.map((b) => b.ref),
          batch.map((b) => b.nonce),
          batch.map((b) => b.ciphertext),
          batch.map((b) => b.authTag),
          keyIdOf(newFingerprint),
        ],
      );
    }
    await client.query(
      `INSERT INTO ${s}.vault_settings (name, value) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET value = excluded.value`,
      [pseudonymKeySetting, sealPseudonymKey(newKeys, keys.pseudonyms)],
    );
    await client.query(`UPDATE ${s}.vault_settings SET value = $2 WHERE name = $1`, [keyCheckSetting, newFingerprint]);
  };

  return {
    async putSecret(kind, value) {
      checkKind(kind);
      checkValue(value);
      const ref = `vault:${kind}:${randomBytes(18).toString('base64url')}`;
      if (!(await store(ref, kind, value, false))) throw rotated();
      return ref;
    },

    async refForPersonalData(kind, value) {
      checkKind(kind);
      checkValue(value);
      const ref = `vault:${kind}:${pseudonym(keys, kind, normalisePersonalData(value))}`;
      // A forgotten person's tombstone stays: they are not stored again.
      // Not written: the person is known already (their reference is all a node needs), or the key was rotated.
      if (!(await store(ref, kind, value.trim(), true)) && !(await isStored(ref))) throw rotated();
      return ref;
    },

    async reveal(ref) {
      checkRef(ref);
      const rows = await database.query<[Buffer | null, Buffer | null, Buffer | null, Buffer | null]>(`revealing ${ref}`, {
        text: `SELECT nonce, ciphertext, auth_tag, key_id FROM ${s}.vault_entries WHERE ref = $1`,
        values: [ref],
      });
      const row = rows[0];
      if (row === undefined || row[0] === null || row[1] === null || row[2] === null) return null;
      if (row[3] !== null && !keyIdOf(fingerprint).equals(row[3])) throw rotated();
      const value = unseal(keys, ref, { nonce: row[0], ciphertext: row[1], authTag: row[2] });
      if (value === undefined) throw corrupt(ref);
      return value;
    },

    async forget(ref) {
      checkRef(ref);
      await database.query(`forgetting ${ref}`, {
        text: `INSERT INTO ${s}.vault_entries (ref, kind, created_at, forgotten_at) VALUES ($1, $2, $3, $3)
               ON CONFLICT (ref) DO UPDATE SET nonce = NULL, ciphertext = NULL, auth_tag = NULL, key_id = NULL, forgotten_at = excluded.forgotten_at`,
        values: [ref, ref.split(':')[1], now()],
      });
      // The old row version (still encrypted) would stay in the table's pages until autovacuum: remove it now.
      await database.query('vacuuming the vault', { text: `VACUUM ${s}.vault_entries` });
    },

    async rotateKey(newKey) {
      const newKeys = deriveVaultKeys(checkKey(newKey));
      const newFingerprint = keyFingerprint(newKeys);
      if (newFingerprint.equals(fingerprint)) return;
      await database.transaction('rotating the vault key', (client) => rotate(client, newKeys, newFingerprint));
      keys = { ...newKeys, pseudonyms: keys.pseudonyms };
      fingerprint = newFingerprint;
      // The rows sealed under the old key would stay in the table's pages until autovacuum.
      await database.query('vacuuming the vault', { text: `VACUUM ${s}.vault_entries` }).catch(() => undefined);
    },
  };
};
