import type { DeviceAssignment, DeviceProfile, DeviceStatusDoc } from './device-status-doc';

/**
 * A device's document as the read model keeps it: without its serial (the document's key), without
 * null fields, and with the profile's UUID, id and version said once when they are the assignment's
 * (`profile.fromAssignment: 1`). `readDeviceStatus` gives the documented shape back, every field in
 * place and in order, from this form and from a document stored whole (written before).
 */
type Stored = Record<string, unknown>;

const withoutNulls = (from: object, skip: ReadonlySet<string>): Stored => {
  const stored: Stored = {};
  for (const [field, value] of Object.entries(from)) if (value !== null && value !== undefined && !skip.has(field)) stored[field] = value;
  return stored;
};

const docSkips: ReadonlySet<string> = new Set(['serial', 'profile']);
const noSkips: ReadonlySet<string> = new Set();
const profileSaidByAssignment: ReadonlySet<string> = new Set(['uuid', 'profileId', 'version']);

const fromAssignment = (profile: DeviceProfile, assignment: DeviceAssignment | null): boolean =>
  assignment !== null &&
  profile.uuid === assignment.profileUuid &&
  profile.profileId === assignment.profileId &&
  profile.version === assignment.profileVersion;

export const writeDeviceStatus = (doc: DeviceStatusDoc): unknown => {
  const stored = withoutNulls(doc, docSkips);
  const ours = fromAssignment(doc.profile, doc.assignment);
  const profile = withoutNulls(doc.profile, ours ? profileSaidByAssignment : noSkips);
  if (ours) profile['fromAssignment'] = 1;
  // the profile in its documented place (after the Apple fields), the assignment without a null retry time
  const { assignment, ...rest } = stored;
  return {
    ...rest,
    profile,
    ...(assignment === undefined ? {} : { assignment: withoutNulls(assignment as object, noSkips) }),
  };
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
