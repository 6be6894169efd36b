import type { StoredEventInput } from '@depledger/core';

/** An event as the store's specs append it: a DeviceAssignedToServer with the same metadata every time, its data as given. */
export const specEvent = (id: string, data: unknown): StoredEventInput => ({
  type: 'DeviceAssignedToServer.v1',
  data,
  metadata: {
    eventId: id,
    occurredAt: '2026-01-01T00:00:00.000Z',
    actor: 'system:sync',
    correlationId: 'c1',
    causationId: null,
    tokenId: 't1',
  },
});

/** Everything an async iterable yields, in order. */
export const toArray = async <T>(items: AsyncIterable<T>): Promise<T[]> => {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
};
