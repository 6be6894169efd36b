import { describeEventStoreContract } from '../../core/test-support/event-store-contract';
import { createEventStoreDbEventStore } from './index';
import { testServers, useServer } from './testing/servers';

// The shared contract: on the in-process stand-in always, on a real EventStoreDB when DEPLEDGER_ESDB_URL is set.
for (const server of testServers()) {
  describe(server.name, () => {
    const connectionString = useServer(server);
    describeEventStoreContract(`EventStoreDB adapter (${server.name})`, async () => ({
      store: createEventStoreDbEventStore({ connectionString: connectionString() }),
    }));
  });
}
