import { streamPrefixes, type DeviceAssignedToServer, type DeviceDetails, type DeviceEvent, type RecordedEvent } from '@depledger/core';
import type { DeviceStatusCode } from '../labels/device-status-labels';
import { defineProjection } from '../projection/projection';
import type { DeviceAssignment, DeviceProfile, DeviceStatusDoc } from './device-status-doc';
import { readDeviceStatus, writeDeviceStatus } from './device-status-stored';

/** A fresh copy being filled in (never a document a reader holds). */
type Draft = { -readonly [K in keyof DeviceStatusDoc]: DeviceStatusDoc[K] };

/** The status a device's facts add up to; the order of the checks is the order of precedence. */
export const deriveStatus = (doc: Omit<DeviceStatusDoc, 'status' | 'statusSince'>): DeviceStatusCode => {
  if (doc.releasedReason !== null) return 'released';
  if (doc.enrolledAt === null && doc.assignment === null && doc.profile.appleStatus === 'removed') return 'profile_cleared';
  if (doc.enrolledAt !== null) {
    const { uuid } = doc.profile;
    return uuid !== null && doc.enrolledProfileUuid !== null && uuid !== doc.enrolledProfileUuid ? 'pending_reset' : 'enrolled';
  }
  const assignment = doc.assignment?.state;
  return assignment === 'failed' || assignment === 'not_accessible' ? 'failed' : 'not_contacted';
};

/** Apple's fields a device's document keeps. */
type HeldDetails = Pick<
  DeviceDetails,
  | 'model'
  | 'description'
  | 'os'
  | 'family'
  | 'assignedByRef'
  | 'assignedAt'
  | 'profileUuid'
  | 'profileStatus'
  | 'profilePushedAt'
  | 'isReplacementDevice'
>;

const profileFrom = (details: HeldDetails, assignment: DeviceAssignment | null): DeviceProfile => {
  const ours = assignment !== null && assignment.profileUuid === details.profileUuid;
  return {
    uuid: details.profileUuid,
    profileId: ours ? assignment.profileId : null,
    version: ours ? assignment.profileVersion : null,
    appleStatus: details.profileStatus,
    pushedAt: details.profilePushedAt,
  };
};

/** The details a device's document holds, as Apple's fields (what a change is laid over). */
const detailsIn = (doc: Draft): Partial<DeviceDetails> => ({
  model: doc.model,
  description: doc.description,
  os: doc.os,
  family: doc.family,
  assignedByRef: doc.assignedByRef,
  assignedAt: doc.assignedAt,
  profileUuid: doc.profile.uuid,
  profileStatus: doc.profile.appleStatus,
  profilePushedAt: doc.profile.pushedAt,
  isReplacementDevice: doc.isReplacementDevice ?? null,
});

const setDetails = (draft: Draft, details: HeldDetails): void => {
  draft.model = details.model;
  draft.description = details.description;
  draft.os = details.os;
  draft.family = details.family;
  draft.assignedByRef = details.assignedByRef;
  draft.assignedAt = details.assignedAt;
  draft.profile = profileFrom(details, draft.assignment);
  draft.isReplacementDevice = details.isReplacementDevice ?? null;
};

const assigned = (doc: DeviceStatusDoc | null, event: RecordedEvent<DeviceAssignedToServer>): Draft => {
  const d = event.data;
  const draft: Draft = {
    serial: d.serial,
    tokenId: d.tokenId,
    status: 'not_contacted',
    statusSince: event.metadata.occurredAt,
    model: null,
    description: null,
    os: null,
    family: null,
    profile: { uuid: null, profileId: null, version: null, appleStatus: null, pushedAt: null },
    assignment: doc !== null && doc.tokenId === d.tokenId ? doc.assignment : null,
    assignedByRef: null,
    assignedAt: null,
    enrolledAt: doc?.enrolledAt ?? null,
    enrolledProfileUuid: doc?.enrolledProfileUuid ?? null,
    releasedReason: null,
    isReplacementDevice: null,
    replaces: doc !== null && doc.tokenId === d.tokenId ? (doc.replaces ?? null) : null,
    updatedAt: event.metadata.occurredAt,
  };
  setDetails(draft, d.details);
  return draft;
};

/**
 * Applies one event (other than DeviceAssignedToServer) to a copy of a known device; false for an
 * event type this version does not know (from a newer depledger), which changes nothing.
 */
const apply = (draft: Draft, event: RecordedEvent<DeviceEvent>, at: string): boolean => {
  switch (event.type) {
    case 'DeviceDetailsChanged':
      // detailsIn gives a fresh object: changed in place (a spread copy gaining fields costs V8 a hidden class each time)
      setDetails(draft, Object.assign(detailsIn(draft), event.data.changes) as HeldDetails);
      return true;
    case 'DeviceReleased':
      draft.releasedReason = event.data.reason;
      return true;
    case 'ProfileAssignmentRequested': {
      const d = event.data;
      draft.assignment = {
        state: 'pending',
        profileId: d.profileId,
        profileVersion: d.profileVersion,
        profileUuid: d.profileUuid,
        since: at,
        retryAt: null,
      };
      return true;
    }
    case 'ProfileAssignmentSucceeded': {
      if (!draft.assignment) return true;
      const d = event.data;
      draft.assignment = { ...draft.assignment, state: 'assigned', since: at, retryAt: null };
      draft.profile = {
        uuid: d.profileUuid,
        profileId: d.profileId,
        version: d.profileVersion,
        appleStatus: 'assigned',
        pushedAt: draft.profile.pushedAt,
      };
      return true;
    }
    case 'ProfileAssignmentFailed':
      if (draft.assignment) draft.assignment = { ...draft.assignment, state: event.data.outcome, since: at, retryAt: event.data.retryAt };
      return true;
    case 'ProfileAssignmentThrottled':
      if (draft.assignment) draft.assignment = { ...draft.assignment, state: 'throttled', since: at, retryAt: event.data.retryAt };
      return true;
    case 'ProfilePushed':
      draft.profile = {
        ...draft.profile,
        uuid: event.data.profileUuid ?? draft.profile.uuid,
        appleStatus: 'pushed',
        pushedAt: event.data.pushedAt,
      };
      return true;
    case 'DeviceEnrolled':
      draft.enrolledAt = event.data.enrolledAt;
      draft.enrolledProfileUuid = event.data.profileUuid;
      return true;
    case 'DeviceUnenrolled':
      draft.enrolledAt = null;
      draft.enrolledProfileUuid = null;
      return true;
    case 'DeviceDisowned':
      draft.releasedReason = 'disowned';
      return true;
    case 'DeviceProfileCleared':
      draft.assignment = null;
      draft.profile = { uuid: null, profileId: null, version: null, appleStatus: 'removed', pushedAt: null };
      return true;
    case 'DeviceReplacementRecorded':
      draft.replaces = { serial: event.data.originalSerial, on: event.data.replacedOn };
      return true;
    default:
      return false;
  }
};

const evolveDevice = (doc: DeviceStatusDoc | null, event: RecordedEvent<DeviceEvent>): DeviceStatusDoc | null => {
  const at = event.metadata.occurredAt;
  let draft: Draft;
  if (event.type === 'DeviceAssignedToServer') draft = assigned(doc, event);
  else if (doc === null) return null;
  else {
    draft = { ...doc };
    if (!apply(draft, event, at)) return doc;
  }
  draft.updatedAt = at;
  const status = deriveStatus(draft);
  draft.statusSince = doc !== null && doc.status === status ? doc.statusSince : at;
  draft.status = status;
  return draft;
};

/**
 * Device status, one document per serial: "Non contacté" once Apple reports the device assigned to
 * our server, "Inscrit" once the MDM records its enrollment, and the other statuses in between.
 */
export const deviceStatusProjection = defineProjection<DeviceStatusDoc, DeviceEvent>({
  name: 'device-status',
  // 2: disown, clear profile and the profile_cleared status; 3: replacement devices (isReplacementDevice, replaces)
  version: 3,
  // every event of a device stream names its serial; evolve ignores types it does not know
  streamPrefixes: [streamPrefixes.device],
  keyOf: (event) => (typeof event.data.serial === 'string' ? event.data.serial : null),
  evolve: evolveDevice,
  // documents kept lean (no nulls, no serial, the assignment's profile said once); read back whole,
  // as are documents stored whole before: no rebuild needed, so the version stays
  storedForm: { write: writeDeviceStatus, read: readDeviceStatus },
});
