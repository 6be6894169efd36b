import { closeSync, constants, mkdirSync, openSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { isDepledgerError } from '@depledger/core';
import { SqliteStoreError, sqliteStoreErrorCodes } from '../errors';
import { assertSchemaNotNewer, migrate } from './migrations';

export type OpenDatabaseOptions = Readonly<{
  /**
   * How long a write waits for another process's write to finish before failing.
   * @defaultValue 5000
   */
  busyTimeoutMs?: number;
}>;

/** One SQLite file opened, configured and migrated; shared by the event store and the vault. */
export type SqliteDatabase = Readonly<{
  /** The absolute path of the file, or `:memory:`. */
  path: string;
  /** The better-sqlite3 connection. Use it only for what this package does not offer. */
  connection: BetterSqlite3.Database;
  /** The schema version after migration. */
  schemaVersion: number;
  close(): void;
}>;

const memoryPath = ':memory:';

/**
 * Creates the file empty with mode 0600 when it does not exist yet, so SQLite (which gives its WAL
 * and shared-memory files the database's mode) never makes it readable by others: it holds the
 * consumer key, organisation and server names and serial numbers in clear. An existing file keeps
 * its mode; a symbolic link is not followed.
 */
const createOwnerOnly = (path: string): void => {
  try {
    closeSync(openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600));
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'EEXIST') throw error;
  }
};
/**
 * Pages of 8 KiB rather than SQLite's 4 KiB: an event row is most of a kilobyte, and the larger page
 * holds more of them and of their index entries per write (about 12% more appends per second at 1M
 * events, see docs/benchmarks.md). Files created with another page size keep theirs.
 */
export const sqlitePageSize = 8192;

/**
 * The WAL is checkpointed into the file once it holds this many pages (64 MiB of 8 KiB pages) rather
 * than SQLite's 1000: a sync page or a rebuild batch rewrites the same index and document pages
 * again and again, and a checkpoint writes each of them once (a rebuild of device status from 1M
 * events ran ~5% faster). After a checkpoint the WAL file is cut back to that size.
 */
const walCheckpointPages = 8192;

/**
 * Opens (creating it on first use, with pages of 8 KiB) the SQLite file at `path`: WAL journal, `synchronous=NORMAL`,
 * a busy timeout, and the schema migrated to the latest version.
 */
export const openSqliteDatabase = (path: string, options: OpenDatabaseOptions = {}): SqliteDatabase => {
  const absolute = path === memoryPath ? memoryPath : resolve(path);
  let connection: BetterSqlite3.Database | undefined;
  try {
    if (absolute !== memoryPath) {
      mkdirSync(dirname(absolute), { recursive: true });
      createOwnerOnly(absolute);
    }
    connection = new BetterSqlite3(absolute, { timeout: options.busyTimeoutMs ?? 5000 });
    assertSchemaNotNewer(connection, absolute);
    // Only a file with no table yet takes a page size (and a WAL file never changes it later).
    connection.pragma(`page_size = ${sqlitePageSize}`);
    if (absolute !== memoryPath) {
      connection.pragma('journal_mode = WAL');
      connection.pragma(`wal_autocheckpoint = ${walCheckpointPages}`);
      connection.pragma(`journal_size_limit = ${walCheckpointPages * sqlitePageSize}`);
    }
    connection.pragma('synchronous = NORMAL');
    connection.pragma('foreign_keys = ON');
    const schemaVersion = migrate(connection, absolute);
    const opened = connection;
    return { path: absolute, connection: opened, schemaVersion, close: () => void (opened.open && opened.close()) };
  } catch (error) {
    if (connection?.open) connection.close();
    if (isDepledgerError(error)) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new SqliteStoreError(
      sqliteStoreErrorCodes.openFailed,
      `Cannot open the depledger database ${absolute}: ${reason}. Check that the path is a depledger SQLite file (or does not exist yet) in a directory you can write to.`,
      { path: absolute, reason },
      { cause: error },
    );
  }
};
