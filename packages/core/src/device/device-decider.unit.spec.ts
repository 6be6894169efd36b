import { DeciderSpecification, deviceDecider, draft, type DeviceCommand, type DeviceDetails, type DeviceEvent } from '../index';

const spec = DeciderSpecification.for(deviceDecider);
const metadata = { now: new Date('2026-01-05T10:00:00Z'), actor: 'system:sync' };
const details = (over: Partial<DeviceDetails> = {}): DeviceDetails => ({
  model: 'iPhone 15',
  description: 'IPHONE 15 BLACK 128GB',
  color: 'BLACK',
  assetTag: null,
  os: 'iOS',
  family: 'iPhone',
  profileStatus: 'empty',
  profileUuid: null,
  profileAssignedAt: null,
  profilePushedAt: null,
  assignedAt: '2026-01-04T08:00:00.000Z',
  assignedByRef: 'vault:admin-email:x1',
  mdmMigrationDeadline: null,
  ...over,
});
const apple = (
  operation: 'added' | 'modified' | 'deleted' | null,
  operationDate: string | null,
  d = details(),
  tokenId = 'paris',
): DeviceCommand => ({
  type: 'ApplyAppleRecord',
  data: {
    tokenId,
    fact: { serial: 'F17ABCDEFGH1', details: d, operation, operationDate },
    observedAt: '2026-01-05T09:00:00.000Z',
    runId: 'r1',
  },
  metadata,
});
const assigned = (operation: 'added' | 'modified' | 'fetched' = 'added', date = '2026-01-04T08:00:00.000Z', tokenId = 'paris') =>
  draft<DeviceEvent>('DeviceAssignedToServer', {
    serial: 'F17ABCDEFGH1',
    tokenId,
    details: details(),
    operation,
    operationDate: date,
    runId: 'r1',
  });
const request = draft<DeviceEvent>('ProfileAssignmentRequested', {
  serial: 'F17ABCDEFGH1',
  tokenId: 'paris',
  profileId: 'corp',
  profileVersion: 1,
  profileUuid: 'U1',
  reason: 'default_profile',
});
const outcome = (o: 'assigned' | 'not_accessible' | 'failed' | 'throttled', retryAfterSeconds: number | null = null): DeviceCommand => ({
  type: 'RecordAssignmentOutcome',
  data: { serial: 'F17ABCDEFGH1', profileUuid: 'U1', outcome: o, retryAfterSeconds },
  metadata,
});
const base = { serial: 'F17ABCDEFGH1', tokenId: 'paris', profileId: 'corp', profileVersion: 1, profileUuid: 'U1' };

describe('Device decider', () => {
  it('records a device Apple reports as added', () => {
    spec.given([]).when(apple('added', '2026-01-04T08:00:00.000Z')).then([assigned()]);
  });

  it('treats a modified record for a serial never seen as new (moves between servers arrive as modified)', () => {
    spec
      .given([])
      .when(apple('modified', '2026-01-04T08:00:00.000Z'))
      .then([assigned('modified')]);
  });

  it('treats a fetch record (no operation) as new, dated by the fetch', () => {
    spec
      .given([])
      .when(apple(null, null))
      .then([assigned('fetched', '2026-01-05T09:00:00.000Z')]);
  });

  it('ignores a record older than what the device already has', () => {
    spec
      .given([assigned('added', '2026-01-04T08:00:00.000Z')])
      .when(apple('deleted', '2026-01-03T08:00:00.000Z'))
      .thenNothing();
    spec
      .given([assigned('added', '2026-01-04T08:00:00.000Z')])
      .when(apple('modified', '2026-01-01T00:00:00.000Z', details({ color: 'RED' })))
      .thenNothing();
  });

  it('changes nothing when the same record is applied again', () => {
    spec.given([assigned()]).when(apple('added', '2026-01-04T08:00:00.000Z')).thenNothing();
  });

  it('records only the details that changed, with their new values', () => {
    spec
      .given([assigned()])
      .when(apple('modified', '2026-01-05T08:00:00.000Z', details({ os: 'iPadOS', color: 'BLUE' })))
      .then([
        draft<DeviceEvent>('DeviceDetailsChanged', {
          serial: 'F17ABCDEFGH1',
          tokenId: 'paris',
          changes: { color: 'BLUE', os: 'iPadOS' },
          operation: 'modified',
          operationDate: '2026-01-05T08:00:00.000Z',
          runId: 'r1',
        }),
      ]);
  });

  it("records the profile push seen in Apple's profile_status", () => {
    const pushedDetails = details({ profileStatus: 'pushed', profileUuid: 'U1', profilePushedAt: '2026-01-05T07:00:00.000Z' });
    spec
      .given([assigned()])
      .when(apple('modified', '2026-01-05T08:00:00.000Z', pushedDetails))
      .thenMatches((events) => {
        expect(events.map((e) => e.type)).toEqual(['DeviceDetailsChanged', 'ProfilePushed']);
        expect(events[1]?.data).toEqual({
          serial: 'F17ABCDEFGH1',
          tokenId: 'paris',
          profileUuid: 'U1',
          pushedAt: '2026-01-05T07:00:00.000Z',
        });
      });
  });

  it('releases a device Apple deleted, but not one now assigned to another token', () => {
    spec
      .given([assigned()])
      .when(apple('deleted', '2026-01-06T08:00:00.000Z'))
      .then([
        draft<DeviceEvent>('DeviceReleased', {
          serial: 'F17ABCDEFGH1',
          tokenId: 'paris',
          reason: 'deleted_by_apple',
          operation: 'deleted',
          operationDate: '2026-01-06T08:00:00.000Z',
          runId: 'r1',
        }),
      ]);
    spec
      .given([assigned('added', '2026-01-04T08:00:00.000Z', 'lyon')])
      .when(apple('deleted', '2026-01-06T08:00:00.000Z'))
      .thenNothing();
    spec.given([]).when(apple('deleted', '2026-01-06T08:00:00.000Z')).thenNothing();
  });

  it('moves a device to another token when that token reports it', () => {
    spec
      .given([assigned('added', '2026-01-04T08:00:00.000Z', 'lyon')])
      .when(apple('modified', '2026-01-05T08:00:00.000Z'))
      .then([assigned('modified', '2026-01-05T08:00:00.000Z')]);
  });

  it('releases a device absent from a full fetch', () => {
    spec
      .given([assigned()])
      .when({
        type: 'ReleaseDevice',
        data: {
          serial: 'F17ABCDEFGH1',
          tokenId: 'paris',
          reason: 'absent_from_full_fetch',
          observedAt: '2026-01-09T00:00:00.000Z',
          runId: 'r2',
        },
        metadata,
      })
      .then([
        draft<DeviceEvent>('DeviceReleased', {
          serial: 'F17ABCDEFGH1',
          tokenId: 'paris',
          reason: 'absent_from_full_fetch',
          operation: 'fetched',
          operationDate: '2026-01-09T00:00:00.000Z',
          runId: 'r2',
        }),
      ]);
  });

  it('requests a profile assignment only for a device assigned to the token, once while pending', () => {
    const cmd: DeviceCommand = { type: 'RequestProfileAssignment', data: { ...base, reason: 'default_profile' }, metadata };
    spec.given([assigned()]).when(cmd).then([request]);
    spec.given([assigned(), request]).when(cmd).thenNothing();
    spec.given([]).when(cmd).thenThrows('DEVICE_NOT_ASSIGNED');
  });

  it('asks again for a device Apple reports unassigned and assigned again since the profile was asked for (no stale "already assigned")', () => {
    const cmd: DeviceCommand = { type: 'RequestProfileAssignment', data: { ...base, reason: 'routing_rule', rule: 2 }, metadata };
    const succeeded = draft<DeviceEvent>('ProfileAssignmentSucceeded', base);
    spec.given([assigned(), request, succeeded]).when(cmd).thenNothing();
    const backAgain = draft<DeviceEvent>('DeviceDetailsChanged', {
      serial: 'F17ABCDEFGH1',
      tokenId: 'paris',
      changes: { assignedAt: '2026-01-05T08:00:00.000Z' },
      operation: 'modified',
      operationDate: '2026-01-05T08:00:00.000Z',
      runId: 'r2',
    });
    spec
      .given([assigned(), request, succeeded, backAgain])
      .when(cmd)
      .then([draft<DeviceEvent>('ProfileAssignmentRequested', { ...base, reason: 'routing_rule', rule: 2 })]);
  });

  it('records an escrowed Activation Lock with vault references only, for a device assigned to the token', () => {
    const data = {
      serial: 'F17ABCDEFGH1',
      tokenId: 'paris',
      escrowKeyRef: 'vault:activation-lock-escrow-key:k1',
      bypassCodeRef: null,
      lostMessage: false,
    };
    const cmd: DeviceCommand = { type: 'RecordActivationLock', data, metadata };
    spec
      .given([assigned()])
      .when(cmd)
      .then([draft<DeviceEvent>('ActivationLockEscrowed', data)]);
    spec.given([]).when(cmd).thenThrows('DEVICE_UNKNOWN');
    spec
      .given([assigned('added', '2026-01-04T08:00:00.000Z', 'lyon')])
      .when(cmd)
      .thenThrows('DEVICE_NOT_ASSIGNED');
  });

  it('records each per-device result of an assignment, with the retry time as a fact', () => {
    spec
      .given([assigned(), request])
      .when(outcome('assigned'))
      .then([draft<DeviceEvent>('ProfileAssignmentSucceeded', base)]);
    spec
      .given([assigned(), request])
      .when(outcome('not_accessible'))
      .then([draft<DeviceEvent>('ProfileAssignmentFailed', { ...base, outcome: 'not_accessible', retryAt: null })]);
    spec
      .given([assigned(), request])
      .when(outcome('failed'))
      .then([draft<DeviceEvent>('ProfileAssignmentFailed', { ...base, outcome: 'failed', retryAt: '2026-01-06T10:00:00.000Z' })]);
    spec
      .given([assigned(), request])
      .when(outcome('throttled', 3600))
      .then([draft<DeviceEvent>('ProfileAssignmentThrottled', { ...base, retryAt: '2026-01-05T11:00:00.000Z', retryAfterSeconds: 3600 })]);
    spec
      .given([assigned(), request])
      .when(outcome('throttled', null))
      .then([draft<DeviceEvent>('ProfileAssignmentThrottled', { ...base, retryAt: '2026-01-06T10:00:00.000Z', retryAfterSeconds: null })]);
    spec.given([assigned()]).when(outcome('assigned')).thenNothing();
  });

  it('records an enrollment reported by the MDM once, and refuses an unknown serial', () => {
    const enroll: DeviceCommand = {
      type: 'RecordEnrollment',
      data: { serial: 'F17ABCDEFGH1', enrolledAt: '2026-01-07T09:00:00.000Z', userRef: 'vault:device-user:u1' },
      metadata,
    };
    const enrolled = draft<DeviceEvent>('DeviceEnrolled', {
      serial: 'F17ABCDEFGH1',
      tokenId: 'paris',
      enrolledAt: '2026-01-07T09:00:00.000Z',
      userRef: 'vault:device-user:u1',
      profileUuid: null,
    });
    spec.given([assigned()]).when(enroll).then([enrolled]);
    spec.given([assigned(), enrolled]).when(enroll).thenNothing();
    spec.given([]).when(enroll).thenThrows('DEVICE_UNKNOWN');
  });

  it('unenrolls only an enrolled device', () => {
    const unenroll: DeviceCommand = { type: 'UnenrollDevice', data: { serial: 'F17ABCDEFGH1', reason: 'stolen' }, metadata };
    spec.given([assigned()]).when(unenroll).thenThrows('DEVICE_NOT_ENROLLED');
    const enrolled = draft<DeviceEvent>('DeviceEnrolled', {
      serial: 'F17ABCDEFGH1',
      tokenId: 'paris',
      enrolledAt: '2026-01-07T09:00:00.000Z',
      userRef: null,
      profileUuid: null,
    });
    spec
      .given([assigned(), enrolled])
      .when(unenroll)
      .then([draft<DeviceEvent>('DeviceUnenrolled', { serial: 'F17ABCDEFGH1', tokenId: 'paris', reason: 'stolen' })]);
  });
});
