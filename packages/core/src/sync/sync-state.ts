import type { SyncCounts } from './sync-events';

export type SyncCursor = Readonly<{
  value: string;
  /** `fetch_in_progress`: a fetch stopped part-way and continues from here; `sync`: changes since here. */
  phase: 'fetch_in_progress' | 'sync';
  savedAt: string;
}>;

export type RunInFlight = Readonly<{
  runId: string;
  kind: 'full' | 'incremental';
  trigger: 'manual' | 'schedule';
  startedAt: string;
  deadlineAt: string;
  pages: number;
  counts: SyncCounts;
}>;

type Common = Readonly<{
  tokenId: string | null;
  cursor: SyncCursor | null;
  lastFullCompletedAt: string | null;
  lastCompletedAt: string | null;
  lastManualStartedAt: string | null;
}>;

export type SyncState = (Common & Readonly<{ status: 'idle' }>) | (Common & Readonly<{ status: 'running'; run: RunInFlight }>);

export const zeroCounts: SyncCounts = { received: 0, added: 0, modified: 0, released: 0, unchanged: 0 };

export const addCounts = (a: SyncCounts, b: SyncCounts): SyncCounts => ({
  received: a.received + b.received,
  added: a.added + b.added,
  modified: a.modified + b.modified,
  released: a.released + b.released,
  unchanged: a.unchanged + b.unchanged,
});
