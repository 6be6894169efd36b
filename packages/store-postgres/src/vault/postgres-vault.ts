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
  tenantPseudonymKey,
  unseal,
  unsealPseudonymKey,
  unwrapTenantKey,
  wrapTenantKey,
  type VaultKeys,
} from './vault-crypto';

export type PostgresVaultOptions = Readonly<{
  /** 32 bytes, kept outside the database: see `loadVaultKey`. */
  key: Buffer;
  /** @defaultValue `() => new Date()` */
  now?: () => Date;
}>;

/** The Vault port with a key per tenant (forget a tenant, list tenants), plus key rotation (see `rotatePostgresVaultKey` for the key file). */
export type PostgresVault = TenantKeyedVault &
  Readonly<{
    /**
     * Re-encrypts every default-tenant entry and every tenant's key under `newKey` in one transaction, with the key fingerprint and the
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

  type TenantKey = Readonly<{ tenant: string; key: Buffer; wrapped: Buffer; pseudonyms: Buffer | undefined }>;
  type TenantKeyRow = [wrapped: Buffer | null, keyId: Buffer | null, ownPseudonyms: boolean, forgottenAt: Date | null];

  const corruptTenantKey = (tenant: string): PostgresStoreError =>
    new PostgresStoreError(
      postgresStoreErrorCodes.vaultEntryCorrupt,
      `The vault key of tenant ${tenant} (schema ${database.schema}) does not decrypt: the row was altered or copied from another vault. Restore it from a backup.`,
      { schema: database.schema, tenant },
    );

  const readTenantKey = async (tenant: string): Promise<TenantKeyRow | undefined> =>
    (
      await database.query<TenantKeyRow>(`reading the key of tenant ${tenant}`, {
        text: `SELECT wrapped_key, key_id, own_pseudonyms, forgotten_at FROM ${s}.vault_tenant_keys WHERE tenant = $1`,
        values: [tenant],
      })
    )[0];

  const openTenantKey = (tenant: string, row: TenantKeyRow): TenantKey => {
    const [wrapped, keyId, ownPseudonyms] = row;
    if (wrapped === null) throw tenantForgottenError(tenant);
    if (keyId !== null && !keyIdOf(fingerprint).equals(keyId)) throw rotated();
    const key = unwrapTenantKey(keys, tenant, wrapped);
    if (key === undefined) throw corruptTenantKey(tenant);
    return { tenant, key, wrapped, pseudonyms: ownPseudonyms ? tenantPseudonymKey(key) : undefined };
  };

  /**
   * The key of the tenant whose kind this is, made on its first entry (while this node's vault key is
   * the vault's); undefined for the default tenant. A forgotten tenant is refused.
   */
  const tenantKeyForWriting = async (kind: string): Promise<TenantKey | undefined> => {
    const tenant = tenantOfVaultKind(kind);
    if (tenant === defaultTenant) return undefined;
    const known = await readTenantKey(tenant);
    if (known !== undefined) return openTenantKey(tenant, known);
    const key = randomBytes(32);
    await database.query(`making the key of tenant ${tenant}`, {
      text: `WITH current_key AS (SELECT 1 FROM ${s}.vault_settings WHERE name = '${keyCheckSetting}' AND value = $3 FOR SHARE)
             INSERT INTO ${s}.vault_tenant_keys (tenant, wrapped_key, key_id, own_pseudonyms, created_at)
             SELECT $1, $2, $4, NOT EXISTS (SELECT 1 FROM ${s}.vault_entries WHERE left(kind, length($5)) = $5 AND tenant IS NULL), $6
             FROM current_key ON CONFLICT (tenant) DO NOTHING`,
      values: [tenant, wrapTenantKey(keys, tenant, key), fingerprint, keyIdOf(fingerprint), tenantVaultKindPrefix(tenant), now()],
    });
    const made = await readTenantKey(tenant);
    if (made === undefined) throw rotated();
    return openTenantKey(tenant, made);
  };

  /** Writes a named tenant's entry while its key is still the one used (not forgotten, not rotated meanwhile). */
  const storeForTenant = async (tenantKey: TenantKey, ref: VaultRef, kind: string, value: string, ifAbsent: boolean): Promise<boolean> => {
    const sealed = seal(keys, ref, value, tenantKey.key);
    const rows = await database.query(`storing ${ref}`, {
      text: `WITH current_key AS (SELECT 1 FROM ${s}.vault_settings WHERE name = '${keyCheckSetting}' AND value = $7 FOR SHARE),
                  tenant_key AS (SELECT 1 FROM ${s}.vault_tenant_keys WHERE tenant = $8 AND wrapped_key = $9 FOR SHARE)
             INSERT INTO ${s}.vault_entries (ref, kind, nonce, ciphertext, auth_tag, created_at, tenant)
             SELECT $1, $2, $3, $4, $5, $6, $8 FROM current_key, tenant_key${ifAbsent ? ' ON CONFLICT (ref) DO NOTHING' : ''} RETURNING 1`,
      values: [ref, kind, sealed.nonce, sealed.ciphertext, sealed.authTag, now(), fingerprint, tenantKey.tenant, tenantKey.wrapped],
    });
    if (rows.length > 0) return true;
    const meanwhile = await readTenantKey(tenantKey.tenant);
    if (meanwhile !== undefined && meanwhile[0] === null) throw tenantForgottenError(tenantKey.tenant);
    return false;
  };

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
      `SELECT ref, nonce, ciphertext, auth_tag FROM ${s}.vault_entries WHERE ciphertext IS NOT NULL AND tenant IS NULL ORDER BY ref FOR UPDATE`,
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
    // Each tenant's key under the new vault key; its entries stay as they are, sealed under it.
    const tenantKeys = await client.query<{ tenant: string; wrapped_key: Buffer }>(
      `SELECT tenant, wrapped_key FROM ${s}.vault_tenant_keys WHERE wrapped_key IS NOT NULL ORDER BY tenant FOR UPDATE`,
    );
    for (const { tenant, wrapped_key: wrapped } of tenantKeys.rows) {
      const tenantKey = unwrapTenantKey(keys, tenant, wrapped);
      if (tenantKey === undefined) throw corruptTenantKey(tenant);
      await client.query(`UPDATE ${s}.vault_tenant_keys SET wrapped_key = $2, key_id = $3 WHERE tenant = $1`, [
        tenant,
        wrapTenantKey(newKeys, tenant, tenantKey),
        keyIdOf(newFingerprint),
      ]);
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
      const tenantKey = await tenantKeyForWriting(kind);
      const written =
        tenantKey === undefined ? await store(ref, kind, value, false) : await storeForTenant(tenantKey, ref, kind, value, false);
      if (!written) throw rotated();
      return ref;
    },

    async refForPersonalData(kind, value) {
      checkKind(kind);
      checkValue(value);
      const tenantKey = await tenantKeyForWriting(kind);
      const ref = `vault:${kind}:${pseudonym(keys, kind, normalisePersonalData(value), tenantKey?.pseudonyms)}`;
      // A forgotten person's tombstone stays: they are not stored again.
      // Not written: the person is known already (their reference is all a node needs), or the key was rotated.
      const written =
        tenantKey === undefined
          ? await store(ref, kind, value.trim(), true)
          : await storeForTenant(tenantKey, ref, kind, value.trim(), true);
      if (!written && !(await isStored(ref))) throw rotated();
      return ref;
    },

    async reveal(ref) {
      checkRef(ref);
      type Row = [Buffer | null, Buffer | null, Buffer | null, Buffer | null, string | null, Buffer | null, Buffer | null];
      const rows = await database.query<Row>(`revealing ${ref}`, {
        text: `SELECT e.nonce, e.ciphertext, e.auth_tag, e.key_id, e.tenant, k.wrapped_key, k.key_id
               FROM ${s}.vault_entries e LEFT JOIN ${s}.vault_tenant_keys k ON k.tenant = e.tenant WHERE e.ref = $1`,
        values: [ref],
      });
      const row = rows[0];
      if (row === undefined || row[0] === null || row[1] === null || row[2] === null) return null;
      let tenantKey: Buffer | undefined;
      if (row[4] !== null) {
        if (row[5] === null) return null; // its tenant was forgotten
        if (row[6] !== null && !keyIdOf(fingerprint).equals(row[6])) throw rotated();
        tenantKey = unwrapTenantKey(keys, row[4], row[5]);
        if (tenantKey === undefined) throw corruptTenantKey(row[4]);
      } else if (row[3] !== null && !keyIdOf(fingerprint).equals(row[3])) throw rotated();
      const value = unseal(keys, ref, { nonce: row[0], ciphertext: row[1], authTag: row[2] }, tenantKey);
      if (value === undefined) throw corrupt(ref);
      return value;
    },

    async forgetTenant(id) {
      const tenant = forgettableTenant(id);
      const at = now();
      const prefix = tenantVaultKindPrefix(tenant);
      const outcome = await database.transaction(`forgetting tenant ${tenant}`, async (client) => {
        const known = await client.query<{ forgotten_at: Date | null; entries_erased: number | null }>(
          `SELECT forgotten_at, entries_erased FROM ${s}.vault_tenant_keys WHERE tenant = $1 FOR UPDATE`,
          [tenant],
        );
        const before = known.rows[0];
        if (before?.forgotten_at !== null && before?.forgotten_at !== undefined) {
          return {
            tenant,
            entriesErased: before.entries_erased ?? 0,
            forgottenAt: before.forgotten_at.toISOString(),
            alreadyForgotten: true,
          };
        }
        // The key first: writers of the tenant hold its row (FOR SHARE) while they insert, so this waits
        // for them, and those that come after find no key to write under.
        await client.query(
          `INSERT INTO ${s}.vault_tenant_keys (tenant, wrapped_key, key_id, own_pseudonyms, created_at, forgotten_at)
           VALUES ($1, NULL, NULL, true, $2, $2)
           ON CONFLICT (tenant) DO UPDATE SET wrapped_key = NULL, key_id = NULL, forgotten_at = excluded.forgotten_at`,
          [tenant, at],
        );
        const erased = await client.query(
          `UPDATE ${s}.vault_entries SET nonce = NULL, ciphertext = NULL, auth_tag = NULL, key_id = NULL, forgotten_at = coalesce(forgotten_at, $3)
           WHERE (tenant = $1 OR left(kind, length($2)) = $2) AND ciphertext IS NOT NULL`,
          [tenant, prefix, at],
        );
        const entriesErased = erased.rowCount ?? 0;
        await client.query(`UPDATE ${s}.vault_tenant_keys SET entries_erased = $2 WHERE tenant = $1`, [tenant, entriesErased]);
        return { tenant, entriesErased, forgottenAt: at.toISOString(), alreadyForgotten: false };
      });
      if (!outcome.alreadyForgotten) {
        // The old row versions (the tenant's key, its entries) would stay in the tables' pages until autovacuum.
        await database.query('vacuuming the vault', { text: `VACUUM ${s}.vault_entries, ${s}.vault_tenant_keys` });
      }
      return outcome;
    },

    async listTenants() {
      const rows = await database.query<[string, Date, Date | null, string]>('listing the tenants of the vault', {
        text: `SELECT k.tenant, k.created_at, k.forgotten_at,
                      (SELECT count(*) FROM ${s}.vault_entries e WHERE e.tenant = k.tenant AND e.ciphertext IS NOT NULL)
               FROM ${s}.vault_tenant_keys k ORDER BY k.tenant COLLATE "C"`,
      });
      return rows.map(([tenant, createdAt, forgottenAt, entries]) => ({
        tenant,
        entries: Number(entries),
        keyCreatedAt: createdAt.toISOString(),
        forgottenAt: forgottenAt?.toISOString() ?? null,
      }));
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
