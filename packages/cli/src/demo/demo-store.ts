import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { message, type EventStore, type Lang } from '@depledger/core';
import { openSqliteStore } from '@depledger/store-sqlite';
import type * as PostgresPackage from '@depledger/store-postgres';
import { postgresKeyFile } from '../runtime/open-postgres';

/** Where the demo keeps its events: ./depledger.db by default, or a PostgreSQL schema (`--store postgres://…`). */
export type DemoStore = Readonly<{
  /** For the narration: where the store is (never a password). */
  description: string;
  /** What is left behind when the demo ends, in the demo's language. */
  leftBehind: string;
  /** The environment every `depledger` command of the demo runs with (the store goes there, so printed commands carry no password). */
  env: Readonly<Record<string, string>>;
  /** Removes a previous demo's store; returns what was removed. */
  fresh(): Promise<string[]>;
  /** Opens the store's events (to watch a background sync), for a moment. */
  withEvents<T>(read: (events: EventStore) => Promise<T>): Promise<T>;
}>;

const sqliteFiles = ['depledger.db', 'depledger.db.key', 'depledger.db-wal', 'depledger.db-shm'];

export const sqliteDemoStore = (cwd: string, lang: Lang): DemoStore => ({
  description: './depledger.db',
  leftBehind: message(lang, 'demo.sqliteLeft'),
  env: { DEPLEDGER_STORE: 'sqlite:./depledger.db' },
  async fresh() {
    const removed = sqliteFiles.filter((name) => existsSync(join(cwd, name)));
    for (const name of removed) rmSync(join(cwd, name), { force: true });
    return removed;
  },
  async withEvents(read) {
    const store = openSqliteStore({ path: join(cwd, 'depledger.db') });
    try {
      return await read(store.events);
    } finally {
      await store.close();
    }
  },
});

/** The demo's own schema (`depledger_demo` unless the URL names one with ?schema=), dropped and made again at each run. */
export const postgresDemoStore = (cwd: string, url: string, lang: Lang): DemoStore => {
  const postgres = require('@depledger/store-postgres') as typeof PostgresPackage;
  const parsed = postgres.parsePostgresUrl(url);
  const withSchema = parsed.schema === undefined ? `${url}${url.includes('?') ? '&' : '?'}schema=depledger_demo` : url;
  const schema = parsed.schema ?? 'depledger_demo';
  const display = postgres.parsePostgresUrl(withSchema).display;
  return {
    description: display,
    leftBehind: message(lang, 'demo.postgresLeft', { schema, keyFile: postgresKeyFile, store: display }),
    env: { DEPLEDGER_STORE: withSchema },
    async fresh() {
      const removed: string[] = [];
      const database = await postgres
        .openPostgresDatabase({ url: withSchema, maxConnections: 1, create: false })
        .catch((error: unknown) => {
          if ((error as { code?: unknown }).code === postgres.postgresStoreErrorCodes.schemaMissing) return undefined;
          throw error;
        });
      if (database !== undefined) {
        try {
          await database.pool.query(`DROP SCHEMA ${database.quoted} CASCADE`);
          removed.push(message(lang, 'demo.schema', { schema }));
        } finally {
          await database.close();
        }
      }
      if (existsSync(join(cwd, postgresKeyFile))) {
        rmSync(join(cwd, postgresKeyFile), { force: true });
        removed.push(postgresKeyFile);
      }
      return removed;
    },
    async withEvents(read) {
      const store = await postgres.openPostgresEventStore({ url: withSchema, maxConnections: 1, create: false });
      try {
        return await read(store);
      } finally {
        await store.close();
      }
    },
  };
};
