import { DepledgerError } from '../errors/depledger-error';
import type { EventStore, StreamWrite } from '../ports/event-store';
import type { RunFence } from '../ports/run-leases';

/**
 * The error a store throws when an append's fence no longer holds: another run took the token's
 * lease over (`heldEpoch` is its epoch) or the lease was released (`heldEpoch` null). Nothing of the
 * append was written.
 */
export const runLeaseLost = (fence: RunFence, heldEpoch: number | null): DepledgerError =>
  new DepledgerError(
    'SYNC_RUN_LEASE_LOST',
    `A write of a sync run of token ${fence.tokenId} was refused and nothing was written: the run's lease (epoch ${fence.epoch}) ${
      heldEpoch === null ? 'is no longer held' : `was taken over by another run (epoch ${heldEpoch})`
    }. The run that holds the token now resumes from the last recorded page.`,
    { tokenId: fence.tokenId, epoch: fence.epoch, heldEpoch },
  );

/**
 * The store as a run holding its token's lease writes to it: every append carries the run's fence,
 * so once another run takes the token over the store refuses this run's writes (SYNC_RUN_LEASE_LOST)
 * instead of letting a write already on its way commit after the takeover. Reads go to the store.
 */
export const fencedStore = (store: EventStore, fence: RunFence): EventStore =>
  new Proxy(store, {
    get: (target, property, receiver) => {
      if (property === 'appendToStream')
        return (
          streamName: string,
          events: Parameters<EventStore['appendToStream']>[1],
          options: Parameters<EventStore['appendToStream']>[2],
        ) => target.appendToStream(streamName, events, { ...options, fence });
      if (property === 'appendToStreams' && target.appendToStreams) {
        const appendToStreams = target.appendToStreams.bind(target);
        return (writes: readonly StreamWrite[]) => appendToStreams(writes, { fence });
      }
      const value = Reflect.get(target, property, receiver) as unknown;
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
