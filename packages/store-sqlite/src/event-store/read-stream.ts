import type { ReadStreamOptions, StoredEvent } from '@depledger/core';
import { pagedEvents } from './paged-events';
import { optionalInteger } from './read-options';
import type { EventStatements } from './statements';

/** A stream in revision order, paged by revision; a missing stream reads as empty. */
export const readStreamPaged = (
  statements: EventStatements,
  ensureOpen: () => void,
  pageSize: number,
  streamName: string,
  options: ReadStreamOptions = {},
): AsyncIterable<StoredEvent> => {
  const fromRevision = optionalInteger('stream read', 'fromRevision', options.fromRevision, 0, 0);
  const maxCount = optionalInteger('stream read', 'maxCount', options.maxCount, 0, Number.POSITIVE_INFINITY);
  return pagedEvents(pageSize, maxCount, () => {
    let next = fromRevision;
    return (limit) => {
      ensureOpen();
      const rows = statements.streamPage.all(streamName, next, limit);
      const last = rows[rows.length - 1];
      if (last !== undefined) next = last[2] + 1;
      return rows;
    };
  });
};
