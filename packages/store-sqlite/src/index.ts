/**
 * depledger's durable embedded store: the event log, the encrypted vault and the read models in
 * one SQLite file.
 *
 * @packageDocumentation
 * @module @depledger/store-sqlite
 */

export { openSqliteStore, type OpenSqliteStoreOptions, type SqliteStore } from './open-store';
export {
  createSqliteEventStore,
  type SqliteEventStore,
  type SqliteEventStoreOptions,
  type SqliteEventStoreTuning,
} from './event-store/sqlite-event-store';
export type { ReadModelsInAppends } from './event-store/read-models-in-appends';
export { createSqliteRunLeases } from './leases/sqlite-run-leases';
export type { ReadAheadStatus } from './event-store/read-ahead/read-ahead';
export { createSqliteReadModelStore, type SqliteReadModelStoreOptions } from './read-models/sqlite-read-model-store';
export { readModelErrorCodes } from '@depledger/projections';
export { createSqliteVault, type SqliteVault, type SqliteVaultOptions } from './vault/sqlite-vault';
export type { VaultErasureEvent, VaultErasureStatus } from './vault/vault-erasure';
export { nextKeyFilePath, rotateVaultKey, type RotatedVaultKey, type RotateVaultKeyOptions } from './vault/rotate-vault-key';
export {
  defaultKeyFilePath,
  loadVaultKey,
  parseVaultKey,
  vaultKeyEnvironmentVariable,
  type LoadedVaultKey,
  type LoadVaultKeyOptions,
  type VaultKeySource,
} from './vault/vault-key';
export { openSqliteDatabase, sqlitePageSize, type OpenDatabaseOptions, type SqliteDatabase } from './database/open-database';
export { latestSchemaVersion } from './database/schema';
export { SqliteStoreError, sqliteStoreErrorCodes, type SqliteStoreErrorCode } from './errors';
