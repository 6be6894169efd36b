import { compactMetadata, ValidationError, type StoredEventInput } from '@depledger/core';
import type { StoredEventId } from './event-ids';

/**
 * An event ready for the insert statement: every field serialised once, before the write lock is
 * taken; `source` is what was given (read models kept current in the append fold it).
 */
export type EncodedEvent = Readonly<{
  eventId: string;
  /** The id as the `event_id` column holds it (see event-ids.ts). */
  storedId: StoredEventId;
  type: string;
  data: string;
  metadata: string;
  source: StoredEventInput;
}>;

const toJson = (value: unknown, path: string, issues: { path: string; message: string }[]): string => {
  try {
    const json = JSON.stringify(value);
    if (json !== undefined) return json;
    issues.push({ path, message: 'must be JSON data (got undefined or a function)' });
  } catch (error) {
    issues.push({ path, message: `must be JSON data (${error instanceof Error ? error.message : String(error)})` });
  }
  return '';
};

/**
 * The metadata's text without its event id, which the row keeps in its own column (`metadataOf`
 * puts it back): 47 bytes of every event stored once instead of twice. Metadata whose event id is
 * not its first field is stored whole (reading it back gives the same object).
 */
const withoutEventId = (json: string, eventId: string): string => {
  const only = `{"eventId":${JSON.stringify(eventId)}`;
  if (!json.startsWith(only)) return json;
  if (json.length === only.length + 1) return '{}';
  return json.charCodeAt(only.length) === 44 /* , */ ? `{${json.slice(only.length + 1)}` : json;
};

/**
 * The metadata's text as stored: core's short form (`compactMetadata`: what is null or said by the
 * data left out) without its event id, `[occurredAt, actor, …]`; metadata of another shape as its
 * object text without the event id. Reads expand either back to the object given (`rows.ts`).
 */
const metadataText = (event: StoredEventInput, eventId: string, path: string, issues: { path: string; message: string }[]): string => {
  const compact =
    typeof eventId === 'string' && event.metadata !== null && typeof event.metadata === 'object'
      ? compactMetadata(event.metadata, event.data)
      : null;
  if (compact === null) return withoutEventId(toJson(event.metadata, path, issues), eventId);
  const json = toJson(compact, path, issues);
  // the event id is the array's first element: `["<id>",` is left out, `[` kept
  return `[${json.slice(JSON.stringify(eventId).length + 2)}`;
};

/** Serialises a batch; throws one ValidationError naming every bad field. Nothing is written then. */
export const encodeEvents = (
  streamName: string,
  events: readonly StoredEventInput[],
  storedId: (eventId: string) => StoredEventId,
): EncodedEvent[] => {
  const issues: { path: string; message: string }[] = [];
  if (typeof streamName !== 'string' || streamName.length === 0) issues.push({ path: 'streamName', message: 'must be a non-empty string' });
  const ids = new Set<string>();
  const encoded = events.map((event, index): EncodedEvent => {
    const eventId: unknown = event.metadata?.eventId;
    if (typeof eventId !== 'string' || eventId.length === 0) {
      issues.push({ path: `events[${index}].metadata.eventId`, message: 'must be a non-empty string' });
    } else if (ids.has(eventId)) {
      issues.push({ path: `events[${index}].metadata.eventId`, message: `repeats an earlier event id of this batch (${eventId})` });
    } else {
      ids.add(eventId);
    }
    if (typeof event.type !== 'string' || event.type.length === 0) {
      issues.push({ path: `events[${index}].type`, message: 'must be a non-empty string' });
    }
    return {
      eventId: eventId as string,
      storedId: typeof eventId === 'string' ? storedId(eventId) : '',
      type: event.type,
      data: toJson(event.data, `events[${index}].data`, issues),
      metadata: metadataText(event, eventId as string, `events[${index}].metadata`, issues),
      source: event,
    };
  });
  if (issues.length > 0) throw new ValidationError(`append to stream ${String(streamName)}`, issues);
  return encoded;
};
