import { expandMetadata, type StoredEvent } from '@depledger/core';
import { eventIdAsText } from './event-ids';

/**
 * An event's metadata as read: the stored text with the `event_id` column put back as its first
 * field (of the object, or element of core's short form, an array — see `metadataOf`). Appends store
 * metadata without the event id (it is in its own column, which idempotency looks up); rows written
 * before kept it in the text and read unchanged.
 */
export const metadataAsRead = `CASE WHEN instr(metadata, '[') = 1 THEN '[' || json_quote(${eventIdAsText}) || ',' || substr(metadata, 2)
  WHEN instr(metadata, '{"eventId":') = 1 THEN metadata
  WHEN metadata = '{}' THEN '{"eventId":' || json_quote(${eventIdAsText}) || '}'
  ELSE '{"eventId":' || json_quote(${eventIdAsText}) || ',' || substr(metadata, 2) END`;

/** The columns every read selects, in this order, fetched with `.raw()` (arrays, not objects). */
export const eventColumns = `position, stream_name, revision, type, data, ${metadataAsRead}`;

export type EventRow = [position: number, streamName: string, revision: number, type: string, data: string, metadata: string];

/** The metadata object of a row, from its text as read: an object as is, core's short form expanded with the data. */
export const metadataOf = (metadata: unknown, data: unknown): StoredEvent['metadata'] =>
  Array.isArray(metadata) ? expandMetadata(metadata, data) : (metadata as StoredEvent['metadata']);

export const decodeEventRow = (row: EventRow): StoredEvent => {
  const data = JSON.parse(row[4]) as unknown;
  return {
    type: row[3],
    data,
    metadata: metadataOf(JSON.parse(row[5]), data),
    streamName: row[1],
    revision: row[2],
    position: row[0],
  };
};
