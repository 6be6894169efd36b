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
import { positionOfRevision, readStreamTail, type StreamTail } from '../read/read-stream';

/**
 * Appends with the port's rules on top of EventStoreDB's:
 * - the expected revision is checked by the server (a conflict is core's ConcurrencyError);
 * - idempotent by event id: the last `idempotencyWindow` events of the stream are read first and
 *   events whose id is among them are skipped; a call whose events are all there succeeds, whatever
 *   its expected revision, and writes nothing. Events stored further back are not detected;
 * - a batch that repeats an id, or carries data that is not JSON, is refused before anything is sent.
 */
export type AppendSettings = Readonly<{ idempotencyWindow: number }>;

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
    const tail = await readStreamTail(connection, streamName, 1);
    checkExpectedRevision(streamName, expectedRevision, tail.revision);
    return unchanged(tail);
  }
  const ids = events.map((e) => esdbEventId(e.metadata.eventId));
  refuseRepeatedIds(streamName, ids, events);
  const proposed = events.map((e) => proposedEvent(e, streamName));
  const window = Math.max(settings.idempotencyWindow, events.length);

  const tail = await readStreamTail(connection, streamName, window);
  const fresh = proposed.filter((_, i) => !tail.ids.has(ids[i] as string));
  if (fresh.length === 0) return unchanged(tail);

  let revision: number;
  try {
    const result = await connection.client.appendToStream(streamName, fresh, { expectedRevision: clientExpectedRevision(expectedRevision) });
    revision = Number(result.nextExpectedRevision);
  } catch (error) {
    const translated = translateError(error, { connection: connection.label, operation: `appending to ${streamName}`, streamName });
    if (translated instanceof ConcurrencyError) {
      // Another writer may have stored these very events meanwhile (a retry racing its original).
      const now = await readStreamTail(connection, streamName, window);
      if (ids.every((id) => now.ids.has(id))) return unchanged(now);
    }
    throw translated;
  }
  return { nextExpectedRevision: revision, lastPosition: await positionOfRevision(connection, streamName, revision), appended: fresh.length };
};
