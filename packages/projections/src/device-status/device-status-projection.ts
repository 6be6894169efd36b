import type { DeviceAssignedToServer, DeviceDetails, DeviceEvent, RecordedEvent } from '@depledger/core';
import type { DeviceStatusCode } from '../labels/device-status-labels';
import { defineProjection } from '../projection/projection';
import type { DeviceAssignment, DeviceStatusDoc } from './device-status-doc';

type Facts = Omit<DeviceStatusDoc, 'status' | 'statusSince'>;

const deviceEventTypes: readonly DeviceEvent['type'][] = [
  'DeviceAssignedToServer', 'DeviceDetailsChanged', 'DeviceReleased', 'ProfileAssignmentRequested', 'ProfileAssignmentSucceeded',
  'ProfileAssignmentFailed', 'ProfileAssignmentThrottled', 'ProfilePushed', 'DeviceEnrolled', 'DeviceUnenrolled',
];

/** The status the facts add up to; the order of the checks is the order of precedence. */
export const deriveStatus = (facts: Facts): DeviceStatusCode => {
  if (facts.releasedReason !== null) return 'released';
  if (facts.enrolledAt !== null) {
    const { uuid } = facts.profile;
    return uuid !== null && facts.enrolledProfileUuid !== null && uuid !== facts.enrolledProfileUuid ? 'pending_reset' : 'enrolled';
  }
  const assignment = facts.assignment?.state;
  return assignment === 'failed' || assignment === 'not_accessible' ? 'failed' : 'not_contacted';
};

const withStatus = (previous: DeviceStatusDoc | null, facts: Facts, at: string): DeviceStatusDoc => {
  const status = deriveStatus(facts);
  return { ...facts, status, statusSince: previous && previous.status === status ? previous.statusSince : at };
};

const fromDetails = (details: DeviceDetails) => ({
  model: details.model,
  description: details.description,
  os: details.os,
  family: details.family,
  assignedByRef: details.assignedByRef,
  assignedAt: details.assignedAt,
});

const profileFrom = (details: DeviceDetails, assignment: DeviceAssignment | null) => {
  const ours = assignment !== null && assignment.profileUuid === details.profileUuid;
  return {
    uuid: details.profileUuid,
    profileId: ours ? assignment.profileId : null,
    version: ours ? assignment.profileVersion : null,
    appleStatus: details.profileStatus,
    pushedAt: details.profilePushedAt,
  };
};

const assigned = (doc: DeviceStatusDoc | null, event: RecordedEvent<DeviceAssignedToServer>): Facts => {
  const d = event.data;
  const sameToken = doc !== null && doc.tokenId === d.tokenId;
  const assignment = sameToken ? doc.assignment : null;
  return {
    serial: d.serial,
    tokenId: d.tokenId,
    ...fromDetails(d.details),
    profile: profileFrom(d.details, assignment),
    assignment,
    enrolledAt: doc?.enrolledAt ?? null,
    enrolledProfileUuid: doc?.enrolledProfileUuid ?? null,
    releasedReason: null,
    updatedAt: event.metadata.occurredAt,
  };
};

/** The facts after one event, or null when the event says nothing about a device we know. */
const nextFacts = (doc: DeviceStatusDoc | null, event: RecordedEvent<DeviceEvent>): Facts | null => {
  if (event.type === 'DeviceAssignedToServer') return assigned(doc, event);
  if (doc === null) return null;
  const at = event.metadata.occurredAt;
  const base = { ...doc, updatedAt: at };
  switch (event.type) {
    case 'DeviceDetailsChanged':
      return { ...base, ...fromDetails(event.data.details), profile: profileFrom(event.data.details, doc.assignment) };
    case 'DeviceReleased':
      return { ...base, releasedReason: event.data.reason };
    case 'ProfileAssignmentRequested': {
      const d = event.data;
      return { ...base, assignment: { state: 'pending', profileId: d.profileId, profileVersion: d.profileVersion, profileUuid: d.profileUuid, since: at, retryAt: null } };
    }
    case 'ProfileAssignmentSucceeded': {
      if (!doc.assignment) return base;
      const d = event.data;
      return {
        ...base,
        assignment: { ...doc.assignment, state: 'assigned', since: at, retryAt: null },
        profile: { ...doc.profile, uuid: d.profileUuid, profileId: d.profileId, version: d.profileVersion, appleStatus: 'assigned' },
      };
    }
    case 'ProfileAssignmentFailed':
      return doc.assignment ? { ...base, assignment: { ...doc.assignment, state: event.data.outcome, since: at, retryAt: event.data.retryAt } } : base;
    case 'ProfileAssignmentThrottled':
      return doc.assignment ? { ...base, assignment: { ...doc.assignment, state: 'throttled', since: at, retryAt: event.data.retryAt } } : base;
    case 'ProfilePushed':
      return { ...base, profile: { ...doc.profile, uuid: event.data.profileUuid ?? doc.profile.uuid, appleStatus: 'pushed', pushedAt: event.data.pushedAt } };
    case 'DeviceEnrolled':
      return { ...base, enrolledAt: event.data.enrolledAt, enrolledProfileUuid: event.data.profileUuid };
    case 'DeviceUnenrolled':
      return { ...base, enrolledAt: null, enrolledProfileUuid: null };
    default:
      return base;
  }
};

/**
 * Device status, one document per serial: "Non contacté" once Apple reports the device assigned to
 * our server, "Inscrit" once the MDM records its enrollment, and the other statuses in between.
 */
export const deviceStatusProjection = defineProjection<DeviceStatusDoc, DeviceEvent>({
  name: 'device-status',
  version: 1,
  streamPrefixes: ['dep-device-'],
  eventTypes: deviceEventTypes,
  keyOf: (event) => event.data.serial,
  evolve: (doc, event) => {
    const facts = nextFacts(doc, event);
    return facts === null ? doc : withStatus(doc, facts, event.metadata.occurredAt);
  },
});
