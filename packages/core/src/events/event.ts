/**
 * Events are plain, read-only data: a type, a payload, metadata. Dates are ISO-8601 strings, no
 * classes, no bigints, so an event always serialises and always deserialises.
 */
export type EventMetadata = Readonly<{
  /** Unique id; deterministic when the event comes from an outside fact, so a replay appends nothing twice. */
  eventId: string;
  /** When it happened, ISO-8601 UTC. */
  occurredAt: string;
  /** Who caused it: `admin:<id>`, `system:sync`, `mdm:checkin`, ... */
  actor: string;
  /**
   * Who asked for the work that recorded it, when that is not the actor: the administrator who
   * asked for a sync run, on the facts the run records as `system:sync`. Absent otherwise.
   */
  requestedBy?: string;
  correlationId: string;
  causationId: string | null;
  /** The DEP server token this event belongs to, when it belongs to one. */
  tokenId: string | null;
  /**
   * The organisation (tenant) whose depledger recorded it; absent for the default tenant (every event
   * of a store written before tenants existed). Set by the tenant's scoped store, never by callers.
   */
  tenantId?: string;
}>;

export type Event<Type extends string = string, Data extends object = object> = Readonly<{
  type: Type;
  data: Readonly<Data>;
  metadata: EventMetadata;
}>;

/** What a decider returns: the facts, without metadata (the command handler adds it). */
export type EventDraft<E extends Event = Event> = E extends Event ? Readonly<{ type: E['type']; data: E['data'] }> : never;

/** An event as read back from a store: the decoded event plus where it sits. */
export type RecordedEvent<E extends Event = Event> = E &
  Readonly<{
    streamName: string;
    /** 0-based position within its stream. */
    revision: number;
    /** 1-based position in the store's global order. */
    position: number;
  }>;
