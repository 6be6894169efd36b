import { ConcurrencyError } from '../errors/concurrency-error';
import { DepledgerError } from '../errors/depledger-error';

/** Where a consumer got to: the global position of the last event it is done with. */
export type ConsumerCheckpoint = Readonly<{
  /** 0 when the consumer never stored a checkpoint. */
  position: number;
  /** The store's own version of the checkpoint (a stream revision, a read model version…): pass it back to `set`. */
  revision: number;
}>;

/**
 * The checkpoint port durable consumers keep their place with. It has the shape of the projection
 * checkpoints every store already keeps: `readModelCheckpoints(readModels)` from
 * @depledger/projections puts them beside the read models (memory, SQLite), and
 * `createEventStoreDbCheckpointStore(client)` from @depledger/store-eventstoredb in a stream each.
 */
export interface ConsumerCheckpointStore {
  /** The stored checkpoint, `{ position: 0, revision: -1 }` when there is none. */
  get(name: string): Promise<ConsumerCheckpoint>;
  /**
   * Moves the checkpoint to `position`, expecting it to be still `current` (as `get` or the last
   * `set` returned it); throws when another writer moved it meanwhile or when it would move back.
   */
  set(name: string, position: number, current: ConsumerCheckpoint): Promise<ConsumerCheckpoint>;
}

/** Checkpoints in memory: for tests and for consumers that may start again from the first event. */
export const createInMemoryConsumerCheckpoints = (): ConsumerCheckpointStore => {
  const stored = new Map<string, ConsumerCheckpoint>();
  return {
    get: async (name) => stored.get(name) ?? { position: 0, revision: -1 },
    set: async (name, position, current) => {
      const now = stored.get(name) ?? { position: 0, revision: -1 };
      if (now.revision !== current.revision)
        throw new ConcurrencyError(`checkpoint ${name}`, String(current.revision), String(now.revision));
      if (!Number.isSafeInteger(position) || position < now.position) {
        throw new DepledgerError(
          'CHECKPOINT_BACKWARDS',
          `The checkpoint of ${name} cannot move from ${now.position} to ${position}: checkpoints only move forward.`,
          {
            consumer: name,
            from: now.position,
            to: position,
          },
        );
      }
      const next = { position, revision: now.revision + 1 };
      stored.set(name, next);
      return next;
    },
  };
};
