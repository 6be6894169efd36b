import type { RecordedEvent } from '../events/event';
import type { DeviceEvent } from './device-events';

/** A device whose profile assignment is not done: requested and waiting for Apple, or waiting to be retried. */
export type QueuedAssignment = Readonly<{
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

/** The device events that move a device into, within or out of the assignment queue. */
export const assignmentQueueEventTypes = [
  'ProfileAssignmentRequested',
  'ProfileAssignmentFailed',
  'ProfileAssignmentThrottled',
  'ProfileAssignmentSucceeded',
  'DeviceAssignedToServer',
  'DeviceReleased',
] as const satisfies readonly DeviceEvent['type'][];

/**
 * The assignment queue's fold, for one device: in the queue once a profile is requested; failed
 * (retried after 24 hours) or throttled (retried when Apple allows) after Apple's answer; out of it
 * when the assignment succeeds, is found not accessible (not retried), or the device is released or
 * moves to another token's server. The one fold of the queue: the assignment-queue projection
 * (@depledger/projections) and the sync engine's due retries both call it.
 */
export const evolveQueuedAssignment = (queued: QueuedAssignment | null, event: RecordedEvent<DeviceEvent>): QueuedAssignment | null => {
  const at = event.metadata.occurredAt;
  switch (event.type) {
    case 'ProfileAssignmentRequested': {
      const d = event.data;
      const attempts = queued !== null && queued.profileUuid === d.profileUuid ? queued.attempts + 1 : 1;
      return {
        serial: d.serial,
        tokenId: d.tokenId,
        state: 'pending',
        profileId: d.profileId,
        profileVersion: d.profileVersion,
        profileUuid: d.profileUuid,
        since: at,
        retryAt: null,
        attempts,
      };
    }
    case 'ProfileAssignmentFailed':
      if (queued === null || event.data.outcome === 'not_accessible') return null;
      return { ...queued, state: 'failed', since: at, retryAt: event.data.retryAt };
    case 'ProfileAssignmentThrottled':
      return queued === null ? null : { ...queued, state: 'throttled', since: at, retryAt: event.data.retryAt };
    case 'DeviceAssignedToServer':
      return queued !== null && queued.tokenId === event.data.tokenId ? queued : null;
    case 'ProfileAssignmentSucceeded':
    case 'DeviceReleased':
      return null;
    default:
      return queued;
  }
};
