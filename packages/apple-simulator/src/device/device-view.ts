import { appleTime } from '../clock';
import type { DeviceRecord } from './device-record';

/** A device as the simulator's own API shows it (Apple's field names plus portal-only ones). */
export interface DeviceView {
  serial_number: string;
  model: string;
  description: string;
  color: string;
  os: string;
  device_family: string;
  order_number: string;
  /** The MDM server (`server_uuid`) it is assigned to, if any. */
  server_id?: string;
  profile_status: string;
  profile_uuid?: string;
  profile_assign_time?: string;
  profile_push_time?: string;
  device_assigned_date?: string;
  device_assigned_by?: string;
  disowned: boolean;
}

export function viewDevice(device: DeviceRecord): DeviceView {
  const view: DeviceView = {
    serial_number: device.serial,
    model: device.model,
    description: device.description,
    color: device.color,
    os: device.os,
    device_family: device.family,
    order_number: device.orderNumber,
    profile_status: device.profileStatus,
    disowned: device.disowned,
  };
  if (device.serverId !== undefined) view.server_id = device.serverId;
  if (device.profileUuid !== undefined) view.profile_uuid = device.profileUuid;
  if (device.profileAssignMs !== undefined) view.profile_assign_time = appleTime(device.profileAssignMs);
  if (device.profilePushMs !== undefined) view.profile_push_time = appleTime(device.profilePushMs);
  if (device.assignedAtMs !== undefined) view.device_assigned_date = appleTime(device.assignedAtMs);
  if (device.assignedBy !== undefined) view.device_assigned_by = device.assignedBy;
  return view;
}
