import { add } from 'date-fns/add';
import { isBefore } from 'date-fns/isBefore';
import type { DeviceState } from '../device/device-state';
import { reassignedAtApple } from '../device/reassigned-at-apple';
import type { GatewayFailure } from '../ports/gateway-error';
import type { ResetSyncCursor } from '../sync/sync-commands';
import type { SyncPolicy } from '../sync/sync-policy';
import type { SyncCursor } from '../sync/sync-state';
import type { AbsenceReconciliation } from './run-result';

/*
 * The rules of a sync run as a process, each in one place. What the Sync aggregate decides (one run
 * at a time, the full-sync interval and the downgrade, the deadline, the manual interval) lives in
 * core/src/sync/sync-decider.ts; what a device fact does to a device (ordering by op_date, releases,
 * assignment outcomes and their retry times) in core/src/device/device-decider.ts. The run's state
 * (run-state.ts) and its "what next" (next-step.ts) apply the rules below.
 */

/** Why a cursor is dropped and a new fetch begins. */
export type CursorResetReason = ResetSyncCursor['data']['reason'];

/** More cursor resets than this in one run means Apple keeps refusing fresh cursors: the run fails instead of looping. */
export const MAX_CURSOR_RESETS = 2;

/** Where a run's first call to Apple starts. */
export type FirstCall =
  /** A new fetch from Apple's first page. `resetReason` is set when a stored cursor is discarded for being too old. */
  | Readonly<{ phase: 'fetch'; cursor: null; resumed: false; resetReason: 'cursor_too_old' | null }>
  /** A fetch that a previous run left part-way, continued from its last recorded page. */
  | Readonly<{ phase: 'fetch'; cursor: string; resumed: true; resetReason: null }>
  /** Changes since the stored cursor. */
  | Readonly<{ phase: 'sync'; cursor: string; resumed: false; resetReason: null }>;

/**
 * Fetch when there is no cursor, when the cursor is older than Apple accepts (policy.cursorMaxAge),
 * or for a full run; continue a fetch left in progress (a full run too: starting over would never
 * finish a fetch longer than the deadline); otherwise sync from the stored cursor.
 */
export const chooseFirstCall = (cursor: SyncCursor | null, kind: 'full' | 'incremental', policy: SyncPolicy, now: Date): FirstCall => {
  if (!cursor) return { phase: 'fetch', cursor: null, resumed: false, resetReason: null };
  if (!isBefore(now, add(new Date(cursor.savedAt), policy.cursorMaxAge))) {
    return { phase: 'fetch', cursor: null, resumed: false, resetReason: 'cursor_too_old' };
  }
  if (cursor.phase === 'fetch_in_progress') return { phase: 'fetch', cursor: cursor.value, resumed: true, resetReason: null };
  if (kind === 'full') return { phase: 'fetch', cursor: null, resumed: false, resetReason: null };
  return { phase: 'sync', cursor: cursor.value, resumed: false, resetReason: null };
};

/** What the run does when Apple refuses a page request for a reason that is about the cursor. */
export type CursorRefusal =
  /** EXPIRED_CURSOR / INVALID_CURSOR / CURSOR_REQUIRED: the cursor is dropped and a new fetch begins. */
  | Readonly<{ action: 'reset'; reason: CursorResetReason }>
  /** EXHAUSTED_CURSOR: a fetch has nothing more; the run goes on with sync from the same cursor. */
  | Readonly<{ action: 'end_fetch' }>;

const resetFailures: Partial<Record<GatewayFailure, CursorResetReason>> = {
  cursor_expired: 'cursor_expired',
  cursor_invalid: 'cursor_invalid',
  cursor_required: 'cursor_required',
};

/** Apple's refusal of a page request as a cursor rule, or null when it is not about the cursor (or not in this phase). */
export const cursorRefusalOf = (failure: GatewayFailure, phase: 'fetch' | 'sync'): CursorRefusal | null => {
  const reason = resetFailures[failure];
  if (reason !== undefined) return { action: 'reset', reason };
  if (failure === 'cursor_exhausted' && phase === 'fetch') return { action: 'end_fetch' };
  return null;
};

/** A cursor that comes back unchanged with `more_to_follow` would loop for ever: the run ends `stopped_on_repeating_cursor`. */
export const isRepeatingCursor = (cursorIn: string | null, cursorOut: string, moreToFollow: boolean): boolean =>
  moreToFollow && cursorIn !== null && cursorOut === cursorIn;

/**
 * What the end of a fetch says about devices Apple did not report. Only a fetch that ran from its
 * first page to its last within this run proves their absence; one resumed from an earlier run, or
 * ended by EXHAUSTED_CURSOR before a last page, does not (and a release already done stays done).
 */
export const absenceAfterFetch = (
  fetchFromStart: boolean,
  lastPageSeen: boolean,
  current: AbsenceReconciliation,
): Readonly<{ release: boolean; reconciliation: AbsenceReconciliation }> => {
  if (fetchFromStart && lastPageSeen) return { release: true, reconciliation: current };
  if (current.status === 'done') return { release: false, reconciliation: current };
  return { release: false, reconciliation: { status: 'skipped', reason: fetchFromStart ? 'exhausted_cursor' : 'resumed_fetch' } };
};

/** The moment a complete fetch vouches for: Apple's first `fetched_until` for it, else when it began. Devices that changed later are not released. */
export const absenceObservedAt = (fetch: Readonly<{ startedAt: string; firstFetchedUntil: string | null }>): string =>
  fetch.firstFetchedUntil ?? fetch.startedAt;

/**
 * A device needs a profile (the one its token's routing rules choose) when Apple just reported it as
 * ours for the first time; when Apple reports it without a profile and depledger never asked for one
 * (which also covers a crash between a page's device events and its assignment requests), or since
 * depledger cleared it (`clearProfile` forgets the assignment; Apple then says `removed`); or when
 * Apple reports it assigned to the server again since depledger's last word on its profile
 * (unassigned and assigned again between two syncs: the rules decide again).
 */
export const needsDefaultProfile = (state: DeviceState, tokenId: string, justAssigned: boolean): boolean =>
  state.status === 'assigned' &&
  state.tokenId === tokenId &&
  (justAssigned ||
    reassignedAtApple(state) ||
    (state.assignment === null &&
      (state.details.profileStatus === null || state.details.profileStatus === 'empty' || state.details.profileStatus === 'removed')));
