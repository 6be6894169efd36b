import {
  assignmentQueueEventTypes,
  evolveQueuedAssignment,
  streamPrefixes,
  type DeviceEvent,
  type QueuedAssignment,
} from '@depledger/core';
import { defineProjection } from '../projection/projection';

/** A device whose profile assignment is not done: requested and waiting for Apple, or waiting to be retried. */
export type QueuedAssignmentDoc = QueuedAssignment;

/**
 * The assignment queue: one document per device whose profile assignment is pending, failed
 * (retried after 24 hours) or throttled (retried when Apple allows). A device leaves the queue when
 * the assignment succeeds, is found not accessible (not retried) or the device is released. The fold
 * is core's `evolveQueuedAssignment`, the one the sync engine's due retries use.
 */
export const assignmentQueueProjection = defineProjection<QueuedAssignmentDoc, DeviceEvent>({
  name: 'assignment-queue',
  version: 1,
  streamPrefixes: [streamPrefixes.device],
  eventTypes: [...assignmentQueueEventTypes],
  keyOf: (event) => event.data.serial,
  evolve: (doc, event) => evolveQueuedAssignment(doc, event),
});
