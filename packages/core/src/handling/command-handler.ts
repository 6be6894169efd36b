import { isDepledgerError } from '../errors/depledger-error';
import type { Event, EventDraft, EventMetadata } from '../events/event';
import type { EventStore, StoredEventInput } from '../ports/event-store';
import type { EventSerde } from '../serde/event-serde';
import { aggregateStream } from './aggregate-stream';
import type { Command, Decider } from './decider';
import { deterministicEventId, newEventId, timedDeterministicEventId } from './event-ids';

export type HandleOptions<State = unknown> = Readonly<{
  /**
   * Opt-in: on a concurrency conflict, re-read and decide again, at most this many extra times.
   * Only for commands whose decision may safely be re-made against newer state.
   */
  retries?: number;
  /**
   * The stream's state at a revision the caller already holds (what its last command on the stream
   * returned): decided on first instead of reading the stream again. The append still expects that
   * revision; a conflict, a refusal or a decision to record nothing on it falls back to a fresh read.
   */
  known?: Readonly<{ state: State; revision: number }>;
}>;

export type HandleResult<State, E extends Event> = Readonly<{
  /** The events appended (empty when the decider decided nothing, or they were already stored). */
  events: readonly E[];
  state: State;
  nextExpectedRevision: number;
}>;

const tokenIdOf = (data: object, state: unknown): string | null => {
  const fromData = (data as { tokenId?: unknown }).tokenId;
  if (typeof fromData === 'string') return fromData;
  const fromState = (state as { tokenId?: unknown } | null)?.tokenId;
  return typeof fromState === 'string' ? fromState : null;
};

/** Adds metadata to what a decider decided: ids (deterministic from an idempotency key), time, actor, correlation. */
export const withMetadata = <E extends Event>(
  streamName: string,
  drafts: readonly EventDraft<E>[],
  command: Command,
  state: unknown,
): E[] => {
  const m = command.metadata;
  const correlationId = m.correlationId ?? newEventId();
  return drafts.map((d, index) => {
    const metadata: { -readonly [K in keyof EventMetadata]: EventMetadata[K] } = {
      eventId: !m.idempotencyKey
        ? newEventId()
        : m.idempotencyTime === undefined
          ? deterministicEventId(streamName, m.idempotencyKey, d.type, index)
          : timedDeterministicEventId(m.idempotencyTime, streamName, m.idempotencyKey, d.type, index),
      occurredAt: m.now.toISOString(),
      actor: m.actor,
      correlationId,
      causationId: m.causationId ?? null,
      tokenId: tokenIdOf(d.data, state),
    };
    // set, not spread in: a literal that gains a field by a spread gets a hidden class of its own
    if (m.requestedBy !== undefined && m.requestedBy !== m.actor) metadata.requestedBy = m.requestedBy;
    return { type: d.type, data: d.data, metadata } as unknown as E;
  });
};

/**
 * The command pipeline: 1. read and fold the stream, 2. decide, 3. nothing to record? stop,
 * 4. add metadata, 5. append with the revision read (ConcurrencyError if someone was faster),
 * 6. return the new state. Refusals thrown by the decider propagate; nothing is appended then.
 */
export const handleCommand = async <State, C extends Command, E extends Event>(
  store: EventStore,
  serde: EventSerde,
  decider: Decider<State, C, E>,
  streamName: string,
  command: C,
  options: HandleOptions<State> = {},
): Promise<HandleResult<State, E>> => {
  let known = options.known;
  for (let attempt = 0; ;) {
    // 1. read and fold (or start from the state the caller holds, once)
    const fromKnown = known !== undefined;
    const { state, revision } = known ?? (await aggregateStream(store, serde, decider, streamName));
    known = undefined;
    // 2. decide
    let drafts: readonly EventDraft<E>[];
    try {
      drafts = decider.decide(command, state);
    } catch (error) {
      if (fromKnown) continue;
      throw error;
    }
    // 3. nothing to record
    if (drafts.length === 0) {
      if (fromKnown) continue;
      return { events: [], state, nextExpectedRevision: revision };
    }
    // 4. metadata
    const events = withMetadata<E>(streamName, drafts, command, state);
    // 5. append with the revision we decided on
    try {
      const stored: StoredEventInput[] = events.map((e) => serde.encode(e));
      const result = await store.appendToStream(streamName, stored, { expectedRevision: revision === -1 ? 'no_stream' : revision });
      // 6. the new state
      const next = events.reduce(decider.evolve, state);
      return { events: result.appended === 0 ? [] : events, state: next, nextExpectedRevision: result.nextExpectedRevision };
    } catch (error) {
      if (isDepledgerError(error, 'CONCURRENCY_CONFLICT') && fromKnown) continue;
      if (isDepledgerError(error, 'CONCURRENCY_CONFLICT') && attempt++ < (options.retries ?? 0)) continue;
      throw error;
    }
  }
};
