import type { ConsumerCheckpointStore } from './consumer-checkpoints';
import type { ConsumerLeaseOptions } from './consumer-lease';
import type { ConsumableEventType, ConsumedEvent } from './consumed-event';
import type { RetryBackoff } from './retry-backoff';

/** One failed attempt at handling an event, as `onFailure` hears of it. */
export type ConsumerFailure = Readonly<{
  consumer: string;
  position: number;
  eventId: string;
  eventType: string;
  attempt: number;
  /** The handler's error (or the decoding error). */
  error: unknown;
  /** True when this was the last attempt and the event is set aside as a dead letter. */
  deadLettered: boolean;
}>;

/** What `depledger.consume(name, options)` is told. */
export type ConsumeOptions<T extends ConsumableEventType = ConsumableEventType> = Readonly<{
  /** The event types to receive (`DeviceAssignedToServer`, `DeviceEnrolled`…). @defaultValue every depledger event */
  types?: readonly T[];
  /**
   * Handles one event. Events come one at a time, in the store's global order; an event is handled
   * at least once (again after a crash before its checkpoint was stored), so make the handler
   * idempotent — `event.metadata.eventId` is stable. A throw is retried with backoff.
   */
  handle(event: ConsumedEvent<T>): Promise<void> | void;
  /** Attempts before an event is set aside as a dead letter. @defaultValue 5 */
  maxAttempts?: number;
  /** Waits between attempts. @defaultValue `{ initialMs: 500, maxMs: 30000 }` */
  backoff?: RetryBackoff;
  /**
   * Where the checkpoint is kept. @defaultValue the `consumerCheckpoints` given to createDepledger,
   * or memory (the consumer then starts from the first event in each process)
   */
  checkpoints?: ConsumerCheckpointStore;
  /**
   * Several processes running a consumer of this name on one store (nodes of one service): with a
   * lease, one of them delivers at a time and the others wait; when the one delivering stops or
   * dies, another takes over from the stored checkpoint once the lease lapses (`ttlMs`). Without
   * one, each process delivers every event. @defaultValue none
   */
  lease?: ConsumerLeaseOptions;
  /**
   * A position the consumer starts after when its stored checkpoint is below it (a consumer made for
   * something registered at that position, which wants nothing from before). Applied by the node
   * that holds the lease, so nodes starting the consumer at once do not race on the checkpoint.
   * @defaultValue 0
   */
  startAfter?: number;
  /** Hears of every failed attempt (for logs and metrics); it must not throw. */
  onFailure?(failure: ConsumerFailure): void;
}>;
