import { checkExpectedRevision, type AppendResult, type ExpectedRevision } from '@depledger/core';
import type { EncodedEvent } from './encode-events';
import type { EventStatements } from './statements';

/**
 * Appends one batch. Must run inside a write transaction (`BEGIN IMMEDIATE`): events whose id is
 * already stored are skipped; if every event of a non-empty batch is already stored the call
 * succeeds whatever the expected revision; otherwise the expected revision is checked (core's
 * rule), then the new events get consecutive revisions.
 */
export const appendBatch = (
  statements: EventStatements,
  streamName: string,
  events: readonly EncodedEvent[],
  expectedRevision: ExpectedRevision,
): AppendResult => {
  const fresh = events.filter((event) => statements.eventIdExists.get(event.eventId) === undefined);

  const head = statements.streamHead.get(streamName);
  const actual = head === undefined ? -1 : head[0];
  if (fresh.length === 0 && events.length > 0) return { nextExpectedRevision: actual, lastPosition: head === undefined ? 0 : head[1], appended: 0 };

  checkExpectedRevision(streamName, expectedRevision, actual);

  let revision = actual;
  let lastPosition = head === undefined ? 0 : head[1];
  for (const event of fresh) {
    revision += 1;
    lastPosition = Number(statements.insert.run(streamName, revision, event.eventId, event.type, event.data, event.metadata).lastInsertRowid);
  }
  return { nextExpectedRevision: revision, lastPosition, appended: fresh.length };
};
