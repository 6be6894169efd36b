import { depledgerSerde, deviceStream, type DeviceEvent, type EventStore, type StoredEventInput } from '@depledger/core';

/** The life of one device in five events: synced, profile requested and assigned, downloaded, enrolled. */
const lifeOf = (serial: string, tokenId: string, index: number): Omit<DeviceEvent, 'metadata'>[] => {
  const details = {
    model: 'iPad Air',
    description: null,
    color: null,
    assetTag: null,
    os: 'iPadOS',
    family: 'iPad',
    profileStatus: 'empty' as const,
    profileUuid: null,
    profileAssignedAt: null,
    profilePushedAt: null,
    assignedAt: '2026-01-04T08:00:00.000Z',
    assignedByRef: 'vault:admin-email:A1',
    mdmMigrationDeadline: null,
  };
  const profile = { profileId: 'corporate', profileVersion: 1, profileUuid: 'PROFILE-UUID-1' };
  return [
    { type: 'DeviceAssignedToServer', data: { serial, tokenId, details, operation: 'added', operationDate: null, runId: null } },
    { type: 'ProfileAssignmentRequested', data: { serial, tokenId, ...profile, reason: 'default_profile' } },
    { type: 'ProfileAssignmentSucceeded', data: { serial, tokenId, ...profile } },
    { type: 'ProfilePushed', data: { serial, tokenId, profileUuid: profile.profileUuid, pushedAt: '2026-01-06T08:00:00.000Z' } },
    ...(index % 2 === 0
      ? [
          {
            type: 'DeviceEnrolled' as const,
            data: { serial, tokenId, enrolledAt: '2026-01-06T08:05:00.000Z', userRef: null, profileUuid: profile.profileUuid },
          },
        ]
      : []),
  ] as Omit<DeviceEvent, 'metadata'>[];
};

export const seedSerial = (index: number): string => `SEED${String(index).padStart(8, '0')}`;

/**
 * Fills a store with about `events` device events (devices of 4 or 5 events each, spread over 4
 * tokens, one day apart per device index modulo 30), for benchmarks. Returns how many it wrote.
 */
export const seedDeviceHistory = async (eventStore: EventStore, events: number): Promise<{ events: number; devices: number }> => {
  let written = 0;
  let devices = 0;
  const base = Date.parse('2026-01-05T09:00:00.000Z');
  while (written < events) {
    const serial = seedSerial(devices);
    const life = lifeOf(serial, `token-${devices % 4}`, devices).slice(0, events - written);
    const stored: StoredEventInput[] = life.map((e, i) =>
      depledgerSerde.encode({
        ...e,
        metadata: {
          eventId: `${serial}-${i}`,
          occurredAt: new Date(base + (devices % 30) * 86_400_000 + i * 60_000).toISOString(),
          actor: 'system:sync',
          correlationId: serial,
          causationId: null,
          tokenId: `token-${devices % 4}`,
        },
      } as DeviceEvent),
    );
    await eventStore.appendToStream(deviceStream(serial), stored, { expectedRevision: 'no_stream' });
    written += stored.length;
    devices++;
  }
  return { events: written, devices };
};
