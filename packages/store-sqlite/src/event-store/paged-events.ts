import type { StoredEvent } from '@depledger/core';
import { decodeEventRow, type EventRow } from './rows';

/** Loads the next page of at most `limit` rows after the previous one; keeps its own cursor. */
export type PageLoader = (limit: number) => EventRow[];

const finished: IteratorReturnResult<undefined> = { done: true, value: undefined };

/**
 * An AsyncIterable that reads one keyset page at a time and decodes each row only when it is asked
 * for: a stream of any length costs one page of rows in memory. Each iteration starts a fresh read.
 */
export const pagedEvents = (pageSize: number, maxCount: number, startReading: () => PageLoader): AsyncIterable<StoredEvent> => ({
  [Symbol.asyncIterator](): AsyncIterator<StoredEvent> {
    const loadPage = startReading();
    let page: EventRow[] = [];
    let index = 0;
    let remaining = maxCount;
    let exhausted = remaining <= 0;
    return {
      next(): Promise<IteratorResult<StoredEvent>> {
        try {
          if (index >= page.length) {
            if (exhausted) return Promise.resolve(finished);
            const limit = Math.min(pageSize, remaining);
            page = loadPage(limit);
            index = 0;
            remaining -= page.length;
            exhausted = page.length < limit || remaining <= 0;
            if (page.length === 0) return Promise.resolve(finished);
          }
          const row = page[index++] as EventRow;
          return Promise.resolve({ done: false, value: decodeEventRow(row) });
        } catch (error) {
          exhausted = true;
          page = [];
          return Promise.reject(error);
        }
      },
      return(): Promise<IteratorResult<StoredEvent>> {
        exhausted = true;
        page = [];
        return Promise.resolve(finished);
      },
    };
  },
});
