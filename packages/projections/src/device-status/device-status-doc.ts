import type { DeviceDetails, DeviceReleased } from '@depledger/core';
import type { AssignmentStateCode, DeviceStatusCode } from '../labels/device-status-labels';

export type DeviceProfile = Readonly<{
  /** The profile Apple has assigned now (from a successful assignment or Apple's feed). */
  uuid: string | null;
  /** depledger's profile id and version behind that UUID, when depledger assigned it. */
  profileId: string | null;
  version: number | null;
  /** Apple's `profile_status`. */
  appleStatus: DeviceDetails['profileStatus'];
  pushedAt: string | null;
}>;

export type DeviceAssignment = Readonly<{
  state: AssignmentStateCode;
  profileId: string;
  profileVersion: number;
  profileUuid: string;
  since: string;
  /** When a failed or throttled assignment is retried (null: not retried). */
  retryAt: string | null;
}>;

/** One device in the "All corporate devices" view. Personal data appears only as vault references. */
export type DeviceStatusDoc = Readonly<{
  serial: string;
  tokenId: string;
  status: DeviceStatusCode;
  /** When the device entered its status. */
  statusSince: string;
  model: string | null;
  description: string | null;
  os: string | null;
  family: string | null;
  profile: DeviceProfile;
  assignment: DeviceAssignment | null;
  /** Who assigned the device to the server in Apple Business Manager (a vault reference), and when. */
  assignedByRef: string | null;
  assignedAt: string | null;
  enrolledAt: string | null;
  /** The profile UUID the device enrolled with. */
  enrolledProfileUuid: string | null;
  releasedReason: DeviceReleased['data']['reason'] | null;
  /** Apple's `is_replacement_device` (protocol 10): the device replaces another one; null when Apple did not say. */
  isReplacementDevice: boolean | null;
  /** The device it replaces and the day of the replacement (Apple's replacement details), once recorded. */
  replaces: Readonly<{ serial: string; on: string | null }> | null;
  /** When the last event about the device occurred. */
  updatedAt: string;
}>;
