import type { SyncCounts, SyncCursorReset, SyncRunRefused, SyncRunStarted } from '@depledger/core';

export type SyncRunOutcome = 'running' | 'completed' | 'stopped_on_repeating_cursor' | 'failed' | 'timed_out' | 'abandoned' | 'refused';

/** One sync run of a token — or one refused request for a run, with why. */
export type SyncRunDoc = Readonly<{
  tokenId: string;
  runId: string;
  /** Who asked for it (`admin:<id>`, `system:schedule`...). */
  actor: string;
  trigger: SyncRunStarted['data']['trigger'];
  /** The kind asked for, and the kind that ran (a full sync too soon after the last one runs incremental). */
  requested: SyncRunStarted['data']['kind'];
  kind: SyncRunStarted['data']['kind'] | null;
  downgrade: SyncRunStarted['data']['downgrade'];
  requestedAt: string;
  startedAt: string | null;
  deadlineAt: string | null;
  finishedAt: string | null;
  outcome: SyncRunOutcome;
  pages: number;
  counts: SyncCounts;
  fullFetchCompleted: boolean;
  durationMs: number | null;
  cursorResets: readonly SyncCursorReset['data']['reason'][];
  failure: Readonly<{ code: string; message: string }> | null;
  refusal: Readonly<{ reason: SyncRunRefused['data']['reason']; blockingRunId: string | null; retryAt: string | null }> | null;
}>;
