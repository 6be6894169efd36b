import { readModelErrors, type ReadModelAddress, type ReadModelStore } from '@depledger/projections';
import type { SqliteDatabase } from '../database/open-database';
import { isBusyError } from '../database/sqlite-error';
import { SqliteStoreError, sqliteStoreErrorCodes } from '../errors';
import { createCountBy } from './count-by';
import { createFieldValues } from './field-values';
import { encodeChanges } from './encode-changes';
import { listDocuments } from './list-documents';
import { prepareReadModelStatements } from './statements';
import { commitIn, createVersionIn, discardIn, switchToIn } from './write-transactions';

const { unknownVersion } = readModelErrors;

const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const isWellFormed = (key: string): boolean => !loneSurrogate.test(key);

export type SqliteReadModelStoreOptions = Readonly<{
  /**
   * Documents fetched per keyset page by `list`.
   * @defaultValue 500
   */
  pageSize?: number;
}>;

/**
 * The projections' ReadModelStore on a SQLite database opened with `openSqliteDatabase` (the same
 * file and connection as the event store): versions and their checkpoints in
 * `read_model_versions`, documents as JSON text in `read_model_documents`. Every write is one
 * `BEGIN IMMEDIATE` transaction, so two connections or processes on the file never both move a
 * checkpoint from the same position. The store does not own the connection: close the database.
 */
export const createSqliteReadModelStore = (database: SqliteDatabase, options: SqliteReadModelStoreOptions = {}): ReadModelStore => {
  const { connection } = database;
  const pageSize = options.pageSize ?? 500;
  /** A caller's batch hint, between 1 and the configured page size. */
  const batchOf = (hint: number | undefined) => (hint === undefined ? pageSize : Math.max(1, Math.min(pageSize, Math.floor(hint))));
  const statements = prepareReadModelStatements(connection);

  const ensureOpen = (): void => {
    if (connection.open) return;
    throw new SqliteStoreError(
      sqliteStoreErrorCodes.closed,
      `The SQLite read-model store on ${database.path} is closed. Open the database again with openSqliteStore or openSqliteDatabase.`,
      { path: database.path },
    );
  };
  const ensureVersion = (address: ReadModelAddress): void => {
    ensureOpen();
    if (statements.versionState.get(address.name, address.version) === undefined) throw unknownVersion(address);
  };

  const write = <Args extends unknown[], Result>(what: string, body: (...args: Args) => Result) => {
    const transaction = connection.transaction(body);
    return (...args: Args): Promise<Result> => {
      try {
        ensureOpen();
        return Promise.resolve(transaction.immediate(...args));
      } catch (error) {
        if (!isBusyError(error)) return Promise.reject(error);
        return Promise.reject(
          new SqliteStoreError(
            sqliteStoreErrorCodes.busy,
            `Another process held the write lock on ${database.path} longer than the busy timeout; nothing was written (${what}). Retry, or raise busyTimeoutMs.`,
            { path: database.path, operation: what },
            { cause: error },
          ),
        );
      }
    };
  };

  const createVersion = write('create a read-model version', (name: string, projectionVersion: number) =>
    createVersionIn(statements, name, projectionVersion),
  );
  const commit = write('commit to a read model', commitIn);
  const switchTo = write('switch a read model', (address: ReadModelAddress) => switchToIn(statements, address));
  const discard = write('discard a read-model version', (address: ReadModelAddress) => discardIn(statements, address));
  // one read transaction: the version check and the documents come from the same snapshot
  const readMany = connection.transaction((address: ReadModelAddress, keys: readonly string[]) => {
    if (statements.versionState.get(address.name, address.version) === undefined) throw unknownVersion(address);
    const found = new Map<string, unknown>();
    // One statement for the keys (a batch of a projection's catch-up asks for hundreds); a key that is
    // not well-formed UTF-16 cannot round-trip through JSON text into SQLite, so it is looked up alone.
    const wellFormed = keys.filter((key) => isWellFormed(key));
    if (wellFormed.length > 0) {
      for (const [key, json] of statements.getDocuments.all(address.name, address.version, JSON.stringify(wellFormed))) {
        found.set(key, JSON.parse(json) as unknown);
      }
    }
    if (wellFormed.length < keys.length) {
      for (const key of keys) {
        if (isWellFormed(key)) continue;
        const json = statements.getDocument.get(address.name, address.version, key);
        if (json !== undefined) found.set(key, JSON.parse(json) as unknown);
      }
    }
    return found;
  });

  return {
    async live(name) {
      ensureOpen();
      const row = statements.liveVersion.get(name);
      return row === undefined ? null : { name, version: row[0], projectionVersion: row[1] };
    },
    createVersion: (name, projectionVersion) => createVersion(name, projectionVersion),
    async checkpoint(address) {
      ensureOpen();
      const state = statements.versionState.get(address.name, address.version);
      if (state === undefined) throw unknownVersion(address);
      return state[0];
    },
    async getMany(address, keys) {
      ensureOpen();
      return readMany(address, keys);
    },
    list: (address, listOptions = {}) =>
      listDocuments(statements, address, listOptions.prefix ?? '', listOptions.after, batchOf(listOptions.batchSize), {
        ensureOpen,
        ensureVersion: () => ensureVersion(address),
      }),
    countBy: createCountBy(connection, statements, ensureOpen),
    fieldValues: createFieldValues(connection, statements, ensureOpen),
    async commit(address, batch) {
      ensureOpen();
      const changes = encodeChanges(address, batch.changes);
      return commit(statements, address, batch, changes);
    },
    switchTo: (address) => switchTo(address),
    discard: (address) => discard(address),
  };
};
