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
    details: withProtocol10Details(record, {
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
    }),
  });
};

/**
 * The details with Apple's migration deadline and protocol-10 identifiers added, only those Apple gave: most devices have
 * none, and eight explicit nulls were a fifth of every stored device fact. Absent reads as null
 * (events recorded with the nulls read the same).
 */
const withProtocol10Details = (record: DeviceRecord, details: AppleDeviceFact['details']): AppleDeviceFact['details'] => {
  // set on the details, not spread into them (a spread adding fields costs V8 a hidden class each time)
  const given: { -readonly [K in keyof AppleDeviceFact['details']]: AppleDeviceFact['details'][K] } = details;
  if (record.mdmMigrationDeadline !== null) given.mdmMigrationDeadline = record.mdmMigrationDeadline;
  if (record.isReplacementDevice !== undefined && record.isReplacementDevice !== null)
    given.isReplacementDevice = record.isReplacementDevice;
  if (record.imei !== undefined && record.imei !== null) given.imei = [...record.imei];
  if (record.meid !== undefined && record.meid !== null) given.meid = [...record.meid];
  if (record.eid !== undefined && record.eid !== null) given.eid = record.eid;
  if (record.wifiMacAddress !== undefined && record.wifiMacAddress !== null) given.wifiMacAddress = record.wifiMacAddress;
  if (record.bluetoothMacAddress !== undefined && record.bluetoothMacAddress !== null)
    given.bluetoothMacAddress = record.bluetoothMacAddress;
  if (record.ethernetMacAddress !== undefined && record.ethernetMacAddress !== null) given.ethernetMacAddress = record.ethernetMacAddress;
  return details;
};

export type DeviceFactMaker = ReturnType<typeof createDeviceFactMaker>;
