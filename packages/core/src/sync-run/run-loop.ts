import { randomUUID } from 'node:crypto';
import { isDepledgerError } from '../errors/depledger-error';
import { isGatewayError } from '../ports/gateway-error';
import { zeroCounts } from '../sync/sync-state';
import type { ActiveToken } from '../token/token-state';
import { releaseAbsentDevices } from './absent-devices';
import { emptyTally } from './assignment/assignment-tally';
import { retryDue, sendAssignments } from './assignment/assignments';
import { lookUpProfileChoice } from './assignment/profile-choice';
import { requestRoutedAssignments } from './assignment/routed-requests';
import { DeadlineReached, startDeadline, type RunDeadline } from './deadline';
import { createDeviceFactMaker } from './device-fact';
import { bindTokenWork, type SyncEngineContext, type TokenWork } from './engine-context';
import { nextStep, type RunStep } from './next-step';
import { applyPage } from './page-applier';
import type { SyncRefusal, SyncRunError, SyncRunFacts, SyncRunOptions, SyncRunResult } from './run-result';
import { chooseFirstCall } from './run-rules';
import { evolveRunState, startRunState, type StepOutcome, type SyncRunState } from './run-state';
import { SerialSet } from './serial-set';
import { fencedStore } from '../leases/run-fence';
import { createStagedWrites } from '../handling/staged-writes';
import { deviceDecider } from '../device/device-decider';
import { takeRunLease, type HeldRunLease, type LeaseAttempt } from './run-lease-keeper';
import { recordOnSyncStream } from './sync-stream';
import { recordGatewayFailure, recordSuccessfulContact } from './token-access/apple-verdicts';
import { checkToken } from './token-access/may-call-apple';

/** What the run is known as before it starts: what was asked, nothing done. */
type RunRequest = Pick<SyncRunFacts, 'tokenId' | 'runId' | 'requested' | 'kind' | 'downgrade'>;

const factsOf = (request: RunRequest, state: SyncRunState | null): SyncRunFacts => ({
  ...request,
  counts: state?.counts ?? zeroCounts,
  pages: state?.pages ?? 0,
  fullFetchCompleted: state?.fullFetchCompleted ?? false,
  resumedFetch: state?.resumedFetch ?? false,
  reconciliation: state?.reconciliation ?? { status: 'skipped', reason: 'no_complete_fetch' },
  cursorResets: state?.cursorResets ?? [],
  assignments: { ...(state?.assignments ?? emptyTally), skipped: state?.skipped ?? null },
  retries: state === null || typeof state.retries === 'string' ? null : { ...state.retries, skipped: null },
});

/** A result with its fields in one order, whatever its status (the CLI prints it as JSON). */
const resultOf = <End extends Pick<SyncRunResult, 'status' | 'refusal' | 'outcome' | 'error'>>(
  facts: SyncRunFacts,
  end: End,
): SyncRunFacts & End => {
  const { tokenId, runId, requested, kind, downgrade, counts, pages, ...rest } = facts;
  const { status, refusal, outcome, error } = end;
  // The same fields as `{ ...facts, ...end }`, in the order the results always had.
  return { status, tokenId, runId, requested, kind, downgrade, refusal, counts, pages, outcome, ...rest, error } as SyncRunFacts & End;
};

const refused = (request: RunRequest, refusal: SyncRefusal): SyncRunResult =>
  resultOf(factsOf(request, null), { status: 'refused', refusal, outcome: null, error: null });

/**
 * One sync run for one token: check the token, ask the Sync aggregate for a run (which refuses a
 * second one), then the loop — `nextStep` says what to do from the run's state, the loop does it
 * (the one place with I/O) and evolves the state from its outcome — until the run is recorded as
 * completed, failed or timed out.
 */
export const runSync = async (context: SyncEngineContext, tokenId: string, options: SyncRunOptions): Promise<SyncRunResult> => {
  const runId = options.runId ?? randomUUID();
  const work = bindTokenWork(context, tokenId, {
    actor: options.actor ?? 'system:sync',
    correlationId: runId,
    ...(options.requestedBy === undefined ? {} : { requestedBy: options.requestedBy }),
  });
  const asked: RunRequest = { tokenId, runId, requested: options.kind, kind: options.kind, downgrade: null };

  const token = await checkToken(work);
  if (!token.ok) {
    const { reason } = token.refusal;
    await recordOnSyncStream(
      work,
      'RefuseSyncRunForToken',
      { tokenId, runId, kind: options.kind, trigger: options.trigger, reason },
      `run:${tokenId}:${runId}`,
    );
    return refused(asked, token.refusal);
  }

  const lease = context.runLeases === null ? null : await takeRunLease(work, context.runLeases, runId, context.runLeaseTiming);
  try {
    return await startAndRun(fenced(work, lease), asked, token.token, options, lease);
  } finally {
    await lease?.held?.release();
  }
};

/**
 * The run's work with the store it writes through: when the lease is the store's own, every append
 * of the run carries the lease's fence, and the store refuses it (SYNC_RUN_LEASE_LOST, nothing
 * written) once another run has taken the token over. Leases kept elsewhere cannot fence the store.
 */
const fenced = (work: TokenWork, lease: LeaseAttempt | null): TokenWork => {
  if (lease?.held == null || work.runLeases === null || work.runLeases !== work.store.runLeases) return work;
  const store = fencedStore(work.store, lease.held.fence);
  // a page's staged writes go through the fence too
  return { ...work, store, page: createStagedWrites(store, work.serde, deviceDecider, work.devices.forget) };
};

/** Asks the Sync aggregate for the run (with what the lease says) and, once started, runs the loop to its end. */
const startAndRun = async (
  work: TokenWork,
  asked: RunRequest,
  token: ActiveToken,
  options: SyncRunOptions,
  lease: LeaseAttempt | null,
): Promise<SyncRunResult> => {
  const { tokenId, runId } = asked;
  let requested: Awaited<ReturnType<typeof recordOnSyncStream<'RequestSyncRun'>>>;
  try {
    requested = await recordOnSyncStream(
      work,
      'RequestSyncRun',
      {
        tokenId,
        runId,
        kind: options.kind,
        trigger: options.trigger,
        policy: work.policy,
        ...(lease === null ? {} : { lease: lease.standing }),
      },
      `run:${tokenId}:${runId}`,
    );
  } catch (error) {
    // the lease was taken over between this run's acquisition and its start (the process stalled): another run holds the token
    if (!isDepledgerError(error, 'SYNC_RUN_LEASE_LOST')) throw error;
    const message = `Another sync run took token ${tokenId} over before this one could start; try again once it ends.`;
    return refused(asked, { reason: 'run_in_progress', retryAt: null, message, blockingRunId: null });
  }
  const refusal = requested.events.find((e) => e.type === 'SyncRunRefused');
  if (refusal?.type === 'SyncRunRefused') {
    const { reason, retryAt, blockingRunId } = refusal.data;
    const message =
      reason === 'run_in_progress'
        ? `A sync run (${blockingRunId ?? 'another'}) is already running for token ${tokenId}; try again after ${retryAt ?? 'it ends'}.`
        : `The last manual sync of token ${tokenId} was too recent; try again after ${retryAt ?? 'a while'}.`;
    return refused(asked, { reason, retryAt, message, blockingRunId });
  }
  const started = requested.events.find((e) => e.type === 'SyncRunStarted');
  if (started?.type !== 'SyncRunStarted' || requested.state.status !== 'running') {
    const message = `Run ${runId} was already recorded for token ${tokenId}; a run id is used once. Start a new run without a run id or with a new one.`;
    return refused(asked, { reason: 'run_id_already_used', retryAt: null, message, blockingRunId: null });
  }

  const run: RunRequest = { ...asked, kind: started.data.kind, downgrade: started.data.downgrade };
  const now = work.clock.now();
  const initial = startRunState({
    runId,
    first: chooseFirstCall(requested.state.cursor, run.kind, work.policy, now),
    now: now.toISOString(),
    termsNotSigned: token.termsNotSignedSince !== null,
    sendDueRetries: options.sendDueRetries !== false,
  });
  const held = lease?.held ?? null;
  const signals = [options.signal, held?.signal].filter((s): s is AbortSignal => s !== undefined);
  const stopSignal = signals.length <= 1 ? signals[0] : AbortSignal.any(signals);
  const deadline = startDeadline(work.clock, new Date(started.data.deadlineAt), work.deadlineCheckIntervalMs, stopSignal);
  try {
    return await loop(createStepRunner(work, runId, token, deadline, options), initial, run, deadline, held);
  } finally {
    deadline.dispose();
  }
};

type StepRunner = (step: RunStep, state: SyncRunState) => Promise<StepOutcome>;

/** The loop: what next, do it, evolve — until the run is recorded as completed, or aborted and recorded as stopped. */
const loop = async (
  perform: StepRunner & { work: TokenWork },
  initial: SyncRunState,
  run: RunRequest,
  deadline: RunDeadline,
  lease: HeldRunLease | null,
): Promise<SyncRunResult> => {
  let state = initial;
  for (;;) {
    const step = nextStep(state);
    if (step.type === 'done')
      return resultOf(factsOf(run, state), { status: 'completed', outcome: step.outcome, refusal: null, error: null });
    if (step.type === 'abort') return recordStop(perform.work, factsOf(run, state), deadline, step.error, lease);
    let outcome: StepOutcome;
    try {
      // never a write on a lease that may have lapsed (another run could have taken the token over)
      await lease?.ensure();
      outcome = await perform(step, state);
    } catch (error) {
      outcome = { type: 'failed', error };
    }
    state = evolveRunState(state, outcome);
  }
};

/**
 * Does one step: the I/O of the run, with the token's work, the run, the deadline and the
 * caller's options bound once. Also keeps the serials each fetch from Apple's first page reported
 * (off the heap, see serial-set.ts), the one thing a run holds that grows with the fleet.
 */
const createStepRunner = (work: TokenWork, runId: string, token: ActiveToken, deadline: RunDeadline, options: SyncRunOptions) => {
  const makeFact = createDeviceFactMaker(work.vault);
  let reported: SerialSet | null = null;
  let reportedFetch = 0;
  const reportedBy = (state: SyncRunState): SerialSet | null => {
    const fetch = state.paging.fetch;
    if (state.paging.phase === 'fetch' && fetch.fromStart) {
      if (reportedFetch !== fetch.number || reported === null) {
        reported = new SerialSet();
        reportedFetch = fetch.number;
      }
    } else if (state.absenceToRelease === null) reported = null;
    return reported;
  };

  const perform = async (step: RunStep, state: SyncRunState): Promise<StepOutcome> => {
    const seen = reportedBy(state);
    switch (step.type) {
      case 'record_cursor_reset':
        await recordOnSyncStream(work, 'ResetSyncCursor', { tokenId: work.tokenId, runId, reason: step.reason });
        return { type: 'cursor_reset_recorded' };
      case 'request_page':
        return requestPage(work, step, deadline);
      case 'record_contact':
        await recordSuccessfulContact(work);
        return { type: 'contact_recorded' };
      case 'apply_page':
        return { type: 'page_applied', applied: await applyPage(work, runId, step.page, makeFact, seen, deadline.signal) };
      case 'look_up_profile_choice':
        return { type: 'profile_choice_found', choice: await lookUpProfileChoice(work, token) };
      case 'request_assignments':
        return { type: 'assignments_requested', ...(await requestRoutedAssignments(work, step.choice, step.devices)) };
      case 'record_page': {
        const { page } = step;
        // the page's devices and requests, in one append, then the page: a crash between leaves the page to replay
        await work.page.flush();
        await recordOnSyncStream(work, 'RecordSyncPage', {
          tokenId: work.tokenId,
          runId,
          phase: step.phase,
          cursorIn: step.cursorIn,
          cursorOut: page.cursor,
          fetchedUntil: page.fetchedUntil,
          moreToFollow: page.moreToFollow,
          counts: step.counts,
        });
        options.onPage?.({ runId, page: state.pages + 1, phase: step.phase, counts: step.counts, moreToFollow: page.moreToFollow });
        return { type: 'page_recorded' };
      }
      case 'send_assignments':
        return {
          type: 'assignments_sent',
          tally: await sendAssignments(work, step.batch.target.profileUuid, step.batch.serials, deadline.signal),
        };
      case 'release_absent': {
        if (seen === null) throw new Error(`Sync run ${runId} has no serials of a complete fetch to release absent devices against.`);
        return { type: 'absence_released', released: await releaseAbsentDevices(work, runId, seen, step.observedAt) };
      }
      case 'send_due_retries': {
        deadline.check();
        return { type: 'retries_sent', tally: await retryDue(work, deadline.signal) };
      }
      case 'complete':
        deadline.check();
        if (deadline.signal.aborted) throw deadline.signal.reason;
        await recordOnSyncStream(work, 'CompleteSyncRun', {
          tokenId: work.tokenId,
          runId,
          outcome: step.outcome,
          fullFetchCompleted: step.fullFetchCompleted,
          releasedByAbsence: step.releasedByAbsence,
        });
        return { type: 'run_completed' };
      case 'abort':
      case 'done':
        throw new Error(`The sync run loop performs no ${step.type} step.`);
    }
  };
  return Object.assign(perform, { work });
};

/** Fetch a page or sync a page. Apple's refusals come back as outcomes (the rules decide); anything else, or anything after the deadline, fails the run. */
const requestPage = async (
  work: TokenWork,
  step: Extract<RunStep, { type: 'request_page' }>,
  deadline: RunDeadline,
): Promise<StepOutcome> => {
  deadline.check();
  deadline.signal.throwIfAborted();
  const request = { tokenId: work.tokenId, ...(work.pageLimit === undefined ? {} : { limit: work.pageLimit }) };
  try {
    const page =
      step.phase === 'fetch'
        ? await work.gateway.fetchDevices(step.cursor === null ? request : { ...request, cursor: step.cursor }, deadline.signal)
        : await work.gateway.syncDevices({ ...request, cursor: step.cursor ?? '' }, deadline.signal);
    return { type: 'page_received', page };
  } catch (error) {
    if (isGatewayError(error) && !deadline.signal.aborted)
      return { type: 'page_refused', failure: error.failure, error, at: work.clock.now().toISOString() };
    throw error;
  }
};

/** Records why the run stopped: timed out, cancelled, refused by Apple (recorded on the token too) or another error. */
const recordStop = async (
  work: TokenWork,
  facts: SyncRunFacts,
  deadline: RunDeadline,
  error: unknown,
  lease: HeldRunLease | null,
): Promise<SyncRunResult> => {
  const { runId } = facts;
  const stopped = (status: 'failed' | 'timed_out', failure: SyncRunError): SyncRunResult =>
    resultOf(facts, { status, error: failure, outcome: null, refusal: null });
  const timedOut = deadline.expired() || error instanceof DeadlineReached || (deadline.signal.aborted && !deadline.cancelled());
  try {
    if (timedOut) {
      await recordOnSyncStream(work, 'TimeOutSyncRun', { tokenId: work.tokenId, runId });
      return stopped('timed_out', {
        code: 'SYNC_RUN_TIMED_OUT',
        message: `Sync run ${runId} passed its deadline and was stopped; the next run resumes from its last recorded page.`,
      });
    }
    let failure: SyncRunError;
    if (lease?.lost() === true)
      failure = {
        code: 'SYNC_RUN_LEASE_LOST',
        message: `Sync run ${runId} stalled past its run lease and another run took token ${work.tokenId} over; that run resumes from this one's last recorded page.`,
      };
    else if (deadline.cancelled())
      failure = {
        code: 'SYNC_RUN_CANCELLED',
        message: `Sync run ${runId} was cancelled; the next run resumes from its last recorded page.`,
      };
    else if (isGatewayError(error)) failure = await recordGatewayFailure(work, error);
    else if (isDepledgerError(error)) failure = { code: error.code, message: error.message };
    else
      failure = {
        code: 'SYNC_RUN_ERROR',
        message: `Sync run ${runId} stopped on an unexpected error: ${error instanceof Error ? error.message : String(error)}`.slice(
          0,
          1000,
        ),
      };
    await recordOnSyncStream(work, 'FailSyncRun', { tokenId: work.tokenId, runId, ...failure });
    return stopped('failed', failure);
  } catch (recording) {
    // Another run took the token over: the store refused this run's write (its fence), or the run is no longer running.
    if (
      isDepledgerError(recording, 'SYNC_RUN_LEASE_LOST') ||
      (isDepledgerError(recording, 'SYNC_RUN_NOT_RUNNING') && lease?.lost() === true)
    )
      return stopped('failed', {
        code: 'SYNC_RUN_LEASE_LOST',
        message: `Sync run ${runId} stalled past its run lease and another run took token ${work.tokenId} over.`,
      });
    if (isDepledgerError(recording, 'SYNC_RUN_NOT_RUNNING'))
      return stopped(timedOut ? 'timed_out' : 'failed', { code: 'SYNC_RUN_NOT_RUNNING', message: recording.message });
    // The run could not even be recorded as stopped (the store is down): the caller learns of the first error.
    throw error;
  }
};
