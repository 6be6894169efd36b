import type { EventMetadata, StoredEvent } from '@depledger/core';

/** `[position, stream_name, revision, type, data, metadata]`, JSON columns already parsed by the driver. */
export type EventRow = [position: number, streamName: string, revision: number, type: string, data: unknown, metadata: EventMetadata];

export const eventColumns = 'position, stream_name, revision, type, data, metadata';

export const toStoredEvent = (row: EventRow): StoredEvent => ({
  type: row[3],
  data: row[4],
  metadata: row[5],
  streamName: row[1],
  revision: row[2],
  position: row[0],
});
