import type BetterSqlite3 from 'better-sqlite3';

type Statement<Params extends unknown[], Result = unknown> = BetterSqlite3.Statement<Params, Result>;

export type VaultRow = Readonly<{ nonce: Buffer | null; ciphertext: Buffer | null; auth_tag: Buffer | null }>;

export type VaultStatements = Readonly<{
  insert: Statement<[ref: string, kind: string, nonce: Buffer, ciphertext: Buffer, authTag: Buffer, createdAt: string]>;
  /** Inserts unless the reference is already there (kept, or forgotten for good). */
  insertIfAbsent: Statement<[ref: string, kind: string, nonce: Buffer, ciphertext: Buffer, authTag: Buffer, createdAt: string]>;
  find: Statement<[ref: string], VaultRow>;
  exists: Statement<[ref: string], number>;
  /** Erases the value and leaves a tombstone, so a forgotten personal-data reference is never filled again. */
  forget: Statement<[Readonly<{ ref: string; kind: string; at: string }>]>;
  readSetting: Statement<[name: string], Buffer>;
  writeSettingIfAbsent: Statement<[name: string, value: Buffer]>;
}>;

const insertSql = 'INSERT INTO vault_entries (ref, kind, nonce, ciphertext, auth_tag, created_at) VALUES (?, ?, ?, ?, ?, ?)';

export const prepareVaultStatements = (connection: BetterSqlite3.Database): VaultStatements => ({
  insert: connection.prepare(insertSql),
  insertIfAbsent: connection.prepare(`${insertSql} ON CONFLICT (ref) DO NOTHING`),
  find: connection.prepare('SELECT nonce, ciphertext, auth_tag FROM vault_entries WHERE ref = ?'),
  exists: connection.prepare<[string], number>('SELECT 1 FROM vault_entries WHERE ref = ?').pluck(),
  forget: connection.prepare(
    `INSERT INTO vault_entries (ref, kind, created_at, forgotten_at) VALUES (@ref, @kind, @at, @at)
     ON CONFLICT (ref) DO UPDATE SET nonce = NULL, ciphertext = NULL, auth_tag = NULL, forgotten_at = coalesce(forgotten_at, @at)`,
  ),
  readSetting: connection.prepare<[string], Buffer>('SELECT value FROM vault_settings WHERE name = ?').pluck(),
  writeSettingIfAbsent: connection.prepare('INSERT INTO vault_settings (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING'),
});
