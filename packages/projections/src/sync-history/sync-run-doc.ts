import type { SyncCounts, SyncCursorReset, SyncRunRefused, SyncRunStarted } from '@depledger/core';

export type SyncRunOutcome = 'running' | 'completed' | 'stopped_on_repeating_cursor' | 'failed' | 'timed_out' | 'abandoned' | 'refused';

/** Records Apple delivered in a run, by pass. */
export type SyncRecords = Readonly<{ fetch: number; sync: number }>;

/**
 * How many devices a run heard of from Apple: the fetch pass's records when it fetched (each device
 * once), else the sync feed's (one record per device that changed). Never the two passes added up.
 */
export const devicesFromApple = (records: SyncRecords): number => (records.fetch > 0 ? records.fetch : records.sync);

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
  /** Totals of the run's pages. A full run's `received` adds up its two passes, so it is not a number of devices: see `records`. */
  counts: SyncCounts;
  /**
   * What Apple delivered, by pass: the fetch pass lists each device once; the sync pass that
   * follows lists changes, often the same devices again. `devicesFromApple` reads it.
   */
  records: SyncRecords;
  fullFetchCompleted: boolean;
  durationMs: number | null;
  cursorResets: readonly SyncCursorReset['data']['reason'][];
  failure: Readonly<{ code: string; message: string }> | null;
  refusal: Readonly<{ reason: SyncRunRefused['data']['reason']; blockingRunId: string | null; retryAt: string | null }> | null;
}>;
