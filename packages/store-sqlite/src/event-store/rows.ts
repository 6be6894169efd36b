import { expandMetadata, type StoredEvent } from '@depledger/core';
import type { StoredEventId } from './event-ids';

/**
 * The columns every read selects, in this order, fetched with `.raw()` (arrays, not objects): the
 * metadata as stored (without the event id, which is in its own column), then the event id — a
 * UUID kept in 16 bytes as hex text (a BLOB would reach JavaScript as a Buffer, which costs a
 * stream's fold more than its JSON), any other id as it was written; `decodeEventRow` puts them
 * together in JavaScript, which costs less than doing it in SQL.
 */
export const eventColumns =
  "position, stream_name, revision, type, data, metadata, CASE WHEN typeof(event_id) = 'blob' THEN hex(event_id) END, CASE WHEN typeof(event_id) = 'blob' THEN NULL ELSE event_id END";

export type EventRow = [
  position: number,
  streamName: string,
  revision: number,
  type: string,
  data: string,
  metadata: string,
  /** A UUID's 16 bytes as upper-case hex, or null. */
  uuidHex: string | null,
  /** Any other id, as written, or null. */
  eventId: string | null,
];

/** A UUID's 16 bytes, as hex text of either case, as the lowercase text it was written from. */
export const uuidText = (hex: string): string => {
  const lower = hex.toLowerCase();
  return `${lower.slice(0, 8)}-${lower.slice(8, 12)}-${lower.slice(12, 16)}-${lower.slice(16, 20)}-${lower.slice(20)}`;
};

/** A UUID kept in 16 bytes (its bytes, or `["<hex>"]` from JSON built in SQL) as the lowercase text it was written from; any other id as it is. */
export const eventIdText = (stored: StoredEventId | string[]): string => {
  if (typeof stored === 'string') return stored;
  return uuidText(Array.isArray(stored) ? String(stored[0]) : stored.toString('hex'));
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
  const uuidHex = row[6];
  return {
    type: row[3],
    data,
    metadata: metadataOf(JSON.parse(row[5]), uuidHex === null ? (row[7] as string) : uuidText(uuidHex), data),
    streamName: row[1],
    revision: row[2],
    position: row[0],
  };
};
