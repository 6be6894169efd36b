import type { StoredEvent } from '@depledger/core';

/** The columns every read selects, in this order, fetched with `.raw()` (arrays, not objects). */
export const eventColumns = 'position, stream_name, revision, type, data, metadata';

export type EventRow = [position: number, streamName: string, revision: number, type: string, data: string, metadata: string];

export const decodeEventRow = (row: EventRow): StoredEvent => ({
  type: row[3],
  data: JSON.parse(row[4]) as unknown,
  metadata: JSON.parse(row[5]) as StoredEvent['metadata'],
  streamName: row[1],
  revision: row[2],
  position: row[0],
});
