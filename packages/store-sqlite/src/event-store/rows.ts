import { expandMetadata, type StoredEvent } from '@depledger/core';
import type { StoredEventId } from './event-ids';

/**
 * The columns every read selects, in this order, fetched with `.raw()` (arrays, not objects): the
 * metadata as stored (without the event id, which is in its own column) and the `event_id` column
 * last; `decodeEventRow` puts them together in JavaScript, which costs less than doing it in SQL.
 */
export const eventColumns = 'position, stream_name, revision, type, data, metadata, event_id';

export type EventRow = [
  position: number,
  streamName: string,
  revision: number,
  type: string,
  data: string,
  metadata: string,
  eventId: StoredEventId,
];

/** A UUID kept in 16 bytes as the lowercase text it was written from; any other id as it is. */
export const eventIdText = (stored: StoredEventId | string[]): string => {
  if (typeof stored === 'string') return stored;
  const hex = Array.isArray(stored) ? String(stored[0]).toLowerCase() : stored.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
};

const startsWithEventId = (metadata: object): boolean => {
  for (const field in metadata) return field === 'eventId';
  return false;
};

/**
 * An event's metadata as read, from its stored JSON value (parsed), its event id and its data: core's
 * short form (an array) expanded, an object with the event id put back as its first field (rows
 * written by earlier versions kept it in the text, first: they read unchanged).
 */
export const metadataOf = (stored: unknown, eventId: string, data: unknown): StoredEvent['metadata'] => {
  if (Array.isArray(stored)) {
    stored.unshift(eventId);
    return expandMetadata(stored, data);
  }
  const metadata = stored as StoredEvent['metadata'];
  return startsWithEventId(metadata) ? metadata : Object.assign({ eventId }, metadata);
};

export const decodeEventRow = (row: EventRow): StoredEvent => {
  const data = JSON.parse(row[4]) as unknown;
  return {
    type: row[3],
    data,
    metadata: metadataOf(JSON.parse(row[5]), eventIdText(row[6]), data),
    streamName: row[1],
    revision: row[2],
    position: row[0],
  };
};
