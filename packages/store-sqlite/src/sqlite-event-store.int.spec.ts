import { describeEventStoreContract } from '../../core/test-support/event-store-contract';
import { createSqliteEventStore } from './index';
import { tempDirectory } from './testing/temp-directory';

describeEventStoreContract('SQLite (temp file)', async () => {
  const directory = tempDirectory('contract');
  const store = createSqliteEventStore({ path: directory.file('depledger.db'), pollIntervalMs: 20 });
  return { store, dispose: async () => directory.remove() };
});

// The contract's reads are small: pages of 2 read ahead from the smallest page on, so the worker's pages face the same checks.
describeEventStoreContract('SQLite (temp file, pages of 2 read ahead)', async () => {
  const directory = tempDirectory('contract-read-ahead');
  const store = createSqliteEventStore({ path: directory.file('depledger.db'), pollIntervalMs: 20, pageSize: 2, readAheadMinPageSize: 1 });
  return { store, dispose: async () => directory.remove() };
});
