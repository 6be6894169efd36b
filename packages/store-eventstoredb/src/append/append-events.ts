import {
  ConcurrencyError,
  DepledgerError,
  checkExpectedRevision,
  type AppendResult,
  type ExpectedRevision,
  type StoredEventInput,
} from '@depledger/core';
import type { Connection } from '../connection/connection';
import { translateError } from '../connection/translate-error';
import { esdbEventId } from '../mapping/event-id';
import { clientExpectedRevision } from '../mapping/expected-revision';
import { proposedEvent } from '../mapping/proposed-event';
import { positionOfRevision } from '../read/read-stream';
import type { StreamTail, StreamTails } from './stream-tails';

/**
 * Appends with the port's rules on top of EventStoreDB's:
 * - the expected revision is checked by the server (a conflict is core's ConcurrencyError);
 * - idempotent by event id: events whose id is among the last `idempotencyWindow` events of the
 *   stream (or as many as the batch holds, if more) are skipped; a call whose events are all there
 *   succeeds, whatever its expected revision, and writes nothing. Events stored further back are
 *   not detected;
 * - a batch that repeats an id, or carries data that is not JSON, is refused before anything is sent.
 */
export type AppendSettings = Readonly<{ tails: StreamTails }>;

const unchanged = (tail: StreamTail): AppendResult => ({ nextExpectedRevision: tail.revision, lastPosition: tail.position, appended: 0 });

const refuseRepeatedIds = (streamName: string, ids: readonly string[], events: readonly StoredEventInput[]): void => {
  const seen = new Set<string>();
  ids.forEach((id, i) => {
    if (seen.has(id)) {
      const eventId = (events[i] as StoredEventInput).metadata.eventId;
      throw new DepledgerError(
        'DUPLICATE_EVENT_ID',
        `Event id ${eventId} appears twice in one append to ${streamName}. Give every event its own id; nothing was written.`,
        { streamName, eventId },
      );
    }
    seen.add(id);
  });
};

export const appendEvents = async (
  connection: Connection,
  settings: AppendSettings,
  streamName: string,
  events: readonly StoredEventInput[],
  expectedRevision: ExpectedRevision,
): Promise<AppendResult> => {
  if (events.length === 0) {
    const tail = await settings.tails.read(streamName, 1);
    checkExpectedRevision(streamName, expectedRevision, tail.revision);
    return unchanged(tail);
  }
  const ids = events.map((e) => esdbEventId(e.metadata.eventId));
  refuseRepeatedIds(streamName, ids, events);
  const proposed = events.map((e) => proposedEvent(e, streamName));
  const stored = async () => {
    const tail = await settings.tails.read(streamName, events.length);
    return { tail, ids: new Set(tail.ids) };
  };

  const before = await stored();
  const fresh = proposed.filter((_, i) => !before.ids.has(ids[i] as string));
  if (fresh.length === 0) return unchanged(before.tail);

  let revision: number;
  try {
    const result = await connection.client.appendToStream(streamName, fresh, {
      expectedRevision: clientExpectedRevision(expectedRevision),
    });
    revision = Number(result.nextExpectedRevision);
  } catch (error) {
    const translated = translateError(error, { connection: connection.label, operation: `appending to ${streamName}`, streamName });
    if (translated instanceof ConcurrencyError) {
      // Another writer may have stored these very events meanwhile (a retry racing its original).
      const now = await stored();
      if (ids.every((id) => now.ids.has(id))) return unchanged(now.tail);
    }
    throw translated;
  }
  const lastPosition = await positionOfRevision(connection, streamName, revision);
  settings.tails.appended(
    streamName,
    fresh.map((e) => e.id),
    revision,
    lastPosition,
  );
  return { nextExpectedRevision: revision, lastPosition, appended: fresh.length };
};
