import type { EventSerde, RecordedEvent, StoredEvent } from '@depledger/core';
import type { AnyProjection } from '../projection/projection';
import type { DocumentChange, ReadModelAddress, ReadModelStore } from '../read-model-store/read-model-store';

const noDocuments: ReadonlyMap<string, unknown> = new Map();

/**
 * Folds decoded events (in global order, all above `checkpoint`) into one version of a read model
 * and commits the changed documents with the new checkpoint, atomically. `to` may be past the last
 * event (events of other streams were read too).
 */
export const foldEvents = async (
  readModels: ReadModelStore,
  projection: AnyProjection,
  address: ReadModelAddress,
  checkpoint: number,
  events: readonly RecordedEvent[],
  to: number,
): Promise<number> => {
  // 1. which documents the events touch
  const handled: RecordedEvent[] = [];
  const keys: (string | readonly string[])[] = [];
  const touched = new Set<string>();
  for (const event of events) {
    if (!projection.handles(event.type)) continue;
    const key = projection.keyOf(event);
    if (key === null) continue;
    handled.push(event);
    keys.push(key);
    if (typeof key === 'string') touched.add(key);
    else for (const k of key) touched.add(k);
  }
  // 2. load them
  const loaded = touched.size > 0 ? await readModels.getMany(address, [...touched]) : noDocuments;
  // 3. fold, each document from its latest value in this batch
  const working = new Map<string, unknown>();
  const fold = (key: string, event: RecordedEvent) => {
    let doc = working.get(key);
    if (doc === undefined) doc = loaded.get(key) ?? null;
    working.set(key, projection.evolve(doc, event, key) ?? null);
  };
  for (let i = 0; i < handled.length; i++) {
    const key = keys[i] as string | readonly string[];
    const event = handled[i] as RecordedEvent;
    if (typeof key === 'string') fold(key, event);
    else for (const k of key) fold(k, event);
  }
  // 4. commit the changes with the checkpoint
  const changes: DocumentChange[] = [];
  for (const [key, doc] of working) changes.push({ key, doc });
  await readModels.commit(address, { expectedCheckpoint: checkpoint, checkpoint: to, changes });
  return to;
};

/**
 * Decodes and folds a batch of stored events (in global order). Events at or below the checkpoint
 * are skipped, so folding the same events twice changes nothing. Returns the new checkpoint.
 */
export const foldBatch = async (
  readModels: ReadModelStore,
  serde: EventSerde,
  projection: AnyProjection,
  address: ReadModelAddress,
  checkpoint: number,
  batch: readonly StoredEvent[],
): Promise<number> => {
  const last = batch[batch.length - 1];
  if (!last || last.position <= checkpoint) return checkpoint;
  const events: RecordedEvent[] = [];
  for (const stored of batch) if (stored.position > checkpoint) events.push(serde.decode(stored));
  return foldEvents(readModels, projection, address, checkpoint, events, last.position);
};
