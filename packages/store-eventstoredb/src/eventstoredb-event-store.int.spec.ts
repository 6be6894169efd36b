import { describeEventStoreContract } from '../../core/test-support/event-store-contract';
import { createEventStoreDbEventStore, startEventStoreDbStandIn, type EventStoreDbStandIn } from './index';

// In CI: against depledger's in-process stand-in (not EventStoreDB), through the real client.
describe('on the stand-in', () => {
  let standIn: EventStoreDbStandIn;
  beforeAll(async () => {
    standIn = await startEventStoreDbStandIn();
  });
  afterAll(async () => {
    await standIn.stop();
  });

  describeEventStoreContract('EventStoreDB adapter on the in-process stand-in', async () => ({
    store: createEventStoreDbEventStore({ connectionString: standIn.connectionString }),
  }));
});

// Against a real EventStoreDB whenever one is configured (see the README); not declared otherwise.
const realServer = process.env.DEPLEDGER_ESDB_URL;
if (realServer) {
  describeEventStoreContract(`EventStoreDB at ${realServer}`, async () => ({
    store: createEventStoreDbEventStore({ connectionString: realServer }),
  }));
}
