import type BetterSqlite3 from 'better-sqlite3';

type Statement<Params extends unknown[], Result = unknown> = BetterSqlite3.Statement<Params, Result>;

export type VaultRow = Readonly<{
  ref: string;
  kind: string;
  nonce: Buffer | null;
  ciphertext: Buffer | null;
  auth_tag: Buffer | null;
  wrapped_key: Buffer | null;
}>;

export type VaultStatements = Readonly<{
  insert: Statement<[ref: string, kind: string, nonce: Buffer, ciphertext: Buffer, authTag: Buffer, wrappedKey: Buffer, createdAt: string]>;
  find: Statement<[ref: string], VaultRow>;
  /** Every entry that still holds a value, for migration and key rotation. */
  live: Statement<[], VaultRow>;
  /** Whether any entry still has no key of its own (written before schema 3). */
  hasLegacy: Statement<[], number>;
  rewrap: Statement<[wrappedKey: Buffer, ref: string]>;
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
    'INSERT INTO vault_entries (ref, kind, nonce, ciphertext, auth_tag, wrapped_key, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  ),
  find: connection.prepare('SELECT ref, kind, nonce, ciphertext, auth_tag, wrapped_key FROM vault_entries WHERE ref = ?'),
  live: connection.prepare('SELECT ref, kind, nonce, ciphertext, auth_tag, wrapped_key FROM vault_entries WHERE ciphertext IS NOT NULL'),
  hasLegacy: connection
    .prepare<[], number>('SELECT 1 FROM vault_entries WHERE wrapped_key IS NULL AND ciphertext IS NOT NULL LIMIT 1')
    .pluck(),
  rewrap: connection.prepare('UPDATE vault_entries SET wrapped_key = ? WHERE ref = ?'),
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
