import type { Clock } from '../ports/clock';
import type { DepGateway } from '../ports/dep-gateway';
import type { EventStore } from '../ports/event-store';
import type { Vault } from '../ports/vault';
import type { EventSerde } from '../serde/event-serde';
import type { SyncPolicy } from '../sync/sync-policy';
import type { AssignmentWaits } from './assignment-waits';

/** What every part of the sync engine works with. */
export type SyncEngineContext = Readonly<{
  store: EventStore;
  gateway: DepGateway;
  vault: Vault;
  clock: Clock;
  policy: SyncPolicy;
  serde: EventSerde;
  /** Page size asked of Apple; undefined lets Apple choose (100 by default, 1000 at most). */
  pageLimit: number | undefined;
  /** How many device streams of one page are written at the same time. */
  applyConcurrency: number;
  /** How often the deadline is compared with the clock while a call to Apple is in flight. */
  deadlineCheckIntervalMs: number;
  /** The devices waiting on an assignment, kept current from the store. */
  assignmentWaits: AssignmentWaits;
}>;

/**
 * Commands carry this so every event of a run shares its correlation id. `actor` is who the facts
 * are recorded as; `requestedBy`, when given, is who asked (recorded as `metadata.requestedBy`).
 */
export type RunMetadata = Readonly<{ actor: string; correlationId: string; requestedBy?: string }>;

export const commandMetadata = (context: SyncEngineContext, run: RunMetadata, idempotencyKey?: string) => ({
  now: context.clock.now(),
  actor: run.actor,
  ...(run.requestedBy === undefined ? {} : { requestedBy: run.requestedBy }),
  correlationId: run.correlationId,
  ...(idempotencyKey === undefined ? {} : { idempotencyKey }),
});
