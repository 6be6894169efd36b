import { isDepledgerError } from '../errors/depledger-error';
import type { Event } from '../events/event';
import type { EventStore, StreamWrite } from '../ports/event-store';
import type { EventSerde } from '../serde/event-serde';
import { aggregateStreams } from './aggregate-stream';
import { handleCommand, withMetadata, type HandleOptions } from './command-handler';
import type { Command, Decider } from './decider';
import type { StagedWrites } from './staged-writes';

export type BatchCommand<C extends Command> = Readonly<{ streamName: string; command: C }>;

export type BatchOutcome<State, E extends Event> =
  | Readonly<{
      ok: true;
      events: readonly E[];
      state: State;
      /**
       * The stream's revision that `state` is the fold of (-1: no stream), what a later `known` lookup
       * may return with it; null when that is not certain (the events were found already stored).
       */
      revision: number | null;
    }>
  | Readonly<{ ok: false; error: unknown }>;

/** A stream's state at a revision, as the caller last saw it. */
export type KnownStream<State> = Readonly<{ state: State; revision: number }>;

export type BatchOptions<State, C extends Command = Command> = Omit<HandleOptions, 'known'> &
  Readonly<{
    /**
     * The state the caller already holds for a stream (what an earlier command on it returned), or
     * undefined: a command decided on it skips reading the stream. The append still expects that
     * revision, so a stale state costs a conflict and a fresh read, never a wrong decision; a
     * command refused, or deciding nothing, on a known state is decided again on a fresh read.
     */
    known?: (streamName: string) => KnownStream<State> | undefined;
    /**
     * Where the batch's writes wait to be appended together with others (see `createStagedWrites`)
     * instead of being appended now; the outcomes are those of an append that met no other writer.
     */
    staged?: StagedWrites<C>;
  }>;

type Decided<State, E extends Event> = Readonly<{ state: State; revision: number; events: E[]; error: unknown }>;

/**
 * Handles many commands, one per stream, as one write when the store offers `appendToStreams`:
 * read and fold each stream (or start from the state the caller holds), decide each command (a
 * refusal is that command's outcome, not the batch's), then append every stream's events in one
 * atomic call. If another writer got to one of the streams first, the batch falls back to handling
 * each command on its own (with `retries`, each reading its stream afresh). Stores without
 * multi-stream appends get the commands handled one by one.
 */
export const handleCommandBatch = async <State, C extends Command, E extends Event>(
  store: EventStore,
  serde: EventSerde,
  decider: Decider<State, C, E>,
  batch: readonly BatchCommand<C>[],
  options: BatchOptions<State, C> = {},
): Promise<BatchOutcome<State, E>[]> => {
  const { known, staged, ...handleOptions } = options;
  const oneByOne = () =>
    Promise.all(
      batch.map(({ streamName, command }) =>
        handleCommand(store, serde, decider, streamName, command, handleOptions).then(
          (r): BatchOutcome<State, E> => ({
            ok: true,
            events: r.events,
            state: r.state,
            revision: r.events.length > 0 ? r.nextExpectedRevision : null,
          }),
          (error: unknown): BatchOutcome<State, E> => ({ ok: false, error }),
        ),
      ),
    );
  const distinct = new Set(batch.map((b) => b.streamName)).size === batch.length;
  if (!store.appendToStreams || !distinct || batch.length === 0) return oneByOne();

  const decide = (streamName: string, command: C, { state, revision }: KnownStream<State>): Decided<State, E> => {
    try {
      const drafts = decider.decide(command, state);
      return { state, revision, events: withMetadata<E>(streamName, drafts, command, state), error: null };
    } catch (error) {
      return { state, revision, events: [], error };
    }
  };
  // 1-2. decide each command on the state held for its stream; fold the others (every stream to read
  // in one call where the store offers it) and decide theirs
  const decided: (Decided<State, E> | undefined)[] = batch.map(({ streamName, command }) => {
    const held = known?.(streamName);
    if (held === undefined) return undefined;
    const onKnown = decide(streamName, command, held);
    return onKnown.error === null && onKnown.events.length > 0 ? onKnown : undefined;
  });
  const toRead = batch.filter((_, index) => decided[index] === undefined);
  const folded = await aggregateStreams(
    store,
    serde,
    decider,
    toRead.map((b) => b.streamName),
  );
  let next = 0;
  batch.forEach(({ streamName, command }, index) => {
    if (decided[index] === undefined) decided[index] = decide(streamName, command, folded[next++]!);
  });
  const decisions = decided as Decided<State, E>[];
  // 3. one atomic append for every stream that has something to record
  const writes: StreamWrite[] = [];
  const writeOf: number[] = [];
  const commandsOf: C[] = [];
  decisions.forEach((d, index) => {
    if (d.error !== null || d.events.length === 0) return;
    writeOf[index] = writes.length;
    commandsOf.push(batch[index]!.command);
    writes.push({
      streamName: batch[index]!.streamName,
      events: d.events.map((e) => serde.encode(e)),
      expectedRevision: d.revision === -1 ? 'no_stream' : d.revision,
    });
  });
  let results: Awaited<ReturnType<NonNullable<EventStore['appendToStreams']>>>;
  try {
    results = writes.length === 0 ? [] : staged !== undefined ? await staged.add(writes, commandsOf) : await store.appendToStreams(writes);
  } catch (error) {
    if (isDepledgerError(error, 'CONCURRENCY_CONFLICT')) return oneByOne();
    throw error;
  }
  // 4. every command's outcome
  return decisions.map((d, index): BatchOutcome<State, E> => {
    if (d.error !== null) return { ok: false, error: d.error };
    const write = writeOf[index];
    const result = write === undefined ? undefined : results[write];
    if (result === undefined) return { ok: true, events: [], state: d.state, revision: d.revision };
    const state = d.events.reduce(decider.evolve, d.state);
    const whole = result.appended === d.events.length;
    return { ok: true, events: result.appended === 0 ? [] : d.events, state, revision: whole ? result.nextExpectedRevision : null };
  });
};
