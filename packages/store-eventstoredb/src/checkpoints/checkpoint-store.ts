import { DepledgerError } from '@depledger/core';
import { BACKWARDS, END, NO_STREAM, jsonEvent, type EventStoreDBClient } from '@eventstore/db-client';
import { isStreamNotFound, translateError } from '../connection/translate-error';
import { eventsOf } from '../read/events-of';
import { checkpointEventType, checkpointStreamOf } from './checkpoint-stream';

/** Where a projection got to: the global position of the last event it folded, and the checkpoint stream's revision. */
export type ProjectionCheckpoint = Readonly<{
  /** 0 when the projection never stored a checkpoint. */
  position: number;
  /** The checkpoint stream's revision, -1 when it does not exist yet: pass the checkpoint back to `set`. */
  revision: number;
}>;

export interface EventStoreDbCheckpointStore {
  /** The stored checkpoint, `{ position: 0, revision: -1 }` when there is none. */
  get(projection: string): Promise<ProjectionCheckpoint>;
  /**
   * Moves the checkpoint to `position`, expecting it to be still `current` (as `get` or the last
   * `set` returned it). Throws core's ConcurrencyError when another writer moved it meanwhile, and
   * CHECKPOINT_BACKWARDS for a position lower than the current one. Returns the new checkpoint.
   */
  set(projection: string, position: number, current: ProjectionCheckpoint): Promise<ProjectionCheckpoint>;
}

const never: ProjectionCheckpoint = { position: 0, revision: -1 };

/**
 * Projection checkpoints in EventStoreDB: one stream per projection, limited to its last event
 * (`$maxCount: 1`, set when the stream is created, so the server can scavenge older ones), written
 * with optimistic concurrency on the stream's revision, so two runners of one projection cannot
 * both move it.
 */
export const createEventStoreDbCheckpointStore = (
  client: EventStoreDBClient,
  label = 'the client given to depledger',
): EventStoreDbCheckpointStore => {
  const context = (projection: string, operation: string) => ({ connection: label, operation, streamName: checkpointStreamOf(projection) });

  const get = async (projection: string): Promise<ProjectionCheckpoint> => {
    const stream = checkpointStreamOf(projection);
    try {
      for await (const resolved of eventsOf(client.readStream(stream, { fromRevision: END, direction: BACKWARDS, maxCount: 1 }))) {
        const recorded = resolved.event;
        const data = recorded?.data as { position?: unknown } | undefined;
        if (!recorded || typeof data?.position !== 'number') continue;
        return { position: data.position, revision: Number(recorded.revision) };
      }
      return never;
    } catch (error) {
      if (isStreamNotFound(error)) return never;
      throw translateError(error, context(projection, `reading the checkpoint of ${projection}`));
    }
  };

  const set = async (projection: string, position: number, current: ProjectionCheckpoint): Promise<ProjectionCheckpoint> => {
    const stream = checkpointStreamOf(projection);
    if (!Number.isSafeInteger(position) || position < current.position) {
      throw new DepledgerError(
        'CHECKPOINT_BACKWARDS',
        `The checkpoint of ${projection} cannot move from ${current.position} to ${position}: checkpoints only move forward. Rebuild the projection into a fresh read model instead.`,
        { projection, from: current.position, to: position },
      );
    }
    try {
      if (current.revision === -1) await client.setStreamMetadata(stream, { maxCount: 1 });
      const event = jsonEvent({ type: checkpointEventType, data: { projection, position } });
      const expectedRevision = current.revision === -1 ? NO_STREAM : BigInt(current.revision);
      const result = await client.appendToStream(stream, event, { expectedRevision });
      return { position, revision: Number(result.nextExpectedRevision) };
    } catch (error) {
      throw translateError(error, context(projection, `moving the checkpoint of ${projection}`));
    }
  };

  return { get, set };
};
