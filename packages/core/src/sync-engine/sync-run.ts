import { randomUUID } from 'node:crypto';
import { isDepledgerError } from '../errors/depledger-error';
import type { DevicePage } from '../ports/dep-gateway';
import { isGatewayError } from '../ports/gateway-error';
import type { SyncCounts } from '../sync/sync-events';
import { addCounts, zeroCounts } from '../sync/sync-state';
import type { ActiveToken } from '../token/token-state';
import { absenceObservedAt, PagingState } from './paging-state';
import { releaseAbsentDevices } from './absent-devices';
import { retryDue } from './assignment-operations';
import { emptyTally } from './assignment-sender';
import { chooseFirstCall } from './cursor-choice';
import { createDefaultProfileAssigner } from './default-profile-assigner';
import { DeadlineReached, startDeadline, type RunDeadline } from './deadline';
import { createDeviceFactMaker } from './device-fact';
import { applyPage } from './page-applier';
import { sendSyncCommand } from './sync-commands';
import type { RunMetadata, SyncEngineContext } from './sync-engine-context';
import type { AbsenceReconciliation, AssignmentSummary, SyncRunOptions, SyncRunOutcome, SyncRunResult } from './sync-result';
import { checkToken } from './token-check';
import { recordGatewayFailure, recordSuccessfulContact, type RunFailure } from './token-health';

/** More cursor resets than this in one run means Apple keeps refusing fresh cursors: the run fails instead of looping. */
const MAX_CURSOR_RESETS = 2;

const cursorErrors = { cursor_expired: 'cursor_expired', cursor_invalid: 'cursor_invalid', cursor_required: 'cursor_required' } as const;

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * One sync run for one token: check the token, ask the Sync decider for a run (which refuses a
 * second one), page through Apple's feed (each page's devices, then the page), release what a
 * complete fetch did not report, give new devices the default profile, send due retries, complete.
 */
export const runSync = async (context: SyncEngineContext, tokenId: string, options: SyncRunOptions): Promise<SyncRunResult> => {
  const runId = options.runId ?? randomUUID();
  const run: RunMetadata & { runId: string } = {
    actor: options.actor ?? 'system:sync',
    correlationId: runId,
    runId,
    ...(options.requestedBy === undefined ? {} : { requestedBy: options.requestedBy }),
  };
  const result: Mutable<SyncRunResult> = {
    status: 'refused',
    tokenId,
    runId,
    requested: options.kind,
    kind: options.kind,
    downgrade: null,
    refusal: null,
    counts: zeroCounts,
    pages: 0,
    outcome: null,
    fullFetchCompleted: false,
    resumedFetch: false,
    reconciliation: { status: 'skipped', reason: 'no_complete_fetch' },
    cursorResets: [],
    assignments: { ...emptyTally(), skipped: null },
    retries: null,
    error: null,
  };

  const token = await checkToken(context, tokenId, run);
  if (!token.ok) return { ...result, refusal: token.refusal };

  const requested = await sendSyncCommand(
    context,
    run,
    tokenId,
    'RequestSyncRun',
    { tokenId, runId, kind: options.kind, trigger: options.trigger, policy: context.policy },
    `run:${tokenId}:${runId}`,
  );
  const refused = requested.events.find((e) => e.type === 'SyncRunRefused');
  if (refused?.type === 'SyncRunRefused') {
    const { reason, retryAt, blockingRunId } = refused.data;
    const message =
      reason === 'run_in_progress'
        ? `A sync run (${blockingRunId}) is already running for token ${tokenId}; try again after ${retryAt}.`
        : `The last manual sync of token ${tokenId} was too recent; try again after ${retryAt}.`;
    return { ...result, refusal: { reason, retryAt, message, blockingRunId } };
  }
  const started = requested.events.find((e) => e.type === 'SyncRunStarted');
  if (started?.type !== 'SyncRunStarted' || requested.state.status !== 'running') {
    const message = `Run ${runId} was already recorded for token ${tokenId}; a run id is used once. Start a new run without a run id or with a new one.`;
    return { ...result, refusal: { reason: 'run_id_already_used', retryAt: null, message, blockingRunId: null } };
  }
  result.kind = started.data.kind;
  result.downgrade = started.data.downgrade;

  const deadline = startDeadline(context.clock, new Date(started.data.deadlineAt), context.deadlineCheckIntervalMs, options.signal);
  const assigner = createDefaultProfileAssigner(context, run, token.token);
  try {
    const outcome = await pageThrough(context, run, tokenId, token.token, requested.state.cursor, result, deadline, assigner, options);
    result.assignments = assigner.summary();
    if (options.sendDueRetries !== false) {
      deadline.check();
      const retried = await retryDue(context, run, tokenId, deadline.signal);
      result.retries = { sent: retried.sent, assigned: retried.assigned, notAccessible: retried.notAccessible, failed: retried.failed, throttled: retried.throttled, skipped: null };
    }
    deadline.check();
    if (deadline.signal.aborted) throw deadline.signal.reason;
    const releasedByAbsence = result.reconciliation.status === 'done' ? result.reconciliation.released : 0;
    await sendSyncCommand(context, run, tokenId, 'CompleteSyncRun', { tokenId, runId, outcome, fullFetchCompleted: result.fullFetchCompleted, releasedByAbsence });
    return { ...result, status: 'completed', outcome };
  } catch (error) {
    result.assignments = assigner.summary();
    return await recordStop(context, run, tokenId, result, deadline, error);
  } finally {
    deadline.dispose();
  }
};

type Assigner = ReturnType<typeof createDefaultProfileAssigner>;

const pageThrough = async (
  context: SyncEngineContext,
  run: RunMetadata & { runId: string },
  tokenId: string,
  token: ActiveToken,
  storedCursor: Parameters<typeof chooseFirstCall>[0],
  result: Mutable<SyncRunResult>,
  deadline: RunDeadline,
  assigner: Assigner,
  options: SyncRunOptions,
): Promise<SyncRunOutcome> => {
  const first = chooseFirstCall(storedCursor, result.kind, context.policy, context.clock.now());
  const resets: string[] = [];
  if (first.resetReason) {
    await sendSyncCommand(context, run, tokenId, 'ResetSyncCursor', { tokenId, runId: run.runId, reason: first.resetReason });
    resets.push(first.resetReason);
  }
  result.cursorResets = resets;
  result.resumedFetch = first.resumed;
  const paging = new PagingState(first, context.clock.now().toISOString());
  const makeFact = createDeviceFactMaker(context.vault);
  let contactRecorded = token.termsNotSignedSince === null;
  let counts: SyncCounts = zeroCounts;

  for (;;) {
    deadline.check();
    deadline.signal.throwIfAborted();
    let page: DevicePage;
    const request = { tokenId, ...(context.pageLimit === undefined ? {} : { limit: context.pageLimit }) };
    try {
      page =
        paging.phase === 'fetch'
          ? await context.gateway.fetchDevices(paging.cursor === null ? request : { ...request, cursor: paging.cursor }, deadline.signal)
          : await context.gateway.syncDevices({ ...request, cursor: paging.cursor ?? '' }, deadline.signal);
    } catch (error) {
      if (isGatewayError(error) && error.failure in cursorErrors && !deadline.signal.aborted) {
        const reason = cursorErrors[error.failure as keyof typeof cursorErrors];
        if (resets.length >= MAX_CURSOR_RESETS) throw error;
        await sendSyncCommand(context, run, tokenId, 'ResetSyncCursor', { tokenId, runId: run.runId, reason });
        resets.push(reason);
        paging.restartFetch(context.clock.now().toISOString());
        continue;
      }
      if (isGatewayError(error, 'cursor_exhausted') && paging.phase === 'fetch' && !deadline.signal.aborted) {
        // Apple has nothing more for this fetch. Its last page was never seen in this run, so the
        // fetch proves no device's absence.
        await endOfFetch(context, run, tokenId, paging, result, false);
        continue;
      }
      throw error;
    }
    if (!contactRecorded) {
      await recordSuccessfulContact(context, run, tokenId);
      contactRecorded = true;
    }

    const applied = await applyPage(context, { ...run, tokenId }, page, makeFact, paging.seen);
    const requestedAssignments = await assigner.request(applied.needingProfile, applied.pending);
    const cursorIn = paging.cursor;
    await sendSyncCommand(context, run, tokenId, 'RecordSyncPage', {
      tokenId,
      runId: run.runId,
      phase: paging.phase,
      cursorIn,
      cursorOut: page.cursor,
      fetchedUntil: page.fetchedUntil,
      moreToFollow: page.moreToFollow,
      counts: applied.counts,
    });
    counts = addCounts(counts, applied.counts);
    result.counts = counts;
    result.pages += 1;
    options.onPage?.({ runId: run.runId, page: result.pages, phase: paging.phase, counts: applied.counts, moreToFollow: page.moreToFollow });
    await assigner.send(requestedAssignments, deadline.signal);
    paging.noteFetchedUntil(page.fetchedUntil);

    if (page.moreToFollow && cursorIn !== null && page.cursor === cursorIn) return 'stopped_on_repeating_cursor';
    paging.advance(page.cursor);
    if (page.moreToFollow) continue;
    if (paging.phase === 'fetch') {
      await endOfFetch(context, run, tokenId, paging, result);
      continue;
    }
    return 'completed';
  }
};

/**
 * A fetch reached its end (which makes the run count as a full one, even when the fetch began in an
 * earlier run): release what it did not report if it ran whole in this run, then continue with sync.
 */
const endOfFetch = async (
  context: SyncEngineContext,
  run: RunMetadata & { runId: string },
  tokenId: string,
  paging: PagingState,
  result: Mutable<SyncRunResult>,
  lastPageSeen = true,
): Promise<void> => {
  result.fullFetchCompleted = true;
  if (paging.seen && lastPageSeen) {
    const released = await releaseAbsentDevices(context, run, tokenId, paging.seen, absenceObservedAt(paging));
    result.reconciliation = { status: 'done', released };
  } else if (result.reconciliation.status !== 'done') {
    result.reconciliation = { status: 'skipped', reason: paging.seen ? 'exhausted_cursor' : 'resumed_fetch' };
  }
  paging.switchToSync();
};

const recordStop = async (
  context: SyncEngineContext,
  run: RunMetadata & { runId: string },
  tokenId: string,
  result: Mutable<SyncRunResult>,
  deadline: RunDeadline,
  error: unknown,
): Promise<SyncRunResult> => {
  const runId = run.runId;
  const timedOut = deadline.expired() || error instanceof DeadlineReached || (deadline.signal.aborted && !deadline.cancelled());
  try {
    if (timedOut) {
      await sendSyncCommand(context, run, tokenId, 'TimeOutSyncRun', { tokenId, runId });
      const message = `Sync run ${runId} passed its deadline and was stopped; the next run resumes from its last recorded page.`;
      return { ...result, status: 'timed_out', error: { code: 'SYNC_RUN_TIMED_OUT', message } };
    }
    let failure: RunFailure;
    if (deadline.cancelled()) failure = { code: 'SYNC_RUN_CANCELLED', message: `Sync run ${runId} was cancelled; the next run resumes from its last recorded page.` };
    else if (isGatewayError(error)) failure = await recordGatewayFailure(context, run, tokenId, error);
    else if (isDepledgerError(error)) failure = { code: error.code, message: error.message };
    else failure = { code: 'SYNC_RUN_ERROR', message: `Sync run ${runId} stopped on an unexpected error: ${error instanceof Error ? error.message : String(error)}`.slice(0, 1000) };
    await sendSyncCommand(context, run, tokenId, 'FailSyncRun', { tokenId, runId, ...failure });
    return { ...result, status: 'failed', error: failure };
  } catch (recording) {
    // The run could not even be recorded as stopped (the store is down): the caller learns of the first error.
    if (isDepledgerError(recording, 'SYNC_RUN_NOT_RUNNING')) {
      return { ...result, status: timedOut ? 'timed_out' : 'failed', error: { code: 'SYNC_RUN_NOT_RUNNING', message: recording.message } };
    }
    throw error;
  }
};
