import type { DevicePage } from '../ports/dep-gateway';
import type { GatewayFailure } from '../ports/gateway-error';
import { defaultSyncPolicy } from '../sync/sync-policy';
import type { SyncCounts } from '../sync/sync-events';
import type { ProfileChoice } from './assignment/profile-choice';
import type { AssignmentTarget } from './assignment/published-profile';
import { nextStep, type RunStep } from './next-step';
import type { AppliedPage } from './page-applier';
import { chooseFirstCall, MAX_CURSOR_RESETS } from './run-rules';
import { evolveRunState, startRunState, type StepOutcome, type SyncRunState } from './run-state';

// The run as a process, with no gateway and no store: each test feeds outcomes and reads the steps.

const T0 = '2026-01-05T09:00:00.000Z';
const corporate: AssignmentTarget = { profileId: 'corp', profileVersion: 1, profileUuid: 'UUID-1' };
const macs: AssignmentTarget = { profileId: 'macs', profileVersion: 2, profileUuid: 'UUID-M' };
const choiceOf = (defaultTarget: AssignmentTarget | null, ...ruleTargets: AssignmentTarget[]): ProfileChoice => ({
  rules: ruleTargets.map((t) => ({ profileId: t.profileId, when: { family: ['Mac'] } })),
  defaultProfileId: defaultTarget?.profileId ?? null,
  profiles: new Map(
    [...(defaultTarget ? [defaultTarget] : []), ...ruleTargets].map((t) => [t.profileId, { ok: true as const, target: t }]),
  ),
});
const counts = (added: number): SyncCounts => ({ received: added, added, modified: 0, released: 0, unchanged: 0 });
const page = (cursor: string, moreToFollow: boolean, fetchedUntil: string | null = null): DevicePage => ({
  devices: [],
  cursor,
  moreToFollow,
  fetchedUntil,
});
const applied = (
  added: number,
  needingProfile: readonly string[] = [],
  pending: ReadonlyMap<string, readonly string[]> = new Map(),
): AppliedPage => ({
  counts: counts(added),
  needingProfile,
  pending,
});
const refusedBy = (failure: GatewayFailure): StepOutcome => ({
  type: 'page_refused',
  failure,
  error: new Error(failure),
  at: '2026-01-05T09:01:00.000Z',
});

const start = (
  options: {
    cursor?: Parameters<typeof chooseFirstCall>[0];
    kind?: 'full' | 'incremental';
    termsNotSigned?: boolean;
    sendDueRetries?: boolean;
  } = {},
) =>
  startRunState({
    runId: 'r1',
    first: chooseFirstCall(options.cursor ?? null, options.kind ?? 'full', defaultSyncPolicy, new Date(T0)),
    now: T0,
    termsNotSigned: options.termsNotSigned ?? false,
    sendDueRetries: options.sendDueRetries ?? true,
  });

/** Feeds the outcomes in order; returns each step asked for before each outcome, and the state after the last. */
const run = (state: SyncRunState, outcomes: readonly StepOutcome[]): { steps: RunStep['type'][]; state: SyncRunState; next: RunStep } => {
  const steps: RunStep['type'][] = [];
  let current = state;
  for (const outcome of outcomes) {
    steps.push(nextStep(current).type);
    current = evolveRunState(current, outcome);
  }
  return { steps, state: current, next: nextStep(current) };
};

/** A page with no device needing a profile, received and recorded. */
const plainPage = (p: DevicePage, added = 1): StepOutcome[] => [
  { type: 'page_received', page: p },
  { type: 'page_applied', applied: applied(added) },
  { type: 'page_recorded' },
];

describe('a sync run, step by step (pure: no gateway, no store)', () => {
  it('a full run fetches from the first page, then syncs, then sends due retries and finishes', () => {
    const s = start();
    expect(nextStep(s)).toEqual({ type: 'request_page', phase: 'fetch', cursor: null });
    const { steps, state, next } = run(s, [...plainPage(page('c1', true, '2026-01-05T08:59:00Z')), ...plainPage(page('c2', false))]);
    expect(steps).toEqual(['request_page', 'apply_page', 'record_page', 'request_page', 'apply_page', 'record_page']);
    // The fetch ran from its first page to its last: what it did not report is released, as of Apple's first fetched_until.
    expect(next).toEqual({ type: 'release_absent', observedAt: '2026-01-05T08:59:00Z' });
    const after = run(state, [
      { type: 'absence_released', released: 3 },
      ...plainPage(page('c3', false)),
      { type: 'retries_sent', tally: { sent: 0, assigned: 0, notAccessible: 0, failed: 0, throttled: 0 } },
    ]);
    expect(after.steps).toEqual(['release_absent', 'request_page', 'apply_page', 'record_page', 'send_due_retries']);
    expect(after.next).toEqual({ type: 'complete', outcome: 'completed', fullFetchCompleted: true, releasedByAbsence: 3 });
    expect(after.state).toMatchObject({ pages: 3, counts: { added: 3 }, reconciliation: { status: 'done', released: 3 } });
    expect(nextStep(evolveRunState(after.state, { type: 'run_completed' }))).toEqual({ type: 'done', outcome: 'completed' });
  });

  it('records a page only after its devices and their default-profile requests, and sends the assignments after the page', () => {
    const pending = new Map([['UUID-1', ['OLD1']]]);
    const { steps, next, state } = run(start({ kind: 'incremental', cursor: { value: 'c0', phase: 'sync', savedAt: T0 } }), [
      { type: 'page_received', page: page('c1', false) },
      { type: 'page_applied', applied: applied(2, ['NEW1', 'NEW2'], pending) },
      { type: 'profile_choice_found', choice: choiceOf(corporate) },
      { type: 'assignments_requested', pending: [{ target: corporate, serials: ['NEW1', 'NEW2'] }], skipped: null },
      { type: 'page_recorded' },
    ]);
    expect(steps).toEqual(['request_page', 'apply_page', 'look_up_profile_choice', 'request_assignments', 'record_page']);
    // Sent: the new requests and the page's device still waiting for the same profile (recorded, maybe never sent).
    expect(next).toEqual({ type: 'send_assignments', batch: { target: corporate, serials: ['NEW1', 'NEW2', 'OLD1'] } });
    const sent = evolveRunState(state, {
      type: 'assignments_sent',
      tally: { sent: 3, assigned: 3, notAccessible: 0, failed: 0, throttled: 0 },
    });
    expect(sent.assignments).toMatchObject({ sent: 3, assigned: 3 });
    expect(nextStep(sent).type).toBe('send_due_retries');
  });

  it('looks the default profile up once; without one, pages are recorded with no request', () => {
    const { steps } = run(start({ sendDueRetries: false }), [
      { type: 'page_received', page: page('c1', true) },
      { type: 'page_applied', applied: applied(1, ['NEW1']) },
      { type: 'profile_choice_found', choice: choiceOf(null) },
      { type: 'page_recorded' },
      { type: 'page_received', page: page('c2', false) },
      { type: 'page_applied', applied: applied(1, ['NEW2']) },
      { type: 'page_recorded' },
      { type: 'absence_released', released: 0 },
    ]);
    expect(steps).toEqual([
      'request_page',
      'apply_page',
      'look_up_profile_choice',
      'record_page',
      'request_page',
      'apply_page',
      'record_page',
      'release_absent',
    ]);
  });

  it("routes the page's devices by what Apple reports of them, then sends one batch per profile version", () => {
    const record = (serial: string, family: string) =>
      ({ ...page('c1', false).devices[0], serial, family, model: null, os: null }) as never;
    const withDevices: DevicePage = {
      ...page('c1', false),
      devices: [record('C02MAC000001', 'Mac'), record('DMPPAD000001', 'iPad'), record('C02MAC000001', 'Mac')],
    };
    const choice = choiceOf(corporate, macs);
    const { next, state } = run(start({ kind: 'incremental', cursor: { value: 'c0', phase: 'sync', savedAt: T0 } }), [
      { type: 'page_received', page: withDevices },
      { type: 'page_applied', applied: applied(2, ['C02MAC000001', 'DMPPAD000001'], new Map([['UUID-M', ['C02MAC000009']]])) },
      { type: 'profile_choice_found', choice },
    ]);
    // What the step hands the routing: the latest record of each device needing a profile.
    expect(next).toEqual({
      type: 'request_assignments',
      choice,
      devices: [
        { serial: 'C02MAC000001', family: 'Mac', os: null, model: null },
        { serial: 'DMPPAD000001', family: 'iPad', os: null, model: null },
      ],
    });
    const requested = run(state, [
      {
        type: 'assignments_requested',
        pending: [
          { target: macs, serials: ['C02MAC000001'] },
          { target: corporate, serials: ['DMPPAD000001'] },
        ],
        skipped: null,
      },
      { type: 'page_recorded' },
    ]);
    expect(requested.next).toEqual({ type: 'send_assignments', batch: { target: macs, serials: ['C02MAC000001', 'C02MAC000009'] } });
    const tally = { sent: 2, assigned: 2, notAccessible: 0, failed: 0, throttled: 0 };
    const second = evolveRunState(requested.state, { type: 'assignments_sent', tally });
    expect(nextStep(second)).toEqual({ type: 'send_assignments', batch: { target: corporate, serials: ['DMPPAD000001'] } });
    const done = evolveRunState(second, { type: 'assignments_sent', tally: { ...tally, sent: 1, assigned: 1 } });
    expect(done.assignments).toMatchObject({ sent: 3, assigned: 3 });
    expect(nextStep(done).type).toBe('send_due_retries');
  });

  it('says why devices got no profile: the first reason a page met', () => {
    const { state } = run(start({ sendDueRetries: false }), [
      { type: 'page_received', page: page('c1', false) },
      { type: 'page_applied', applied: applied(2, ['X1', 'X2']) },
      { type: 'profile_choice_found', choice: choiceOf(null, macs) },
      { type: 'assignments_requested', pending: [], skipped: 'no_default_profile' },
    ]);
    expect(state.skipped).toBe('no_default_profile');
    const unpublished: ProfileChoice = {
      ...choiceOf(corporate),
      profiles: new Map([['corp', { ok: false, reason: 'not_published', message: '' }]]),
    };
    const none = run(start({ sendDueRetries: false }), [
      { type: 'page_received', page: page('c1', false) },
      { type: 'page_applied', applied: applied(1, ['X1']) },
      { type: 'profile_choice_found', choice: unpublished },
    ]);
    expect(none.state.skipped).toBe('default_profile_not_published');
    expect(none.next.type).toBe('record_page');
  });

  it('clears "terms not signed" once, when Apple first serves a page', () => {
    const { steps } = run(start({ termsNotSigned: true }), [
      { type: 'page_received', page: page('c1', true) },
      { type: 'contact_recorded' },
      { type: 'page_applied', applied: applied(1) },
      { type: 'page_recorded' },
      { type: 'page_received', page: page('c2', true) },
    ]);
    expect(steps).toEqual(['request_page', 'record_contact', 'apply_page', 'record_page', 'request_page']);
  });

  it(`resets an expired cursor with a new fetch, at most ${MAX_CURSOR_RESETS} times in a run, then stops`, () => {
    const s = start({ kind: 'incremental', cursor: { value: 'c0', phase: 'sync', savedAt: T0 } });
    const { steps, state, next } = run(s, [
      refusedBy('cursor_expired'),
      { type: 'cursor_reset_recorded' },
      refusedBy('cursor_invalid'),
      { type: 'cursor_reset_recorded' },
    ]);
    expect(steps).toEqual(['request_page', 'record_cursor_reset', 'request_page', 'record_cursor_reset']);
    expect(next).toEqual({ type: 'request_page', phase: 'fetch', cursor: null });
    expect(state.cursorResets).toEqual(['cursor_expired', 'cursor_invalid']);
    expect(nextStep(evolveRunState(state, refusedBy('cursor_required'))).type).toBe('abort');
  });

  it('a cursor too old to send counts as a reset: recorded before the first call', () => {
    const s = start({ kind: 'incremental', cursor: { value: 'c0', phase: 'sync', savedAt: '2025-12-01T00:00:00.000Z' } });
    expect(nextStep(s)).toEqual({ type: 'record_cursor_reset', reason: 'cursor_too_old' });
    const { state } = run(s, [{ type: 'cursor_reset_recorded' }, refusedBy('cursor_expired'), { type: 'cursor_reset_recorded' }]);
    expect(nextStep(evolveRunState(state, refusedBy('cursor_expired'))).type).toBe('abort');
  });

  it('EXHAUSTED_CURSOR during a fetch switches to sync from the same cursor; the fetch proves no absence', () => {
    const { state, next } = run(start(), [...plainPage(page('c1', true)), refusedBy('cursor_exhausted')]);
    expect(next).toEqual({ type: 'request_page', phase: 'sync', cursor: 'c1' });
    expect(state).toMatchObject({
      fullFetchCompleted: true,
      reconciliation: { status: 'skipped', reason: 'exhausted_cursor' },
      absenceToRelease: null,
    });
    // During a sync it is a failure like any other.
    expect(nextStep(evolveRunState(state, refusedBy('cursor_exhausted'))).type).toBe('abort');
  });

  it('a fetch resumed from an earlier run completes the full sync but releases nothing', () => {
    const s = start({ cursor: { value: 'f3', phase: 'fetch_in_progress', savedAt: T0 } });
    expect(nextStep(s)).toEqual({ type: 'request_page', phase: 'fetch', cursor: 'f3' });
    const { state, next } = run(s, plainPage(page('f4', false)));
    expect(next).toEqual({ type: 'request_page', phase: 'sync', cursor: 'f4' });
    expect(state).toMatchObject({
      resumedFetch: true,
      fullFetchCompleted: true,
      reconciliation: { status: 'skipped', reason: 'resumed_fetch' },
    });
  });

  it('a cursor that comes back unchanged with more to follow ends the feed instead of looping', () => {
    const s = start({ kind: 'incremental', cursor: { value: 'c0', phase: 'sync', savedAt: T0 }, sendDueRetries: false });
    const { next } = run(s, plainPage(page('c0', true)));
    expect(next).toEqual({ type: 'complete', outcome: 'stopped_on_repeating_cursor', fullFetchCompleted: false, releasedByAbsence: 0 });
  });

  it('any other failure aborts the run, whatever step it came from', () => {
    const error = new Error('store down');
    const { next } = run(start(), [
      { type: 'page_received', page: page('c1', true) },
      { type: 'failed', error },
    ]);
    expect(next).toEqual({ type: 'abort', error });
    expect(nextStep(evolveRunState(start(), refusedBy('terms_not_signed'))).type).toBe('abort');
  });
});
