import type { Event } from '../events/event';
import type { EventStore, StoredEvent } from '../ports/event-store';
import type { EventSerde } from '../serde/event-serde';
import type { Decider } from './decider';

/**
 * Reads a stream and folds it into state as it streams (never buffering the stream), returning the
 * state and the revision it was read at (-1 for no stream).
 */
export const aggregateStream = async <State, E extends Event>(
  store: EventStore,
  serde: EventSerde,
  decider: Pick<Decider<State, never, E>, 'evolve' | 'initialState'>,
  streamName: string,
): Promise<{ state: State; revision: number }> => {
  let state = decider.initialState();
  let revision = -1;
  const events = store.readStream(streamName);
  if (Symbol.iterator in events) {
    // A store that can hand the stream over synchronously (the in-memory one) is folded without a promise per event.
    for (const stored of events as unknown as Iterable<StoredEvent>) {
      state = decider.evolve(state, serde.decode<E>(stored));
      revision = stored.revision;
    }
    return { state, revision };
  }
  for await (const stored of events) {
    state = decider.evolve(state, serde.decode<E>(stored));
    revision = stored.revision;
  }
  return { state, revision };
};
