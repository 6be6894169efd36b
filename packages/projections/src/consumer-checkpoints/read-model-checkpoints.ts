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
    try {
      await readModels.switchTo(await readModels.createVersion(name, 1));
    } catch (error) {
      // Another node switched to a later version first, which removed this one: that one is live.
      if (!isDepledgerError(error, 'READ_MODEL_VERSION_UNKNOWN')) throw error;
    }
    // Another node may have created and switched to a version of its own meanwhile: the live one is the one.
    const now = await readModels.live(name);
    if (!now) throw new Error(`the checkpoint read model ${name} has no live version right after it was created`);
    return now;
  };
  return {
    get: async (consumer): Promise<ConsumerCheckpoint> => {
      // A version read a moment ago may be gone when two nodes created the checkpoint at once: read it again.
      for (let attempt = 1; ; attempt++) {
        try {
          const { name, version } = await address(consumer);
          return { position: await readModels.checkpoint({ name, version }), revision: version };
        } catch (error) {
          if (attempt >= 3 || !isDepledgerError(error, 'READ_MODEL_VERSION_UNKNOWN')) throw error;
        }
      }
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
        // Another node's version of the checkpoint replaced the one this caller read: read it again.
        if (isDepledgerError(error, 'READ_MODEL_VERSION_UNKNOWN')) {
          throw new ConcurrencyError(`checkpoint ${consumer}`, `version ${current.revision}`, 'another version');
        }
        throw error;
      }
      return { position, revision: current.revision };
    },
  };
};
