import { createHash } from 'node:crypto';

/**
 * EventStoreDB wants a UUID per event. depledger's event ids are UUIDs already (core's
 * `deterministicEventId`, `randomUUID`) and are used as they are, lower-cased. Any other id is
 * turned into a name-based UUID (version 5 layout: SHA-1 over a fixed namespace and the id), so the
 * same id always gets the same EventStoreDB id. The original id stays in the event's metadata.
 */
const uuidShape = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The namespace of depledger event ids that are not UUIDs (a fixed, random UUID). */
const eventIdNamespace = Buffer.from('634b68fbc5f04a34be5507d36628b918', 'hex');

export const esdbEventId = (eventId: string): string => {
  if (uuidShape.test(eventId)) return eventId.toLowerCase();
  const bytes = createHash('sha1').update(eventIdNamespace).update(eventId, 'utf8').digest().subarray(0, 16);
  bytes[6] = ((bytes[6] as number) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] as number) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
};
