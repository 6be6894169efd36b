import type { Vault } from '@depledger/core';
import type { ReadModelStore } from '@depledger/projections';
import { openSqliteDatabase, type OpenDatabaseOptions, type SqliteDatabase } from './database/open-database';
import { createSqliteEventStore, type SqliteEventStore, type SqliteEventStoreTuning } from './event-store/sqlite-event-store';
import { createSqliteReadModelStore } from './read-models/sqlite-read-model-store';
import { createSqliteVault, vaultIsInitialised } from './vault/sqlite-vault';
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
  }>;

/** One depledger database: its event store, its vault and the projections' read models on one connection. */
export type SqliteStore = Readonly<{
  events: SqliteEventStore;
  vault: Vault;
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

/** Opens (creating on first use) a depledger SQLite file with its event store, vault and read models. */
export const openSqliteStore = (options: OpenSqliteStoreOptions): SqliteStore => {
  const database = openSqliteDatabase(options.path, options);
  try {
    const loaded =
      options.vaultKey === undefined
        ? loadVaultKey({ databasePath: database.path, keyFile: options.keyFile, env: options.env, createIfMissing: !vaultIsInitialised(database) })
        : {
            key: typeof options.vaultKey === 'string' ? parseVaultKey(options.vaultKey, 'the vaultKey option') : options.vaultKey,
            source: 'given' as const,
          };
    const vault = createSqliteVault(database, { key: loaded.key });
    const events = createSqliteEventStore({
      database,
      pageSize: options.pageSize,
      pollIntervalMs: options.pollIntervalMs,
      busyTimeoutMs: options.busyTimeoutMs,
      readAhead: options.readAhead,
      readAheadMinPageSize: options.readAheadMinPageSize,
    });
    const readModels = createSqliteReadModelStore(database);
    return {
      events,
      vault,
      readModels,
      database,
      vaultKeySource: loaded.keyFile === undefined ? { source: loaded.source } : { source: loaded.source, keyFile: loaded.keyFile, created: loaded.created === true },
      async close() {
        await events.close();
        database.close();
      },
    };
  } catch (error) {
    database.close();
    throw error;
  }
};
