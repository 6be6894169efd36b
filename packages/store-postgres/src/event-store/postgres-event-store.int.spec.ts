import { describeEventStoreContract } from '../../../core/test-support/event-store-contract';
import { openPostgresEventStore } from '../index';
import { describeWithPostgres, dropSchemas, freshSchemaName, testServerUrl } from '../testing/test-server';

describeWithPostgres('PostgreSQL event store', () => {
  // One schema for the suite: the contract writes under a random prefix per test.
  const schema = freshSchemaName('dlcontract');
  afterAll(() => dropSchemas(schema));

  describeEventStoreContract(
    'PostgreSQL (a fresh schema)',
    async () => ({ store: await openPostgresEventStore({ url: testServerUrl, schema, pollIntervalMs: 50 }) }),
    {
      longStreamEvents: 20_000,
    },
  );
});
