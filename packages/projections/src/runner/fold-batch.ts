import type { EventSerde, RecordedEvent, StoredEvent } from '@depledger/core';
import type { AnyProjection } from '../projection/projection';
import type { DocumentChange, ReadModelAddress, ReadModelStore } from '../read-model-store/read-model-store';

const noDocuments: ReadonlyMap<string, unknown> = new Map();

/**
 * Folds a batch of stored events (in global order) into one version of a read model and commits
 * the changed documents with the new checkpoint, atomically. Events at or below the checkpoint are
 * skipped, so folding the same events twice changes nothing. Returns the new checkpoint.
 */
export const foldBatch = async (
  readModels: ReadModelStore,
  serde: EventSerde,
  projection: AnyProjection,
  address: ReadModelAddress,
  checkpoint: number,
  batch: readonly StoredEvent[],
  isIncluded: (event: StoredEvent) => boolean = () => true,
): Promise<number> => {
  const last = batch[batch.length - 1];
  if (!last || last.position <= checkpoint) return checkpoint;
  // 1. decode what this projection handles, and learn which documents it touches
  const events: RecordedEvent[] = [];
  const keys: (string | readonly string[])[] = [];
  const touched = new Set<string>();
  for (const stored of batch) {
    if (stored.position <= checkpoint || !isIncluded(stored)) continue;
    const event = serde.decode(stored);
    if (!projection.handles(event.type)) continue;
    const key = projection.keyOf(event);
    if (key === null) continue;
    events.push(event);
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
  for (let i = 0; i < events.length; i++) {
    const key = keys[i] as string | readonly string[];
    const event = events[i] as RecordedEvent;
    if (typeof key === 'string') fold(key, event);
    else for (const k of key) fold(k, event);
  }
  // 4. commit the changes with the checkpoint
  const changes: DocumentChange[] = [];
  for (const [key, doc] of working) changes.push({ key, doc });
  await readModels.commit(address, { expectedCheckpoint: checkpoint, checkpoint: last.position, changes });
  return last.position;
};
