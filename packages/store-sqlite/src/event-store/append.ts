import type { AppendResult, ExpectedRevision } from '@depledger/core';
import type { EncodedEvent } from './encode-events';
import { checkExpectedRevision } from './expected-revision';
import type { EventStatements } from './statements';

/**
 * Appends one batch. Must run inside a write transaction (`BEGIN IMMEDIATE`): events whose id is
 * already stored are skipped; if nothing is new the call succeeds whatever the expected revision;
 * otherwise the expected revision is checked, then the new events get consecutive revisions.
 */
export const appendBatch = (
  statements: EventStatements,
  streamName: string,
  events: readonly EncodedEvent[],
  expectedRevision: ExpectedRevision,
): AppendResult => {
  const seen = new Set<string>();
  const fresh: EncodedEvent[] = [];
  for (const event of events) {
    if (seen.has(event.eventId)) continue;
    seen.add(event.eventId);
    if (statements.eventIdExists.get(event.eventId) === undefined) fresh.push(event);
  }

  const head = statements.streamHead.get(streamName);
  const actual = head === undefined ? -1 : head[0];
  if (fresh.length === 0) return { nextExpectedRevision: actual, lastPosition: head === undefined ? 0 : head[1], appended: 0 };

  checkExpectedRevision(streamName, expectedRevision, actual);

  let revision = actual;
  let lastPosition = 0;
  for (const event of fresh) {
    revision += 1;
    lastPosition = Number(statements.insert.run(streamName, revision, event.eventId, event.type, event.data, event.metadata).lastInsertRowid);
  }
  return { nextExpectedRevision: revision, lastPosition, appended: fresh.length };
};
