import type { EventStore, Vault } from '@depledger/core';
import { CliError } from '../errors/cli-error';
import { exitCodes } from '../errors/exit-codes';
import type { OpenedStore } from './open-store';

/** What the CLI needs from @depledger/store-eventstoredb: an opener that gives an event store and a vault. */
type EsdbOpener = (options: { connectionString: string; env?: Readonly<Record<string, string | undefined>> }) =>
  | Promise<{ events: EventStore; vault: Vault; close(): Promise<void> }>
  | { events: EventStore; vault: Vault; close(): Promise<void> };

const openerNames = ['openEventStoreDbStore', 'openEsdbStore'] as const;

const redacted = (connection: string): string => connection.replace(/(\/\/[^:/@]+):[^@/]*@/, '$1:***@');

/**
 * Opens EventStoreDB through @depledger/store-eventstoredb when that package offers an opener;
 * until it does, says so in one line instead of half-working.
 */
export const openEventStoreDb = async (connection: string, env: Readonly<Record<string, string | undefined>>): Promise<OpenedStore> => {
  // Loaded only when asked for: the EventStoreDB client is large and SQLite users never need it.
  const module = require('@depledger/store-eventstoredb') as Record<string, unknown>;
  const name = openerNames.find((n) => typeof module[n] === 'function');
  if (name === undefined) {
    throw new CliError(
      'STORE_UNAVAILABLE',
      `This build of depledger cannot open EventStoreDB yet (${redacted(connection)}): @depledger/store-eventstoredb offers no store opener. Use --store sqlite:<file> for now.`,
      exitCodes.failed,
    );
  }
  const opened = await (module[name] as EsdbOpener)({ connectionString: connection, env });
  return { events: opened.events, vault: opened.vault, description: redacted(connection), close: () => opened.close() };
};
