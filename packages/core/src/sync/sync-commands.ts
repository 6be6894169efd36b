import type { Command } from '../handling/decider';
import type { SyncCounts } from './sync-events';
import type { SyncPolicy } from './sync-policy';

/**
 * What the run's lease says, when the store keeps leases: the requester holds the token's lease (so
 * a run the stream still shows running is dead; `lapsed` is its lease, when one lapsed), or another
 * run's live lease holds the token.
 */
export type RunLeaseStanding =
  | Readonly<{ held: true; lapsed: Readonly<{ runId: string; expiresAt: string }> | null }>
  | Readonly<{ held: false; holder: Readonly<{ runId: string; expiresAt: string }> }>;

export type RequestSyncRun = Command<
  'RequestSyncRun',
  {
    tokenId: string;
    runId: string;
    kind: 'full' | 'incremental';
    trigger: 'manual' | 'schedule';
    policy: SyncPolicy;
    /** Absent without a lease store: a run the stream shows running then blocks the token until its deadline. */
    lease?: RunLeaseStanding;
  }
>;
/** A run asked for on a token that may not talk to Apple: recorded as refused, like the rules' refusals. */
export type RefuseSyncRunForToken = Command<
  'RefuseSyncRunForToken',
  {
    tokenId: string;
    runId: string;
    kind: 'full' | 'incremental';
    trigger: 'manual' | 'schedule';
    reason: 'token_not_active' | 'token_expired' | 'token_rejected';
  }
>;
export type RecordSyncPage = Command<
  'RecordSyncPage',
  {
    tokenId: string;
    runId: string;
    phase: 'fetch' | 'sync';
    cursorIn: string | null;
    cursorOut: string;
    fetchedUntil: string | null;
    moreToFollow: boolean;
    counts: SyncCounts;
  }
>;
export type ResetSyncCursor = Command<
  'ResetSyncCursor',
  { tokenId: string; runId: string; reason: 'cursor_expired' | 'cursor_invalid' | 'cursor_required' | 'cursor_too_old' }
>;
export type CompleteSyncRun = Command<
  'CompleteSyncRun',
  {
    tokenId: string;
    runId: string;
    outcome: 'completed' | 'stopped_on_repeating_cursor';
    fullFetchCompleted: boolean;
    /** Devices released after the full fetch because Apple no longer reported them (not in any page's counts). */
    releasedByAbsence?: number;
  }
>;
export type FailSyncRun = Command<'FailSyncRun', { tokenId: string; runId: string; code: string; message: string }>;
export type TimeOutSyncRun = Command<'TimeOutSyncRun', { tokenId: string; runId: string }>;

export type SyncCommand =
  RequestSyncRun | RefuseSyncRunForToken | RecordSyncPage | ResetSyncCursor | CompleteSyncRun | FailSyncRun | TimeOutSyncRun;
