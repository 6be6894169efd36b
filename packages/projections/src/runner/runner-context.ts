import type { EventSerde, EventStore } from '@depledger/core';
import type { ReadModelStore } from '../read-model-store/read-model-store';

/** What folding needs: where events come from, where read models go, how to decode, how much per batch. */
export type RunnerContext = Readonly<{
  eventStore: EventStore;
  readModels: ReadModelStore;
  serde: EventSerde;
  batchSize: number;
}>;
