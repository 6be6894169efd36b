import { depledgerSerde, ValidationError, type EventSerde, type EventStore, type StoredEvent } from '@depledger/core';
import { keysOf, type AnyProjection, type DocumentOf } from '../projection/projection';
import { createInMemoryReadModelStore } from '../read-model-store/in-memory-read-model-store';
import type { ReadModelStore } from '../read-model-store/read-model-store';
import { catchUp } from '../runner/catch-up';

/** A moment in history: a global position (inclusive), or a time (events that occurred at or before it). */
export type AsOf = Readonly<{ position: number }> | Readonly<{ time: Date | string }>;

const timeOf = (at: AsOf): Date | null => {
  if (!('time' in at)) return null;
  const time = new Date(at.time);
  if (Number.isNaN(time.getTime())) throw new ValidationError('as-of time', [{ path: 'time', message: `not a date: ${String(at.time)}` }]);
  return time;
};

export type ReadModelsAsOfOptions = Readonly<{
  eventStore: EventStore;
  projections: readonly AnyProjection[];
  at: AsOf;
  serde?: EventSerde;
  batchSize?: number;
}>;

/**
 * The read models as they were at a moment, built from history into a scratch in-memory store
 * (the live read models are not touched). Every query helper works on the result.
 */
export const readModelsAsOf = async (options: ReadModelsAsOfOptions): Promise<ReadModelStore> => {
  const readModels = createInMemoryReadModelStore();
  const context = {
    eventStore: options.eventStore,
    readModels,
    serde: options.serde ?? depledgerSerde,
    batchSize: options.batchSize ?? 1000,
  };
  const time = timeOf(options.at);
  const position = 'position' in options.at ? options.at.position : await options.eventStore.headPosition();
  const targets = [];
  for (const projection of options.projections)
    targets.push({ projection, address: await readModels.createVersion(projection.name, projection.version) });
  await catchUp(context, targets, time ? { position, time } : { position });
  for (const { address } of targets) await readModels.switchTo(address);
  return readModels;
};

/**
 * Folds one stream only, up to a moment, through a projection: the documents that stream's events
 * produced. This is how one device's state at a date is answered without reading the whole log.
 * A stream is read in the order it was written and the fold stops at the first event past the moment.
 */
export const projectStreamAsOf = async <P extends AnyProjection>(
  eventStore: EventStore,
  projection: P,
  streamName: string,
  at: AsOf,
  serde: EventSerde = depledgerSerde,
): Promise<Map<string, DocumentOf<P>>> => projectStreamsAsOf(eventStore, projection, [streamName], at, serde);

/**
 * Folds a few streams, merged in global order, up to a moment: e.g. a token's own stream and its
 * sync stream for the token's health at a date, without reading the whole log.
 */
export const projectStreamsAsOf = async <P extends AnyProjection>(
  eventStore: EventStore,
  projection: P,
  streamNames: readonly string[],
  at: AsOf,
  serde: EventSerde = depledgerSerde,
): Promise<Map<string, DocumentOf<P>>> => {
  const time = timeOf(at)?.getTime();
  const position = 'position' in at ? at.position : Number.POSITIVE_INFINITY;
  const stored: StoredEvent[] = [];
  for (const streamName of streamNames) {
    for await (const event of eventStore.readStream(streamName)) {
      if (event.position > position || (time !== undefined && Date.parse(event.metadata.occurredAt) > time)) break;
      stored.push(event);
    }
  }
  if (streamNames.length > 1) stored.sort((a, b) => a.position - b.position);
  const docs = new Map<string, DocumentOf<P> | null>();
  for (const event of stored.map((e) => serde.decode(e))) {
    if (!projection.handles(event.type)) continue;
    for (const key of keysOf(projection.keyOf(event)))
      docs.set(key, projection.evolve(docs.get(key) ?? null, event, key) as DocumentOf<P> | null);
  }
  const result = new Map<string, DocumentOf<P>>();
  for (const [key, doc] of docs) if (doc !== null) result.set(key, doc);
  return result;
};
