import { describeReadModelStoreContract } from '../../../projections/test-support/read-model-store-contract';
import { createSqliteReadModelStore, openSqliteDatabase } from '../index';
import { tempDirectory } from '../testing/temp-directory';

describeReadModelStoreContract('SQLite (temp file)', async () => {
  const directory = tempDirectory('read-models-contract');
  const database = openSqliteDatabase(directory.file('depledger.db'));
  // a small page so that listings cross page boundaries
  const store = createSqliteReadModelStore(database, { pageSize: 2 });
  return {
    store,
    dispose: async () => {
      database.close();
      directory.remove();
    },
  };
});

describeReadModelStoreContract('SQLite (temp file, default page size)', async () => {
  const directory = tempDirectory('read-models-contract');
  const database = openSqliteDatabase(directory.file('depledger.db'));
  return {
    store: createSqliteReadModelStore(database),
    dispose: async () => {
      database.close();
      directory.remove();
    },
  };
});
