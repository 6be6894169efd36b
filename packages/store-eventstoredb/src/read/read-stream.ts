import type { ReadStreamOptions, StoredEvent } from '@depledger/core';
import type { ResolvedEvent } from '@eventstore/db-client';
import { BACKWARDS, END, FORWARDS } from '@eventstore/db-client';
import type { Connection } from '../connection/connection';
import { isStreamNotFound, translateError } from '../connection/translate-error';
import { portPosition } from '../mapping/position';
import { storedEvent } from '../mapping/stored-event';
import { eventsOf } from './events-of';

/** A stream forwards, event by event as the server sends them (never buffered whole); a missing stream is empty. */
export async function* readStreamEvents(connection: Connection, streamName: string, options: ReadStreamOptions = {}): AsyncGenerator<StoredEvent> {
  if (options.maxCount === 0) return;
  const reading = connection.client.readStream(streamName, {
    fromRevision: BigInt(options.fromRevision ?? 0),
    maxCount: options.maxCount ?? Number.MAX_SAFE_INTEGER,
    direction: FORWARDS,
  });
  try {
    for await (const resolved of eventsOf(reading)) {
      const event = storedEvent(resolved);
      if (event) yield event;
    }
  } catch (error) {
    if (isStreamNotFound(error)) return;
    throw translateError(error, { connection: connection.label, operation: `reading stream ${streamName}`, streamName });
  }
}

/** Where an event sits, and its EventStoreDB id: all the idempotency check needs. */
export type EventPlace = Readonly<{ id: string; revision: number; position: number }>;

const placeOf = (resolved: ResolvedEvent, streamName: string): EventPlace | null => {
  const recorded = resolved.event;
  if (!recorded) return null;
  return { id: recorded.id, revision: Number(recorded.revision), position: portPosition(recorded.position, streamName) };
};

/** The last `count` events of a stream, oldest first; `null` when the stream does not exist. */
export const readLastPlaces = async (connection: Connection, streamName: string, count: number): Promise<EventPlace[] | null> => {
  const reading = connection.client.readStream(streamName, { fromRevision: END, direction: BACKWARDS, maxCount: Math.max(1, count) });
  const places: EventPlace[] = [];
  try {
    for await (const resolved of eventsOf(reading)) {
      const place = placeOf(resolved, streamName);
      if (place) places.push(place);
    }
  } catch (error) {
    if (isStreamNotFound(error)) return null;
    throw translateError(error, { connection: connection.label, operation: `reading the end of stream ${streamName}`, streamName });
  }
  return places.reverse();
};

/** At most `count` events of a stream from a revision on; `null` when the stream does not exist. */
export const readPlacesFrom = async (connection: Connection, streamName: string, fromRevision: number, count: number): Promise<EventPlace[] | null> => {
  const reading = connection.client.readStream(streamName, { fromRevision: BigInt(fromRevision), direction: FORWARDS, maxCount: Math.max(1, count) });
  const places: EventPlace[] = [];
  try {
    for await (const resolved of eventsOf(reading)) {
      const place = placeOf(resolved, streamName);
      if (place) places.push(place);
    }
  } catch (error) {
    if (isStreamNotFound(error)) return null;
    throw translateError(error, { connection: connection.label, operation: `reading stream ${streamName}`, streamName });
  }
  return places;
};

/** The stream's last revision, -1 when it does not exist. */
export const readStreamRevision = async (connection: Connection, streamName: string): Promise<number> =>
  (await readLastPlaces(connection, streamName, 1))?.at(-1)?.revision ?? -1;

/** The global position of one event of a stream, by revision. */
export const positionOfRevision = async (connection: Connection, streamName: string, revision: number): Promise<number> => {
  const reading = connection.client.readStream(streamName, { fromRevision: BigInt(revision), maxCount: 1, direction: FORWARDS });
  try {
    for await (const resolved of eventsOf(reading)) if (resolved.event) return portPosition(resolved.event.position, streamName);
  } catch (error) {
    throw translateError(error, { connection: connection.label, operation: `reading stream ${streamName}`, streamName });
  }
  throw translateError(new Error(`revision ${revision} was not there right after it was written`), {
    connection: connection.label,
    operation: `reading back stream ${streamName}`,
  });
};

