import type { DevicePage } from '../ports/dep-gateway';
import type { GatewayFailure } from '../ports/gateway-error';
import type { SyncCounts } from '../sync/sync-events';
import { addCounts, zeroCounts } from '../sync/sync-state';
import { addTally, emptyTally, type AssignmentTally } from './assignment/assignment-tally';
import type { AssignmentTarget, DefaultProfile } from './assignment/published-profile';
import type { AppliedPage } from './page-applier';
import type { AbsenceReconciliation, SyncRunOutcome } from './run-result';
import {
  absenceAfterFetch,
  absenceObservedAt,
  cursorRefusalOf,
  isRepeatingCursor,
  MAX_CURSOR_RESETS,
  type CursorResetReason,
  type FirstCall,
} from './run-rules';

/** A fetch of Apple's whole list: whether it began at the first page in this run, and when it began. */
export type FetchInRun = Readonly<{
  /** Began at Apple's first page in this run: its last page proves which devices are absent. */
  fromStart: boolean;
  /** Counts the fetches begun in this run: the loop keeps the serials each one reported. */
  number: number;
  startedAt: string;
  /** Apple's first `fetched_until` for this fetch. */
  firstFetchedUntil: string | null;
}>;

/** Where the run is in Apple's feed: fetch or sync, and the cursor to send next. */
export type Paging = Readonly<{ phase: 'fetch' | 'sync'; cursor: string | null; fetch: FetchInRun }>;

/** Devices to send to Apple for one profile version. */
export type AssignmentBatch = Readonly<{ target: AssignmentTarget; serials: readonly string[] }>;

/**
 * The page in hand, stage by stage — received from Apple; its devices applied; its default-profile
 * requests recorded; the page recorded (then its assignments are sent). The order is what makes a
 * crash harmless: a page is recorded only after its devices and requests are.
 */
export type PageInHand =
  | Readonly<{ stage: 'received'; page: DevicePage }>
  | Readonly<{ stage: 'applied'; page: DevicePage; applied: AppliedPage }>
  | Readonly<{ stage: 'requested'; page: DevicePage; applied: AppliedPage; toSend: AssignmentBatch | null }>
  | Readonly<{ stage: 'recorded'; toSend: AssignmentBatch }>;

/** A sync run in progress, as plain immutable data: evolved from each step's outcome, read by `nextStep`. */
export type SyncRunState = Readonly<{
  runId: string;
  paging: Paging;
  /** Open while Apple's feed has more for this run; then how it ended. */
  feed: 'open' | SyncRunOutcome;
  /** Cursor resets recorded in this run, in order. */
  cursorResets: readonly CursorResetReason[];
  /** A cursor reset decided and not recorded yet. */
  resetToRecord: CursorResetReason | null;
  /** The token carries "terms not signed": the first page Apple serves clears it. */
  contactToRecord: boolean;
  page: PageInHand | null;
  /** A fetch from Apple's first page has ended: release the devices it did not report, as of this moment. */
  absenceToRelease: string | null;
  pages: number;
  counts: SyncCounts;
  fullFetchCompleted: boolean;
  resumedFetch: boolean;
  reconciliation: AbsenceReconciliation;
  /** What new devices get; null until a page first needs it. */
  defaultProfile: DefaultProfile | null;
  /** Default-profile assignments sent by this run. */
  assignments: AssignmentTally;
  /** Due retries: to send once the feed has ended, not asked for, or what they gave. */
  retries: 'to_send' | 'not_asked' | AssignmentTally;
  completed: boolean;
  /** Why the run must stop; the loop records it as failed, cancelled or timed out. */
  failure: Readonly<{ error: unknown }> | null;
}>;

/** What a step of the loop reports back. */
export type StepOutcome =
  | Readonly<{ type: 'cursor_reset_recorded' }>
  | Readonly<{ type: 'contact_recorded' }>
  | Readonly<{ type: 'page_received'; page: DevicePage }>
  /** Apple refused the page request (`at`: the time, for a fetch that starts over). */
  | Readonly<{ type: 'page_refused'; failure: GatewayFailure; error: unknown; at: string }>
  | Readonly<{ type: 'page_applied'; applied: AppliedPage }>
  | Readonly<{ type: 'default_profile_found'; profile: DefaultProfile }>
  /** The page's default-profile requests are recorded: `pending` are the serials now waiting for that profile. */
  | Readonly<{ type: 'assignments_requested'; pending: readonly string[] }>
  | Readonly<{ type: 'page_recorded' }>
  | Readonly<{ type: 'assignments_sent'; tally: AssignmentTally }>
  | Readonly<{ type: 'absence_released'; released: number }>
  | Readonly<{ type: 'retries_sent'; tally: AssignmentTally }>
  | Readonly<{ type: 'run_completed' }>
  | Readonly<{ type: 'failed'; error: unknown }>;

export type RunStart = Readonly<{
  runId: string;
  first: FirstCall;
  /** The run's start time (ISO), when its first fetch begins. */
  now: string;
  termsNotSigned: boolean;
  sendDueRetries: boolean;
}>;

/** The state of a run just started, from where its first call goes (see `chooseFirstCall`). */
export const startRunState = ({ runId, first, now, termsNotSigned, sendDueRetries }: RunStart): SyncRunState => ({
  runId,
  paging: {
    phase: first.phase,
    cursor: first.cursor,
    fetch: { fromStart: first.phase === 'fetch' && !first.resumed, number: 1, startedAt: now, firstFetchedUntil: null },
  },
  feed: 'open',
  cursorResets: [],
  resetToRecord: first.resetReason,
  contactToRecord: termsNotSigned,
  page: null,
  absenceToRelease: null,
  pages: 0,
  counts: zeroCounts,
  fullFetchCompleted: false,
  resumedFetch: first.resumed,
  reconciliation: { status: 'skipped', reason: 'no_complete_fetch' },
  defaultProfile: null,
  assignments: emptyTally,
  retries: sendDueRetries ? 'to_send' : 'not_asked',
  completed: false,
  failure: null,
});

const fail = (state: SyncRunState, error: unknown): SyncRunState => ({ ...state, failure: { error } });

/** A fetch reached its end (the run counts as a full one, even when the fetch began in an earlier run); then sync. */
const endOfFetch = (state: SyncRunState, lastPageSeen: boolean): SyncRunState => {
  const { release, reconciliation } = absenceAfterFetch(state.paging.fetch.fromStart, lastPageSeen, state.reconciliation);
  return {
    ...state,
    fullFetchCompleted: true,
    reconciliation,
    absenceToRelease: release ? absenceObservedAt(state.paging.fetch) : null,
    paging: { ...state.paging, phase: 'sync' },
  };
};

const restartFetch = (state: SyncRunState, reason: CursorResetReason, at: string): SyncRunState => ({
  ...state,
  resetToRecord: reason,
  paging: {
    phase: 'fetch',
    cursor: null,
    fetch: { fromStart: true, number: state.paging.fetch.number + 1, startedAt: at, firstFetchedUntil: null },
  },
});

const pageRefused = (state: SyncRunState, outcome: Extract<StepOutcome, { type: 'page_refused' }>): SyncRunState => {
  const rule = cursorRefusalOf(outcome.failure, state.paging.phase);
  if (rule === null) return fail(state, outcome.error);
  if (rule.action === 'end_fetch') return endOfFetch(state, false);
  if (state.cursorResets.length >= MAX_CURSOR_RESETS) return fail(state, outcome.error);
  return restartFetch(state, rule.reason, outcome.at);
};

const pageRecorded = (state: SyncRunState): SyncRunState => {
  const inHand = state.page;
  if (inHand === null || inHand.stage === 'received' || inHand.stage === 'recorded') return state;
  const { page, applied } = inHand;
  const toSend = inHand.stage === 'requested' ? inHand.toSend : null;
  const { phase, cursor: cursorIn, fetch } = state.paging;
  const noted: SyncRunState = {
    ...state,
    page: toSend === null ? null : { stage: 'recorded', toSend },
    pages: state.pages + 1,
    counts: addCounts(state.counts, applied.counts),
    paging:
      phase === 'fetch' && fetch.firstFetchedUntil === null
        ? { ...state.paging, fetch: { ...fetch, firstFetchedUntil: page.fetchedUntil } }
        : state.paging,
  };
  if (isRepeatingCursor(cursorIn, page.cursor, page.moreToFollow)) return { ...noted, feed: 'stopped_on_repeating_cursor' };
  const advanced: SyncRunState = { ...noted, paging: { ...noted.paging, cursor: page.cursor } };
  if (page.moreToFollow) return advanced;
  if (phase === 'fetch') return endOfFetch(advanced, true);
  return { ...advanced, feed: 'completed' };
};

const assignmentsRequested = (state: SyncRunState, pending: readonly string[]): SyncRunState => {
  const inHand = state.page;
  const target = state.defaultProfile?.target;
  if (inHand?.stage !== 'applied' || !target) return state;
  // The new requests, and the page's devices already waiting for this profile (recorded, maybe never sent).
  const serials = [...new Set([...pending, ...(inHand.applied.pending.get(target.profileUuid) ?? [])])];
  return { ...state, page: { ...inHand, stage: 'requested', toSend: serials.length === 0 ? null : { target, serials } } };
};

/** The run's state after a step's outcome. Pure: no I/O, no clock (times come in the outcome). */
export const evolveRunState = (state: SyncRunState, outcome: StepOutcome): SyncRunState => {
  switch (outcome.type) {
    case 'cursor_reset_recorded':
      return state.resetToRecord === null
        ? state
        : { ...state, cursorResets: [...state.cursorResets, state.resetToRecord], resetToRecord: null };
    case 'contact_recorded':
      return { ...state, contactToRecord: false };
    case 'page_received':
      return { ...state, page: { stage: 'received', page: outcome.page } };
    case 'page_refused':
      return pageRefused(state, outcome);
    case 'page_applied':
      return state.page?.stage === 'received'
        ? { ...state, page: { stage: 'applied', page: state.page.page, applied: outcome.applied } }
        : state;
    case 'default_profile_found':
      return { ...state, defaultProfile: outcome.profile };
    case 'assignments_requested':
      return assignmentsRequested(state, outcome.pending);
    case 'page_recorded':
      return pageRecorded(state);
    case 'assignments_sent':
      return { ...state, page: null, assignments: addTally(state.assignments, outcome.tally) };
    case 'absence_released':
      return { ...state, absenceToRelease: null, reconciliation: { status: 'done', released: outcome.released } };
    case 'retries_sent':
      return { ...state, retries: outcome.tally };
    case 'run_completed':
      return { ...state, completed: true };
    case 'failed':
      return fail(state, outcome.error);
  }
};
