import { randomBytes } from 'node:crypto';
import { isVaultRef, normalisePersonalData, ValidationError, type Vault, type VaultKind, type VaultRef } from '@depledger/core';
import type { PostgresDatabase } from '../connection/postgres-database';
import { PostgresStoreError, postgresStoreErrorCodes } from '../errors';
import { deriveVaultKeys, keyFingerprint, pseudonym, seal, unseal, type VaultKeys } from './vault-crypto';

export type PostgresVaultOptions = Readonly<{
  /** 32 bytes, kept outside the database: see `loadVaultKey`. */
  key: Buffer;
  /** @defaultValue `() => new Date()` */
  now?: () => Date;
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

/**
 * The Vault port on the `vault_entries` table: every value encrypted with AES-256-GCM under a key
 * kept outside the database, so a dump of the database alone reveals no secret and no person.
 * Personal-data references are an HMAC of the normalised value. `forget` replaces the row with a
 * tombstone and vacuums the table, so the old row version does not linger in the table's pages.
 * The key's fingerprint is stored on first use: a node with another key is refused.
 */
export const createPostgresVault = async (database: PostgresDatabase, options: PostgresVaultOptions): Promise<Vault> => {
  if (!Buffer.isBuffer(options.key) || options.key.length !== 32) {
    throw new PostgresStoreError(
      postgresStoreErrorCodes.vaultKeyInvalid,
      'The vault key must be 32 bytes: set DEPLEDGER_VAULT_KEY (base64) or give a key file.',
    );
  }
  const s = database.quoted;
  const keys: VaultKeys = deriveVaultKeys(options.key);
  const now = options.now ?? (() => new Date());

  const fingerprint = keyFingerprint(keys);
  const stored = await database.query<[Buffer]>('checking the vault key', {
    text: `WITH added AS (INSERT INTO ${s}.vault_settings (name, value) VALUES ('key_check', $1) ON CONFLICT (name) DO NOTHING RETURNING value)
           SELECT value FROM added UNION ALL SELECT value FROM ${s}.vault_settings WHERE name = 'key_check'`,
    values: [fingerprint],
  });
  if (!stored.some(([value]) => fingerprint.equals(value))) {
    throw new PostgresStoreError(
      postgresStoreErrorCodes.vaultKeyMismatch,
      `The vault key given for ${database.url.display} (schema ${database.schema}) is not the key its vault was created with. Use the original key (DEPLEDGER_VAULT_KEY or the key file) on every node; nothing was changed.`,
      { url: database.url.display, schema: database.schema },
    );
  }

  const store = async (ref: VaultRef, kind: string, value: string, ifAbsent: boolean): Promise<void> => {
    const sealed = seal(keys, ref, value);
    await database.query(`storing ${ref}`, {
      text: `INSERT INTO ${s}.vault_entries (ref, kind, nonce, ciphertext, auth_tag, created_at) VALUES ($1, $2, $3, $4, $5, $6)${
        ifAbsent ? ' ON CONFLICT (ref) DO NOTHING' : ''
      }`,
      values: [ref, kind, sealed.nonce, sealed.ciphertext, sealed.authTag, now()],
    });
  };

  return {
    async putSecret(kind, value) {
      checkKind(kind);
      checkValue(value);
      const ref = `vault:${kind}:${randomBytes(18).toString('base64url')}`;
      await store(ref, kind, value, false);
      return ref;
    },

    async refForPersonalData(kind, value) {
      checkKind(kind);
      checkValue(value);
      const ref = `vault:${kind}:${pseudonym(keys, kind, normalisePersonalData(value))}`;
      // A forgotten person's tombstone stays: they are not stored again.
      await store(ref, kind, value.trim(), true);
      return ref;
    },

    async reveal(ref) {
      checkRef(ref);
      const rows = await database.query<[Buffer | null, Buffer | null, Buffer | null]>(`revealing ${ref}`, {
        text: `SELECT nonce, ciphertext, auth_tag FROM ${s}.vault_entries WHERE ref = $1`,
        values: [ref],
      });
      const row = rows[0];
      if (row === undefined || row[0] === null || row[1] === null || row[2] === null) return null;
      const value = unseal(keys, ref, { nonce: row[0], ciphertext: row[1], authTag: row[2] });
      if (value === undefined) {
        throw new PostgresStoreError(
          postgresStoreErrorCodes.vaultEntryCorrupt,
          `The vault entry ${ref} (schema ${database.schema}) does not decrypt: the row was altered or copied from another vault. Restore it from a backup, or forget it.`,
          { schema: database.schema, ref },
        );
      }
      return value;
    },

    async forget(ref) {
      checkRef(ref);
      await database.query(`forgetting ${ref}`, {
        text: `INSERT INTO ${s}.vault_entries (ref, kind, created_at, forgotten_at) VALUES ($1, $2, $3, $3)
               ON CONFLICT (ref) DO UPDATE SET nonce = NULL, ciphertext = NULL, auth_tag = NULL, forgotten_at = excluded.forgotten_at`,
        values: [ref, ref.split(':')[1], now()],
      });
      // The old row version (still encrypted) would stay in the table's pages until autovacuum: remove it now.
      await database.query('vacuuming the vault', { text: `VACUUM ${s}.vault_entries` });
    },
  };
};
