import {
  currentIntunePolicy,
  DeciderSpecification,
  defaultSyncPolicy,
  draft,
  syncDecider,
  type SyncCommand,
  type SyncEvent,
} from '../index';

const spec = DeciderSpecification.for(syncDecider);
const at = (now: string) => ({ now: new Date(now), actor: 'admin:alice' });
const requestRun = (
  runId: string,
  kind: 'full' | 'incremental',
  now: string,
  policy = defaultSyncPolicy,
  trigger: 'manual' | 'schedule' = 'manual',
): SyncCommand => ({
  type: 'RequestSyncRun',
  data: { tokenId: 'paris', runId, kind, trigger, policy },
  metadata: at(now),
});
const started = (
  runId: string,
  startedAt: string,
  deadlineAt: string,
  kind: 'full' | 'incremental' = 'full',
  downgrade: { reason: string; nextFullAllowedAt: string } | null = null,
  requested = kind,
) => draft<SyncEvent>('SyncRunStarted', { tokenId: 'paris', runId, requested, kind, trigger: 'manual', downgrade, startedAt, deadlineAt });
const counts = { received: 2, added: 2, modified: 0, released: 0, unchanged: 0 };
const page = (runId: string, n: number, cursorOut: string, moreToFollow: boolean, phase: 'fetch' | 'sync' = 'fetch') =>
  draft<SyncEvent>('SyncPageRecorded', {
    tokenId: 'paris',
    runId,
    page: n,
    phase,
    cursorIn: null,
    cursorOut,
    fetchedUntil: null,
    moreToFollow,
    counts,
  });
const completedFull = (runId: string) =>
  ({
    ...draft<SyncEvent>('SyncRunCompleted', {
      tokenId: 'paris',
      runId,
      kind: 'full',
      fullFetchCompleted: true,
      outcome: 'completed',
      counts,
      pages: 1,
      durationMs: 1000,
    }),
    metadata: {
      eventId: 'c',
      occurredAt: '2026-01-05T09:00:01.000Z',
      actor: 'system:sync',
      correlationId: 'c',
      causationId: null,
      tokenId: 'paris',
    },
  }) as SyncEvent;

describe('Sync decider', () => {
  it('starts a full run with a 10-minute deadline by default (the Intune document)', () => {
    spec
      .given([])
      .when(requestRun('r1', 'full', '2026-01-05T09:00:00Z'))
      .then([started('r1', '2026-01-05T09:00:00.000Z', '2026-01-05T09:10:00.000Z')]);
  });

  it('offers current Intune values as a policy: 15-minute deadline', () => {
    spec
      .given([])
      .when(requestRun('r1', 'full', '2026-01-05T09:00:00Z', currentIntunePolicy))
      .then([started('r1', '2026-01-05T09:00:00.000Z', '2026-01-05T09:15:00.000Z')]);
  });

  it('refuses a run while another started less than 10 minutes ago, saying when to retry', () => {
    spec
      .given([started('r1', '2026-01-05T09:00:00.000Z', '2026-01-05T09:10:00.000Z')])
      .when(requestRun('r2', 'full', '2026-01-05T09:09:59Z'))
      .then([
        draft<SyncEvent>('SyncRunRefused', {
          tokenId: 'paris',
          runId: 'r2',
          requested: 'full',
          trigger: 'manual',
          reason: 'run_in_progress',
          blockingRunId: 'r1',
          retryAt: '2026-01-05T09:10:00.000Z',
        }),
      ]);
  });

  it('times out a run older than its deadline when the next one is requested', () => {
    spec
      .given([started('r1', '2026-01-05T09:00:00.000Z', '2026-01-05T09:10:00.000Z')])
      .when(requestRun('r2', 'incremental', '2026-01-05T09:10:00Z'))
      .then([
        draft<SyncEvent>('SyncRunTimedOut', {
          tokenId: 'paris',
          runId: 'r1',
          deadlineAt: '2026-01-05T09:10:00.000Z',
          detectedAt: '2026-01-05T09:10:00.000Z',
        }),
        started('r2', '2026-01-05T09:10:00.000Z', '2026-01-05T09:20:00.000Z', 'incremental'),
      ]);
  });

  it('downgrades a full run within 7 days of the last full run, and says why and when the next full run is allowed', () => {
    spec
      .given([started('r1', '2026-01-05T09:00:00.000Z', '2026-01-05T09:10:00.000Z'), completedFull('r1')])
      .when(requestRun('r2', 'full', '2026-01-08T09:00:00Z'))
      .thenMatches((events) => {
        expect(events).toHaveLength(1);
        const data = events[0]?.data as { kind: string; requested: string; downgrade: { reason: string; nextFullAllowedAt: string } };
        expect(data.requested).toBe('full');
        expect(data.kind).toBe('incremental');
        expect(data.downgrade.nextFullAllowedAt).toBe('2026-01-12T09:00:01.000Z');
        expect(data.downgrade.reason).toContain('2026-01-05T09:00:01.000Z');
      });
  });

  it('allows a full run again 7 days after the last full run', () => {
    spec
      .given([started('r1', '2026-01-05T09:00:00.000Z', '2026-01-05T09:10:00.000Z'), completedFull('r1')])
      .when(requestRun('r2', 'full', '2026-01-12T09:00:01Z'))
      .then([started('r2', '2026-01-12T09:00:01.000Z', '2026-01-12T09:10:01.000Z')]);
  });

  it('with the current Intune policy, refuses a manual run within 15 minutes of the last one', () => {
    const first = {
      ...started('r1', '2026-01-05T09:00:00.000Z', '2026-01-05T09:15:00.000Z'),
      metadata: {
        eventId: 's',
        occurredAt: '2026-01-05T09:00:00.000Z',
        actor: 'admin:alice',
        correlationId: 's',
        causationId: null,
        tokenId: 'paris',
      },
    } as SyncEvent;
    spec
      .given([first, completedFull('r1')])
      .when(requestRun('r2', 'incremental', '2026-01-05T09:05:00Z', currentIntunePolicy))
      .then([
        draft<SyncEvent>('SyncRunRefused', {
          tokenId: 'paris',
          runId: 'r2',
          requested: 'incremental',
          trigger: 'manual',
          reason: 'too_soon',
          blockingRunId: null,
          retryAt: '2026-01-05T09:15:00.000Z',
        }),
      ]);
    spec
      .given([first, completedFull('r1')])
      .when(requestRun('r2', 'incremental', '2026-01-05T09:05:00Z', currentIntunePolicy, 'schedule'))
      .thenMatches((events) => {
        expect(events[0]?.type).toBe('SyncRunStarted');
      });
  });

  it('records pages in order and keeps the cursor and its phase', () => {
    const s = started('r1', '2026-01-05T09:00:00.000Z', '2026-01-05T09:10:00.000Z');
    const record = (cursorOut: string, moreToFollow: boolean): SyncCommand => ({
      type: 'RecordSyncPage',
      data: { tokenId: 'paris', runId: 'r1', phase: 'fetch', cursorIn: null, cursorOut, fetchedUntil: null, moreToFollow, counts },
      metadata: at('2026-01-05T09:01:00Z'),
    });
    spec
      .given([s])
      .when(record('c1', true))
      .then([page('r1', 1, 'c1', true)]);
    spec
      .given([s, page('r1', 1, 'c1', true)])
      .when(record('c2', false))
      .then([page('r1', 2, 'c2', false)]);
    const mid = spec.given([s, page('r1', 1, 'c1', true)]).state();
    expect(mid.cursor).toMatchObject({ value: 'c1', phase: 'fetch_in_progress' });
    const done = spec.given([s, page('r1', 1, 'c1', true), page('r1', 2, 'c2', false)]).state();
    expect(done.cursor).toMatchObject({ value: 'c2', phase: 'sync' });
    expect(done.status === 'running' && done.run.counts.added).toBe(4);
  });

  it('refuses pages for a run that is not running', () => {
    spec
      .given([])
      .when({
        type: 'RecordSyncPage',
        data: {
          tokenId: 'paris',
          runId: 'r9',
          phase: 'sync',
          cursorIn: 'a',
          cursorOut: 'b',
          fetchedUntil: null,
          moreToFollow: false,
          counts,
        },
        metadata: at('2026-01-05T09:00:00Z'),
      })
      .thenThrows('SYNC_RUN_NOT_RUNNING');
  });

  it('completes a run with its totals and duration', () => {
    spec
      .given([started('r1', '2026-01-05T09:00:00.000Z', '2026-01-05T09:10:00.000Z'), page('r1', 1, 'c1', false)])
      .when({
        type: 'CompleteSyncRun',
        data: { tokenId: 'paris', runId: 'r1', outcome: 'completed', fullFetchCompleted: true },
        metadata: at('2026-01-05T09:00:02.5Z'),
      })
      .then([
        draft<SyncEvent>('SyncRunCompleted', {
          tokenId: 'paris',
          runId: 'r1',
          kind: 'full',
          fullFetchCompleted: true,
          outcome: 'completed',
          counts,
          releasedByAbsence: 0,
          pages: 1,
          durationMs: 2500,
        }),
      ]);
  });

  it("counts the devices released by absence after a full fetch among the run's releases, and says how many", () => {
    spec
      .given([started('r1', '2026-01-05T09:00:00.000Z', '2026-01-05T09:10:00.000Z'), page('r1', 1, 'c1', false)])
      .when({
        type: 'CompleteSyncRun',
        data: { tokenId: 'paris', runId: 'r1', outcome: 'completed', fullFetchCompleted: true, releasedByAbsence: 3 },
        metadata: at('2026-01-05T09:00:02.5Z'),
      })
      .then([
        draft<SyncEvent>('SyncRunCompleted', {
          tokenId: 'paris',
          runId: 'r1',
          kind: 'full',
          fullFetchCompleted: true,
          outcome: 'completed',
          counts: { ...counts, released: 3 },
          releasedByAbsence: 3,
          pages: 1,
          durationMs: 2500,
        }),
      ]);
  });

  it('records a failure, after which a new run may start at once', () => {
    const failed = draft<SyncEvent>('SyncRunFailed', {
      tokenId: 'paris',
      runId: 'r1',
      code: 'GATEWAY_TERMS_NOT_SIGNED',
      message: 'accept the terms',
      durationMs: 1000,
    });
    spec
      .given([started('r1', '2026-01-05T09:00:00.000Z', '2026-01-05T09:10:00.000Z')])
      .when({
        type: 'FailSyncRun',
        data: { tokenId: 'paris', runId: 'r1', code: 'GATEWAY_TERMS_NOT_SIGNED', message: 'accept the terms' },
        metadata: at('2026-01-05T09:00:01Z'),
      })
      .then([failed]);
    spec
      .given([started('r1', '2026-01-05T09:00:00.000Z', '2026-01-05T09:10:00.000Z'), failed])
      .when(requestRun('r2', 'incremental', '2026-01-05T09:00:02Z'))
      .then([started('r2', '2026-01-05T09:00:02.000Z', '2026-01-05T09:10:02.000Z', 'incremental')]);
  });

  it('forgets the cursor when Apple refuses it', () => {
    const s = started('r1', '2026-01-05T09:00:00.000Z', '2026-01-05T09:10:00.000Z');
    const reset = draft<SyncEvent>('SyncCursorReset', { tokenId: 'paris', runId: 'r1', reason: 'cursor_expired' });
    expect(spec.given([s, page('r1', 1, 'c1', false), reset]).state().cursor).toBeNull();
  });
});
