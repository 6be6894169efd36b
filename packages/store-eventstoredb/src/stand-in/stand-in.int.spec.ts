import {
  EventStoreDBClient,
  NO_STREAM,
  eventTypeFilter,
  jsonEvent,
  persistentSubscriptionToStreamSettingsFromDefaults,
  streamNameFilter,
} from '@eventstore/db-client';
import { createEventStoreDbEventStore } from '../eventstoredb-event-store';
import { deviceEvent, freshPrefix, toArray } from '../testing/events';
import { startEventStoreDbStandIn, type EventStoreDbStandIn } from './start-stand-in';

const refusedLoudly = { message: expect.stringMatching(/stand-in does not implement/) };

describe("depledger's EventStoreDB stand-in", () => {
  let standIn: EventStoreDbStandIn;
  let client: EventStoreDBClient;

  beforeAll(async () => {
    standIn = await startEventStoreDbStandIn();
  });
  beforeEach(() => {
    client = EventStoreDBClient.connectionString(standIn.connectionString);
  });
  afterEach(async () => {
    await client.dispose();
  });
  afterAll(async () => {
    await standIn.stop();
  });

  it('listens on 127.0.0.1 without TLS', () => {
    expect(standIn.connectionString).toMatch(/^esdb:\/\/127\.0\.0\.1:\d+\?tls=false$/);
  });

  it('refuses what it does not implement with UNIMPLEMENTED, never a silent success', async () => {
    const stream = `${freshPrefix()}device-1`;
    await client.appendToStream(stream, jsonEvent({ type: 'DeviceSeen.v1', data: { n: 1 } }));

    await expect(client.deleteStream(stream)).rejects.toMatchObject(refusedLoudly);
    await expect(client.tombstoneStream(stream)).rejects.toMatchObject(refusedLoudly);
    await expect(toArray(client.subscribeToStream(stream))).rejects.toMatchObject(refusedLoudly);
    await expect(client.getProjectionStatus('$by_category')).rejects.toMatchObject(refusedLoudly);
    await expect(
      client.createPersistentSubscriptionToStream(stream, 'group', persistentSubscriptionToStreamSettingsFromDefaults()),
    ).rejects.toMatchObject(refusedLoudly);
    await expect(toArray(client.subscribeToPersistentSubscriptionToStream(stream, 'group'))).rejects.toMatchObject(refusedLoudly);
    expect(await toArray(client.readStream(stream))).toHaveLength(1);
  });

  it('filters subscriptions to $all by stream-name prefix or event-type expression', async () => {
    const prefix = freshPrefix();
    await client.appendToStream(`${prefix}token-1`, jsonEvent({ type: `TokenRenewed.${prefix}`, data: { n: 1 } }));
    await client.appendToStream(`${prefix}device-1`, jsonEvent({ type: `DeviceSeen.${prefix}`, data: { n: 2 } }));
    const firstOf = async (filter: NonNullable<Parameters<EventStoreDBClient['subscribeToAll']>[0]>['filter']) => {
      const subscription = client.subscribeToAll({ filter });
      for await (const resolved of subscription) {
        await subscription.unsubscribe();
        return resolved.event?.streamId;
      }
      return undefined;
    };
    expect(await firstOf(streamNameFilter({ prefixes: [`${prefix}device-`] }))).toBe(`${prefix}device-1`);
    expect(await firstOf(eventTypeFilter({ regex: `^DeviceSeen\\.${prefix}$` }))).toBe(`${prefix}device-1`);
  });

  it('answers a wrong expected revision as the server does', async () => {
    const stream = `${freshPrefix()}device-1`;
    await client.appendToStream(stream, jsonEvent({ type: 'DeviceSeen.v1', data: { n: 1 } }), { expectedRevision: NO_STREAM });
    await expect(
      client.appendToStream(stream, jsonEvent({ type: 'DeviceSeen.v1', data: { n: 2 } }), { expectedRevision: NO_STREAM }),
    ).rejects.toMatchObject({
      type: 'wrong-expected-version',
      streamName: stream,
      actualVersion: 0n,
      expectedVersion: NO_STREAM,
    });
  });
});

describe('the stand-in without BatchAppend: the client appends through Streams.Append', () => {
  let standIn: EventStoreDbStandIn;
  beforeAll(async () => {
    standIn = await startEventStoreDbStandIn({ batchAppend: false });
  });
  afterAll(async () => {
    await standIn.stop();
  });

  it('appends, reads back and refuses a conflict', async () => {
    const store = createEventStoreDbEventStore({ connectionString: standIn.connectionString });
    try {
      const prefix = freshPrefix();
      const stream = `${prefix}device-1`;
      const events = [0, 1, 2].map((n) => deviceEvent(prefix, n));
      const result = await store.appendToStream(stream, events, { expectedRevision: 'no_stream' });
      const read = await toArray(store.readStream(stream));
      expect(read.map((e) => e.metadata)).toEqual(events.map((e) => e.metadata));
      expect(result).toEqual({ nextExpectedRevision: 2, lastPosition: read[2]?.position, appended: 3 });
      await expect(store.appendToStream(stream, [deviceEvent(prefix, 3)], { expectedRevision: 1 })).rejects.toMatchObject({
        code: 'CONCURRENCY_CONFLICT',
        details: { streamName: stream, expected: '1', actual: '2' },
      });
    } finally {
      await store.close();
    }
  });
});
