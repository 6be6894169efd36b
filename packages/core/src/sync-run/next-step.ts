import type { DevicePage } from '../ports/dep-gateway';
import type { SyncCounts } from '../sync/sync-events';
import type { RoutableDevice } from '../profile/routing/routing-rules';
import { targetsOf, type ProfileChoice } from './assignment/profile-choice';
import { latestRecordPerSerial } from './latest-records';
import type { SyncRunOutcome } from './run-result';
import type { CursorResetReason } from './run-rules';
import type { AssignmentBatch, SyncRunState } from './run-state';

/** What the loop does next: one call to Apple or one write, or the end. */
export type RunStep =
  /** Record on the Sync stream that the cursor was dropped (SyncCursorReset). */
  | Readonly<{ type: 'record_cursor_reset'; reason: CursorResetReason }>
  /** Ask Apple for the next page: fetch a page (`/server/devices`) or sync a page (`/devices/sync`). */
  | Readonly<{ type: 'request_page'; phase: 'fetch' | 'sync'; cursor: string | null }>
  /** Apple answered: record on the token that its terms are accepted again. */
  | Readonly<{ type: 'record_contact' }>
  /** The page's devices through the Device decider. */
  | Readonly<{ type: 'apply_page'; page: DevicePage }>
  /** Find what new devices get: the token's routing rules and default profile, each profile as Apple knows it. */
  | Readonly<{ type: 'look_up_profile_choice' }>
  /** Route the page's devices that need a profile and record their requests, before the page. */
  | Readonly<{ type: 'request_assignments'; choice: ProfileChoice; devices: readonly RoutableDevice[] }>
  /** Record the page (SyncPageRecorded), after its devices and requests. */
  | Readonly<{ type: 'record_page'; phase: 'fetch' | 'sync'; cursorIn: string | null; page: DevicePage; counts: SyncCounts }>
  /** Send the page's assignments to Apple and record each outcome. */
  | Readonly<{ type: 'send_assignments'; batch: AssignmentBatch }>
  /** Release the devices a fetch from Apple's first page did not report, as of `observedAt`. */
  | Readonly<{ type: 'release_absent'; observedAt: string }>
  /** Send again the assignments whose retry time has come. */
  | Readonly<{ type: 'send_due_retries' }>
  /** Finish: record the run as completed. */
  | Readonly<{ type: 'complete'; outcome: SyncRunOutcome; fullFetchCompleted: boolean; releasedByAbsence: number }>
  /** Abort: record the run as failed, cancelled or timed out. */
  | Readonly<{ type: 'abort'; error: unknown }>
  /** The run is recorded as completed. */
  | Readonly<{ type: 'done'; outcome: SyncRunOutcome }>;

/** The step a page in hand calls for, stage by stage. */
const pageStep = (state: SyncRunState, inHand: NonNullable<SyncRunState['page']>): RunStep => {
  switch (inHand.stage) {
    case 'received':
      return state.contactToRecord ? { type: 'record_contact' } : { type: 'apply_page', page: inHand.page };
    case 'applied': {
      const { needingProfile, pending } = inHand.applied;
      if (needingProfile.length > 0 || pending.size > 0) {
        if (state.profileChoice === null) return { type: 'look_up_profile_choice' };
        if (targetsOf(state.profileChoice).size > 0)
          return { type: 'request_assignments', choice: state.profileChoice, devices: routable(inHand.page, needingProfile) };
      }
      return recordPage(state, inHand.page, inHand.applied.counts);
    }
    case 'requested':
      return recordPage(state, inHand.page, inHand.applied.counts);
    case 'recorded':
      return { type: 'send_assignments', batch: inHand.toSend[0] };
  }
};

/** What routing reads of the page's devices that need a profile (their latest record). */
const routable = (page: DevicePage, serials: readonly string[]): RoutableDevice[] => {
  const records = new Map(latestRecordPerSerial(page.devices).map((record) => [record.serial, record]));
  return serials.map((serial) => {
    const record = records.get(serial);
    return { serial, family: record?.family ?? null, os: record?.os ?? null, model: record?.model ?? null };
  });
};

const recordPage = (state: SyncRunState, page: DevicePage, counts: SyncCounts): RunStep => ({
  type: 'record_page',
  phase: state.paging.phase,
  cursorIn: state.paging.cursor,
  page,
  counts,
});

/**
 * What a run does next, from its state alone (pure: testable with no gateway and no store). In
 * order: stop on a failure; record a cursor reset before the next call; take the page in hand
 * through its stages (devices, profile requests by the routing rules, page record, assignments); release what a
 * complete fetch did not report; ask Apple for the next page while the feed is open; send due
 * retries; finish.
 */
export const nextStep = (state: SyncRunState): RunStep => {
  if (state.failure !== null) return { type: 'abort', error: state.failure.error };
  if (state.completed) return { type: 'done', outcome: state.feed === 'open' ? 'completed' : state.feed };
  if (state.resetToRecord !== null) return { type: 'record_cursor_reset', reason: state.resetToRecord };
  if (state.page !== null) return pageStep(state, state.page);
  if (state.absenceToRelease !== null) return { type: 'release_absent', observedAt: state.absenceToRelease };
  if (state.feed === 'open') return { type: 'request_page', phase: state.paging.phase, cursor: state.paging.cursor };
  if (state.retries === 'to_send') return { type: 'send_due_retries' };
  const releasedByAbsence = state.reconciliation.status === 'done' ? state.reconciliation.released : 0;
  return { type: 'complete', outcome: state.feed, fullFetchCompleted: state.fullFetchCompleted, releasedByAbsence };
};
