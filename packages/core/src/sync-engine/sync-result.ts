import type { SyncCounts } from '../sync/sync-events';

/** Why a run did not start. Refusals are answers, not exceptions. */
export type SyncRefusalReason =
  | 'run_in_progress'
  | 'too_soon'
  | 'run_id_already_used'
  | 'token_not_active'
  | 'token_expired'
  | 'token_rejected';

export type SyncRefusal = Readonly<{
  reason: SyncRefusalReason;
  /** When asking again can succeed; null when a person must act first (a new token, ...). */
  retryAt: string | null;
  message: string;
  blockingRunId: string | null;
}>;

/** What happened to the reconciliation that releases devices Apple stopped reporting. */
export type AbsenceReconciliation =
  | Readonly<{ status: 'done'; released: number }>
  /**
   * No fetch ran from its first page to its last within this run: it was resumed from an earlier
   * run, Apple ended it with EXHAUSTED_CURSOR instead of a last page, or no fetch finished.
   */
  | Readonly<{ status: 'skipped'; reason: 'resumed_fetch' | 'exhausted_cursor' | 'no_complete_fetch' }>;

export type AssignmentSummary = Readonly<{
  /** Devices asked for (a request recorded or already pending) and sent to Apple. */
  sent: number;
  assigned: number;
  notAccessible: number;
  failed: number;
  throttled: number;
  /** Why new devices were not given a default profile, when they were not. */
  skipped: 'no_default_profile' | 'default_profile_not_published' | null;
}>;

export type SyncRunOutcome = 'completed' | 'stopped_on_repeating_cursor';

export type SyncRunResult = Readonly<{
  status: 'completed' | 'refused' | 'failed' | 'timed_out';
  tokenId: string;
  runId: string;
  requested: 'full' | 'incremental';
  /** The kind that ran (a full run within the full-sync interval is downgraded to incremental). */
  kind: 'full' | 'incremental';
  downgrade: Readonly<{ reason: string; nextFullAllowedAt: string }> | null;
  refusal: SyncRefusal | null;
  /** Totals of the pages recorded by this run. */
  counts: SyncCounts;
  pages: number;
  outcome: SyncRunOutcome | null;
  /** A fetch reached its last page within this run (possibly resuming one an earlier run left part-way). */
  fullFetchCompleted: boolean;
  /** Whether the run started from a fetch cursor a previous run left part-way. */
  resumedFetch: boolean;
  reconciliation: AbsenceReconciliation;
  /** Cursors Apple refused (or that were too old) and that were reset, in order. */
  cursorResets: readonly string[];
  assignments: AssignmentSummary;
  /** Assignments whose retry time had come, sent by this run. */
  retries: AssignmentSummary | null;
  error: Readonly<{ code: string; message: string }> | null;
}>;

export type SyncPageProgress = Readonly<{
  runId: string;
  page: number;
  phase: 'fetch' | 'sync';
  counts: SyncCounts;
  moreToFollow: boolean;
}>;

export type SyncRunOptions = Readonly<{
  kind: 'full' | 'incremental';
  trigger: 'manual' | 'schedule';
  /** Defaults to a random UUID. A run id already recorded for this token is refused (`run_id_already_used`). */
  runId?: string;
  /**
   * Who the run's facts are recorded as: `system:sync` by default, or `system:schedule`,
   * `admin:<id>`... Also who asked for the run, unless `requestedBy` says otherwise.
   */
  actor?: string;
  /**
   * Who asked for the run (`admin:<id>`), when the facts it records should still carry the engine's
   * actor: the run's own events (SyncRunStarted, its pages, its end) are recorded as done by
   * `requestedBy`; the device and token facts as done by `actor`, with `requestedBy` in their metadata.
   */
  requestedBy?: string;
  /** Cancels the run; it is recorded as failed with code SYNC_RUN_CANCELLED. */
  signal?: AbortSignal;
  onPage?: (progress: SyncPageProgress) => void;
  /** Send the assignments whose retry time has come at the end of the run (default true). */
  sendDueRetries?: boolean;
}>;
