import type BetterSqlite3 from 'better-sqlite3';
import { SqliteStoreError, sqliteStoreErrorCodes } from '../errors';
import { latestSchemaVersion, schemaSteps } from './schema';

const readVersion = (connection: BetterSqlite3.Database): number => connection.pragma('user_version', { simple: true }) as number;

/**
 * Brings the schema to the latest version. Runs under `BEGIN IMMEDIATE` and re-reads the version
 * inside the transaction, so two processes opening a fresh file at once migrate it once.
 */
export const migrate = (connection: BetterSqlite3.Database, path: string): number => {
  if (readVersion(connection) === latestSchemaVersion) return latestSchemaVersion;
  const apply = connection.transaction(() => {
    const current = readVersion(connection);
    if (current > latestSchemaVersion) {
      throw new SqliteStoreError(
        sqliteStoreErrorCodes.schemaTooNew,
        `The database ${path} has schema version ${current}, newer than this @depledger/store-sqlite understands (${latestSchemaVersion}). Upgrade @depledger/store-sqlite; the file was not changed.`,
        { path, found: current, supported: latestSchemaVersion },
      );
    }
    for (const step of schemaSteps) {
      if (step.version <= current) continue;
      connection.exec(step.sql);
      connection.pragma(`user_version = ${step.version}`);
    }
    return readVersion(connection);
  });
  return apply.immediate();
};
