import { existsSync } from 'node:fs';
import type * as EventStoreDbPackage from '@depledger/store-eventstoredb';
import { openSqliteStore } from '@depledger/store-sqlite';
import { CliError } from '../errors/cli-error';
import { exitCodes } from '../errors/exit-codes';
import type { OpenedStore, OpenStoreOptions } from './open-store';

const redacted = (connection: string): string => connection.replace(/(\/\/[^:/@]+):[^@/]*@/, '$1:***@');

/**
 * Events in EventStoreDB; the vault (private keys, OAuth secrets, personal data) and the read models
 * in a local SQLite file (`--vault`), since secrets never go to the event log.
 */
export const openEventStoreDb = async (connection: string, vaultPath: string, options: OpenStoreOptions): Promise<OpenedStore> => {
  if (!options.create && !existsSync(vaultPath)) {
    throw new CliError(
      'STORE_NOT_FOUND',
      `The vault file ${vaultPath} that goes with ${redacted(connection)} does not exist: start with \`depledger key generate\`, or point --vault at the existing one.`,
      exitCodes.failed,
      { vaultPath },
    );
  }
  // Loaded only when asked for: the EventStoreDB client is large and SQLite users never need it.
  const esdb = require('@depledger/store-eventstoredb') as typeof EventStoreDbPackage;
  const local = openSqliteStore({ path: vaultPath, env: options.env });
  const events = esdb.createEventStoreDbEventStore({ connectionString: connection });
  return {
    events,
    vault: local.vault,
    readModels: local.readModels,
    description: `${redacted(connection)} (vault: ${vaultPath})`,
    async close() {
      await events.close();
      await local.close();
    },
  };
};
