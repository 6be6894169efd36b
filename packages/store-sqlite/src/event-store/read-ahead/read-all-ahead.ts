import type { ReadAllOptions, StoredEvent } from '@depledger/core';
import { normaliseReadAll, readPage, type PageRequest } from '../read-all';
import type { EventStatements } from '../statements';
import type { ReadAhead } from './read-ahead';

const finished: IteratorReturnResult<undefined> = { done: true, value: undefined };

/**
 * `readAll` paged through the read-ahead: the same keyset pages of `pageSize` as `readAllPaged`,
 * each asked of `readAhead.page`, so a long read gets its pages from the worker from the third on
 * while the caller works on the events it was given. Each iteration starts a fresh read.
 */
export const readAllAhead = (
  statements: EventStatements,
  readAhead: ReadAhead,
  ensureOpen: () => void,
  pageSize: number,
  options: ReadAllOptions = {},
): AsyncIterable<StoredEvent> => {
  const { after, maxCount, prefixes } = normaliseReadAll(options, 'global read');
  const read = (request: PageRequest): StoredEvent[] => {
    ensureOpen();
    return readPage(statements, request);
  };
  return {
    [Symbol.asyncIterator](): AsyncIterator<StoredEvent> {
      let cursor = after;
      let remaining = maxCount;
      let exhausted = remaining <= 0;
      let page: StoredEvent[] = [];
      let index = 0;
      const nextPage = async (): Promise<IteratorResult<StoredEvent>> => {
        const limit = Math.min(pageSize, remaining);
        ensureOpen();
        page = await readAhead.page({ after: cursor, limit, prefixes }, read);
        index = 0;
        remaining -= page.length;
        exhausted = page.length < limit || remaining <= 0;
        const last = page[page.length - 1];
        if (last === undefined) return finished;
        cursor = last.position;
        return { done: false, value: page[index++] as StoredEvent };
      };
      return {
        next(): Promise<IteratorResult<StoredEvent>> {
          if (index < page.length) return Promise.resolve({ done: false, value: page[index++] as StoredEvent });
          if (exhausted) return Promise.resolve(finished);
          return nextPage().catch((error: unknown) => {
            exhausted = true;
            page = [];
            throw error;
          });
        },
        return(): Promise<IteratorResult<StoredEvent>> {
          exhausted = true;
          page = [];
          return Promise.resolve(finished);
        },
      };
    },
  };
};
