import type { StoredEventInput } from '@depledger/core';

/** Device events shaped like a sync page's: the data the figures append and read back. */
export const sampleDeviceEvents = (count: number, idPrefix: string): StoredEventInput[] =>
  Array.from({ length: count }, (_, i) => {
    const serial = `C02${i.toString(36).toUpperCase().padStart(9, '0')}`;
    return {
      type: 'DeviceAssignedToServer.v1',
      data: {
        serial,
        model: i % 3 === 0 ? 'iPad Pro 11"' : 'iPhone 15',
        description: 'IPHONE 15 BLACK 128GB',
        color: 'black',
        assetTag: `ASSET-${i}`,
        opType: 'added',
        opDate: '2026-01-02T03:04:05.000Z',
        profileStatus: 'empty',
      },
      metadata: {
        eventId: `${idPrefix}${serial}`,
        occurredAt: '2026-01-02T03:04:05.000Z',
        actor: 'system:sync',
        correlationId: 'sync-run-1',
        causationId: null,
        tokenId: 'token-1',
      },
    };
  });
