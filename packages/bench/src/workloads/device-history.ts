import type { EventMetadata, StoredEventInput } from '@depledger/core';

const metadata = (i: number, tokenId: string): EventMetadata => ({
  eventId: `00000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`,
  occurredAt: new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString(),
  actor: 'system:sync',
  correlationId: 'bench',
  causationId: null,
  tokenId,
});

export const serialOf = (n: number): string => `F${n.toString(36).toUpperCase().padStart(11, '0')}`;

/**
 * A device's history as the sync engine writes it: assigned, a few detail changes, an assignment
 * requested and succeeded, pushed, enrolled. `perDevice` events per device stream.
 */
export const deviceHistory = (device: number, perDevice: number, firstId: number): StoredEventInput[] => {
  const serial = serialOf(device);
  const details = {
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
    assignedAt: '2026-01-01T00:00:00.000Z',
    assignedByRef: 'vault:admin-email:bench',
    mdmMigrationDeadline: null,
  };
  const out: StoredEventInput[] = [];
  for (let k = 0; k < perDevice; k++) {
    const id = firstId + k;
    const at = new Date(Date.UTC(2026, 0, 1) + id * 1000).toISOString();
    let type: string;
    let data: object;
    if (k === 0) {
      type = 'DeviceAssignedToServer.v1';
      data = { serial, tokenId: 'bench', details, operation: 'added', operationDate: at, runId: 'r1' };
    } else if (k === perDevice - 1) {
      type = 'DeviceEnrolled.v1';
      data = { serial, tokenId: 'bench', enrolledAt: at, userRef: null, profileUuid: 'U1' };
    } else if (k % 3 === 1) {
      type = 'ProfileAssignmentRequested.v1';
      data = { serial, tokenId: 'bench', profileId: 'corp', profileVersion: 1, profileUuid: 'U1', reason: 'default_profile' };
    } else if (k % 3 === 2) {
      type = 'ProfileAssignmentSucceeded.v1';
      data = { serial, tokenId: 'bench', profileId: 'corp', profileVersion: 1, profileUuid: 'U1' };
    } else {
      type = 'DeviceDetailsChanged.v2';
      data = {
        serial,
        tokenId: 'bench',
        changes: { os: `iOS ${k}` },
        operation: 'modified',
        operationDate: at,
        runId: 'r1',
      };
    }
    out.push({ type, data, metadata: metadata(id, 'bench') });
  }
  return out;
};
