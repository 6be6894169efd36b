import { describeEventStoreContract } from '../../test-support/event-store-contract';
import { createInMemoryEventStore } from '../index';

describeEventStoreContract('in-memory event store', async () => ({ store: createInMemoryEventStore() }));
