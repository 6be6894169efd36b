import type BetterSqlite3 from 'better-sqlite3';
import { SqliteStoreError, sqliteStoreErrorCodes } from '../errors';
import { latestSchemaVersion, schemaSteps } from './schema';

const readVersion = (connection: BetterSqlite3.Database): number => connection.pragma('user_version', { simple: true }) as number;

const tooNew = (path: string, found: number): SqliteStoreError =>
  new SqliteStoreError(
    sqliteStoreErrorCodes.schemaTooNew,
    `The database ${path} has schema version ${found}, newer than this @depledger/store-sqlite understands (${latestSchemaVersion}). Upgrade @depledger/store-sqlite; the file was not changed.`,
    { path, found, supported: latestSchemaVersion },
  );

/** Refuses, before anything is written, a file made by a newer version of this package. */
export const assertSchemaNotNewer = (connection: BetterSqlite3.Database, path: string): void => {
  const found = readVersion(connection);
  if (found > latestSchemaVersion) throw tooNew(path, found);
};

/**
 * Brings the schema to the latest version. Runs under `BEGIN IMMEDIATE` and re-reads the version
 * inside the transaction, so two processes opening a fresh file at once migrate it once.
 */
export const migrate = (connection: BetterSqlite3.Database, path: string): number => {
  if (readVersion(connection) === latestSchemaVersion) return latestSchemaVersion;
  const apply = connection.transaction(() => {
    const current = readVersion(connection);
    if (current > latestSchemaVersion) throw tooNew(path, current);
    for (const step of schemaSteps) {
      if (step.version <= current) continue;
      connection.exec(step.sql);
      step.then?.(connection);
      connection.pragma(`user_version = ${step.version}`);
    }
    return readVersion(connection);
  });
  return apply.immediate();
};
