import type { Event, EventDraft } from '../events/event';

/** What every command carries besides its data: who, when, and how it relates to other messages. */
export type CommandMetadata = Readonly<{
  /** The time the command is decided at, from the application's Clock. */
  now: Date;
  actor: string;
  /** Who asked for the work, when not the actor (recorded as `metadata.requestedBy`). */
  requestedBy?: string;
  correlationId?: string;
  causationId?: string;
  /**
   * A key that identifies this command's outcome in the outside world (an Apple record, a page).
   * When given, the events' ids derive from it, so the same command applied twice stores nothing new.
   */
  idempotencyKey?: string;
  /**
   * The time of the outside fact the idempotency key names (Unix milliseconds): the ids then lead
   * with it, so the ids of facts of the same moment sort together in the store (see
   * `timedDeterministicEventId`). Must be the same every time the same fact is applied.
   */
  idempotencyTime?: number;
}>;

export type Command<Type extends string = string, Data extends object = object> = Readonly<{
  type: Type;
  data: Readonly<Data>;
  metadata: CommandMetadata;
}>;

/**
 * A decider is the whole behaviour of an aggregate: pure `decide` (refusals are thrown as
 * RuleViolation, or recorded as events where the domain wants a record of them), pure `evolve`,
 * and the state before any event.
 */
export type Decider<State, C extends Command, E extends Event> = Readonly<{
  decide: (command: C, state: State) => readonly EventDraft<E>[];
  evolve: (state: State, event: E) => State;
  initialState: () => State;
}>;

export const draft = <E extends Event>(type: E['type'], data: E['data']): EventDraft<E> => ({ type, data }) as unknown as EventDraft<E>;

export const assertNever = (value: never): never => {
  throw new Error(`Unexpected value: ${JSON.stringify(value)}`);
};
