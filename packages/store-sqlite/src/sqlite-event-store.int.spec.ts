import { describeEventStoreContract } from '../../core/test-support/event-store-contract';
import { createSqliteEventStore } from './index';
import { tempDirectory } from './testing/temp-directory';

describeEventStoreContract('SQLite (temp file)', async () => {
  const directory = tempDirectory('contract');
  const store = createSqliteEventStore({ path: directory.file('depledger.db'), pollIntervalMs: 20 });
  return { store, dispose: async () => directory.remove() };
});
