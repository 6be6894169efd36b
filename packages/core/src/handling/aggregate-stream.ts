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
  if (store.readStreamInMemory) {
    // A store that holds the stream in memory is folded without a promise per event.
    const events = store.readStreamInMemory(streamName);
    for (let i = 0; i < events.length; i++) state = decider.evolve(state, serde.decode<E>(events[i] as StoredEvent));
    return { state, revision: events.length - 1 };
  }
  for await (const stored of store.readStream(streamName)) {
    state = decider.evolve(state, serde.decode<E>(stored));
    revision = stored.revision;
  }
  return { state, revision };
};
