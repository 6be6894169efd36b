import { readAppleDate as date, readOptionalText as text } from './apple-date';
import { readOptionalFlag as flag, readOptionalList as list, type AppleDevice, type AppleDevicePage } from './device';

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** One device as `appleDeviceSchema` reads it, or undefined where that schema would refuse it. */
const readDevice = (value: unknown): AppleDevice | undefined => {
  if (!isRecord(value)) return undefined;
  const serial = value['serial_number'];
  if (typeof serial !== 'string' || serial.length === 0) return undefined;
  return {
    serial_number: serial,
    model: text(value['model']),
    description: text(value['description']),
    color: text(value['color']),
    asset_tag: text(value['asset_tag']),
    profile_status: text(value['profile_status']),
    profile_uuid: text(value['profile_uuid']),
    profile_assign_time: date(value['profile_assign_time']),
    profile_push_time: date(value['profile_push_time']),
    device_assigned_date: date(value['device_assigned_date']),
    device_assigned_by: text(value['device_assigned_by']),
    os: text(value['os']),
    device_family: text(value['device_family']),
    mdm_migration_deadline: date(value['mdm_migration_deadline']),
    is_replacement_device: flag(value['is_replacement_device']),
    released_by_replacement: flag(value['released_by_replacement']),
    imei: list(value['imei']),
    meid: list(value['meid']),
    eid: text(value['eid']),
    wifi_mac_address: text(value['wifi_mac_address']),
    bluetooth_mac_address: text(value['bluetooth_mac_address']),
    ethernet_mac_address: text(value['ethernet_mac_address']),
    op_type: text(value['op_type']),
    op_date: date(value['op_date']),
  };
};

/**
 * A fetch or sync answer read as `devicePageSchema` reads it, without zod's work per field: a page
 * of 1000 devices went through some 24,000 schema steps, which cost the sync more than storing the
 * page. Undefined for anything that schema would refuse, so the caller parses it with the schema
 * and reports the schema's own message. The schema stays the reference; a property test holds the
 * two together.
 */
export const readDevicePage = (value: unknown): AppleDevicePage | undefined => {
  if (!isRecord(value)) return undefined;
  const cursor = value['cursor'];
  if (typeof cursor !== 'string') return undefined;
  const more = value['more_to_follow'];
  if (more !== undefined && more !== null && typeof more !== 'boolean') return undefined;
  const given = value['devices'];
  let devices: AppleDevice[] = [];
  if (given !== undefined && given !== null) {
    if (!Array.isArray(given)) return undefined;
    devices = new Array<AppleDevice>(given.length);
    for (let i = 0; i < given.length; i++) {
      const device = readDevice(given[i]);
      if (device === undefined) return undefined;
      devices[i] = device;
    }
  }
  return { devices, cursor, fetched_until: date(value['fetched_until']), more_to_follow: more ?? false };
};
