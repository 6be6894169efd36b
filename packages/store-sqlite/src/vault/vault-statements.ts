import type BetterSqlite3 from 'better-sqlite3';

type Statement<Params extends unknown[], Result = unknown> = BetterSqlite3.Statement<Params, Result>;

export type VaultRow = Readonly<{
  ref: string;
  kind: string;
  nonce: Buffer | null;
  ciphertext: Buffer | null;
  auth_tag: Buffer | null;
  wrapped_key: Buffer | null;
  /** The tenant whose key seals the entry's key, or null for the vault key. */
  tenant: string | null;
}>;

export type TenantKeyRow = Readonly<{
  tenant: string;
  wrapped_key: Buffer | null;
  created_at: string;
  forgotten_at: string | null;
  entries_erased: number | null;
}>;

export type VaultStatements = Readonly<{
  insert: Statement<
    [
      ref: string,
      kind: string,
      nonce: Buffer,
      ciphertext: Buffer,
      authTag: Buffer,
      wrappedKey: Buffer,
      createdAt: string,
      tenant: string | null,
    ]
  >;
  find: Statement<[ref: string], VaultRow>;
  /** Every entry that still holds a value, for migration and key rotation. */
  live: Statement<[], VaultRow>;
  /** Whether any entry still has no key of its own (written before schema 3). */
  hasLegacy: Statement<[], number>;
  rewrap: Statement<[wrappedKey: Buffer, ref: string]>;
  /** A named tenant's entries whose key is still sealed under the vault key (written before tenant keys). */
  tenantEntriesUnderVaultKey: Statement<[], VaultRow>;
  moveUnderTenantKey: Statement<[wrappedKey: Buffer, tenant: string, ref: string]>;
  tenantKey: Statement<[tenant: string], TenantKeyRow>;
  allTenantKeys: Statement<[], TenantKeyRow>;
  insertTenantKey: Statement<[tenant: string, wrappedKey: Buffer, createdAt: string]>;
  rewrapTenantKey: Statement<[wrappedKey: Buffer, tenant: string]>;
  /** Erases every entry of a tenant (by its key or by its kinds), leaving tombstones. */
  forgetTenantEntries: Statement<[Readonly<{ tenant: string; prefix: string; at: string }>]>;
  forgetTenantLookups: Statement<[Readonly<{ refPrefix: string }>]>;
  /** Destroys the tenant's key, and keeps the tenant as forgotten. */
  forgetTenantKey: Statement<[Readonly<{ tenant: string; at: string; erased: number }>]>;
  liveEntriesByTenant: Statement<[], Readonly<{ tenant: string; entries: number }>>;
  reseal: Statement<[nonce: Buffer, ciphertext: Buffer, authTag: Buffer, wrappedKey: Buffer, ref: string]>;
  /** Erases the value and its key, and leaves a tombstone. */
  forget: Statement<[Readonly<{ ref: string; kind: string; at: string }>]>;
  findLookup: Statement<[lookup: string], string>;
  insertLookup: Statement<[lookup: string, ref: string]>;
  allLookups: Statement<[], Readonly<{ lookup: string; ref: string }>>;
  updateLookup: Statement<[newLookup: string, ref: string]>;
  forgetLookup: Statement<[ref: string]>;
  readSetting: Statement<[name: string], Buffer>;
  writeSettingIfAbsent: Statement<[name: string, value: Buffer]>;
  writeSetting: Statement<[name: string, value: Buffer]>;
}>;

export const prepareVaultStatements = (connection: BetterSqlite3.Database): VaultStatements => ({
  insert: connection.prepare(
    'INSERT INTO vault_entries (ref, kind, nonce, ciphertext, auth_tag, wrapped_key, created_at, tenant) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  ),
  find: connection.prepare('SELECT ref, kind, nonce, ciphertext, auth_tag, wrapped_key, tenant FROM vault_entries WHERE ref = ?'),
  live: connection.prepare(
    'SELECT ref, kind, nonce, ciphertext, auth_tag, wrapped_key, tenant FROM vault_entries WHERE ciphertext IS NOT NULL',
  ),
  hasLegacy: connection
    .prepare<[], number>('SELECT 1 FROM vault_entries WHERE wrapped_key IS NULL AND ciphertext IS NOT NULL LIMIT 1')
    .pluck(),
  rewrap: connection.prepare('UPDATE vault_entries SET wrapped_key = ? WHERE ref = ?'),
  tenantEntriesUnderVaultKey: connection.prepare(
    `SELECT ref, kind, nonce, ciphertext, auth_tag, wrapped_key, tenant FROM vault_entries
     WHERE tenant IS NULL AND kind LIKE 'tenant-%--%' AND wrapped_key IS NOT NULL AND ciphertext IS NOT NULL`,
  ),
  moveUnderTenantKey: connection.prepare('UPDATE vault_entries SET wrapped_key = ?, tenant = ? WHERE ref = ?'),
  tenantKey: connection.prepare(
    'SELECT tenant, wrapped_key, created_at, forgotten_at, entries_erased FROM vault_tenant_keys WHERE tenant = ?',
  ),
  allTenantKeys: connection.prepare(
    'SELECT tenant, wrapped_key, created_at, forgotten_at, entries_erased FROM vault_tenant_keys ORDER BY tenant',
  ),
  insertTenantKey: connection.prepare('INSERT INTO vault_tenant_keys (tenant, wrapped_key, created_at) VALUES (?, ?, ?)'),
  rewrapTenantKey: connection.prepare('UPDATE vault_tenant_keys SET wrapped_key = ? WHERE tenant = ? AND wrapped_key IS NOT NULL'),
  forgetTenantEntries: connection.prepare(
    `UPDATE vault_entries SET nonce = NULL, ciphertext = NULL, auth_tag = NULL, wrapped_key = NULL, forgotten_at = coalesce(forgotten_at, @at)
     WHERE (tenant = @tenant OR substr(kind, 1, length(@prefix)) = @prefix) AND (ciphertext IS NOT NULL OR wrapped_key IS NOT NULL)`,
  ),
  forgetTenantLookups: connection.prepare('DELETE FROM vault_lookups WHERE substr(ref, 1, length(@refPrefix)) = @refPrefix'),
  forgetTenantKey: connection.prepare(
    `INSERT INTO vault_tenant_keys (tenant, wrapped_key, created_at, forgotten_at, entries_erased) VALUES (@tenant, NULL, @at, @at, @erased)
     ON CONFLICT (tenant) DO UPDATE SET wrapped_key = NULL, forgotten_at = @at, entries_erased = @erased`,
  ),
  liveEntriesByTenant: connection.prepare(
    'SELECT tenant, count(*) AS entries FROM vault_entries WHERE tenant IS NOT NULL AND ciphertext IS NOT NULL GROUP BY tenant',
  ),
  reseal: connection.prepare('UPDATE vault_entries SET nonce = ?, ciphertext = ?, auth_tag = ?, wrapped_key = ? WHERE ref = ?'),
  forget: connection.prepare(
    `INSERT INTO vault_entries (ref, kind, created_at, forgotten_at) VALUES (@ref, @kind, @at, @at)
     ON CONFLICT (ref) DO UPDATE SET nonce = NULL, ciphertext = NULL, auth_tag = NULL, wrapped_key = NULL, forgotten_at = coalesce(forgotten_at, @at)`,
  ),
  findLookup: connection.prepare<[string], string>('SELECT ref FROM vault_lookups WHERE lookup = ?').pluck(),
  insertLookup: connection.prepare('INSERT INTO vault_lookups (lookup, ref) VALUES (?, ?)'),
  allLookups: connection.prepare('SELECT lookup, ref FROM vault_lookups'),
  updateLookup: connection.prepare('UPDATE vault_lookups SET lookup = ? WHERE ref = ?'),
  forgetLookup: connection.prepare('DELETE FROM vault_lookups WHERE ref = ?'),
  readSetting: connection.prepare<[string], Buffer>('SELECT value FROM vault_settings WHERE name = ?').pluck(),
  writeSettingIfAbsent: connection.prepare('INSERT INTO vault_settings (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING'),
  writeSetting: connection.prepare(
    'INSERT INTO vault_settings (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value',
  ),
});
