import { streamPrefixes, type DeviceEvent, type RecordedEvent } from '@depledger/core';
import { defineProjection } from '../projection/projection';

/** A device whose profile assignment is not done: requested and waiting for Apple, or waiting to be retried. */
export type QueuedAssignmentDoc = Readonly<{
  serial: string;
  tokenId: string;
  state: 'pending' | 'failed' | 'throttled';
  profileId: string;
  profileVersion: number;
  profileUuid: string;
  /** Since when it is in this state. */
  since: string;
  /** When a failed or throttled assignment may be retried; null while pending. */
  retryAt: string | null;
  /** How many times this profile was requested for the device since it last left the queue. */
  attempts: number;
}>;

const evolveQueued = (doc: QueuedAssignmentDoc | null, event: RecordedEvent<DeviceEvent>): QueuedAssignmentDoc | null => {
  const at = event.metadata.occurredAt;
  switch (event.type) {
    case 'ProfileAssignmentRequested': {
      const d = event.data;
      const attempts = doc !== null && doc.profileUuid === d.profileUuid ? doc.attempts + 1 : 1;
      return { serial: d.serial, tokenId: d.tokenId, state: 'pending', profileId: d.profileId, profileVersion: d.profileVersion, profileUuid: d.profileUuid, since: at, retryAt: null, attempts };
    }
    case 'ProfileAssignmentFailed':
      if (doc === null || event.data.outcome === 'not_accessible') return null;
      return { ...doc, state: 'failed', since: at, retryAt: event.data.retryAt };
    case 'ProfileAssignmentThrottled':
      return doc === null ? null : { ...doc, state: 'throttled', since: at, retryAt: event.data.retryAt };
    case 'DeviceAssignedToServer':
      return doc !== null && doc.tokenId === event.data.tokenId ? doc : null;
    case 'ProfileAssignmentSucceeded':
    case 'DeviceReleased':
      return null;
    default:
      return doc;
  }
};

/**
 * The assignment queue: one document per device whose profile assignment is pending, failed
 * (retried after 24 hours) or throttled (retried when Apple allows). A device leaves the queue when
 * the assignment succeeds, is found not accessible (not retried) or the device is released.
 */
export const assignmentQueueProjection = defineProjection<QueuedAssignmentDoc, DeviceEvent>({
  name: 'assignment-queue',
  version: 1,
  streamPrefixes: [streamPrefixes.device],
  eventTypes: ['ProfileAssignmentRequested', 'ProfileAssignmentFailed', 'ProfileAssignmentThrottled', 'ProfileAssignmentSucceeded', 'DeviceAssignedToServer', 'DeviceReleased'],
  keyOf: (event) => event.data.serial,
  evolve: (doc, event) => evolveQueued(doc, event),
});
