import { DepledgerError, isDepledgerError, type StoredEvent, type Subscription } from '@depledger/core';
import { readModelErrorCodes } from '../read-model-store/read-model-errors';
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
        for (let attempt = 1; ; attempt++) {
          try {
            checkpoint = await foldBatch(readModels, serde, projection, address, checkpoint, batch);
            break;
          } catch (error) {
            // Another node's runner folds the same read model (several servers on one PostgreSQL
            // schema): its commit moved the checkpoint first. Those events are folded; carry on from
            // its checkpoint, folding only what lies beyond it (documents are read afresh).
            if (!isDepledgerError(error, readModelErrorCodes.checkpointConflict) || attempt >= 5) throw error;
            const stored = await readModels.checkpoint(address);
            if (stored <= checkpoint) throw error;
            checkpoint = stored;
          }
        }
      } catch (error) {
        fail(error);
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
