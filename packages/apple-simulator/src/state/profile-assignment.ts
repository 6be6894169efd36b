import { touchDevice } from '../device/device-record';
import { countAssignmentAttempt } from './assignment-throttle';
import type { MdmServer } from './mdm-server';
import type { Organisation, StoredProfile } from './organisation';

export type AssignStatus = 'SUCCESS' | 'NOT_ACCESSIBLE' | 'FAILED' | 'THROTTLED';

export interface AssignResult {
  devices: Record<string, AssignStatus>;
  /** Longest remaining throttle among THROTTLED devices (protocol ≥ 10 only). */
  retryAfterSeconds?: number;
}

/**
 * Assigns a profile to serials of this server. Throttled serials answer THROTTLED from protocol
 * version 9 (FAILED before), with `retry_after_seconds` from version 10.
 */
export function assignProfile(
  org: Organisation,
  server: MdmServer,
  profile: StoredProfile,
  serials: readonly string[],
  protocolVersion: number,
): AssignResult {
  const nowMs = org.clock.nowMs();
  const result: AssignResult = { devices: {} };
  let longestThrottleMs = 0;
  for (const serial of serials) {
    const device = server.devices.get(serial);
    if (device === undefined) {
      result.devices[serial] = 'NOT_ACCESSIBLE';
      continue;
    }
    const throttledMs = countAssignmentAttempt(org, serial, nowMs);
    if (throttledMs > 0) {
      result.devices[serial] = protocolVersion >= 9 ? 'THROTTLED' : 'FAILED';
      if (protocolVersion >= 9) longestThrottleMs = Math.max(longestThrottleMs, throttledMs);
      continue;
    }
    device.profileStatus = 'assigned';
    device.profileUuid = profile.uuid;
    device.profileAssignMs = nowMs;
    device.profilePushMs = undefined;
    touchDevice(device);
    if (org.settings.logProfileChanges) server.log.append('modified', device, nowMs);
    result.devices[serial] = 'SUCCESS';
  }
  if (protocolVersion >= 10 && longestThrottleMs > 0) result.retryAfterSeconds = Math.ceil(longestThrottleMs / 1000);
  return result;
}

/** Clears the profile of serials of this server (`profile_status: removed`; `profile_uuid` kept — unconfirmed). */
export function removeProfile(
  org: Organisation,
  server: MdmServer,
  serials: readonly string[],
): Record<string, 'SUCCESS' | 'NOT_ACCESSIBLE'> {
  const nowMs = org.clock.nowMs();
  const result: Record<string, 'SUCCESS' | 'NOT_ACCESSIBLE'> = {};
  for (const serial of serials) {
    const device = server.devices.get(serial);
    if (device === undefined) {
      result[serial] = 'NOT_ACCESSIBLE';
      continue;
    }
    device.profileStatus = 'removed';
    touchDevice(device);
    if (org.settings.logProfileChanges) server.log.append('modified', device, nowMs);
    result[serial] = 'SUCCESS';
  }
  return result;
}
