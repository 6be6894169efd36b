import { randomBytes } from 'node:crypto';
import { isVaultRef, normalisePersonalData, ValidationError, type Vault, type VaultKind, type VaultRef } from '@depledger/core';
import type { SqliteDatabase } from '../database/open-database';
import { SqliteStoreError, sqliteStoreErrorCodes } from '../errors';
import { deriveVaultKeys, keyCheck, open, pseudonym, seal } from './vault-crypto';
import { prepareVaultStatements } from './vault-statements';

export type SqliteVaultOptions = Readonly<{
  /** 32 bytes, kept outside the database: see `loadVaultKey`. */
  key: Buffer;
  /** @defaultValue `() => new Date()` */
  now?: () => Date;
}>;

const keyCheckSetting = 'key_check';

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

const kindOf = (ref: VaultRef): string => ref.split(':')[1] as string;

/** True when this database's vault already holds a key fingerprint (so it was used with some key). */
export const vaultIsInitialised = (database: SqliteDatabase): boolean =>
  database.connection.prepare("SELECT 1 FROM vault_settings WHERE name = 'key_check'").get() !== undefined;

/**
 * The Vault port on the `vault_entries` table of a depledger database: every value encrypted with
 * AES-256-GCM under a key kept outside the file. Personal-data references are an HMAC of the
 * normalised value, so they are stable for as long as the key is. `forget` erases a value for good:
 * the row keeps a tombstone, SQLite overwrites the freed bytes, and the WAL is checkpointed.
 */
export const createSqliteVault = (database: SqliteDatabase, options: SqliteVaultOptions): Vault => {
  if (!Buffer.isBuffer(options.key) || options.key.length !== 32) {
    throw new SqliteStoreError(
      sqliteStoreErrorCodes.vaultKeyInvalid,
      'The vault key must be 32 bytes: load it with loadVaultKey (DEPLEDGER_VAULT_KEY or a key file).',
    );
  }
  const { connection } = database;
  const keys = deriveVaultKeys(options.key);
  const now = options.now ?? (() => new Date());
  connection.pragma('secure_delete = ON');
  const statements = prepareVaultStatements(connection);

  const fingerprint = keyCheck(keys);
  statements.writeSettingIfAbsent.run(keyCheckSetting, fingerprint);
  if (!fingerprint.equals(statements.readSetting.get(keyCheckSetting) ?? Buffer.alloc(0))) {
    throw new SqliteStoreError(
      sqliteStoreErrorCodes.vaultKeyMismatch,
      `The vault key given for ${database.path} is not the key its vault was created with. Use the original key (DEPLEDGER_VAULT_KEY or the key file next to the database); nothing was changed.`,
      { path: database.path },
    );
  }

  const store = (ref: VaultRef, kind: string, value: string, ifAbsent: boolean): void => {
    const sealed = seal(keys, ref, value);
    const statement = ifAbsent ? statements.insertIfAbsent : statements.insert;
    statement.run(ref, kind, sealed.nonce, sealed.ciphertext, sealed.authTag, now().toISOString());
  };

  return {
    async putSecret(kind, value) {
      checkKind(kind);
      checkValue(value);
      const ref = `vault:${kind}:${randomBytes(18).toString('base64url')}`;
      store(ref, kind, value, false);
      return ref;
    },

    async refForPersonalData(kind, value) {
      checkKind(kind);
      checkValue(value);
      const ref = `vault:${kind}:${pseudonym(keys, kind, normalisePersonalData(value))}`;
      if (statements.exists.get(ref) === undefined) store(ref, kind, value.trim(), true);
      return ref;
    },

    async reveal(ref) {
      checkRef(ref);
      const row = statements.find.get(ref);
      if (row === undefined || row.nonce === null || row.ciphertext === null || row.auth_tag === null) return null;
      const value = open(keys, ref, { nonce: row.nonce, ciphertext: row.ciphertext, authTag: row.auth_tag });
      if (value === undefined) {
        throw new SqliteStoreError(
          sqliteStoreErrorCodes.vaultEntryCorrupt,
          `The vault entry ${ref} in ${database.path} does not decrypt: the row was altered or copied from another vault. Restore it from a backup, or forget it.`,
          { path: database.path, ref },
        );
      }
      return value;
    },

    async forget(ref) {
      checkRef(ref);
      statements.forget.run({ ref, kind: kindOf(ref), at: now().toISOString() });
      // Move the overwritten pages out of the WAL into the file, where secure_delete zeroed the old bytes.
      if (database.path !== ':memory:') connection.pragma('wal_checkpoint(TRUNCATE)');
    },
  };
};
