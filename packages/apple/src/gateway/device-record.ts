import type { AppleOperation, DeviceRecord, ProfileStatus } from '@depledger/core';
import type { AppleDevice } from '../endpoints/device';

const profileStatuses: readonly string[] = ['empty', 'assigned', 'pushed', 'removed'] satisfies ProfileStatus[];
const operations: readonly string[] = ['added', 'modified', 'deleted'] satisfies AppleOperation[];

/** One of Apple's devices as the domain sees it. Unknown status or operation values read as null. */
export const toDeviceRecord = (device: AppleDevice): DeviceRecord => ({
  serial: device.serial_number,
  model: device.model,
  description: device.description,
  color: device.color,
  assetTag: device.asset_tag,
  os: device.os,
  family: device.device_family,
  profileStatus: oneOf(device.profile_status, profileStatuses) as ProfileStatus | null,
  profileUuid: device.profile_uuid,
  profileAssignedAt: device.profile_assign_time,
  profilePushedAt: device.profile_push_time,
  assignedAt: device.device_assigned_date,
  assignedBy: device.device_assigned_by,
  mdmMigrationDeadline: device.mdm_migration_deadline,
  isReplacementDevice: device.is_replacement_device,
  releasedByReplacement: device.released_by_replacement,
  imei: device.imei,
  meid: device.meid,
  eid: device.eid,
  wifiMacAddress: device.wifi_mac_address,
  bluetoothMacAddress: device.bluetooth_mac_address,
  ethernetMacAddress: device.ethernet_mac_address,
  operation: oneOf(device.op_type, operations) as AppleOperation | null,
  operationDate: device.op_date,
});

const oneOf = (value: string | null, allowed: readonly string[]): string | null => {
  const lower = value?.toLowerCase() ?? null;
  return lower !== null && allowed.includes(lower) ? lower : null;
};
