import type { EventMetadata } from '../events/event';
import type { RunFence, RunLeaseStore } from './run-leases';

/**
 * An event as a store keeps it: the versioned type name (`DeviceAssignedToServer.v1`) and
 * JSON-compatible data. Stores never interpret data; core's serde encodes and decodes.
 */
export type StoredEventInput = Readonly<{
  /** Stored type name, versioned: `<Type>.v<N>`. */
  type: string;
  data: unknown;
  metadata: EventMetadata;
}>;

export type StoredEvent = StoredEventInput &
  Readonly<{
    streamName: string;
    /** 0-based position within its stream. */
    revision: number;
    /** 1-based position in the store's global order. Positions only grow. */
    position: number;
  }>;

/**
 * What the writer expects the stream to be at: a revision (the last event's), `no_stream`
 * (must not exist yet), `stream_exists`, or `any`.
 */
export type ExpectedRevision = number | 'no_stream' | 'stream_exists' | 'any';

export type AppendResult = Readonly<{
  /** The stream's revision after the append (-1 if it is still empty). */
  nextExpectedRevision: number;
  /** The global position of the last event appended (or of the stream's last event if nothing new was written). */
  lastPosition: number;
  /** How many events were actually written; events whose id is already stored are skipped. */
  appended: number;
}>;

/** One stream's part of a multi-stream append. */
export type StreamWrite = Readonly<{ streamName: string; events: readonly StoredEventInput[]; expectedRevision: ExpectedRevision }>;

/**
 * How an append is made. `fence`: the write belongs to a sync run holding its token's lease at that
 * epoch; a store that keeps run leases (`runLeases`) checks, in the same transaction as the append,
 * that the lease is still held at that epoch, else throws `SYNC_RUN_LEASE_LOST` and writes nothing
 * (docs/reliability.md says how strictly each store does it). Stores without leases ignore it.
 */
export type AppendOptions = Readonly<{ expectedRevision: ExpectedRevision; fence?: RunFence }>;

/** How a multi-stream append is made: `fence` as for `AppendOptions`, for the whole call. */
export type AppendToStreamsOptions = Readonly<{ fence?: RunFence }>;

export type ReadStreamOptions = Readonly<{ fromRevision?: number; maxCount?: number }>;

export type ReadAllOptions = Readonly<{
  /** Exclusive: events with a greater position are returned. 0 (the default) reads from the start. */
  after?: number;
  maxCount?: number;
  /** Only streams whose name starts with one of these prefixes (matched literally; an empty list means every stream). */
  streamPrefixes?: readonly string[];
}>;

/** `maxCount` ends the subscription after that many events. */
export type SubscribeOptions = ReadAllOptions;

/** A live feed of the global log: it yields what is stored after `after`, then waits for what comes next. */
export interface Subscription extends AsyncIterable<StoredEvent> {
  /** Ends the feed; a pending iteration finishes. */
  close(): Promise<void>;
}

/**
 * The port every store implements (memory, SQLite, EventStoreDB). Appends are atomic per call and
 * idempotent by `metadata.eventId` within the stream appended to (SQLite also across streams: its
 * ids are unique in the file); reads stream (never buffer a whole stream) and are not snapshots
 * (a long read may also return events appended while it runs); a missing stream reads as empty.
 */
export interface EventStore {
  readStream(streamName: string, options?: ReadStreamOptions): AsyncIterable<StoredEvent>;
  /**
   * Optional, for stores that can read a stream synchronously (memory; an embedded database, for a
   * short stream): the whole stream at once (empty when missing), or `undefined` when the store would
   * rather stream it (a long stream on disk: `readStream` then reads it a page at a time). The array
   * must not be modified or kept across an await. Command handling folds through it without a
   * promise per event.
   */
  readStreamInMemory?(streamName: string): readonly StoredEvent[] | undefined;
  /**
   * Optional: `readStreamInMemory` for many streams in one call, each stream's answer at its place
   * (SQLite reads them in one read transaction instead of one per stream). Command handling folds a
   * page of devices through it.
   */
  readStreamsInMemory?(streamNames: readonly string[]): readonly (readonly StoredEvent[] | undefined)[];
  /** The stream's last revision, or -1 when it does not exist. */
  streamRevision(streamName: string): Promise<number>;
  appendToStream(streamName: string, events: readonly StoredEventInput[], options: AppendOptions): Promise<AppendResult>;
  /**
   * Optional: appends to several streams at once, all or nothing, each write with its own expected
   * revision and the same idempotency rule as `appendToStream` (a conflict on any stream throws
   * ConcurrencyError and writes nothing). Results are in the order of the writes. Stores that can
   * make it one transaction offer it; command handling uses it to write a page of devices at once.
   */
  appendToStreams?(writes: readonly StreamWrite[], options?: AppendToStreamsOptions): Promise<AppendResult[]>;
  readAll(options?: ReadAllOptions): AsyncIterable<StoredEvent>;
  /**
   * Optional: the events `readAll(options)` would yield, at once — for readers that go through the
   * log in bounded batches (a projection's catch-up) and would otherwise pay a promise per event.
   * `maxCount` is required: a page is never the whole log unless asked for.
   */
  readAllPage?(options: ReadAllOptions & Readonly<{ maxCount: number }>): Promise<readonly StoredEvent[]>;
  /** The global position of the last stored event (0 when empty). */
  headPosition(): Promise<number>;
  subscribe(options?: SubscribeOptions): Subscription;
  /**
   * Optional: where sync runs keep their leases in this store (outside the event log). Without it a
   * run whose process died blocks its token until the run's deadline. A store that offers it checks
   * the `fence` of its appends against these leases.
   */
  readonly runLeases?: RunLeaseStore;
  /** Releases connections and timers so the process can exit. */
  close(): Promise<void>;
}
