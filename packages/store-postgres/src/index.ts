/**
 * depledger on a shared PostgreSQL server: the event log (positions in commit order), the read models,
 * the encrypted vault and the checkpoints, for several app nodes over one fleet.
 *
 * @packageDocumentation
 * @module @depledger/store-postgres
 */

export { createPostgresRunLeases } from './leases/postgres-run-leases';
export {
  createPostgresEventStore,
  openPostgresEventStore,
  type PostgresEventStore,
  type PostgresEventStoreTuning,
} from './event-store/postgres-event-store';
export { openPostgresDatabase, type PostgresDatabase, type PostgresDatabaseOptions } from './connection/postgres-database';
export { isPostgresUrl, parsePostgresUrl, redactPostgresUrl, type PostgresUrl } from './connection/connection-url';
export type { RetryPolicy } from './connection/retrying';
export { defaultSchemaName } from './schema/schema-name';
export { latestSchemaVersion } from './schema/schema-steps';
export { PostgresStoreError, postgresStoreErrorCodes, type PostgresStoreErrorCode } from './errors';
export { createPostgresReadModelStore, type PostgresReadModelStoreOptions } from './read-models/postgres-read-model-store';
export { readModelErrorCodes } from '@depledger/projections';
export { createPostgresVault, type PostgresVault, type PostgresVaultOptions } from './vault/postgres-vault';
export {
  nextKeyFilePath,
  rotatePostgresVaultKey,
  type RotatedPostgresVaultKey,
  type RotatePostgresVaultKeyOptions,
} from './vault/rotate-vault-key';
export {
  loadVaultKey,
  vaultKeyEnvironmentVariable,
  type LoadedVaultKey,
  type LoadVaultKeyOptions,
  type VaultKeySource,
} from './vault/vault-key';
export { openPostgresStore, type OpenPostgresStoreOptions, type PostgresStore } from './open-store';
