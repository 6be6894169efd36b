import { describeReadModelStoreContract } from '../../../projections/test-support/read-model-store-contract';
import { createPostgresReadModelStore, openPostgresDatabase } from '../index';
import { describeWithPostgres, dropSchemas, freshSchemaName, testServerUrl } from '../testing/test-server';

// Pages of 2 make a 2500-document listing 1250 round trips: more than jest's default 5 s on a busy machine.
jest.setTimeout(300_000); // a hang guard only: the suite must pass on a busy machine

describeWithPostgres('PostgreSQL read-model store', () => {
  // The contract wants an empty store per test: a fresh schema each.
  const open = async (pageSize?: number) => {
    const schema = freshSchemaName('dlreadmodels');
    const database = await openPostgresDatabase({ url: testServerUrl, schema, maxConnections: 2 });
    return {
      store: createPostgresReadModelStore(database, pageSize === undefined ? {} : { pageSize }),
      dispose: async () => {
        await database.close();
        await dropSchemas(schema);
      },
    };
  };
  // a small page so that listings cross page boundaries
  describeReadModelStoreContract('PostgreSQL (a fresh schema, pages of 2)', () => open(2));
  describeReadModelStoreContract('PostgreSQL (a fresh schema, default page size)', () => open());
});
