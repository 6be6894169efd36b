import { describeEventStoreContract } from '../../core/test-support/event-store-contract';
import { createSqliteEventStore } from './index';
import { tempDirectory } from './testing/temp-directory';

// The long-stream case proves order, revisions and positions across many appended batches and many
// read pages: 20 000 events are 20 batches of 1000 read back in 20 of the store's 1000-event pages,
// which proves what the contract's default of 100 000 proves, at a fifth of the work (in each variant).
const longStreamEvents = 20_000;

describeEventStoreContract(
  'SQLite (temp file)',
  async () => {
    const directory = tempDirectory('contract');
    const store = createSqliteEventStore({ path: directory.file('depledger.db'), pollIntervalMs: 20 });
    return { store, dispose: async () => directory.remove() };
  },
  { longStreamEvents },
);

// The contract's pages are small: read ahead from the smallest page on, so the worker's pages face the same checks.
describeEventStoreContract(
  'SQLite (temp file, reading ahead from pages of 1)',
  async () => {
    const directory = tempDirectory('contract-read-ahead');
    const store = createSqliteEventStore({ path: directory.file('depledger.db'), pollIntervalMs: 20, readAheadMinPageSize: 1 });
    return { store, dispose: async () => directory.remove() };
  },
  { longStreamEvents },
);
