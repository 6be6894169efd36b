import type { Command } from '../handling/decider';
import type { SyncCounts } from './sync-events';
import type { SyncPolicy } from './sync-policy';

export type RequestSyncRun = Command<
  'RequestSyncRun',
  { tokenId: string; runId: string; kind: 'full' | 'incremental'; trigger: 'manual' | 'schedule'; policy: SyncPolicy }
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

export type SyncCommand = RequestSyncRun | RecordSyncPage | ResetSyncCursor | CompleteSyncRun | FailSyncRun | TimeOutSyncRun;
