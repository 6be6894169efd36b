import type { DevicePage } from '../ports/dep-gateway';
import type { GatewayFailure } from '../ports/gateway-error';
import type { SyncCounts } from '../sync/sync-events';
import { addCounts, zeroCounts } from '../sync/sync-state';
import { addTally, emptyTally, type AssignmentTally } from './assignment/assignment-tally';
import { targetsOf, type ProfileChoice, type Unassignable } from './assignment/profile-choice';
import type { AssignmentBatch } from './assignment/published-profile';
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

export type { AssignmentBatch } from './assignment/published-profile';

/**
 * The page in hand, stage by stage — received from Apple; its devices applied; its profile requests
 * (routing rules, then the default profile) recorded; the page recorded (then its assignments are
 * sent, one profile version at a time). The order is what makes a
 * crash harmless: a page is recorded only after its devices and requests are.
 */
export type PageInHand =
  | Readonly<{ stage: 'received'; page: DevicePage }>
  | Readonly<{ stage: 'applied'; page: DevicePage; applied: AppliedPage }>
  | Readonly<{ stage: 'requested'; page: DevicePage; applied: AppliedPage; toSend: readonly AssignmentBatch[] }>
  | Readonly<{ stage: 'recorded'; toSend: readonly [AssignmentBatch, ...AssignmentBatch[]] }>;

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
  /** What new devices get (routing rules, default profile); null until a page first needs it. */
  profileChoice: ProfileChoice | null;
  /** Why some new devices got no profile in this run (the first reason met). */
  skipped: Unassignable | null;
  /** Assignments of new devices sent by this run. */
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
  | Readonly<{ type: 'profile_choice_found'; choice: ProfileChoice }>
  /** The page's profile requests are recorded: `pending`, per profile version, the serials now waiting for it. */
  | Readonly<{ type: 'assignments_requested'; pending: readonly AssignmentBatch[]; skipped: Unassignable | null }>
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
  profileChoice: null,
  skipped: null,
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
  const [first, ...rest] = inHand.stage === 'requested' ? inHand.toSend : [];
  const { phase, cursor: cursorIn, fetch } = state.paging;
  const noted: SyncRunState = {
    ...state,
    page: first === undefined ? null : { stage: 'recorded', toSend: [first, ...rest] },
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

/** Why no device could get a profile from this choice at all, or null when some profile is assignable. */
const nothingAssignable = (choice: ProfileChoice): Unassignable | null => {
  if (targetsOf(choice).size > 0) return null;
  if (choice.rules.length === 0 && choice.defaultProfileId === null) return 'no_default_profile';
  return choice.defaultProfileId !== null ? 'default_profile_not_published' : 'rule_profile_not_published';
};

const assignmentsRequested = (state: SyncRunState, outcome: Extract<StepOutcome, { type: 'assignments_requested' }>): SyncRunState => {
  const inHand = state.page;
  if (inHand?.stage !== 'applied' || state.profileChoice === null) return state;
  // The new requests, and the page's devices already waiting for a profile version the choice gives (recorded, maybe never sent).
  const batches = new Map<string, AssignmentBatch>(outcome.pending.map((batch) => [batch.target.profileUuid, batch]));
  for (const [uuid, target] of targetsOf(state.profileChoice)) {
    const waiting = inHand.applied.pending.get(uuid) ?? [];
    if (waiting.length === 0) continue;
    const serials = [...new Set([...(batches.get(uuid)?.serials ?? []), ...waiting])];
    batches.set(uuid, { target, serials });
  }
  const toSend = [...batches.values()].filter((batch) => batch.serials.length > 0);
  return { ...state, skipped: state.skipped ?? outcome.skipped, page: { ...inHand, stage: 'requested', toSend } };
};

const assignmentsSent = (state: SyncRunState, tally: AssignmentTally): SyncRunState => {
  const [, next, ...rest] = state.page?.stage === 'recorded' ? state.page.toSend : [];
  return {
    ...state,
    page: next === undefined ? null : { stage: 'recorded', toSend: [next, ...rest] },
    assignments: addTally(state.assignments, tally),
  };
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
    case 'profile_choice_found':
      return { ...state, profileChoice: outcome.choice, skipped: state.skipped ?? nothingAssignable(outcome.choice) };
    case 'assignments_requested':
      return assignmentsRequested(state, outcome);
    case 'page_recorded':
      return pageRecorded(state);
    case 'assignments_sent':
      return assignmentsSent(state, outcome.tally);
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
