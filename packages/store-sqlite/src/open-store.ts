import { existsSync, renameSync, rmSync } from 'node:fs';
import { isDepledgerError } from '@depledger/core';
import type { ReadModelStore } from '@depledger/projections';
import { openSqliteDatabase, type OpenDatabaseOptions, type SqliteDatabase } from './database/open-database';
import { createSqliteEventStore, type SqliteEventStore, type SqliteEventStoreTuning } from './event-store/sqlite-event-store';
import type { ReadModelsInAppends } from './event-store/read-models-in-appends';
import { sqliteStoreErrorCodes } from './errors';
import { createSqliteReadModelStore } from './read-models/sqlite-read-model-store';
import { nextKeyFilePath } from './vault/rotate-vault-key';
import { createSqliteVault, vaultIsInitialised, type SqliteVault, type SqliteVaultOptions } from './vault/sqlite-vault';
import type { VaultErasureEvent } from './vault/vault-erasure';
import { loadVaultKey, parseVaultKey, type VaultKeySource } from './vault/vault-key';

export type OpenSqliteStoreOptions = OpenDatabaseOptions &
  SqliteEventStoreTuning &
  Readonly<{
    /** The database file, created on first use (e.g. `./depledger.db`). */
    path: string;
    /**
     * The vault key itself (32 bytes, or their base64). When absent: `DEPLEDGER_VAULT_KEY`, then the
     * key file.
     */
    vaultKey?: Buffer | string;
    /** @defaultValue `<path>.key`, created with mode 0600 on first use */
    keyFile?: string;
    /** Where to look for `DEPLEDGER_VAULT_KEY`. @defaultValue `process.env` */
    env?: Readonly<Record<string, string | undefined>>;
    /** Told when forgotten values are out of the WAL, or when a reader kept them there too long. */
    onErasure?: (event: VaultErasureEvent) => void;
    /** How long erasure blocked by a reader is retried before `erasure-incomplete`. @defaultValue 60000 */
    erasureRetryForMs?: number;
    /** Read models every append keeps current in its own transaction (see `SqliteEventStoreOptions`). */
    readModelsInAppends?: ReadModelsInAppends;
  }>;

/** One depledger database: its event store, its vault and the projections' read models on one connection. */
export type SqliteStore = Readonly<{
  events: SqliteEventStore;
  vault: SqliteVault;
  /** The projections' read models (documents by key, with their checkpoints) in the same file. */
  readModels: ReadModelStore;
  database: SqliteDatabase;
  /**
   * Where the vault key came from (never the key itself); with a key file, whether this opening
   * created it (`created: true`) or found it.
   */
  vaultKeySource: Readonly<{ source: VaultKeySource; keyFile?: string; created?: boolean }>;
  /** Closes subscriptions and the connection. */
  close(): Promise<void>;
}>;

/**
 * Opens the vault with the key file's key, finishing a rotation a crash interrupted: when the vault
 * already has the key in `<key file>.next`, that file becomes the key file; when it does not, the
 * rotation never happened and the leftover is removed.
 */
const openWithKeyFile = (
  database: SqliteDatabase,
  key: Buffer,
  keyFile: string,
  vaultOptions: Omit<SqliteVaultOptions, 'key'>,
): SqliteVault => {
  const next = nextKeyFilePath(keyFile);
  if (!existsSync(next)) return createSqliteVault(database, { key, ...vaultOptions });
  try {
    const vault = createSqliteVault(database, { key, ...vaultOptions });
    rmSync(next, { force: true });
    return vault;
  } catch (error) {
    if (!isDepledgerError(error, sqliteStoreErrorCodes.vaultKeyMismatch)) throw error;
    const nextKey = loadVaultKey({ databasePath: database.path, keyFile: next, env: {}, createIfMissing: false }).key;
    const vault = createSqliteVault(database, { key: nextKey, ...vaultOptions });
    renameSync(next, keyFile);
    return vault;
  }
};

/** Opens (creating on first use) a depledger SQLite file with its event store, vault and read models. */
export const openSqliteStore = (options: OpenSqliteStoreOptions): SqliteStore => {
  const database = openSqliteDatabase(options.path, options);
  try {
    const loaded =
      options.vaultKey === undefined
        ? loadVaultKey({
            databasePath: database.path,
            keyFile: options.keyFile,
            env: options.env,
            createIfMissing: !vaultIsInitialised(database),
          })
        : {
            key: typeof options.vaultKey === 'string' ? parseVaultKey(options.vaultKey, 'the vaultKey option') : options.vaultKey,
            source: 'given' as const,
          };
    const vaultOptions = { onErasure: options.onErasure, erasureRetryForMs: options.erasureRetryForMs };
    const vault =
      loaded.source === 'key-file' && loaded.keyFile !== undefined
        ? openWithKeyFile(database, loaded.key, loaded.keyFile, vaultOptions)
        : createSqliteVault(database, { key: loaded.key, ...vaultOptions });
    const events = createSqliteEventStore({
      database,
      pageSize: options.pageSize,
      pollIntervalMs: options.pollIntervalMs,
      busyTimeoutMs: options.busyTimeoutMs,
      readAhead: options.readAhead,
      readAheadMinPageSize: options.readAheadMinPageSize,
      ...(options.readModelsInAppends === undefined ? {} : { readModelsInAppends: options.readModelsInAppends }),
    });
    const readModels = createSqliteReadModelStore(database);
    return {
      events,
      vault,
      readModels,
      database,
      vaultKeySource:
        loaded.keyFile === undefined
          ? { source: loaded.source }
          : { source: loaded.source, keyFile: loaded.keyFile, created: loaded.created === true },
      async close() {
        await events.close();
        vault.close();
        database.close();
      },
    };
  } catch (error) {
    database.close();
    throw error;
  }
};
