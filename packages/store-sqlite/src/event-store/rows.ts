import type { StoredEvent } from '@depledger/core';

/**
 * An event's metadata as read: the stored text with the `event_id` column put back as its first
 * field. Appends store metadata without the event id (it is in its own column, which idempotency
 * looks up); rows written before kept it in the text and read unchanged.
 */
export const metadataAsRead = `CASE WHEN instr(metadata, '{"eventId":') = 1 THEN metadata
  WHEN metadata = '{}' THEN '{"eventId":' || json_quote(event_id) || '}'
  ELSE '{"eventId":' || json_quote(event_id) || ',' || substr(metadata, 2) END`;

/** The columns every read selects, in this order, fetched with `.raw()` (arrays, not objects). */
export const eventColumns = `position, stream_name, revision, type, data, ${metadataAsRead}`;

export type EventRow = [position: number, streamName: string, revision: number, type: string, data: string, metadata: string];

export const decodeEventRow = (row: EventRow): StoredEvent => ({
  type: row[3],
  data: JSON.parse(row[4]) as unknown,
  metadata: JSON.parse(row[5]) as StoredEvent['metadata'],
  streamName: row[1],
  revision: row[2],
  position: row[0],
});
