import { randomBytes } from 'node:crypto';
import {
  defaultTenant,
  forgettableTenant,
  isVaultRef,
  normalisePersonalData,
  tenantForgottenError,
  tenantOfVaultKind,
  tenantVaultKindPrefix,
  ValidationError,
  type TenantKeyedVault,
  type VaultKind,
  type VaultRef,
} from '@depledger/core';
import type { SqliteDatabase } from '../database/open-database';
import { SqliteStoreError, sqliteStoreErrorCodes } from '../errors';
import {
  deriveVaultKeys,
  keyCheck,
  lookupOf,
  open,
  seal,
  unwrapEntryKey,
  unwrapTenantKey,
  wrapEntryKey,
  wrapTenantKey,
  type VaultKeys,
} from './vault-crypto';
import { createVaultErasure, type VaultErasureEvent, type VaultErasureStatus } from './vault-erasure';
import { prepareVaultStatements, type VaultRow } from './vault-statements';

export type SqliteVaultOptions = Readonly<{
  /** 32 bytes, kept outside the database: see `loadVaultKey`. */
  key: Buffer;
  /** @defaultValue `() => new Date()` */
  now?: () => Date;
  /**
   * How long forgotten values blocked in the WAL by a reader are retried in the background before
   * `erasure-incomplete` is reported. @defaultValue 60000
   */
  erasureRetryForMs?: number;
  /** Told when forgotten values are out of the file's WAL, or when a reader kept them there too long. */
  onErasure?: (event: VaultErasureEvent) => void;
}>;

/**
 * The Vault port with a key per tenant (forget a tenant, list tenants), plus what only this store can
 * do: erasure status and key rotation.
 */
export type SqliteVault = TenantKeyedVault &
  Readonly<{
    /** Whether values forgotten are still in the WAL file (another connection was reading). */
    erasureStatus(): VaultErasureStatus;
    /**
     * Retries, without blocking the event loop, until forgotten values are out of the WAL or
     * `timeoutMs` passed. True when nothing is pending.
     * @defaultValue timeoutMs 10000
     */
    completeErasure(options?: { timeoutMs?: number }): Promise<boolean>;
    /**
     * Seals every default-tenant entry's own key and every tenant's key under `newKey` in one
     * transaction, with the lookups and the key fingerprint; from then on only `newKey` opens the
     * vault. Destroy the old key afterwards: a backup from before cannot be read without it (see
     * `rotateVaultKey` for the key file).
     */
    rotateKey(newKey: Buffer): Promise<void>;
    /** Stops the background erasure retries (called by the store's `close`). */
    close(): void;
  }>;

const keyCheckSetting = 'key_check';
/** Set once the entries of named tenants written before tenant keys were moved under their tenant's key. */
const tenantEntriesMovedSetting = 'tenant_entries_moved';

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

const checkKey = (key: unknown): Buffer => {
  if (!Buffer.isBuffer(key) || key.length !== 32) {
    throw new SqliteStoreError(
      sqliteStoreErrorCodes.vaultKeyInvalid,
      'The vault key must be 32 bytes: load it with loadVaultKey (DEPLEDGER_VAULT_KEY or a key file).',
    );
  }
  return key;
};

const kindOf = (ref: VaultRef): string => ref.split(':')[1] as string;
const idOf = (ref: VaultRef): string => ref.split(':')[2] as string;
const newId = (): string => randomBytes(24).toString('base64url');

/** True when this database's vault already holds a key fingerprint (so it was used with some key). */
export const vaultIsInitialised = (database: SqliteDatabase): boolean =>
  database.connection.prepare("SELECT 1 FROM vault_settings WHERE name = 'key_check'").get() !== undefined;

/**
 * The Vault port on the `vault_entries` table of a depledger database. Each value is encrypted
 * (AES-256-GCM) under a key of its own, and that key under the vault key kept outside the file.
 * A person's reference is random; the way back from their data to it (an HMAC under the vault key)
 * is kept apart and only while they are remembered. `forget` erases the value, its key and that
 * way back; SQLite overwrites the freed bytes, and the WAL is checkpointed as soon as no reader is
 * in the way. Entries of files from before (one key for all) are re-sealed on open.
 */
export const createSqliteVault = (database: SqliteDatabase, options: SqliteVaultOptions): SqliteVault => {
  const { connection } = database;
  let keys = deriveVaultKeys(checkKey(options.key));
  const now = options.now ?? (() => new Date());
  connection.pragma('secure_delete = ON');
  const statements = prepareVaultStatements(connection);
  const erasure = createVaultErasure(database, { now, retryForMs: options.erasureRetryForMs, observe: options.onErasure });

  statements.writeSettingIfAbsent.run(keyCheckSetting, keyCheck(keys));
  const keyIsCurrent = (): boolean => keyCheck(keys).equals(statements.readSetting.get(keyCheckSetting) ?? Buffer.alloc(0));
  if (!keyIsCurrent()) {
    throw new SqliteStoreError(
      sqliteStoreErrorCodes.vaultKeyMismatch,
      `The vault key given for ${database.path} is not the key its vault was created with. Use the original key (DEPLEDGER_VAULT_KEY or the key file next to the database); nothing was changed.`,
      { path: database.path },
    );
  }
  const rotatedElsewhere = (): SqliteStoreError =>
    new SqliteStoreError(
      sqliteStoreErrorCodes.vaultKeyRotated,
      `The vault key of ${database.path} was rotated by another process: open the store again, with the new key.`,
      { path: database.path },
    );
  const assertKeyCurrent = (): void => {
    if (!keyIsCurrent()) throw rotatedElsewhere();
  };

  const sealEntry = (using: VaultKeys, ref: string, value: string | Buffer, tenantKey?: Buffer) => {
    const entryKey = randomBytes(32);
    const sealed = seal(entryKey, ref, value);
    return { ...sealed, wrappedKey: wrapEntryKey(using, ref, entryKey, tenantKey) };
  };

  /** A named tenant's key, opened under `using`; undefined when it has none (never made, or forgotten) or it does not open. */
  const openTenantKey = (using: VaultKeys, tenant: string): Buffer | undefined => {
    const row = statements.tenantKey.get(tenant);
    if (row === undefined || row.wrapped_key === null) return undefined;
    return unwrapTenantKey(using, tenant, row.wrapped_key);
  };

  /** The key an entry's key is sealed under: the tenant's for a tenant-keyed entry, else the vault's (undefined). */
  const entryKeyOf = (using: VaultKeys, row: VaultRow): Buffer | undefined => {
    if (row.wrapped_key === null) return undefined;
    if (row.tenant === null) return unwrapEntryKey(using, row.ref, row.wrapped_key);
    const tenantKey = openTenantKey(using, row.tenant);
    return tenantKey === undefined ? undefined : unwrapEntryKey(using, row.ref, row.wrapped_key, tenantKey);
  };

  /** The value's bytes, or undefined when the row does not decrypt under `using`. */
  const openEntry = (using: VaultKeys, row: VaultRow): Buffer | undefined => {
    if (row.nonce === null || row.ciphertext === null || row.auth_tag === null) return undefined;
    const sealed = { nonce: row.nonce, ciphertext: row.ciphertext, authTag: row.auth_tag };
    if (row.wrapped_key === null) return open(using.legacyEntries, row.ref, sealed);
    const entryKey = entryKeyOf(using, row);
    return entryKey === undefined ? undefined : open(entryKey, row.ref, sealed);
  };

  /**
   * The key of the tenant whose kind this is, made on its first entry (inside the writing transaction);
   * undefined for the default tenant. A forgotten tenant is refused.
   */
  const tenantKeyForWriting = (kind: string): { tenant: string; key: Buffer } | undefined => {
    const tenant = tenantOfVaultKind(kind);
    if (tenant === defaultTenant) return undefined;
    const row = statements.tenantKey.get(tenant);
    if (row?.forgotten_at !== null && row?.forgotten_at !== undefined) throw tenantForgottenError(tenant);
    if (row?.wrapped_key !== null && row?.wrapped_key !== undefined) {
      const key = unwrapTenantKey(keys, tenant, row.wrapped_key);
      if (key === undefined) throw keyIsCurrent() ? corruptTenantKey(tenant) : rotatedElsewhere();
      return { tenant, key };
    }
    const key = randomBytes(32);
    statements.insertTenantKey.run(tenant, wrapTenantKey(keys, tenant, key), now().toISOString());
    return { tenant, key };
  };

  const corrupt = (ref: string): SqliteStoreError =>
    new SqliteStoreError(
      sqliteStoreErrorCodes.vaultEntryCorrupt,
      `The vault entry ${ref} in ${database.path} does not decrypt: the row was altered or copied from another vault. Restore it from a backup, or forget it.`,
      { path: database.path, ref },
    );

  const corruptTenantKey = (tenant: string): SqliteStoreError =>
    new SqliteStoreError(
      sqliteStoreErrorCodes.vaultEntryCorrupt,
      `The vault key of tenant ${tenant} in ${database.path} does not decrypt: the row was altered or copied from another vault. Restore it from a backup.`,
      { path: database.path, tenant },
    );

  const store = (ref: VaultRef, kind: string, value: string): void => {
    const tenantKey = tenantKeyForWriting(kind);
    const sealed = sealEntry(keys, ref, value, tenantKey?.key);
    statements.insert.run(
      ref,
      kind,
      sealed.nonce,
      sealed.ciphertext,
      sealed.authTag,
      sealed.wrappedKey,
      now().toISOString(),
      tenantKey?.tenant ?? null,
    );
  };

  // Entries of a file from before each had a key: re-sealed once, and their lookups kept.
  const migrateLegacyEntries = connection.transaction(() => {
    for (const row of statements.live.all()) {
      if (row.wrapped_key !== null) continue;
      const value = openEntry(keys, row);
      if (value === undefined) continue; // reveal reports it as corrupt
      const sealed = sealEntry(keys, row.ref, value);
      statements.reseal.run(sealed.nonce, sealed.ciphertext, sealed.authTag, sealed.wrappedKey, row.ref);
      if (lookupOf(keys, row.kind, normalisePersonalData(value.toString('utf8'))) === idOf(row.ref)) {
        if (statements.findLookup.get(idOf(row.ref)) === undefined) statements.insertLookup.run(idOf(row.ref), row.ref);
      }
    }
  });
  if (statements.hasLegacy.get() !== undefined) migrateLegacyEntries.immediate();

  // Named tenants' entries of a file from before tenant keys: their keys sealed under their tenant's,
  // once (a file of schema 4 is never written by a version without tenant keys).
  const moveUnderTenantKeys = connection.transaction(() => {
    for (const row of statements.tenantEntriesUnderVaultKey.all()) {
      const entryKey = unwrapEntryKey(keys, row.ref, row.wrapped_key as Buffer);
      if (entryKey === undefined) continue; // reveal reports it as corrupt
      const tenantKey = tenantKeyForWriting(row.kind) as { tenant: string; key: Buffer };
      statements.moveUnderTenantKey.run(wrapEntryKey(keys, row.ref, entryKey, tenantKey.key), tenantKey.tenant, row.ref);
    }
    statements.writeSetting.run(tenantEntriesMovedSetting, Buffer.from([1]));
  });
  if (statements.readSetting.get(tenantEntriesMovedSetting) === undefined) moveUnderTenantKeys.immediate();

  const rotate = connection.transaction((newKeys: VaultKeys) => {
    assertKeyCurrent();
    for (const row of statements.live.all()) {
      const value = openEntry(keys, row);
      if (value === undefined) throw corrupt(row.ref);
      if (row.tenant !== null) continue; // sealed under its tenant's key, rewrapped below
      if (row.wrapped_key === null) {
        const sealed = sealEntry(newKeys, row.ref, value);
        statements.reseal.run(sealed.nonce, sealed.ciphertext, sealed.authTag, sealed.wrappedKey, row.ref);
      } else {
        const entryKey = unwrapEntryKey(keys, row.ref, row.wrapped_key) as Buffer;
        statements.rewrap.run(wrapEntryKey(newKeys, row.ref, entryKey), row.ref);
      }
    }
    for (const { tenant, wrapped_key: wrapped } of statements.allTenantKeys.all()) {
      if (wrapped === null) continue; // forgotten
      const tenantKey = unwrapTenantKey(keys, tenant, wrapped);
      if (tenantKey === undefined) throw corruptTenantKey(tenant);
      statements.rewrapTenantKey.run(wrapTenantKey(newKeys, tenant, tenantKey), tenant);
    }
    for (const { ref } of statements.allLookups.all()) {
      const row = statements.find.get(ref);
      const value = row === undefined ? undefined : openEntry(newKeys, row);
      if (row === undefined || value === undefined) {
        statements.forgetLookup.run(ref);
        continue;
      }
      statements.updateLookup.run(lookupOf(newKeys, row.kind, normalisePersonalData(value.toString('utf8'))), ref);
    }
    statements.writeSetting.run(keyCheckSetting, keyCheck(newKeys));
  });

  return {
    async putSecret(kind, value) {
      checkKind(kind);
      checkValue(value);
      const ref = `vault:${kind}:${randomBytes(18).toString('base64url')}`;
      connection
        .transaction(() => {
          assertKeyCurrent();
          store(ref, kind, value);
        })
        .immediate();
      return ref;
    },

    async refForPersonalData(kind, value) {
      checkKind(kind);
      checkValue(value);
      const lookup = lookupOf(keys, kind, normalisePersonalData(value));
      const known = statements.findLookup.get(lookup);
      if (known !== undefined) return known;
      return connection
        .transaction(() => {
          assertKeyCurrent();
          const meanwhile = statements.findLookup.get(lookup);
          if (meanwhile !== undefined) return meanwhile;
          const ref = `vault:${kind}:${newId()}`;
          store(ref, kind, value.trim());
          statements.insertLookup.run(lookup, ref);
          return ref;
        })
        .immediate();
    },

    async reveal(ref) {
      checkRef(ref);
      const row = statements.find.get(ref);
      if (row === undefined || row.ciphertext === null) return null;
      const value = openEntry(keys, row);
      if (value === undefined) throw keyIsCurrent() ? corrupt(ref) : rotatedElsewhere();
      return value.toString('utf8');
    },

    async forget(ref) {
      checkRef(ref);
      connection
        .transaction(() => {
          statements.forget.run({ ref, kind: kindOf(ref), at: now().toISOString() });
          statements.forgetLookup.run(ref);
        })
        .immediate();
      erasure.afterErase();
    },

    async forgetTenant(id) {
      const tenant = forgettableTenant(id);
      const at = now().toISOString();
      const outcome = connection
        .transaction(() => {
          const known = statements.tenantKey.get(tenant);
          if (known?.forgotten_at !== null && known?.forgotten_at !== undefined) {
            return { tenant, entriesErased: known.entries_erased ?? 0, forgottenAt: known.forgotten_at, alreadyForgotten: true };
          }
          const prefix = tenantVaultKindPrefix(tenant);
          const erased = statements.forgetTenantEntries.run({ tenant, prefix, at }).changes;
          statements.forgetTenantLookups.run({ refPrefix: `vault:${prefix}` });
          statements.forgetTenantKey.run({ tenant, at, erased });
          return { tenant, entriesErased: erased, forgottenAt: at, alreadyForgotten: false };
        })
        .immediate();
      if (!outcome.alreadyForgotten) erasure.afterErase();
      return outcome;
    },

    async listTenants() {
      const counts = new Map(statements.liveEntriesByTenant.all().map(({ tenant, entries }) => [tenant, entries]));
      return statements.allTenantKeys.all().map((row) => ({
        tenant: row.tenant,
        entries: counts.get(row.tenant) ?? 0,
        keyCreatedAt: row.created_at,
        forgottenAt: row.forgotten_at,
      }));
    },

    erasureStatus: () => erasure.status(),
    completeErasure: (opts) => erasure.complete(opts?.timeoutMs ?? 10_000),

    async rotateKey(newKey) {
      const newKeys = deriveVaultKeys(checkKey(newKey));
      rotate.immediate(newKeys);
      keys = newKeys;
      erasure.afterErase(); // the entry keys sealed under the old key leave the WAL too
    },

    close: () => erasure.stop(),
  };
};
