import type BetterSqlite3 from 'better-sqlite3';

/** An event id as the `event_id` column holds it: text, or a UUID's 16 bytes. */
export type StoredEventId = string | Buffer;

const lowercaseUuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const asText = (eventId: string): StoredEventId => eventId;

/** A lowercase UUID as its 16 bytes (20 fewer than its text, in the row and in the id index); any other id as text. */
const uuidAsBytes = (eventId: string): StoredEventId =>
  eventId.length === 36 && lowercaseUuid.test(eventId) ? Buffer.from(eventId.replaceAll('-', ''), 'hex') : eventId;

/**
 * How this file stores event ids (schema step 5, `event_store_format`): a file that held events
 * before keeps them as text, so its rows and its idempotency by id stay as they were.
 */
export const storedEventIdsOf = (connection: BetterSqlite3.Database): ((eventId: string) => StoredEventId) => {
  const form = connection.prepare<[], string>("SELECT value FROM event_store_format WHERE name = 'event_ids'").pluck().get();
  return form === 'uuid-blob' ? uuidAsBytes : asText;
};
