import type { Event } from '../events/event';
import type { EventStore, StoredEvent } from '../ports/event-store';
import type { EventSerde } from '../serde/event-serde';
import type { Decider } from './decider';

type Folded<State> = { state: State; revision: number };

const foldInMemory = <State, E extends Event>(
  events: readonly StoredEvent[],
  serde: EventSerde,
  decider: Pick<Decider<State, never, E>, 'evolve' | 'initialState'>,
): Folded<State> => {
  let state = decider.initialState();
  for (let i = 0; i < events.length; i++) state = decider.evolve(state, serde.decode<E>(events[i] as StoredEvent));
  return { state, revision: events.length - 1 };
};

const foldStreaming = async <State, E extends Event>(
  store: EventStore,
  serde: EventSerde,
  decider: Pick<Decider<State, never, E>, 'evolve' | 'initialState'>,
  streamName: string,
): Promise<Folded<State>> => {
  let state = decider.initialState();
  let revision = -1;
  for await (const stored of store.readStream(streamName)) {
    state = decider.evolve(state, serde.decode<E>(stored));
    revision = stored.revision;
  }
  return { state, revision };
};

/**
 * `aggregateStream` for many streams, the answers in the same order: a store that reads many
 * streams at once (`readStreamsInMemory`) is asked once for all of them.
 */
export const aggregateStreams = <State, E extends Event>(
  store: EventStore,
  serde: EventSerde,
  decider: Pick<Decider<State, never, E>, 'evolve' | 'initialState'>,
  streamNames: readonly string[],
): Promise<Folded<State>[]> => {
  if (!store.readStreamsInMemory || streamNames.length < 2)
    return Promise.all(streamNames.map((streamName) => aggregateStream(store, serde, decider, streamName)));
  try {
    const read = store.readStreamsInMemory(streamNames);
    return Promise.all(
      streamNames.map((streamName, index) => {
        const events = read[index];
        return events === undefined ? foldStreaming(store, serde, decider, streamName) : foldInMemory(events, serde, decider);
      }),
    );
  } catch (error) {
    return Promise.reject(error);
  }
};

/**
 * Reads a stream and folds it into state as it streams (never buffering the stream), returning the
 * state and the revision it was read at (-1 for no stream). A store that reads the stream at once
 * (`readStreamInMemory`: memory, SQLite for a short stream) is folded synchronously: no promise per
 * event, and one settled promise for the call.
 */
export const aggregateStream = <State, E extends Event>(
  store: EventStore,
  serde: EventSerde,
  decider: Pick<Decider<State, never, E>, 'evolve' | 'initialState'>,
  streamName: string,
): Promise<Folded<State>> => {
  if (!store.readStreamInMemory) return foldStreaming(store, serde, decider, streamName);
  try {
    const events = store.readStreamInMemory(streamName);
    // undefined: a stream the store would rather hand over a page at a time
    return events === undefined ? foldStreaming(store, serde, decider, streamName) : Promise.resolve(foldInMemory(events, serde, decider));
  } catch (error) {
    return Promise.reject(error);
  }
};
