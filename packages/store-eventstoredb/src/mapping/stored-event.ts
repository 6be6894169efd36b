import type { EventMetadata, StoredEvent } from '@depledger/core';
import type { AllStreamResolvedEvent, Position, ResolvedEvent } from '@eventstore/db-client';
import { EventStoreDbError } from '../errors';
import { isCheckpointStream } from '../checkpoints/checkpoint-stream';
import { portPosition } from './position';

/**
 * Not depledger's domain events: system streams and events (`$`-prefixed: `$metadata`, `$>` links,
 * `$stats-…`) and projection checkpoints.
 */
export const isSystemRecord = (streamName: string, type: string): boolean =>
  streamName.startsWith('$') || type.startsWith('$') || isCheckpointStream(streamName);

/** The event's `$all` position, as the server reported it with the event or (reading `$all`) beside it. */
export const positionOf = (resolved: ResolvedEvent | AllStreamResolvedEvent): Position | undefined => {
  if (resolved.event?.position) return resolved.event.position;
  const commit = 'commitPosition' in resolved ? resolved.commitPosition : undefined;
  return commit === undefined ? undefined : { commit, prepare: commit };
};

/**
 * An event read back from EventStoreDB, as the port returns it: type and data unchanged (JSON
 * parsed), our metadata from the event's JSON metadata, revision and position as numbers. Returns
 * `null` for system events. An event that was not written by depledger (not JSON, no metadata)
 * fails loudly.
 */
export const storedEvent = (resolved: ResolvedEvent | AllStreamResolvedEvent): StoredEvent | null => {
  const recorded = resolved.event;
  if (!recorded || isSystemRecord(recorded.streamId, recorded.type)) return null;
  const metadata = recorded.metadata as Partial<EventMetadata> | undefined;
  if (!recorded.isJson || typeof metadata !== 'object' || metadata === null || typeof metadata.eventId !== 'string') {
    throw new EventStoreDbError(
      'EVENTSTOREDB_FOREIGN_EVENT',
      `Event ${recorded.id} (${recorded.type}) in ${recorded.streamId} was not written by depledger (it lacks JSON data or depledger's metadata). Keep other writers out of depledger's streams.`,
      { streamName: recorded.streamId, type: recorded.type, id: recorded.id },
    );
  }
  return {
    type: recorded.type,
    data: recorded.data,
    metadata: metadata as EventMetadata,
    streamName: recorded.streamId,
    revision: Number(recorded.revision),
    position: portPosition(positionOf(resolved), recorded.streamId),
  };
};
