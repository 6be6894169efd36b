import { isDepledgerError } from '../errors/depledger-error';
import type { Event } from '../events/event';
import type { EventStore, StreamWrite } from '../ports/event-store';
import type { EventSerde } from '../serde/event-serde';
import { aggregateStream } from './aggregate-stream';
import { handleCommand, withMetadata, type HandleOptions } from './command-handler';
import type { Command, Decider } from './decider';

export type BatchCommand<C extends Command> = Readonly<{ streamName: string; command: C }>;

export type BatchOutcome<State, E extends Event> =
  Readonly<{ ok: true; events: readonly E[]; state: State }> | Readonly<{ ok: false; error: unknown }>;

/**
 * Handles many commands, one per stream, as one write when the store offers `appendToStreams`:
 * read and fold each stream, decide each command (a refusal is that command's outcome, not the
 * batch's), then append every stream's events in one atomic call. If another writer got to one of
 * the streams first, the batch falls back to handling each command on its own (with `retries`).
 * Stores without multi-stream appends get the commands handled one by one.
 */
export const handleCommandBatch = async <State, C extends Command, E extends Event>(
  store: EventStore,
  serde: EventSerde,
  decider: Decider<State, C, E>,
  batch: readonly BatchCommand<C>[],
  options: Omit<HandleOptions, 'known'> = {},
): Promise<BatchOutcome<State, E>[]> => {
  const oneByOne = () =>
    Promise.all(
      batch.map(({ streamName, command }) =>
        handleCommand(store, serde, decider, streamName, command, options).then(
          (r): BatchOutcome<State, E> => ({ ok: true, events: r.events, state: r.state }),
          (error: unknown): BatchOutcome<State, E> => ({ ok: false, error }),
        ),
      ),
    );
  const distinct = new Set(batch.map((b) => b.streamName)).size === batch.length;
  if (!store.appendToStreams || !distinct || batch.length === 0) return oneByOne();

  // 1-2. read, fold and decide each command
  const decided = await Promise.all(
    batch.map(async ({ streamName, command }) => {
      const { state, revision } = await aggregateStream(store, serde, decider, streamName);
      try {
        const drafts = decider.decide(command, state);
        return { streamName, state, revision, events: withMetadata<E>(streamName, drafts, command, state), error: null as unknown };
      } catch (error) {
        return { streamName, state, revision, events: [] as E[], error };
      }
    }),
  );
  // 3. one atomic append for every stream that has something to record
  const writes: StreamWrite[] = decided
    .filter((d) => d.error === null && d.events.length > 0)
    .map((d) => ({
      streamName: d.streamName,
      events: d.events.map((e) => serde.encode(e)),
      expectedRevision: d.revision === -1 ? 'no_stream' : d.revision,
    }));
  let appended: Map<string, number>;
  try {
    const results = writes.length > 0 ? await store.appendToStreams(writes) : [];
    appended = new Map(writes.map((w, i) => [w.streamName, results[i]?.appended ?? 0]));
  } catch (error) {
    if (isDepledgerError(error, 'CONCURRENCY_CONFLICT')) return oneByOne();
    throw error;
  }
  // 4. every command's outcome
  return decided.map((d): BatchOutcome<State, E> => {
    if (d.error !== null) return { ok: false, error: d.error };
    const state = d.events.reduce(decider.evolve, d.state);
    return { ok: true, events: (appended.get(d.streamName) ?? 0) === 0 ? [] : d.events, state };
  });
};
