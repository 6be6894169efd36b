import type { AppleDeviceFact } from '../device/device-commands';
import type { DeviceRecord } from '../ports/dep-gateway';
import type { Vault, VaultRef } from '../ports/vault';

/**
 * Turns Apple's records into device facts with personal data (who assigned the device in Apple's
 * portal) swapped for vault references. One instance per run: references are cached, so a page of a
 * thousand devices assigned by one administrator asks the vault once.
 */
export const createDeviceFactMaker = (vault: Vault) => {
  const refs = new Map<string, Promise<VaultRef>>();
  const refFor = (email: string): Promise<VaultRef> => {
    let ref = refs.get(email);
    if (!ref) {
      ref = vault.refForPersonalData('admin-email', email);
      refs.set(email, ref);
    }
    return ref;
  };
  return async (record: DeviceRecord): Promise<AppleDeviceFact> => ({
    serial: record.serial,
    operation: record.operation,
    operationDate: record.operationDate,
    releasedByReplacement: record.releasedByReplacement ?? null,
    details: {
      model: record.model,
      description: record.description,
      color: record.color,
      assetTag: record.assetTag,
      os: record.os,
      family: record.family,
      profileStatus: record.profileStatus,
      profileUuid: record.profileUuid,
      profileAssignedAt: record.profileAssignedAt,
      profilePushedAt: record.profilePushedAt,
      assignedAt: record.assignedAt,
      assignedByRef: record.assignedBy === null || record.assignedBy === '' ? null : await refFor(record.assignedBy),
      mdmMigrationDeadline: record.mdmMigrationDeadline,
      ...protocol10Details(record),
    },
  });
};

/** Apple's protocol-10 identifiers, kept as Apple sent them (absent when the gateway does not read them). */
const protocol10Details = (record: DeviceRecord) => ({
  isReplacementDevice: record.isReplacementDevice ?? null,
  imei: record.imei === undefined || record.imei === null ? null : [...record.imei],
  meid: record.meid === undefined || record.meid === null ? null : [...record.meid],
  eid: record.eid ?? null,
  wifiMacAddress: record.wifiMacAddress ?? null,
  bluetoothMacAddress: record.bluetoothMacAddress ?? null,
  ethernetMacAddress: record.ethernetMacAddress ?? null,
});

export type DeviceFactMaker = ReturnType<typeof createDeviceFactMaker>;
