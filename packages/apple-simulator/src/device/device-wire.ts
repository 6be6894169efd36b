import { appleTime } from '../clock';
import type { DeviceRecord } from './device-record';

/**
 * The Device object as Apple sends it, for a given `X-Server-Protocol-Version`:
 * `os`/`device_family` from v2, `iPadOS` from v7 (iOS before), `mdm_migration_deadline` from v8.
 */
export function deviceWireObject(device: DeviceRecord, protocolVersion: number): Record<string, unknown> {
  const wire: Record<string, unknown> = {
    serial_number: device.serial,
    model: device.model,
    description: device.description,
    color: device.color,
  };
  if (device.assetTag !== undefined) wire['asset_tag'] = device.assetTag;
  wire['profile_status'] = device.profileStatus;
  if (device.profileUuid !== undefined) wire['profile_uuid'] = device.profileUuid;
  if (device.profileAssignMs !== undefined) wire['profile_assign_time'] = appleTime(device.profileAssignMs);
  if (device.profilePushMs !== undefined) wire['profile_push_time'] = appleTime(device.profilePushMs);
  if (device.assignedAtMs !== undefined) wire['device_assigned_date'] = appleTime(device.assignedAtMs);
  if (device.assignedBy !== undefined) wire['device_assigned_by'] = device.assignedBy;
  if (protocolVersion >= 2) {
    wire['os'] = device.os === 'iPadOS' && protocolVersion < 7 ? 'iOS' : device.os;
    wire['device_family'] = device.family;
  }
  if (protocolVersion >= 8 && device.mdmMigrationDeadlineMs !== undefined) {
    wire['mdm_migration_deadline'] = appleTime(device.mdmMigrationDeadlineMs);
  }
  if (protocolVersion >= 10) Object.assign(wire, device.protocol10);
  return wire;
}

/** Protocol versions that produce the same Device JSON share one cache slot. */
function variantOf(protocolVersion: number): number {
  if (protocolVersion < 2) return 0;
  if (protocolVersion < 7) return 1;
  if (protocolVersion < 8) return 2;
  if (protocolVersion < 10) return 3;
  return 4;
}

const text = (value: string): string => JSON.stringify(value);

/** Same text as `JSON.stringify(deviceWireObject(…))`, built without the intermediate object. */
function buildWireJson(device: DeviceRecord, protocolVersion: number): string {
  let json = `{"serial_number":${text(device.serial)},"model":${text(device.model)},"description":${text(device.description)},"color":${text(device.color)}`;
  if (device.assetTag !== undefined) json += `,"asset_tag":${text(device.assetTag)}`;
  json += `,"profile_status":"${device.profileStatus}"`;
  if (device.profileUuid !== undefined) json += `,"profile_uuid":${text(device.profileUuid)}`;
  if (device.profileAssignMs !== undefined) json += `,"profile_assign_time":"${appleTime(device.profileAssignMs)}"`;
  if (device.profilePushMs !== undefined) json += `,"profile_push_time":"${appleTime(device.profilePushMs)}"`;
  if (device.assignedAtMs !== undefined) json += `,"device_assigned_date":"${appleTime(device.assignedAtMs)}"`;
  if (device.assignedBy !== undefined) json += `,"device_assigned_by":${text(device.assignedBy)}`;
  if (protocolVersion >= 2) {
    json += `,"os":"${device.os === 'iPadOS' && protocolVersion < 7 ? 'iOS' : device.os}","device_family":"${device.family}"`;
  }
  if (protocolVersion >= 8 && device.mdmMigrationDeadlineMs !== undefined) {
    json += `,"mdm_migration_deadline":"${appleTime(device.mdmMigrationDeadlineMs)}"`;
  }
  if (protocolVersion >= 10) {
    for (const [field, value] of Object.entries(device.protocol10)) json += `,${text(field)}:${JSON.stringify(value)}`;
  }
  return `${json}}`;
}

/** The Device JSON text, cached on the record until it changes (fetch pages are built from these). */
export function deviceWireJson(device: DeviceRecord, protocolVersion: number): string {
  const variant = variantOf(protocolVersion);
  const cached = device.wireCache[variant];
  if (cached !== undefined) return cached;
  const json = buildWireJson(device, protocolVersion);
  device.wireCache[variant] = json;
  return json;
}
