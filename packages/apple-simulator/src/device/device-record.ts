export type ProfileStatus = 'empty' | 'assigned' | 'pushed' | 'removed';
export type DeviceOs = 'iOS' | 'iPadOS' | 'OSX' | 'tvOS' | 'visionOS';
export type DeviceFamily = 'iPad' | 'iPhone' | 'iPod' | 'Mac' | 'AppleTV' | 'Vision';

/** What the organisation knows about one device (mutable; the simulator's own state). */
export interface DeviceRecord {
  readonly serial: string;
  model: string;
  description: string;
  color: string;
  assetTag: string | undefined;
  os: DeviceOs;
  family: DeviceFamily;
  orderNumber: string;
  /** The MDM server the device is assigned to, if any. */
  serverId: string | undefined;
  assignedAtMs: number | undefined;
  assignedBy: string | undefined;
  profileStatus: ProfileStatus;
  profileUuid: string | undefined;
  profileAssignMs: number | undefined;
  profilePushMs: number | undefined;
  mdmMigrationDeadlineMs: number | undefined;
  /** Removed from the organisation for good. */
  disowned: boolean;
  /** Activation Lock enabled through `POST /device/activationlock` (the escrow key, when one was given). */
  activationLock: { escrowKey: string | undefined; lockedAtMs: number } | undefined;
  /** X-Server-Protocol-Version 10: identifiers and replacement, sent only from version 10. */
  protocol10: Protocol10Fields;
  /** The device this one replaces (what `GET /device/replacementDetails` answers), for a replacement device. */
  replaces: { originalSerial: string; replacementDate: string } | undefined;
  /** Serialised forms per protocol-version variant; cleared on every change. */
  wireCache: Array<string | undefined>;
}

/** Apple's protocol-10 device fields, in Apple's names; absent ones are not sent. */
export interface Protocol10Fields {
  is_replacement_device?: boolean;
  /** Only on the `deleted` entry of a device that left because another replaced it (sync only). */
  released_by_replacement?: boolean;
  imei?: string[];
  meid?: string[];
  eid?: string;
  wifi_mac_address?: string;
  bluetooth_mac_address?: string;
  ethernet_mac_address?: string;
}

/** The fields a caller gives to add one device to the inventory. */
export interface DeviceInput {
  serial: string;
  model: string;
  description?: string;
  color?: string;
  assetTag?: string;
  os: DeviceOs;
  family: DeviceFamily;
  orderNumber?: string;
  /** Apple's protocol-10 fields (IMEI, MAC addresses, replacement flag). */
  protocol10?: Protocol10Fields;
}

export function newDeviceRecord(input: DeviceInput): DeviceRecord {
  return {
    serial: input.serial,
    model: input.model,
    description: input.description ?? input.model.toUpperCase(),
    color: input.color ?? '',
    assetTag: input.assetTag,
    os: input.os,
    family: input.family,
    orderNumber: input.orderNumber ?? '',
    serverId: undefined,
    assignedAtMs: undefined,
    assignedBy: undefined,
    profileStatus: 'empty',
    profileUuid: undefined,
    profileAssignMs: undefined,
    profilePushMs: undefined,
    mdmMigrationDeadlineMs: undefined,
    disowned: false,
    activationLock: undefined,
    protocol10: { ...input.protocol10 },
    replaces: undefined,
    wireCache: [],
  };
}

/** Call after every change to a record so its cached JSON is rebuilt. */
export function touchDevice(device: DeviceRecord): void {
  device.wireCache = [];
}

/** A frozen copy for the change log (the record keeps changing; the log entry must not). */
export function copyDeviceRecord(device: DeviceRecord): DeviceRecord {
  return { ...device, wireCache: [] };
}
