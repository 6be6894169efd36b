import { DepledgerError, type StoredEventInput } from '@depledger/core';
import { jsonEvent, type JSONType } from '@eventstore/db-client';
import { esdbEventId } from './event-id';

/**
 * Our event as EventStoreDB stores it: the type name unchanged (`DeviceEnrolled.v1`), the data as
 * JSON, our metadata as the event's JSON metadata, and an event id derived from `metadata.eventId`.
 * Data must be JSON: a bigint, a function or `undefined` is refused before anything is sent (Dates
 * would silently come back as ISO strings, which is why depledger events carry strings).
 */
const assertJson = (value: unknown, what: string, event: StoredEventInput, streamName: string): void => {
  let text: string | undefined;
  let problem = '';
  try {
    text = JSON.stringify(value);
  } catch (error) {
    problem = error instanceof Error ? `: ${error.message}` : '';
  }
  if (text === undefined) {
    throw new DepledgerError(
      'EVENT_NOT_JSON',
      `The ${what} of event ${event.metadata.eventId} (${event.type}) for ${streamName} is not JSON${problem}. Events carry JSON only: strings for dates and big numbers. Nothing was written.`,
      { streamName, eventId: event.metadata.eventId, type: event.type },
    );
  }
};

export const proposedEvent = (event: StoredEventInput, streamName: string) => {
  assertJson(event.data, 'data', event, streamName);
  assertJson(event.metadata, 'metadata', event, streamName);
  return jsonEvent({
    id: esdbEventId(event.metadata.eventId),
    type: event.type,
    data: event.data as JSONType,
    metadata: event.metadata as unknown as JSONType,
  });
};
