import { describeEventStoreContract } from '../../core/test-support/event-store-contract';
import { createSqliteEventStore } from './index';
import { tempDirectory } from './testing/temp-directory';

describeEventStoreContract('SQLite (temp file)', async () => {
  const directory = tempDirectory('contract');
  const store = createSqliteEventStore({ path: directory.file('depledger.db'), pollIntervalMs: 20 });
  return { store, dispose: async () => directory.remove() };
});

// The contract's pages are small: read ahead from the smallest page on, so the worker's pages face the same checks.
describeEventStoreContract('SQLite (temp file, reading ahead from pages of 1)', async () => {
  const directory = tempDirectory('contract-read-ahead');
  const store = createSqliteEventStore({ path: directory.file('depledger.db'), pollIntervalMs: 20, readAheadMinPageSize: 1 });
  return { store, dispose: async () => directory.remove() };
});
