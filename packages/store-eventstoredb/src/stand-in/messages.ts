import { Empty, StreamIdentifier, UUID } from '@eventstore/db-client/generated/shared_pb';
import { ReadResp } from '@eventstore/db-client/generated/streams_pb';
import type { StandInRecord } from './stand-in-log';

/** Protobuf messages the stand-in sends, built from its records. uint64 fields travel as strings. */

export const streamIdentifier = (streamName: string): StreamIdentifier =>
  new StreamIdentifier().setStreamName(Buffer.from(streamName, 'utf8'));

export const streamNameOf = (identifier: StreamIdentifier | undefined): string =>
  identifier ? Buffer.from(identifier.getStreamName_asU8()).toString('utf8') : '';

/** The encoded ReadResp of each record, built once: records never change, and most are read more than once. */
const encodedEvents = new WeakMap<StandInRecord, Buffer>();

export const encodedEventMessage = (record: StandInRecord): Buffer => {
  let encoded = encodedEvents.get(record);
  if (!encoded) {
    encoded = Buffer.from(eventMessage(record).serializeBinary());
    encodedEvents.set(record, encoded);
  }
  return encoded;
};

export const eventMessage = (record: StandInRecord): ReadResp => {
  const recorded = new ReadResp.ReadEvent.RecordedEvent()
    .setId(new UUID().setString(record.id))
    .setStreamIdentifier(streamIdentifier(record.streamName))
    .setStreamRevision(String(record.revision))
    .setCommitPosition(String(record.position))
    .setPreparePosition(String(record.position))
    .setData(record.data)
    .setCustomMetadata(record.customMetadata);
  recorded.getMetadataMap().set('type', record.type).set('content-type', record.contentType).set('created', record.created);
  const event = new ReadResp.ReadEvent().setEvent(recorded).setCommitPosition(String(record.position));
  return new ReadResp().setEvent(event);
};

export const streamNotFoundMessage = (streamName: string): ReadResp =>
  new ReadResp().setStreamNotFound(new ReadResp.StreamNotFound().setStreamIdentifier(streamIdentifier(streamName)));

export const confirmationMessage = (subscriptionId: string): ReadResp =>
  new ReadResp().setConfirmation(new ReadResp.SubscriptionConfirmation().setSubscriptionId(subscriptionId));

export const caughtUpMessage = (): ReadResp => new ReadResp().setCaughtUp(new ReadResp.CaughtUp());

export const empty = (): Empty => new Empty();
