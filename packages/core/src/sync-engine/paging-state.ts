import type { FirstCall } from './cursor-choice';
import { SerialSet } from './serial-set';

/**
 * Where a run is in Apple's feed: fetch or sync, the cursor to send next, and — for a fetch that
 * started from Apple's first page in this run — the serials it reported (the only thing a run keeps
 * that grows with the number of devices).
 */
export class PagingState {
  phase: 'fetch' | 'sync';
  cursor: string | null;
  /** Serials reported by a fetch that started in this run; null when the fetch was resumed (or in sync). */
  seen: SerialSet | null;
  /** When the current fetch began, and Apple's first `fetched_until` for it. */
  fetchStartedAt: string;
  firstFetchedUntil: string | null = null;

  constructor(first: FirstCall, now: string) {
    this.phase = first.phase;
    this.cursor = first.cursor;
    this.seen = first.phase === 'fetch' && !first.resumed ? new SerialSet() : null;
    this.fetchStartedAt = now;
  }

  restartFetch(now: string): void {
    this.phase = 'fetch';
    this.cursor = null;
    this.seen = new SerialSet();
    this.fetchStartedAt = now;
    this.firstFetchedUntil = null;
  }

  noteFetchedUntil(fetchedUntil: string | null): void {
    if (this.phase === 'fetch' && this.firstFetchedUntil === null) this.firstFetchedUntil = fetchedUntil;
  }

  advance(cursor: string): void {
    this.cursor = cursor;
  }

  switchToSync(): void {
    this.phase = 'sync';
    this.seen = null;
  }
}

/** The moment a complete fetch vouches for: devices that changed after it are not released. */
export const absenceObservedAt = (paging: PagingState): string => paging.firstFetchedUntil ?? paging.fetchStartedAt;
