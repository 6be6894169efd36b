import type { ReadStreamOptions, StoredEvent } from '@depledger/core';
import type { ResolvedEvent } from '@eventstore/db-client';
import { BACKWARDS, END, FORWARDS } from '@eventstore/db-client';
import type { Connection } from '../connection/connection';
import { isStreamNotFound, translateError } from '../connection/translate-error';
import { portPosition } from '../mapping/position';
import { positionOf, storedEvent } from '../mapping/stored-event';
import { eventsOf } from './events-of';

/** A stream forwards, event by event as the server sends them (never buffered whole); a missing stream is empty. */
export async function* readStreamEvents(
  connection: Connection,
  streamName: string,
  options: ReadStreamOptions = {},
): AsyncGenerator<StoredEvent> {
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
  return { id: recorded.id, revision: Number(recorded.revision), position: portPosition(positionOf(resolved), streamName) };
};

type PlacesRead = Readonly<{ from: 'end' | number; direction: 'forwards' | 'backwards'; count: number }>;

/** Where up to `count` events of a stream sit, in the order read; `null` when the stream does not exist. */
const readPlaces = async (
  connection: Connection,
  streamName: string,
  { from, direction, count }: PlacesRead,
): Promise<EventPlace[] | null> => {
  const reading = connection.client.readStream(streamName, {
    fromRevision: from === 'end' ? END : BigInt(from),
    direction: direction === 'backwards' ? BACKWARDS : FORWARDS,
    maxCount: Math.max(1, count),
  });
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

/** The last `count` events of a stream, oldest first; `null` when the stream does not exist. */
export const readLastPlaces = async (connection: Connection, streamName: string, count: number): Promise<EventPlace[] | null> =>
  (await readPlaces(connection, streamName, { from: 'end', direction: 'backwards', count }))?.reverse() ?? null;

/** At most `count` events of a stream from a revision on; `null` when the stream does not exist. */
export const readPlacesFrom = (
  connection: Connection,
  streamName: string,
  fromRevision: number,
  count: number,
): Promise<EventPlace[] | null> => readPlaces(connection, streamName, { from: fromRevision, direction: 'forwards', count });

/** The stream's last revision, -1 when it does not exist. */
export const readStreamRevision = async (connection: Connection, streamName: string): Promise<number> =>
  (await readLastPlaces(connection, streamName, 1))?.at(-1)?.revision ?? -1;

/** The global position of one event of a stream, by revision (one that was just written). */
export const positionOfRevision = async (connection: Connection, streamName: string, revision: number): Promise<number> => {
  const place = (await readPlacesFrom(connection, streamName, revision, 1))?.[0];
  if (place?.revision === revision) return place.position;
  throw translateError(new Error(`revision ${revision} was not there right after it was written`), {
    connection: connection.label,
    operation: `reading back stream ${streamName}`,
    streamName,
  });
};
