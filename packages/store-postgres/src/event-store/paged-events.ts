import type { StoredEvent } from '@depledger/core';
import { toStoredEvent, type EventRow } from './rows';

/** Loads the next page of at most `limit` rows after the previous one; keeps its own cursor. */
export type PageLoader = (limit: number) => Promise<EventRow[]>;

/**
 * Reads one keyset page at a time (a page is read whole before its events are handed out, so no
 * connection is held across the caller's awaits): a stream of any length costs at most two pages in
 * memory. While a full page is handed out, the next one is already asked for — PostgreSQL finds and
 * sends it while the caller decodes this one — so a long read waits on the server once, not per page.
 */
export async function* pagedEvents(pageSize: number, maxCount: number, startReading: () => PageLoader): AsyncGenerator<StoredEvent> {
  const loadPage = startReading();
  let remaining = maxCount;
  let limit = Math.min(pageSize, remaining);
  let next: Promise<EventRow[]> | undefined = remaining > 0 ? loadPage(limit) : undefined;
  try {
    while (next !== undefined) {
      const page = await next;
      remaining -= page.length;
      // a short page is the end of what was there; a full one may have more behind it
      next = page.length === limit && remaining > 0 ? readAhead(loadPage((limit = Math.min(pageSize, remaining)))) : undefined;
      for (const row of page) yield toStoredEvent(row);
    }
  } finally {
    // a caller that stopped early leaves the page read ahead unread: its failure, if any, is nobody's
    next?.catch(() => undefined);
  }
}

/** The page asked for ahead of time, marked as handled so that its failure waits to be awaited instead of being reported unhandled. */
const readAhead = (page: Promise<EventRow[]>): Promise<EventRow[]> => {
  page.catch(() => undefined);
  return page;
};
