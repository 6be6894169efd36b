import type { ErrorCode } from '../errors/error-catalogue';
import type { SyncCounts } from '../sync/sync-events';
import type { AssignmentSummary } from './assignment/assignment-tally';

export type { AssignmentSummary } from './assignment/assignment-tally';

/** Why a run did not start. Refusals are answers, not exceptions. */
export type SyncRefusalReason =
  'run_in_progress' | 'too_soon' | 'run_id_already_used' | 'token_not_active' | 'token_expired' | 'token_rejected';

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

export type SyncRunOutcome = 'completed' | 'stopped_on_repeating_cursor';

/** What a run did, whatever its end: for a refused run, what was asked for and nothing done. */
export type SyncRunFacts = Readonly<{
  tokenId: string;
  runId: string;
  requested: 'full' | 'incremental';
  /** The kind that ran (a full run within the full-sync interval is downgraded to incremental). */
  kind: 'full' | 'incremental';
  downgrade: Readonly<{ reason: string; nextFullAllowedAt: string }> | null;
  /** Totals of the pages recorded by this run. */
  counts: SyncCounts;
  pages: number;
  /** A fetch reached its last page within this run (possibly resuming one an earlier run left part-way). */
  fullFetchCompleted: boolean;
  /** Whether the run started from a fetch cursor a previous run left part-way. */
  resumedFetch: boolean;
  reconciliation: AbsenceReconciliation;
  /** Cursors Apple refused (or that were too old) and that were reset, in order. */
  cursorResets: readonly string[];
  assignments: AssignmentSummary;
  /** Assignments whose retry time had come, sent by this run (`skipped` is always null). */
  retries: AssignmentSummary | null;
}>;

/**
 * Why a run stopped before completing, with what a person can do. `code` is one of the catalogue's
 * (docs/errors.md): `SYNC_RUN_TIMED_OUT`, `SYNC_RUN_CANCELLED`, `SYNC_RUN_ERROR`, a `GATEWAY_*` code
 * for Apple's refusals, or the code of the DepledgerError that stopped it.
 */
export type SyncRunError = Readonly<{ code: ErrorCode; message: string }>;

/** The run went through Apple's feed to its end (or stopped on a repeating cursor) and was recorded as completed. */
export type CompletedSyncRun = SyncRunFacts & Readonly<{ status: 'completed'; outcome: SyncRunOutcome; refusal: null; error: null }>;

/** The run did not start: the rules (one run at a time, too soon) or the token said no. Recorded when the rules said it. */
export type RefusedSyncRun = SyncRunFacts & Readonly<{ status: 'refused'; refusal: SyncRefusal; outcome: null; error: null }>;

/** The run started and stopped part-way: failed (Apple, cancelled, store) or past its deadline. The next run resumes from its last recorded page. */
export type StoppedSyncRun = SyncRunFacts & Readonly<{ status: 'failed' | 'timed_out'; error: SyncRunError; outcome: null; refusal: null }>;

/**
 * A sync run's result, by its status: `completed` carries its outcome, `refused` its refusal,
 * `failed` / `timed_out` their error; every one carries what the run did (`SyncRunFacts`).
 */
export type SyncRunResult = CompletedSyncRun | RefusedSyncRun | StoppedSyncRun;

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
