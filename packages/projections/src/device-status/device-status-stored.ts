import type { DeviceAssignment, DeviceProfile, DeviceStatusDoc } from './device-status-doc';

/**
 * A device's document as the read model keeps it: without its serial (the document's key), without
 * null fields, and with the profile's UUID, id and version said once when they are the assignment's
 * (`profile.fromAssignment: 1`). `readDeviceStatus` gives the documented shape back, every field in
 * place and in order, from this form and from a document stored whole (written before).
 */
type Stored = Record<string, unknown>;

/** Sets `field` when `value` is not null (a document's fields are never undefined). */
const put = (stored: Stored, field: string, value: unknown): void => {
  if (value !== null && value !== undefined) stored[field] = value;
};

const fromAssignment = (profile: DeviceProfile, assignment: DeviceAssignment | null): boolean =>
  assignment !== null &&
  profile.uuid === assignment.profileUuid &&
  profile.profileId === assignment.profileId &&
  profile.version === assignment.profileVersion;

/** Field by field rather than by iteration: it runs for every document an append changes. */
export const writeDeviceStatus = (doc: DeviceStatusDoc): unknown => {
  const stored: Stored = { tokenId: doc.tokenId, status: doc.status, statusSince: doc.statusSince };
  put(stored, 'model', doc.model);
  put(stored, 'description', doc.description);
  put(stored, 'os', doc.os);
  put(stored, 'family', doc.family);
  const { profile, assignment } = doc;
  const storedProfile: Stored = {};
  if (fromAssignment(profile, assignment)) storedProfile['fromAssignment'] = 1;
  else {
    put(storedProfile, 'uuid', profile.uuid);
    put(storedProfile, 'profileId', profile.profileId);
    put(storedProfile, 'version', profile.version);
  }
  put(storedProfile, 'appleStatus', profile.appleStatus);
  put(storedProfile, 'pushedAt', profile.pushedAt);
  stored['profile'] = storedProfile;
  if (assignment !== null) {
    const a: Stored = {
      state: assignment.state,
      profileId: assignment.profileId,
      profileVersion: assignment.profileVersion,
      profileUuid: assignment.profileUuid,
      since: assignment.since,
    };
    put(a, 'retryAt', assignment.retryAt);
    stored['assignment'] = a;
  }
  put(stored, 'assignedByRef', doc.assignedByRef);
  put(stored, 'assignedAt', doc.assignedAt);
  put(stored, 'enrolledAt', doc.enrolledAt);
  put(stored, 'enrolledProfileUuid', doc.enrolledProfileUuid);
  put(stored, 'releasedReason', doc.releasedReason);
  put(stored, 'isReplacementDevice', doc.isReplacementDevice);
  put(stored, 'replaces', doc.replaces);
  stored['updatedAt'] = doc.updatedAt;
  return stored;
};

const orNull = <T>(value: T | undefined): T | null => (value === undefined ? null : value);

export const readDeviceStatus = (stored: unknown, key: string): DeviceStatusDoc => {
  const s = stored as Partial<Record<keyof DeviceStatusDoc, unknown>> & Stored;
  const a = orNull(s.assignment as Partial<DeviceAssignment> | null | undefined);
  const p = (s.profile ?? {}) as Partial<DeviceProfile> & { fromAssignment?: number };
  const assignment: DeviceAssignment | null =
    a === null
      ? null
      : {
          state: a.state as DeviceAssignment['state'],
          profileId: a.profileId as string,
          profileVersion: a.profileVersion as number,
          profileUuid: a.profileUuid as string,
          since: a.since as string,
          retryAt: orNull(a.retryAt),
        };
  const ours = p.fromAssignment === 1 && assignment !== null;
  return {
    serial: (s.serial as string | undefined) ?? key,
    tokenId: s.tokenId as string,
    status: s.status as DeviceStatusDoc['status'],
    statusSince: s.statusSince as string,
    model: orNull(s.model as string | undefined),
    description: orNull(s.description as string | undefined),
    os: orNull(s.os as string | undefined),
    family: orNull(s.family as string | undefined),
    profile: {
      uuid: ours ? assignment.profileUuid : orNull(p.uuid),
      profileId: ours ? assignment.profileId : orNull(p.profileId),
      version: ours ? assignment.profileVersion : orNull(p.version),
      appleStatus: orNull(p.appleStatus),
      pushedAt: orNull(p.pushedAt),
    },
    assignment,
    assignedByRef: orNull(s.assignedByRef as string | undefined),
    assignedAt: orNull(s.assignedAt as string | undefined),
    enrolledAt: orNull(s.enrolledAt as string | undefined),
    enrolledProfileUuid: orNull(s.enrolledProfileUuid as string | undefined),
    releasedReason: orNull(s.releasedReason as DeviceStatusDoc['releasedReason'] | undefined),
    isReplacementDevice: orNull(s.isReplacementDevice as boolean | undefined),
    replaces: orNull(s.replaces as DeviceStatusDoc['replaces'] | undefined),
    updatedAt: s.updatedAt as string,
  };
};
