import type { Event } from '../events/event';
import { legacyStreamPrefixes, streamPrefixes } from '../events/stream-names';
import { aggregateStream } from '../handling/aggregate-stream';
import { handleCommand, type HandleResult } from '../handling/command-handler';
import type { Command, Decider } from '../handling/decider';
import type { EventStore } from '../ports/event-store';
import type { EventSerde } from '../serde/event-serde';

/** The Business API's aggregates, by the key of their stream prefix. */
export type BusinessStreamKind = 'businessAccount' | 'orgDevice' | 'deviceAssignment' | 'deviceRemoval' | 'migrationChange';

const legacyPrefixOf = (kind: BusinessStreamKind): string | undefined => (legacyStreamPrefixes as Record<string, string | undefined>)[kind];

/** Every prefix a reader of the whole log selects for these aggregates: the current one and, where there was one, the one before it. */
export const businessStreamPrefixes = (...kinds: readonly BusinessStreamKind[]): string[] =>
  kinds.flatMap((kind) => [streamPrefixes[kind], legacyPrefixOf(kind) ?? []].flat());

/**
 * The Business API's aggregates, read across both names of their stream: the old stream (written
 * by depledger before the `dep-` prefix, never written again) is folded first, then the stream
 * under its current name. Appends go to the current name only, with the revision read there, so
 * concurrent writers still conflict; the old history is never copied nor rewritten.
 */
export const createBusinessStreams = (store: EventStore, serde: EventSerde) => {
  const continuing = async <State, C extends Command, E extends Event>(
    decider: Decider<State, C, E>,
    kind: BusinessStreamKind,
    id: string,
  ): Promise<Decider<State, C, E>> => {
    const legacy = legacyPrefixOf(kind);
    if (legacy === undefined) return decider;
    const before = await aggregateStream(store, serde, decider, `${legacy}${id}`);
    return before.revision === -1 ? decider : { ...decider, initialState: () => before.state };
  };
  return {
    async state<State, C extends Command, E extends Event>(decider: Decider<State, C, E>, kind: BusinessStreamKind, id: string) {
      return (await aggregateStream(store, serde, await continuing(decider, kind, id), `${streamPrefixes[kind]}${id}`)).state;
    },
    async handle<State, C extends Command, E extends Event>(
      decider: Decider<State, C, E>,
      kind: BusinessStreamKind,
      id: string,
      command: C,
    ): Promise<HandleResult<State, E>> {
      return handleCommand(store, serde, await continuing(decider, kind, id), `${streamPrefixes[kind]}${id}`, command);
    },
  };
};
