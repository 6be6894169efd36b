export { createSqliteEventStore, type SqliteEventStore, type SqliteEventStoreOptions, type SqliteEventStoreTuning } from './event-store/sqlite-event-store';
export { openSqliteDatabase, type OpenDatabaseOptions, type SqliteDatabase } from './database/open-database';
export { latestSchemaVersion } from './database/schema';
export { SqliteStoreError, sqliteStoreErrorCodes, type SqliteStoreErrorCode } from './errors';
