import { z } from 'zod';
import { appleDate, optionalText } from './apple-date';

/** A flag Apple may leave out: anything but a boolean reads as null. */
export const readOptionalFlag = (value: unknown): boolean | null => (typeof value === 'boolean' ? value : null);
/** A list of identifiers Apple may leave out: its strings, or null when it is not a list. */
export const readOptionalList = (value: unknown): string[] | null =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : null;

const optionalFlag = z.unknown().optional().transform(readOptionalFlag);
const optionalList = z.unknown().optional().transform(readOptionalList);

/** A device as Apple describes it (spec §6.1). Unknown fields are dropped, never refused. */
export const appleDeviceSchema = z.object({
  serial_number: z.string().min(1),
  model: optionalText,
  description: optionalText,
  color: optionalText,
  asset_tag: optionalText,
  /** `empty` | `assigned` | `pushed` | `removed` (kept as text: Apple may add values). */
  profile_status: optionalText,
  profile_uuid: optionalText,
  profile_assign_time: appleDate,
  profile_push_time: appleDate,
  device_assigned_date: appleDate,
  device_assigned_by: optionalText,
  os: optionalText,
  device_family: optionalText,
  mdm_migration_deadline: appleDate,
  // X-Server-Protocol-Version 10
  is_replacement_device: optionalFlag,
  released_by_replacement: optionalFlag,
  imei: optionalList,
  meid: optionalList,
  eid: optionalText,
  wifi_mac_address: optionalText,
  bluetooth_mac_address: optionalText,
  ethernet_mac_address: optionalText,
  /** Sync only: `added` | `modified` | `deleted`. */
  op_type: optionalText,
  op_date: appleDate,
});

export type AppleDevice = z.output<typeof appleDeviceSchema>;

/** The envelope of fetch and sync answers (spec §6.2). */
export const devicePageSchema = z.object({
  devices: z
    .array(appleDeviceSchema)
    .nullish()
    .transform((devices) => devices ?? []),
  cursor: z.string(),
  fetched_until: appleDate,
  more_to_follow: z
    .boolean()
    .nullish()
    .transform((more) => more ?? false),
});

export type AppleDevicePage = z.output<typeof devicePageSchema>;
