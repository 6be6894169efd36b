import { add, isBefore } from 'date-fns';
import type { SyncPolicy } from '../sync/sync-policy';
import type { SyncCursor } from '../sync/sync-state';

/** Where a run's first call to Apple starts. */
export type FirstCall =
  /** A new fetch from Apple's first page. `resetReason` is set when a stored cursor is discarded for being too old. */
  | Readonly<{ phase: 'fetch'; cursor: null; resumed: false; resetReason: 'cursor_too_old' | null }>
  /** A fetch that a previous run left part-way, continued from its last recorded page. */
  | Readonly<{ phase: 'fetch'; cursor: string; resumed: true; resetReason: null }>
  /** Changes since the stored cursor. */
  | Readonly<{ phase: 'sync'; cursor: string; resumed: false; resetReason: null }>;

/**
 * Fetch when there is no cursor, when the cursor is older than Apple accepts (policy.cursorMaxAge),
 * or for a full run; continue a fetch left in progress (a full run too: starting over would never
 * finish a fetch longer than the deadline); otherwise sync from the stored cursor.
 */
export const chooseFirstCall = (cursor: SyncCursor | null, kind: 'full' | 'incremental', policy: SyncPolicy, now: Date): FirstCall => {
  if (!cursor) return { phase: 'fetch', cursor: null, resumed: false, resetReason: null };
  if (!isBefore(now, add(new Date(cursor.savedAt), policy.cursorMaxAge))) {
    return { phase: 'fetch', cursor: null, resumed: false, resetReason: 'cursor_too_old' };
  }
  if (cursor.phase === 'fetch_in_progress') return { phase: 'fetch', cursor: cursor.value, resumed: true, resetReason: null };
  if (kind === 'full') return { phase: 'fetch', cursor: null, resumed: false, resetReason: null };
  return { phase: 'sync', cursor: cursor.value, resumed: false, resetReason: null };
};
