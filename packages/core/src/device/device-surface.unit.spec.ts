import { DeciderSpecification, deviceDecider, draft, type DeviceCommand, type DeviceDetails, type DeviceEvent } from '../index';

const spec = DeciderSpecification.for(deviceDecider);
const metadata = { now: new Date('2026-01-05T10:00:00Z'), actor: 'admin:alice' };
const serial = 'F17ABCDEFGH1';
const details = (over: Partial<DeviceDetails> = {}): DeviceDetails => ({
  model: 'iPhone 15',
  description: 'IPHONE 15 BLACK 128GB',
  color: 'BLACK',
  assetTag: null,
  os: 'iOS',
  family: 'iPhone',
  profileStatus: 'assigned',
  profileUuid: 'A'.repeat(32),
  profileAssignedAt: null,
  profilePushedAt: null,
  assignedAt: '2026-01-04T08:00:00.000Z',
  assignedByRef: null,
  mdmMigrationDeadline: null,
  ...over,
});
const source = { operation: 'added', operationDate: '2026-01-04T08:00:00.000Z', runId: 'r1' } as const;
const assigned = (d = details()) => draft<DeviceEvent>('DeviceAssignedToServer', { serial, tokenId: 'paris', details: d, ...source });
const requested = draft<DeviceEvent>('ProfileAssignmentRequested', {
  serial,
  tokenId: 'paris',
  profileId: 'corp',
  profileVersion: 1,
  profileUuid: 'A'.repeat(32),
  reason: 'default_profile',
});
const succeeded = draft<DeviceEvent>('ProfileAssignmentSucceeded', {
  serial,
  tokenId: 'paris',
  profileId: 'corp',
  profileVersion: 1,
  profileUuid: 'A'.repeat(32),
});
const command = (type: 'RecordDisown' | 'RecordProfileCleared', reason = 'sold'): DeviceCommand => ({
  type,
  data: { serial, tokenId: 'paris', reason },
  metadata,
});
const apple = (
  operation: 'added' | 'modified' | 'deleted',
  date: string,
  d = details(),
  releasedByReplacement: boolean | null = null,
): DeviceCommand => ({
  type: 'ApplyAppleRecord',
  data: {
    tokenId: 'paris',
    fact: { serial, details: d, operation, operationDate: date, releasedByReplacement },
    observedAt: date,
    runId: 'r2',
  },
  metadata,
});

describe('device: disown, clear profile, replacement, protocol 10', () => {
  it('records a disown with its reason; the device is released for good', () => {
    spec
      .given([assigned()])
      .when(command('RecordDisown'))
      .then([draft<DeviceEvent>('DeviceDisowned', { serial, tokenId: 'paris', reason: 'sold' })]);
    const state = [assigned(), draft<DeviceEvent>('DeviceDisowned', { serial, tokenId: 'paris', reason: 'sold' })];
    spec.given(state).when(command('RecordDisown')).thenThrows('DEVICE_NOT_ASSIGNED');
  });

  it('records a cleared profile with the UUID Apple had, and the device can be assigned the same profile again', () => {
    spec
      .given([assigned(), requested, succeeded])
      .when(command('RecordProfileCleared', 'wrong profile'))
      .then([
        draft<DeviceEvent>('DeviceProfileCleared', { serial, tokenId: 'paris', profileUuid: 'A'.repeat(32), reason: 'wrong profile' }),
      ]);
    const cleared = draft<DeviceEvent>('DeviceProfileCleared', { serial, tokenId: 'paris', profileUuid: 'A'.repeat(32), reason: 'x' });
    spec
      .given([assigned(), requested, succeeded, cleared])
      .when({ type: 'RequestProfileAssignment', data: { ...requested.data, reason: 'default_profile' } as never, metadata })
      .then([requested]);
  });

  it('refuses an unknown device', () => {
    spec.given([]).when(command('RecordProfileCleared')).thenThrows('DEVICE_UNKNOWN');
  });

  it('a device unassigned and assigned again gets its profile afresh (no stale "already has the right profile")', () => {
    const released = draft<DeviceEvent>('DeviceReleased', {
      serial,
      tokenId: 'paris',
      reason: 'deleted_by_apple',
      operation: 'deleted',
      operationDate: '2026-01-04T09:00:00.000Z',
      runId: 'r1',
    });
    const back = draft<DeviceEvent>('DeviceAssignedToServer', {
      serial,
      tokenId: 'paris',
      details: details({ profileStatus: 'empty', profileUuid: null }),
      ...source,
      operationDate: '2026-01-04T10:00:00.000Z',
    });
    spec
      .given([assigned(), requested, succeeded, released, back])
      .when({ type: 'RequestProfileAssignment', data: { ...requested.data } as never, metadata })
      .then([requested]);
  });

  it("keeps Apple's protocol-10 fields, and a change to them is a change", () => {
    const p10 = details({ isReplacementDevice: true, imei: ['356938035643809'], wifiMacAddress: 'aa:bb:cc:dd:ee:ff' });
    spec
      .given([assigned()])
      .when(apple('modified', '2026-01-05T08:00:00.000Z', p10))
      .thenMatches((events) => {
        expect(events[0]).toMatchObject({
          type: 'DeviceDetailsChanged',
          data: { changes: { isReplacementDevice: true, imei: ['356938035643809'], wifiMacAddress: 'aa:bb:cc:dd:ee:ff' } },
        });
      });
    spec
      .given([assigned(p10)])
      .when(apple('modified', '2026-01-05T08:00:00.000Z', { ...p10, imei: ['356938035643809'] }))
      .thenNothing();
  });

  it("reads Apple's released_by_replacement as a release by replacement", () => {
    spec
      .given([assigned()])
      .when(apple('deleted', '2026-01-05T08:00:00.000Z', details(), true))
      .thenMatches((events) => expect(events[0]).toMatchObject({ type: 'DeviceReleased', data: { reason: 'replaced' } }));
  });

  it('records a replacement once: original serial → this device', () => {
    const record: DeviceCommand = {
      type: 'RecordReplacement',
      data: { serial, tokenId: 'paris', originalSerial: 'F17OLDDEVICE1', replacedOn: '2026-01-03' },
      metadata,
    };
    const recorded = draft<DeviceEvent>('DeviceReplacementRecorded', {
      serial,
      tokenId: 'paris',
      originalSerial: 'F17OLDDEVICE1',
      replacedOn: '2026-01-03',
    });
    spec.given([assigned()]).when(record).then([recorded]);
    spec.given([assigned(), recorded]).when(record).thenNothing();
  });
});
