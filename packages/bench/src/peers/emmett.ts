import {
  getInMemoryDatabase,
  getInMemoryEventStore,
  handleInMemoryProjections,
  inMemorySingleStreamProjection,
  type InMemoryEventStore,
  type ReadEvent,
} from '@event-driven-io/emmett';
import { deviceDecider, type DeviceEvent } from '@depledger/core';
import { deviceStatusProjection, type AnyProjection } from '@depledger/projections';

/**
 * The peer: the same workloads written for Emmett (@event-driven-io/emmett), as its documentation
 * shows them — its in-memory event store, `aggregateStream` with a decider's evolve, and an
 * in-memory single-stream projection. Emmett stores domain events as given (no versioned type
 * names, no decode step), so it gets the decoded events depledger's decoder would produce.
 */
export type EmmettEvent = Readonly<{ type: string; data: Record<string, unknown>; metadata: Record<string, unknown> }>;

export const emmettStore = (): InMemoryEventStore => getInMemoryEventStore();

/** One event per append call, as a command handler writes them. */
export const emmettAppendOne = (store: InMemoryEventStore, stream: string, event: EmmettEvent): Promise<unknown> =>
  store.appendToStream(stream, [event as never]);

export const emmettAppendMany = (store: InMemoryEventStore, stream: string, events: readonly EmmettEvent[]): Promise<unknown> =>
  store.appendToStream(stream, events as never[]);

/** Rehydrates a device stream with depledger's own Device decider evolve (the same fold work). */
export const emmettRehydrate = async (store: InMemoryEventStore, stream: string): Promise<unknown> => {
  const { state } = await store.aggregateStream(stream, {
    evolve: (state: ReturnType<typeof deviceDecider.initialState>, event: ReadEvent) =>
      deviceDecider.evolve(state, event as unknown as DeviceEvent),
    initialState: deviceDecider.initialState,
  });
  return state;
};

/** depledger's device-status evolve, as an Emmett single-stream projection into its in-memory database. */
const statusProjection = (types: readonly string[]) => {
  const { evolve } = deviceStatusProjection as AnyProjection;
  return inMemorySingleStreamProjection<Record<string, unknown>, never>({
    collectionName: 'device_status',
    canHandle: [...types] as never,
    getDocumentId: (event: ReadEvent) => (event.data as { serial: string }).serial,
    evolve: (document: Record<string, unknown> | null, event: ReadEvent) =>
      evolve(document, event as never, (event.data as { serial: string }).serial) as Record<string, unknown> | null,
  });
};

/**
 * Rebuilds device status from every stream of an Emmett store: reads each stream (Emmett's
 * in-memory store has no global read) and hands the events to its projection handler in batches
 * of 1000, into a fresh in-memory database. `types`: every device event type of the workload
 * (depledger's projection takes all of a device stream's events; Emmett's needs them listed). Returns how many documents it holds.
 */
export const emmettRebuildDeviceStatus = async (
  store: InMemoryEventStore,
  streams: readonly string[],
  types: readonly string[],
): Promise<number> => {
  const database = getInMemoryDatabase();
  const projection = statusProjection(types);
  let batch: ReadEvent[] = [];
  for (const stream of streams) {
    const { events } = await store.readStream(stream);
    for (const event of events) batch.push(event as ReadEvent);
    if (batch.length >= 1000) {
      await handleInMemoryProjections({ projections: [projection as never], events: batch as never, database });
      batch = [];
    }
  }
  if (batch.length > 0) await handleInMemoryProjections({ projections: [projection as never], events: batch as never, database });
  return (await database.collection('device_status').find()).length;
};
