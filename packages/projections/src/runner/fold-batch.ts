import type { EventSerde, StoredEvent } from '@depledger/core';
import { keysOf, type AnyProjection } from '../projection/projection';
import type { DocumentChange, ReadModelAddress, ReadModelStore } from '../read-model-store/read-model-store';

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
  const events = [];
  const keysPerEvent: (readonly string[])[] = [];
  const touched = new Set<string>();
  for (const stored of batch) {
    if (stored.position <= checkpoint || !isIncluded(stored)) continue;
    const event = serde.decode(stored);
    if (!projection.handles(event.type)) continue;
    const keys = keysOf(projection.keyOf(event));
    if (keys.length === 0) continue;
    events.push(event);
    keysPerEvent.push(keys);
    for (const key of keys) touched.add(key);
  }
  // 2. load them, 3. fold, 4. commit the changes with the checkpoint
  const working = new Map<string, unknown>(touched.size > 0 ? await readModels.getMany(address, [...touched]) : []);
  for (let i = 0; i < events.length; i++) {
    const event = events[i];
    for (const key of keysPerEvent[i] as readonly string[]) working.set(key, projection.evolve(working.get(key) ?? null, event, key));
  }
  const changes: DocumentChange[] = [];
  for (const key of touched) changes.push({ key, doc: working.get(key) ?? null });
  await readModels.commit(address, { expectedCheckpoint: checkpoint, checkpoint: last.position, changes });
  return last.position;
};
