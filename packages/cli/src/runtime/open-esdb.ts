import { existsSync } from 'node:fs';
import type * as EventStoreDbPackage from '@depledger/store-eventstoredb';
import { openSqliteFile } from './new-sqlite-file';
import { CliError } from '../errors/cli-error';
import type { OpenedStore, OpenStoreOptions } from './open-store';
import { vaultFileOf } from './vault-file';

// Loaded only when asked for: the EventStoreDB client is large and SQLite users never need it.
const loadEventStoreDb = (): typeof EventStoreDbPackage => require('@depledger/store-eventstoredb') as typeof EventStoreDbPackage;

/**
 * Events in EventStoreDB; the vault (private keys, OAuth secrets, personal data) and the read models
 * in a local SQLite file (`--vault`), since secrets never go to the event log.
 */
export const openEventStoreDb = async (connection: string, vaultPath: string, options: OpenStoreOptions): Promise<OpenedStore> => {
  const esdb = loadEventStoreDb();
  const redacted = esdb.redactedConnection;
  if (!options.create && !existsSync(vaultPath)) {
    throw new CliError(
      'STORE_NOT_FOUND',
      `The vault file ${vaultPath} that goes with ${redacted(connection)} does not exist: start with \`depledger key generate\`, or point --vault at the existing one.`,
      { vaultPath },
    );
  }
  const local = openSqliteFile(vaultPath, options.env);
  const events = esdb.createEventStoreDbEventStore({ connectionString: connection });
  return {
    events,
    vault: local.vault,
    readModels: local.readModels,
    description: `${redacted(connection)} (vault: ${vaultPath})`,
    vaultFile: vaultFileOf(local),
    async close(closing) {
      await events.close();
      await (closing?.discardIfNew === true ? local.closeAndDiscardIfNew() : local.close());
    },
  };
};
