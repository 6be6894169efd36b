import { readFileSync, writeFileSync } from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';
import { latestSchemaVersion, openSqliteDatabase } from '../index';
import { tempDirectory } from '../testing/temp-directory';

describe('openSqliteDatabase', () => {
  let directory: ReturnType<typeof tempDirectory>;
  beforeEach(() => (directory = tempDirectory('open')));
  afterEach(() => directory.remove());

  it('creates the file (and its directory) on first use, in WAL mode, migrated to the latest schema', () => {
    const database = openSqliteDatabase(directory.file('nested/dir/depledger.db'));
    try {
      expect(database.path).toBe(directory.file('nested/dir/depledger.db'));
      expect(database.schemaVersion).toBe(latestSchemaVersion);
      expect(database.connection.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(database.connection.pragma('user_version', { simple: true })).toBe(latestSchemaVersion);
      expect(database.connection.pragma('busy_timeout', { simple: true })).toBe(5000);
      expect(database.connection.pragma('synchronous', { simple: true })).toBe(1);
      expect(database.connection.pragma('page_size', { simple: true })).toBe(8192);
      expect(database.connection.pragma('wal_autocheckpoint', { simple: true })).toBe(8192);
      expect(database.connection.pragma('journal_size_limit', { simple: true })).toBe(64 * 1024 * 1024);
      const tables = database.connection.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").pluck().all();
      expect(tables).toEqual([
        'event_store_format',
        'events',
        'read_model_documents',
        'read_model_names',
        'read_model_versions',
        'streams',
        'vault_entries',
        'vault_lookups',
        'vault_settings',
        'vault_tenant_keys',
      ]);
    } finally {
      database.close();
    }
  });

  it('opens an existing file without migrating it again', () => {
    const path = directory.file('depledger.db');
    const first = openSqliteDatabase(path, { busyTimeoutMs: 250 });
    first.connection.prepare("INSERT INTO vault_settings (name, value) VALUES ('marker', x'01')").run();
    first.close();

    const second = openSqliteDatabase(path);
    try {
      expect(second.connection.prepare("SELECT count(*) FROM vault_settings WHERE name = 'marker'").pluck().get()).toBe(1);
    } finally {
      second.close();
    }
  });

  it('keeps the page size of a file created before pages of 8 KiB, and still migrates and writes it', () => {
    const path = directory.file('old-pages.db');
    const raw = new BetterSqlite3(path);
    raw.pragma('page_size = 4096');
    raw.pragma('journal_mode = WAL');
    raw.exec('CREATE TABLE unrelated (x INTEGER)');
    raw.close();

    const database = openSqliteDatabase(path);
    try {
      expect(database.connection.pragma('page_size', { simple: true })).toBe(4096);
      expect(database.schemaVersion).toBe(latestSchemaVersion);
      database.connection.prepare("INSERT INTO vault_settings (name, value) VALUES ('marker', x'01')").run();
      expect(database.connection.prepare('SELECT count(*) FROM vault_settings').pluck().get()).toBe(1);
    } finally {
      database.close();
    }
  });

  it('refuses a database from a newer depledger, leaving it as it was', () => {
    const path = directory.file('future.db');
    const raw = new BetterSqlite3(path);
    raw.pragma(`user_version = ${latestSchemaVersion + 1}`);
    raw.close();
    const before = readFileSync(path);

    expect(() => openSqliteDatabase(path)).toThrow(
      expect.objectContaining({ code: 'SQLITE_SCHEMA_TOO_NEW', message: expect.stringContaining('Upgrade @depledger/store-sqlite') }),
    );
    expect(readFileSync(path).equals(before)).toBe(true);
  });

  it('says which file cannot be opened and what to check', () => {
    const path = directory.file('not-a-database.db');
    writeFileSync(path, 'this is a text file, not SQLite '.repeat(200));
    expect(() => openSqliteDatabase(path)).toThrow(
      expect.objectContaining({
        code: 'SQLITE_OPEN_FAILED',
        message: expect.stringContaining(path),
        details: expect.objectContaining({ path }),
      }),
    );
    const blocker = directory.file('a-file');
    writeFileSync(blocker, '');
    expect(() => openSqliteDatabase(`${blocker}/depledger.db`)).toThrow(expect.objectContaining({ code: 'SQLITE_OPEN_FAILED' }));
  });
});
