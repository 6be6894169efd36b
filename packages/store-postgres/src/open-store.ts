import type { ReadModelStore } from '@depledger/projections';
import { openPostgresDatabase, type PostgresDatabase, type PostgresDatabaseOptions } from './connection/postgres-database';
import { createPostgresEventStore, type PostgresEventStore, type PostgresEventStoreTuning } from './event-store/postgres-event-store';
import { createPostgresReadModelStore } from './read-models/postgres-read-model-store';
import { existsSync, renameSync } from 'node:fs';
import { createPostgresVault, vaultIsInitialised, type PostgresVault } from './vault/postgres-vault';
import { nextKeyFilePath } from './vault/rotate-vault-key';
import { deriveVaultKeys, keyFingerprint } from './vault/vault-crypto';
import { loadVaultKey, type LoadedVaultKey, type VaultKeySource } from './vault/vault-key';

export type OpenPostgresStoreOptions = PostgresDatabaseOptions &
  PostgresEventStoreTuning &
  Readonly<{
    /** The vault key itself (32 bytes, or their base64). When absent: `DEPLEDGER_VAULT_KEY`, then `keyFile`. */
    vaultKey?: Buffer | string;
    /** A file holding the vault key, created (mode 0600) on first use while the vault is empty. Every node needs the same key. */
    keyFile?: string;
    /** Where to look for `DEPLEDGER_VAULT_KEY`. @defaultValue `process.env` */
    env?: Readonly<Record<string, string | undefined>>;
  }>;

/** One depledger schema in PostgreSQL: its event store, its vault and the projections' read models, on one pool. */
export type PostgresStore = Readonly<{
  events: PostgresEventStore;
  vault: PostgresVault;
  readModels: ReadModelStore;
  database: PostgresDatabase;
  /** Where the vault key came from (never the key itself). */
  vaultKeySource: Readonly<{ source: VaultKeySource; keyFile?: string }>;
  /** Closes subscriptions and the pool. */
  close(): Promise<void>;
}>;

/**
 * A rotation that committed in the database but died before renaming `<key file>.next` over the
 * key file is finished here: the database already holds the new key's fingerprint.
 */
const finishInterruptedRotation = async (database: PostgresDatabase, loaded: LoadedVaultKey): Promise<LoadedVaultKey> => {
  if (loaded.source !== 'key-file' || loaded.keyFile === undefined) return loaded;
  const next = nextKeyFilePath(loaded.keyFile);
  if (!existsSync(next)) return loaded;
  const rows = await database.query<[Buffer]>('checking the vault key', {
    text: `SELECT value FROM ${database.quoted}.vault_settings WHERE name = 'key_check'`,
  });
  const pending = loadVaultKey({ keyFile: next, env: {}, createIfMissing: false, where: next });
  if (!rows.some(([value]) => keyFingerprint(deriveVaultKeys(pending.key)).equals(value))) return loaded;
  renameSync(next, loaded.keyFile);
  return { ...pending, keyFile: loaded.keyFile };
};

/**
 * Opens (creating or migrating on first use) a depledger schema in PostgreSQL, with its event store,
 * vault and read models. Any number of nodes may open the same schema at once.
 */
export const openPostgresStore = async (options: OpenPostgresStoreOptions): Promise<PostgresStore> => {
  const database = await openPostgresDatabase(options);
  try {
    const loaded = await finishInterruptedRotation(
      database,
      loadVaultKey({
        key: options.vaultKey,
        keyFile: options.keyFile,
        env: options.env,
        createIfMissing: !(await vaultIsInitialised(database)),
        where: `${database.url.display} (schema ${database.schema})`,
      }),
    );
    const vault = await createPostgresVault(database, { key: loaded.key });
    const events = createPostgresEventStore(database, options);
    return {
      events,
      vault,
      readModels: createPostgresReadModelStore(database),
      database,
      vaultKeySource: loaded.keyFile === undefined ? { source: loaded.source } : { source: loaded.source, keyFile: loaded.keyFile },
      async close() {
        await events.close();
        await database.close();
      },
    };
  } catch (error) {
    await database.close();
    throw error;
  }
};
