import type { StoredEvent } from '@depledger/core';
import { toStoredEvent, type EventRow } from './rows';

/** Loads the next page of at most `limit` rows after the previous one; keeps its own cursor. */
export type PageLoader = (limit: number) => Promise<EventRow[]>;

/**
 * Reads one keyset page at a time (a page is read whole before its events are handed out, so no
 * connection is held across the caller's awaits): a stream of any length costs one page in memory.
 */
export async function* pagedEvents(pageSize: number, maxCount: number, startReading: () => PageLoader): AsyncGenerator<StoredEvent> {
  const loadPage = startReading();
  let remaining = maxCount;
  while (remaining > 0) {
    const limit = Math.min(pageSize, remaining);
    const page = await loadPage(limit);
    remaining -= page.length;
    for (const row of page) yield toStoredEvent(row);
    if (page.length < limit) return;
  }
}
