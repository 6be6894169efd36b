import { checkExpectedRevision, type AppendResult, type ExpectedRevision } from '@depledger/core';
import { sqliteErrorCode } from '../database/sqlite-error';
import type { EncodedEvent } from './encode-events';
import type { InsertedEvent } from './read-models-in-appends';
import type { EventStatements } from './statements';

/** Where an append lists what it inserted, when read models are kept current in its transaction; null otherwise. */
export type InsertedList = InsertedEvent[] | null;

/** A stream's last revision and position; `streamId` its number once it has one (a file that finds streams by number). */
type Head = Readonly<{ revision: number; position: number; streamId: number | null }>;

const insertAll = (
  statements: EventStatements,
  streamName: string,
  events: readonly EncodedEvent[],
  head: Head,
  inserted: InsertedList,
): AppendResult => {
  let revision = head.revision;
  let lastPosition = head.position;
  const streamId =
    events.length > 0 && statements.streams === 'by-number' ? (head.streamId ?? statements.addStream.get(streamName)!) : null;
  for (const event of events) {
    revision += 1;
    lastPosition = Number(
      statements.insert.run(streamId, streamName, revision, event.storedId, event.type, event.data, event.metadata).lastInsertRowid,
    );
    inserted?.push({
      type: event.type,
      data: event.source.data,
      metadata: event.source.metadata,
      streamName,
      revision,
      position: lastPosition,
    });
  }
  return { nextExpectedRevision: revision, lastPosition, appended: events.length };
};

const readHead = (statements: EventStatements, streamName: string): Head => {
  if (statements.streams === 'by-name') {
    const head = statements.streamHead(streamName);
    return head === undefined ? { revision: -1, position: 0, streamId: null } : { revision: head[0], position: head[1], streamId: null };
  }
  const streamId = statements.streamNumber.get(streamName);
  const head = streamId === undefined ? undefined : statements.numberedHead.get(streamId);
  return head === undefined
    ? { revision: -1, position: 0, streamId: streamId ?? null }
    : { revision: head[0], position: head[1], streamId: streamId ?? null };
};

/** Thrown inside the optimistic attempt when an event id is already stored; the batch is then retried carefully. */
class StoredIdFound extends Error {}

/**
 * The usual case, one index probe fewer per event: the expected revision holds and no id is stored
 * yet. Must run in a write transaction; throws StoredIdFound (rolling it back) when it guessed wrong.
 */
export const appendOptimistically = (
  statements: EventStatements,
  streamName: string,
  events: readonly EncodedEvent[],
  expectedRevision: ExpectedRevision,
  inserted: InsertedList = null,
): AppendResult | undefined => {
  const head = readHead(statements, streamName);
  try {
    checkExpectedRevision(streamName, expectedRevision, head.revision);
  } catch {
    return undefined;
  }
  try {
    return insertAll(statements, streamName, events, head, inserted);
  } catch (error) {
    if (sqliteErrorCode(error)?.startsWith('SQLITE_CONSTRAINT')) throw new StoredIdFound();
    throw error;
  }
};

/**
 * Appends one batch, idempotently by event id. Must run in a write transaction (`BEGIN IMMEDIATE`):
 * events whose id is already stored are skipped; if every event of a non-empty batch is already
 * stored the call succeeds whatever the expected revision; otherwise the expected revision is
 * checked (core's rule), then the new events get consecutive revisions.
 */
export const appendCarefully = (
  statements: EventStatements,
  streamName: string,
  events: readonly EncodedEvent[],
  expectedRevision: ExpectedRevision,
  inserted: InsertedList = null,
): AppendResult => {
  const fresh = events.filter((event) => statements.eventIdExists.get(event.storedId) === undefined);
  const head = readHead(statements, streamName);
  if (fresh.length === 0 && events.length > 0) return { nextExpectedRevision: head.revision, lastPosition: head.position, appended: 0 };
  checkExpectedRevision(streamName, expectedRevision, head.revision);
  return insertAll(statements, streamName, fresh, head, inserted);
};

export const isStoredIdFound = (error: unknown): boolean => error instanceof StoredIdFound;
