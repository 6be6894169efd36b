import { describeEventStoreContract } from '../../core/test-support/event-store-contract';
import { createEventStoreDbEventStore } from './index';
import { testServers, useServer } from './testing/servers';

// The shared contract: on the in-process stand-in always, on a real EventStoreDB when DEPLEDGER_ESDB_URL is set.
// Every append and read is a gRPC round trip here, so the long-stream case reads 10,000 events (ten batches of
// 1000), not 100,000: the same order and paging, without a 100-round-trip write that a busy machine stretches
// past the test's timeout.
for (const server of testServers()) {
  describe(server.name, () => {
    const connectionString = useServer(server);
    describeEventStoreContract(
      `EventStoreDB adapter (${server.name})`,
      async () => ({
        store: createEventStoreDbEventStore({ connectionString: connectionString() }),
      }),
      { longStreamEvents: 10_000 },
    );
  });
}
