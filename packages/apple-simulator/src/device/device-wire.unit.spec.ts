import { deviceWireJson, deviceWireObject } from './device-wire';
import { newDeviceRecord, touchDevice } from './device-record';

describe('Device JSON', () => {
  const device = newDeviceRecord({
    serial: 'C02TEST00001',
    model: 'iPad Air',
    description: 'IPAD "AIR" 64GB',
    color: 'BLUE',
    os: 'iPadOS',
    family: 'iPad',
    assetTag: 'A-1',
  });
  device.assignedAtMs = Date.UTC(2024, 4, 1, 10, 0, 0, 250);
  device.assignedBy = 'it@example.com';
  device.profileStatus = 'pushed';
  device.profileUuid = '9145EDB932A42C48A9DD56AD69213C64';
  device.profileAssignMs = Date.UTC(2024, 4, 2);
  device.profilePushMs = Date.UTC(2024, 4, 3);
  device.mdmMigrationDeadlineMs = Date.UTC(2025, 0, 1);

  it.each([1, 2, 6, 7, 8, 10])('the fast text equals JSON.stringify of the object at version %i', (version) => {
    touchDevice(device);
    expect(JSON.parse(deviceWireJson(device, version))).toEqual(deviceWireObject(device, version));
    expect(deviceWireJson(device, version)).toBe(JSON.stringify(deviceWireObject(device, version)));
  });

  it('writes Apple timestamps without milliseconds', () => {
    expect(deviceWireObject(device, 10)['device_assigned_date']).toBe('2024-05-01T10:00:00Z');
    expect(deviceWireObject(device, 10)['mdm_migration_deadline']).toBe('2025-01-01T00:00:00Z');
    expect(deviceWireObject(device, 7)).not.toHaveProperty('mdm_migration_deadline');
  });
});
