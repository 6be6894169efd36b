import { add } from 'date-fns/add';
import type { Duration } from 'date-fns';
import type { SyncPolicy } from '../sync/sync-policy';
import type { SyncState } from '../sync/sync-state';

/** What the scheduler may do for a token in a pass. */
export type ScheduledTask = 'expiry_check' | 'full_sync' | 'delta_sync' | 'assignment_retry' | 'account_expiry_check';

/** What the scheduler remembers of a token between passes (kept in the store, see scheduler-memory.ts). */
export type TokenMemory = {
  expiryCheckedAt: Date | null;
  assignmentsRetriedAt: Date | null;
  /** No sync before this (after a failure, its backoff; after a refusal, the time it named). */
  syncNotBefore: Date | null;
  /** Runs in a row that failed or timed out: each doubles the wait before the next. */
  failuresInARow: number;
};

export const freshMemory = (): TokenMemory => ({
  expiryCheckedAt: null,
  assignmentsRetriedAt: null,
  syncNotBefore: null,
  failuresInARow: 0,
});

export type Intervals = Readonly<{
  expiryCheck: Duration;
  assignmentRetry: Duration;
}>;

/** The sync a token needs next and from when: full once the policy's interval has passed since the last full one, else delta. */
export const nextSync = (
  sync: SyncState,
  policy: SyncPolicy,
  memory: TokenMemory,
): Readonly<{ kind: 'full' | 'incremental'; at: Date }> => {
  const fullAt = sync.lastFullCompletedAt === null ? null : add(new Date(sync.lastFullCompletedAt), policy.fullSyncInterval);
  const deltaAt = sync.lastCompletedAt === null ? null : add(new Date(sync.lastCompletedAt), policy.deltaSyncInterval);
  // never completed a full run: one is due now; a full fetch but no completed run (its run died after the last page): a delta now; else whichever comes first
  const full = fullAt === null || (deltaAt !== null && fullAt.getTime() <= deltaAt.getTime());
  const due = full ? (fullAt ?? new Date(0)) : (deltaAt ?? new Date(0));
  const at = memory.syncNotBefore !== null && memory.syncNotBefore.getTime() > due.getTime() ? memory.syncNotBefore : due;
  return { kind: full ? 'full' : 'incremental', at };
};

/** When the next expiry check is due (a token's, or a Business API account's): never checked, at once. */
export const expiryCheckDue = (memory: TokenMemory, intervals: Intervals): Date =>
  memory.expiryCheckedAt === null ? new Date(0) : add(memory.expiryCheckedAt, intervals.expiryCheck);

/** When each task is next due for a token (a time at or before now: due in this pass). */
export const dueTimes = (sync: SyncState, policy: SyncPolicy, memory: TokenMemory, intervals: Intervals) => ({
  expiryCheck: expiryCheckDue(memory, intervals),
  sync: nextSync(sync, policy, memory),
  assignmentRetry: memory.assignmentsRetriedAt === null ? new Date(0) : add(memory.assignmentsRetriedAt, intervals.assignmentRetry),
});

/** The wait after `failures` failed runs in a row: `first`, doubling, never beyond `ceiling`. */
export const backoff = (first: Duration, ceiling: Duration, failures: number, from: Date): Date => {
  const firstMs = add(from, first).getTime() - from.getTime();
  const ceilingMs = add(from, ceiling).getTime() - from.getTime();
  const waitMs = Math.min(ceilingMs, firstMs * 2 ** Math.min(30, Math.max(0, failures - 1)));
  return new Date(from.getTime() + waitMs);
};
