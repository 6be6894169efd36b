import { randomUUID } from 'node:crypto';
import type { StoredEvent, StoredEventInput, Subscription } from '@depledger/core';

/** Small helpers for this package's specs: events under a fresh stream prefix, and a background reader. */
export const freshPrefix = (): string => `esdb${randomUUID().replaceAll('-', '').slice(0, 12)}-`;

export const deviceEvent = (prefix: string, n: number): StoredEventInput => ({
  type: 'DeviceSeen.v1',
  data: { n },
  metadata: {
    eventId: randomUUID(),
    occurredAt: new Date(Date.UTC(2026, 0, 1, 0, 0, n % 60)).toISOString(),
    actor: 'system:test',
    correlationId: `${prefix}correlation`,
    causationId: null,
    tokenId: null,
  },
});

export const follow = (subscription: Subscription) => {
  const received: StoredEvent[] = [];
  const finished = (async () => {
    for await (const event of subscription) received.push(event);
  })();
  return { received, finished };
};

export const waitUntil = async (what: string, condition: () => boolean, timeoutMs = 5000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};

export const toArray = async <T>(items: AsyncIterable<T>): Promise<T[]> => {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
};
