import { ValidationError, type ReadAllOptions, type StoredEvent } from '@depledger/core';
import { decodeEventRow, type EventRow } from './rows';
import { pagedEvents } from './paged-events';
import { optionalInteger } from './read-options';
import type { EventStatements } from './statements';

/** One page of the global log after `after`, optionally only streams starting with one of `prefixes`. */
export const globalPage = (statements: EventStatements, after: number, limit: number, prefixes: readonly string[]): EventRow[] =>
  prefixes.length === 0 ? statements.allPage.all(after, limit) : statements.prefixedPage(prefixes.length).all(after, ...prefixes, limit);

export const normaliseReadAll = (options: ReadAllOptions, what: string): { after: number; maxCount: number; prefixes: string[] } => {
  const prefixes = [...(options.streamPrefixes ?? [])];
  const bad = prefixes.findIndex((prefix) => typeof prefix !== 'string');
  if (bad >= 0) throw new ValidationError(what, [{ path: `streamPrefixes[${bad}]`, message: 'must be a string' }]);
  return {
    after: optionalInteger(what, 'after', options.after, 0, 0),
    maxCount: optionalInteger(what, 'maxCount', options.maxCount, 0, Number.POSITIVE_INFINITY),
    // An empty list means no filter, like an absent one.
    prefixes,
  };
};

/** The global log in position order, exclusive of `after`, paged by position. */
export const readAllPaged = (
  statements: EventStatements,
  ensureOpen: () => void,
  pageSize: number,
  options: ReadAllOptions = {},
): AsyncIterable<StoredEvent> => {
  const { after, maxCount, prefixes } = normaliseReadAll(options, 'global read');
  return pagedEvents(pageSize, maxCount, () => {
    let cursor = after;
    return (limit) => {
      ensureOpen();
      const rows = globalPage(statements, cursor, limit, prefixes);
      const last = rows[rows.length - 1];
      if (last !== undefined) cursor = last[0];
      return rows;
    };
  });
};

/** One page of the global log: after a position, at most `limit` events, optionally only streams with one of the prefixes. */
export type PageRequest = Readonly<{ after: number; limit: number; prefixes: readonly string[] }>;

/** A `readAllPage` call's options checked (`maxCount` required, finite). */
export const pageRequestOf = (options: ReadAllOptions & Readonly<{ maxCount: number }>): PageRequest => {
  if (options.maxCount === undefined || options.maxCount === Number.POSITIVE_INFINITY) {
    throw new ValidationError('page of the global log', [
      { path: 'maxCount', message: `must be a whole number, 0 or more (got ${String(options.maxCount)})` },
    ]);
  }
  const { after, maxCount, prefixes } = normaliseReadAll(options, 'page of the global log');
  return { after, limit: maxCount, prefixes };
};

/** The events of one page, read and decoded on the calling thread. */
export const readPage = (statements: EventStatements, request: PageRequest): StoredEvent[] => {
  if (request.limit === 0) return [];
  const rows = globalPage(statements, request.after, request.limit, request.prefixes);
  const events: StoredEvent[] = new Array(rows.length);
  for (let i = 0; i < rows.length; i++) events[i] = decodeEventRow(rows[i] as EventRow);
  return events;
};
