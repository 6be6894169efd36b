import { touchDevice, type DeviceRecord } from '../device/device-record';
import type { MdmServer } from './mdm-server';
import type { Organisation } from './organisation';

export interface AssignmentOutcome {
  /** Newly assigned to the server (including moves from another server). */
  assigned: string[];
  /** Were already on that server; nothing changed. */
  unchanged: string[];
  /** Not in the organisation (or disowned). */
  unknown: string[];
}

export function leaveServer(org: Organisation, device: DeviceRecord, nowMs: number): void {
  const server = device.serverId === undefined ? undefined : org.servers.get(device.serverId);
  if (server === undefined) return;
  server.devices.delete(device.serial);
  device.serverId = undefined;
  device.assignedAtMs = undefined;
  device.assignedBy = undefined;
  device.profileStatus = 'empty';
  device.profileUuid = undefined;
  device.profileAssignMs = undefined;
  device.profilePushMs = undefined;
  touchDevice(device);
  server.log.append('deleted', device, nowMs);
}

/**
 * Portal action "assign to MDM server": appends `added` to the server's feed (or the configured
 * op type when the device moves in from another server, whose feed gets `deleted`).
 */
export function assignDevicesToServer(
  org: Organisation,
  server: MdmServer,
  serials: Iterable<string>,
  assignedBy: string,
): AssignmentOutcome {
  const outcome: AssignmentOutcome = { assigned: [], unchanged: [], unknown: [] };
  const nowMs = org.clock.nowMs();
  for (const serial of serials) {
    const device = org.devices.get(serial);
    if (device === undefined || device.disowned) {
      outcome.unknown.push(serial);
      continue;
    }
    if (device.serverId === server.id) {
      outcome.unchanged.push(serial);
      continue;
    }
    const moving = device.serverId !== undefined;
    leaveServer(org, device, nowMs);
    device.serverId = server.id;
    device.assignedAtMs = nowMs;
    device.assignedBy = assignedBy;
    touchDevice(device);
    server.devices.set(serial, device);
    server.log.append(moving ? org.settings.moveOpType : 'added', device, nowMs);
    outcome.assigned.push(serial);
  }
  return outcome;
}

/** Portal action "unassign": the device stays in the organisation; its server's feed gets `deleted`. */
export function unassignDevices(org: Organisation, serials: Iterable<string>): { unassigned: string[]; unknown: string[] } {
  const result = { unassigned: [] as string[], unknown: [] as string[] };
  const nowMs = org.clock.nowMs();
  for (const serial of serials) {
    const device = org.devices.get(serial);
    if (device === undefined || device.disowned || device.serverId === undefined) {
      result.unknown.push(serial);
      continue;
    }
    leaveServer(org, device, nowMs);
    result.unassigned.push(serial);
  }
  return result;
}

/**
 * Disown: the device leaves the organisation for good (`deleted` in its server's feed). With a
 * server, only that server's devices can be disowned (the API's rule); others are NOT_ACCESSIBLE.
 */
export function disownDevices(
  org: Organisation,
  serials: Iterable<string>,
  onlyFrom?: MdmServer,
): Record<string, 'SUCCESS' | 'NOT_ACCESSIBLE'> {
  const result: Record<string, 'SUCCESS' | 'NOT_ACCESSIBLE'> = {};
  const nowMs = org.clock.nowMs();
  for (const serial of serials) {
    const device = org.devices.get(serial);
    if (device === undefined || device.disowned || (onlyFrom !== undefined && device.serverId !== onlyFrom.id)) {
      result[serial] = 'NOT_ACCESSIBLE';
      continue;
    }
    leaveServer(org, device, nowMs);
    device.disowned = true;
    result[serial] = 'SUCCESS';
  }
  return result;
}
