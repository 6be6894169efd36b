import type { ReadStreamOptions, StoredEvent } from '@depledger/core';
import { BACKWARDS, END, FORWARDS } from '@eventstore/db-client';
import type { Connection } from '../connection/connection';
import { isStreamNotFound, translateError } from '../connection/translate-error';
import { portPosition } from '../mapping/position';
import { storedEvent } from '../mapping/stored-event';
import { eventsOf } from './finish-reading';

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

export type StreamTail = Readonly<{
  /** The stream's last revision, -1 when it does not exist. */
  revision: number;
  /** The global position of its last event, 0 when it does not exist. */
  position: number;
  /** The EventStoreDB ids of its last events (as many as were asked for). */
  ids: ReadonlySet<string>;
}>;

const noStream: StreamTail = { revision: -1, position: 0, ids: new Set() };

/** The last `count` events of a stream, read backwards: its revision, last position and event ids. */
export const readStreamTail = async (connection: Connection, streamName: string, count: number): Promise<StreamTail> => {
  const reading = connection.client.readStream(streamName, { fromRevision: END, direction: BACKWARDS, maxCount: Math.max(1, count) });
  let tail: { revision: number; position: number; ids: Set<string> } | null = null;
  try {
    for await (const resolved of eventsOf(reading)) {
      const recorded = resolved.event;
      if (!recorded) continue;
      tail ??= { revision: Number(recorded.revision), position: portPosition(recorded.position, streamName), ids: new Set() };
      tail.ids.add(recorded.id);
    }
  } catch (error) {
    if (isStreamNotFound(error)) return noStream;
    throw translateError(error, { connection: connection.label, operation: `reading the end of stream ${streamName}`, streamName });
  }
  return tail ?? noStream;
};

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

