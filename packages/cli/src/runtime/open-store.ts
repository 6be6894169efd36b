import { existsSync } from 'node:fs';
import type { EventStore, Vault } from '@depledger/core';
import type { ReadModelStore } from '@depledger/projections';
import { CliError } from '../errors/cli-error';
import { openSqliteFile } from './new-sqlite-file';
import { openEventStoreDb } from './open-esdb';
import { openPostgres } from './open-postgres';
import type { StoreLocation } from './store-location';
import { vaultFileOf, type VaultFile } from './vault-file';

/** The event log and the vault behind one `--store`. */
export type OpenedStore = Readonly<{
  events: EventStore;
  vault: Vault;
  /** Where the store keeps read models, when it keeps them (SQLite in the same file, PostgreSQL in the same schema). */
  readModels?: ReadModelStore;
  /** Where it is, for messages (never a password). */
  description: string;
  /** Closes the store; with `discardIfNew`, a file this opening created is removed (the command failed). */
  close(options?: { discardIfNew?: boolean }): Promise<void>;
  /** The SQLite vault's key rotation and erasure (see @depledger/store-sqlite). */
  vaultFile: VaultFile;
}>;

export type OpenStoreOptions = Readonly<{
  /** Only `key generate` starts a new database; every other command needs one that exists. */
  create: boolean;
  env: Readonly<Record<string, string | undefined>>;
  /** With EventStoreDB: the local SQLite file that holds the vault and the read models. */
  vaultPath: string;
  /** The working directory (PostgreSQL's vault key file is looked for there). */
  cwd: string;
  /** With PostgreSQL: the pool's size (the store's default, 4, when absent). */
  connections?: number;
}>;

const openSqlite = (path: string, options: OpenStoreOptions): OpenedStore => {
  if (!options.create && !existsSync(path)) {
    throw new CliError(
      'STORE_NOT_FOUND',
      `There is no depledger database at ${path}: start with \`depledger key generate --token <id> --out <file.pem>\`, or point --store at an existing one (sqlite:<file>).`,
      { path },
    );
  }
  const store = openSqliteFile(path, options.env);
  return {
    events: store.events,
    vault: store.vault,
    readModels: store.readModels,
    description: `sqlite:${path}`,
    vaultFile: vaultFileOf(store),
    close: (closing) => (closing?.discardIfNew === true ? store.closeAndDiscardIfNew() : store.close()),
  };
};

/** Opens `--store`: the SQLite file (its vault key beside it, or DEPLEDGER_VAULT_KEY), PostgreSQL, or EventStoreDB. */
export const openStore = async (location: StoreLocation, options: OpenStoreOptions): Promise<OpenedStore> => {
  switch (location.kind) {
    case 'sqlite':
      return openSqlite(location.path, options);
    case 'postgres':
      return openPostgres(location.url, options.cwd, options);
    case 'esdb':
      return openEventStoreDb(location.connection, options.vaultPath, options);
  }
};
