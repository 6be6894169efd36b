import type { EventStore } from '@depledger/core';
import { EventStoreDBClient, binaryEvent } from '@eventstore/db-client';
import { createEventStoreDbEventStore } from '../eventstoredb-event-store';
import { startEventStoreDbStandIn, type EventStoreDbStandIn } from '../stand-in/start-stand-in';
import { deviceEvent, follow, freshPrefix, waitUntil } from '../testing/events';

// Needs the stand-in's test control (dropping subscriptions as a server restart would): stand-in only.
describe('subscriptions resumed after the server ends them with an error', () => {
  let standIn: EventStoreDbStandIn;
  let store: EventStore;
  const resumed: { message: string; attempt: number; after: number }[] = [];

  beforeAll(async () => {
    standIn = await startEventStoreDbStandIn();
  });
  beforeEach(() => {
    resumed.length = 0;
    store = createEventStoreDbEventStore({
      connectionString: standIn.connectionString,
      resubscribe: {
        firstDelayMs: 10,
        maxDelayMs: 50,
        onResubscribe: ({ error, attempt, after }) => resumed.push({ message: error.message, attempt, after }),
      },
    });
  });
  afterEach(async () => {
    await store.close();
  });
  afterAll(async () => {
    await standIn.stop();
  });

  it('resumes from the last delivered event: nothing repeated, nothing lost, in order', async () => {
    const prefix = freshPrefix();
    const stream = `${prefix}device-1`;
    await store.appendToStream(
      stream,
      [0, 1, 2].map((n) => deviceEvent(prefix, n)),
      { expectedRevision: 'no_stream' },
    );
    const subscription = store.subscribe({ streamPrefixes: [prefix] });
    const { received, finished } = follow(subscription);
    await waitUntil('the catch-up', () => received.length === 3);

    expect(standIn.dropSubscriptions()).toBe(1);
    await store.appendToStream(
      stream,
      [3, 4].map((n) => deviceEvent(prefix, n)),
      { expectedRevision: 2 },
    );
    await waitUntil('the events appended while it was down', () => received.length === 5);
    expect(standIn.dropSubscriptions()).toBe(1);
    await store.appendToStream(stream, [deviceEvent(prefix, 5)], { expectedRevision: 4 });
    await waitUntil('one more live event', () => received.length === 6);

    await subscription.close();
    await finished;
    expect(received.map((e) => (e.data as { n: number }).n)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(resumed).toHaveLength(2);
    expect(resumed[0]).toMatchObject({ attempt: 1, after: received[2]?.position });
    expect(resumed[0]?.message).toMatch(/dropped the subscription/);
    expect(resumed[1]).toMatchObject({ attempt: 1, after: received[4]?.position });
  });

  it('backs off between attempts and ends promptly when closed while waiting', async () => {
    const waiting = createEventStoreDbEventStore({
      connectionString: standIn.connectionString,
      resubscribe: { firstDelayMs: 600_000, maxDelayMs: 600_000 },
    });
    const prefix = freshPrefix();
    const subscription = waiting.subscribe({ streamPrefixes: [prefix] });
    const { received, finished } = follow(subscription);
    await waitUntil('the subscription to be open', () => standIn.dropSubscriptions() === 1);
    await new Promise((resolve) => setTimeout(resolve, 50));

    // The wait before the next attempt is ten minutes: only close() interrupting it lets `finished` settle.
    await waiting.close();
    await finished;
    expect(received).toEqual([]);
  });

  it('does not resume after an error that would repeat: an event it cannot map ends the iteration with that error', async () => {
    const prefix = freshPrefix();
    const client = EventStoreDBClient.connectionString(standIn.connectionString);
    try {
      await store.appendToStream(`${prefix}device-1`, [deviceEvent(prefix, 0)], { expectedRevision: 'no_stream' });
      await client.appendToStream(`${prefix}device-2`, binaryEvent({ type: 'Foreign', data: new Uint8Array([1, 2, 3]) }));
      const subscription = store.subscribe({ streamPrefixes: [prefix] });
      const { received, finished } = follow(subscription);

      await expect(finished).rejects.toMatchObject({ code: 'EVENTSTOREDB_FOREIGN_EVENT', details: { streamName: `${prefix}device-2` } });
      expect(received.map((e) => e.streamName)).toEqual([`${prefix}device-1`]);
      expect(resumed).toEqual([]);
    } finally {
      await client.dispose();
    }
  });
});
