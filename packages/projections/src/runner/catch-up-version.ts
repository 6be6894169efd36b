import type { StoredEvent } from '@depledger/core';
import type { AnyProjection } from '../projection/projection';
import type { ReadModelAddress } from '../read-model-store/read-model-store';
import { foldBatch } from './fold-batch';
import type { RunnerContext } from './runner-context';

export type CatchUpLimit = Readonly<{
  /** Fold events up to this global position (inclusive). @defaultValue the store's head when called */
  position?: number;
  /** Only fold events that occurred at or before this time (`metadata.occurredAt`). */
  time?: Date;
}>;

/**
 * Reads the global log from the version's checkpoint, in batches, and folds it in, each batch
 * committed with its checkpoint; ends with the checkpoint at the limit (so a read model whose
 * streams saw no recent event still counts as caught up). Returns the checkpoint reached.
 */
export const catchUpVersion = async (
  context: RunnerContext,
  projection: AnyProjection,
  address: ReadModelAddress,
  limit: CatchUpLimit = {},
): Promise<number> => {
  const { eventStore, readModels, serde, batchSize } = context;
  const head = limit.position ?? (await eventStore.headPosition());
  const until = limit.time?.getTime();
  const isIncluded = until === undefined ? undefined : (e: StoredEvent) => Date.parse(e.metadata.occurredAt) <= until;
  let checkpoint = await readModels.checkpoint(address);
  for (;;) {
    const batch: StoredEvent[] = [];
    for await (const stored of eventStore.readAll({ after: checkpoint, maxCount: batchSize, streamPrefixes: projection.streamPrefixes })) {
      if (stored.position > head) break;
      batch.push(stored);
    }
    checkpoint = await foldBatch(readModels, serde, projection, address, checkpoint, batch, isIncluded);
    if (batch.length < batchSize) break;
  }
  if (checkpoint < head) {
    await readModels.commit(address, { expectedCheckpoint: checkpoint, checkpoint: head, changes: [] });
    checkpoint = head;
  }
  return checkpoint;
};
