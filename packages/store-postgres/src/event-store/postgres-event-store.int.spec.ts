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

  // The same contract with every append (of one event or more) sent by COPY, the path of a sync page's
  // ~1000 events: conflicts and stored ids fall back to append_events_v2's careful path.
  describeEventStoreContract(
    'PostgreSQL, every append by COPY',
    async () => ({ store: await openPostgresEventStore({ url: testServerUrl, schema, pollIntervalMs: 50, copyFromEvents: 1 }) }),
    {
      longStreamEvents: 20_000,
    },
  );
});
