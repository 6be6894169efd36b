import { resolve } from 'node:path';
import type * as PostgresPackage from '@depledger/store-postgres';
import type { OpenedStore, OpenStoreOptions } from './open-store';

/** The vault key file used with PostgreSQL when DEPLEDGER_VAULT_KEY is not set (every node needs the same key). */
export const postgresKeyFile = 'depledger-vault.key';

/**
 * Events, read models and the vault in PostgreSQL (`postgres://user@host:port/db[?schema=name]`);
 * the vault key from DEPLEDGER_VAULT_KEY, else ./depledger-vault.key (created by `key generate`).
 * Several nodes may open the same database at once.
 */
export const openPostgres = async (url: string, cwd: string, options: OpenStoreOptions): Promise<OpenedStore> => {
  // Loaded only when asked for, like the EventStoreDB client: SQLite users never need pg.
  const postgres = require('@depledger/store-postgres') as typeof PostgresPackage;
  const store = await postgres.openPostgresStore({
    url,
    env: options.env,
    keyFile: resolve(cwd, postgresKeyFile),
    create: options.create,
    ...(options.connections === undefined ? {} : { maxConnections: options.connections }),
  });
  const description = `${store.database.url.display} (schema ${store.database.schema})`;
  return {
    events: store.events,
    vault: store.vault,
    readModels: store.readModels,
    description,
    // What it forgets is deleted at once (and the table vacuumed): nothing is left waiting for the CLI.
    vaultFile: {
      rotateKey: (newKey) => postgres.rotatePostgresVaultKey(store, newKey === undefined ? {} : { newKey }),
      completeErasure: async () => 0,
    },
    async close(closing) {
      // A command that created the schema and then failed leaves nothing behind.
      if (closing?.discardIfNew === true && store.database.created) {
        await store.database.pool.query(`DROP SCHEMA IF EXISTS ${store.database.quoted} CASCADE`).catch(() => undefined);
      }
      await store.close();
    },
  };
};
