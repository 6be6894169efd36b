import { add } from 'date-fns/add';
import { differenceInMilliseconds } from 'date-fns/differenceInMilliseconds';
import { isBefore } from 'date-fns/isBefore';
import { RuleViolation } from '../errors/rule-violation';
import type { EventDraft } from '../events/event';
import { assertNever, draft, type Decider } from '../handling/decider';
import type { RequestSyncRun, SyncCommand } from './sync-commands';
import type { SyncEvent } from './sync-events';
import { addCounts, zeroCounts, type RunInFlight, type SyncState } from './sync-state';

type Drafts = readonly EventDraft<SyncEvent>[];

const requireRun = (state: SyncState, runId: string): RunInFlight => {
  if (state.status === 'running' && state.run.runId === runId) return state.run;
  throw new RuleViolation('SYNC_RUN_NOT_RUNNING', `Sync run ${runId} is not running (it finished, timed out or never started).`, { runId });
};

const refusedInProgress = (command: RequestSyncRun, blockingRunId: string, retryAt: string): EventDraft<SyncEvent> => {
  const { tokenId, runId, kind, trigger } = command.data;
  return draft<SyncEvent>('SyncRunRefused', {
    tokenId,
    runId,
    requested: kind,
    trigger,
    reason: 'run_in_progress',
    blockingRunId,
    retryAt,
  });
};

/**
 * Whether a run the stream shows running blocks this request. With leases: a live lease of another
 * run blocks until the running run's deadline (the seed's rule), and a request holding the lease
 * finds the running run dead (abandoned). Without leases: the running run blocks until its deadline,
 * and a run past it is timed out.
 */
const endOfBlockingRun = (command: RequestSyncRun, state: SyncState): Drafts | 'refused' => {
  const { tokenId, runId, lease } = command.data;
  const now = command.metadata.now;
  if (lease?.held === false) return 'refused';
  if (state.status !== 'running') return [];
  if (lease?.held === true) {
    // The lapsed lease is the dead run's own, or that of a later run that took the token over and died
    // before it could record anything (a kill between its lease and its first write): either way the
    // token was held until that lease lapsed.
    const lapsed = lease.lapsed?.expiresAt ?? null;
    return [
      draft<SyncEvent>('SyncRunAbandoned', {
        tokenId,
        runId: state.run.runId,
        lastPage: state.run.pages,
        leaseExpiredAt: lapsed,
        takenOverBy: runId,
        detectedAt: now.toISOString(),
      }),
    ];
  }
  if (isBefore(now, new Date(state.run.deadlineAt))) return 'refused';
  return [
    draft<SyncEvent>('SyncRunTimedOut', {
      tokenId,
      runId: state.run.runId,
      deadlineAt: state.run.deadlineAt,
      detectedAt: now.toISOString(),
    }),
  ];
};

const requestRun = (command: RequestSyncRun, state: SyncState): Drafts => {
  const { tokenId, runId, kind, trigger, policy, lease } = command.data;
  const now = command.metadata.now;
  const ended = endOfBlockingRun(command, state);
  if (ended === 'refused') {
    if (state.status === 'running') {
      // a live run past its deadline is stopping itself: ask again once its lease would have lapsed
      const retryAt =
        isBefore(now, new Date(state.run.deadlineAt)) || lease?.held !== false ? state.run.deadlineAt : lease.holder.expiresAt;
      return [refusedInProgress(command, state.run.runId, retryAt)];
    }
    // another run holds the lease but is not on the stream yet (it is starting)
    const holder = lease?.held === false ? lease.holder : { runId: 'unknown', expiresAt: now.toISOString() };
    return [refusedInProgress(command, holder.runId, holder.expiresAt)];
  }
  const events: EventDraft<SyncEvent>[] = [...ended];
  if (trigger === 'manual' && policy.manualSyncInterval && state.lastManualStartedAt) {
    const allowedAt = add(new Date(state.lastManualStartedAt), policy.manualSyncInterval);
    if (isBefore(now, allowedAt)) {
      return [
        ...events,
        draft('SyncRunRefused', {
          tokenId,
          runId,
          requested: kind,
          trigger,
          reason: 'too_soon',
          blockingRunId: null,
          retryAt: allowedAt.toISOString(),
        }),
      ];
    }
  }
  let downgrade: { reason: string; nextFullAllowedAt: string } | null = null;
  if (kind === 'full' && state.lastFullCompletedAt) {
    const nextFull = add(new Date(state.lastFullCompletedAt), policy.fullSyncInterval);
    if (isBefore(now, nextFull)) {
      downgrade = {
        reason: `a full sync completed at ${state.lastFullCompletedAt}; full syncs are allowed once per interval, so this run refreshes only what changed (new serials included)`,
        nextFullAllowedAt: nextFull.toISOString(),
      };
    }
  }
  events.push(
    draft('SyncRunStarted', {
      tokenId,
      runId,
      requested: kind,
      kind: downgrade ? 'incremental' : kind,
      trigger,
      downgrade,
      startedAt: now.toISOString(),
      deadlineAt: add(now, policy.runDeadline).toISOString(),
    }),
  );
  return events;
};

export const decideSync = (command: SyncCommand, state: SyncState): Drafts => {
  const now = command.metadata.now;
  switch (command.type) {
    case 'RequestSyncRun':
      return requestRun(command, state);
    case 'RefuseSyncRunForToken': {
      const { tokenId, runId, kind, trigger, reason } = command.data;
      return [draft('SyncRunRefused', { tokenId, runId, requested: kind, trigger, reason, blockingRunId: null, retryAt: null })];
    }
    case 'RecordSyncPage': {
      const run = requireRun(state, command.data.runId);
      const d = command.data;
      return [draft('SyncPageRecorded', { ...d, page: run.pages + 1 })];
    }
    case 'ResetSyncCursor':
      requireRun(state, command.data.runId);
      return [draft('SyncCursorReset', { ...command.data })];
    case 'CompleteSyncRun': {
      const run = requireRun(state, command.data.runId);
      const releasedByAbsence = command.data.releasedByAbsence ?? 0;
      return [
        draft('SyncRunCompleted', {
          tokenId: command.data.tokenId,
          runId: run.runId,
          kind: run.kind,
          fullFetchCompleted: command.data.fullFetchCompleted,
          outcome: command.data.outcome,
          counts: { ...run.counts, released: run.counts.released + releasedByAbsence },
          releasedByAbsence,
          pages: run.pages,
          durationMs: Math.max(0, differenceInMilliseconds(now, new Date(run.startedAt))),
        }),
      ];
    }
    case 'FailSyncRun': {
      const run = requireRun(state, command.data.runId);
      const durationMs = Math.max(0, differenceInMilliseconds(now, new Date(run.startedAt)));
      return [draft('SyncRunFailed', { ...command.data, message: command.data.message.slice(0, 1000), durationMs })];
    }
    case 'TimeOutSyncRun': {
      const run = requireRun(state, command.data.runId);
      return [
        draft('SyncRunTimedOut', {
          tokenId: command.data.tokenId,
          runId: run.runId,
          deadlineAt: run.deadlineAt,
          detectedAt: now.toISOString(),
        }),
      ];
    }
    default:
      return assertNever(command);
  }
};

const finish = (state: SyncState): SyncState => {
  const { tokenId, cursor, lastFullCompletedAt, lastCompletedAt, lastManualStartedAt } = state;
  return { status: 'idle', tokenId, cursor, lastFullCompletedAt, lastCompletedAt, lastManualStartedAt };
};

export const evolveSync = (state: SyncState, event: SyncEvent): SyncState => {
  const at = event.metadata.occurredAt;
  switch (event.type) {
    case 'SyncRunStarted': {
      const d = event.data;
      const run: RunInFlight = {
        runId: d.runId,
        kind: d.kind,
        trigger: d.trigger,
        startedAt: d.startedAt,
        deadlineAt: d.deadlineAt,
        pages: 0,
        counts: zeroCounts,
      };
      return {
        ...state,
        status: 'running',
        tokenId: d.tokenId,
        run,
        lastManualStartedAt: d.trigger === 'manual' ? d.startedAt : state.lastManualStartedAt,
      };
    }
    case 'SyncRunRefused':
      return state;
    case 'SyncPageRecorded': {
      if (state.status !== 'running') return state;
      const d = event.data;
      const phase = d.phase === 'fetch' && d.moreToFollow ? 'fetch_in_progress' : 'sync';
      // a fetch that reached its last page is the full sync, even if its run dies before completing
      const fetchEnded = d.phase === 'fetch' && !d.moreToFollow;
      return {
        ...state,
        lastFullCompletedAt: fetchEnded ? at : state.lastFullCompletedAt,
        cursor: { value: d.cursorOut, phase, savedAt: at },
        run: { ...state.run, pages: state.run.pages + 1, counts: addCounts(state.run.counts, d.counts) },
      };
    }
    case 'SyncCursorReset':
      return { ...state, cursor: null };
    case 'SyncRunCompleted':
      return {
        ...finish(state),
        lastCompletedAt: at,
        lastFullCompletedAt: event.data.fullFetchCompleted ? at : state.lastFullCompletedAt,
      };
    case 'SyncRunFailed':
    case 'SyncRunTimedOut':
    case 'SyncRunAbandoned':
      return state.status === 'running' && state.run.runId === event.data.runId ? finish(state) : state;
    default:
      return state;
  }
};

export const syncDecider: Decider<SyncState, SyncCommand, SyncEvent> = {
  decide: decideSync,
  evolve: evolveSync,
  initialState: () => ({
    status: 'idle',
    tokenId: null,
    cursor: null,
    lastFullCompletedAt: null,
    lastCompletedAt: null,
    lastManualStartedAt: null,
  }),
};
