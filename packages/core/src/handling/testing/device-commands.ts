import type { DeviceCommand, DeviceDetails } from '../../index';

/** What Apple lists for a device just assigned to the server: an iPad, no profile, nothing optional. */
export const ipadDetails = (model = 'iPad Air'): DeviceDetails => ({
  model,
  description: null,
  color: null,
  assetTag: null,
  os: 'iPadOS',
  family: 'iPad',
  profileStatus: 'empty',
  profileUuid: null,
  profileAssignedAt: null,
  profilePushedAt: null,
  assignedAt: null,
  assignedByRef: null,
  mdmMigrationDeadline: null,
});

export type AppleRecordOptions = Readonly<{
  operation?: 'added' | 'modified';
  details?: DeviceDetails;
  /** When the sync saw it (and the command's clock); the operation's date unless said. */
  observedAt?: string;
  idempotencyKey?: string;
}>;

/** Apple's record of a device as the sync applies it to token `paris`. */
export const appleRecord = (serial: string, operationDate: string, options: AppleRecordOptions = {}): DeviceCommand => {
  const observedAt = options.observedAt ?? operationDate;
  return {
    type: 'ApplyAppleRecord',
    data: {
      tokenId: 'paris',
      fact: { serial, details: options.details ?? ipadDetails(), operation: options.operation ?? 'added', operationDate },
      observedAt,
      runId: null,
    },
    metadata: {
      now: new Date(observedAt),
      actor: 'system:sync',
      ...(options.idempotencyKey === undefined ? {} : { idempotencyKey: options.idempotencyKey }),
    },
  };
};

/** The MDM's check-in: the device enrolled at `enrolledAt`. */
export const enrollment = (serial: string, enrolledAt = '2026-01-08T00:00:00.000Z'): DeviceCommand => ({
  type: 'RecordEnrollment',
  data: { serial, enrolledAt, userRef: null },
  metadata: { now: new Date(enrolledAt), actor: 'mdm:checkin' },
});
