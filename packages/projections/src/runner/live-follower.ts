import { DepledgerError, isDepledgerError, type StoredEvent, type Subscription } from '@depledger/core';
import type { AnyProjection } from '../projection/projection';
import type { ReadModelAddress } from '../read-model-store/read-model-store';
import { foldBatch } from './fold-batch';
import type { RunnerContext } from './runner-context';

export type LiveFollower = Readonly<{
  /** The position folded so far. */
  checkpoint: () => number;
  /** The error that stopped the follower, if one did. */
  error: () => unknown;
  /** Stops following; what was received is folded first. */
  stop: () => Promise<void>;
}>;

/**
 * Follows the store's live feed from a checkpoint: events are gathered into batches (up to the batch
 * size, or whatever arrived before the feed pauses) and folded in order, one batch at a time.
 */
export const followLive = (
  context: RunnerContext,
  projection: AnyProjection,
  address: ReadModelAddress,
  from: number,
  onError: (error: unknown) => void,
): LiveFollower => {
  const { eventStore, readModels, serde, batchSize } = context;
  let checkpoint = from;
  let failure: unknown = null;
  let pending: StoredEvent[] = [];
  let folding: Promise<void> = Promise.resolve();
  let scheduled = false;
  const subscription: Subscription = eventStore.subscribe({ after: from, streamPrefixes: projection.streamPrefixes });

  const fail = (error: unknown) => {
    if (failure !== null) return;
    failure = error;
    pending = [];
    void subscription.close();
    onError(error);
  };
  const flush = (): Promise<void> => {
    folding = folding.then(async () => {
      if (failure !== null || pending.length === 0) return;
      const batch = pending;
      pending = [];
      try {
        checkpoint = await foldBatch(readModels, serde, projection, address, checkpoint, batch);
      } catch (error) {
        // Another writer folded some of these events first (an append that keeps its read models
        // current in its own transaction, another process's runner): go on from its checkpoint.
        const moved = isDepledgerError(error, 'READ_MODEL_CHECKPOINT_CONFLICT')
          ? await readModels.checkpoint(address).catch(() => checkpoint)
          : checkpoint;
        if (moved <= checkpoint) return fail(error);
        checkpoint = moved;
        try {
          checkpoint = await foldBatch(readModels, serde, projection, address, checkpoint, batch);
        } catch (again) {
          fail(again);
        }
      }
    });
    return folding;
  };
  const flushSoon = () => {
    if (scheduled) return;
    scheduled = true;
    setImmediate(() => {
      scheduled = false;
      void flush();
    });
  };

  let stopping = false;
  const consuming = (async () => {
    try {
      for await (const stored of subscription) {
        pending.push(stored);
        if (pending.length >= batchSize) await flush();
        else flushSoon();
      }
      if (!stopping) {
        await flush();
        fail(
          new DepledgerError(
            'PROJECTION_FEED_ENDED',
            `The event store's live feed ended while ${projection.name} was following it (was the store closed?). Start the runner again.`,
            { name: projection.name },
          ),
        );
      }
    } catch (error) {
      fail(error);
    }
  })();

  return {
    checkpoint: () => checkpoint,
    error: () => failure,
    stop: async () => {
      stopping = true;
      await subscription.close();
      await consuming;
      await flush();
    },
  };
};
