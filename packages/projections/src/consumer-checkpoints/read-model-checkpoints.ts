import { ConcurrencyError, isDepledgerError, type ConsumerCheckpoint, type ConsumerCheckpointStore } from '@depledger/core';
import type { ReadModelStore } from '../read-model-store/read-model-store';

/** The read-model name a consumer's checkpoint is kept under. */
export const consumerCheckpointName = (consumer: string): string => `consumer:${consumer}`;

/**
 * Durable consumers' checkpoints kept where projections keep theirs: each consumer is a read model
 * (`consumer:<name>`) with no documents, and its checkpoint moves with the read-model store's own
 * compare-and-set (`commit`), so in SQLite it lives in the same file as the events. The checkpoint's
 * `revision` is the read model's version.
 */
export const readModelCheckpoints = (readModels: ReadModelStore): ConsumerCheckpointStore => {
  const address = async (consumer: string) => {
    const name = consumerCheckpointName(consumer);
    const live = await readModels.live(name);
    if (live) return live;
    const created = await readModels.createVersion(name, 1);
    await readModels.switchTo(created);
    return created;
  };
  return {
    get: async (consumer): Promise<ConsumerCheckpoint> => {
      const { name, version } = await address(consumer);
      return { position: await readModels.checkpoint({ name, version }), revision: version };
    },
    set: async (consumer, position, current): Promise<ConsumerCheckpoint> => {
      const name = consumerCheckpointName(consumer);
      try {
        await readModels.commit(
          { name, version: current.revision },
          { expectedCheckpoint: current.position, checkpoint: position, changes: [] },
        );
      } catch (error) {
        if (isDepledgerError(error, 'READ_MODEL_CHECKPOINT_CONFLICT') && position >= current.position) {
          throw new ConcurrencyError(`checkpoint ${consumer}`, String(current.position), String(error.details.actual));
        }
        throw error;
      }
      return { position, revision: current.revision };
    },
  };
};
