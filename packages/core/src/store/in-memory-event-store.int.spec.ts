import { describeEventStoreContract } from '../../test-support/event-store-contract';
import { createInMemoryEventStore } from '../index';

describeEventStoreContract('in-memory event store', async () => ({ store: createInMemoryEventStore() }));

describe('in-memory event store: idempotency within the stream appended to', () => {
  const event = (id: string) => ({
    type: 'DeviceEnrolled.v1',
    data: { serial: 'F1' },
    metadata: { eventId: id, occurredAt: '2026-01-05T09:00:00.000Z', actor: 'test', correlationId: 'c', causationId: null, tokenId: 't' },
  });

  it('stores an id already stored in another stream (ids are checked per stream, as EventStoreDB does)', async () => {
    const store = createInMemoryEventStore();
    await store.appendToStream('dep-device-A', [event('same-id')], { expectedRevision: 'no_stream' });
    expect(await store.appendToStream('dep-device-B', [event('same-id')], { expectedRevision: 'no_stream' })).toMatchObject({
      appended: 1,
    });
    expect(await store.appendToStream('dep-device-A', [event('same-id')], { expectedRevision: 'any' })).toMatchObject({ appended: 0 });
  });

  it('skips a stored id in a stream crossing the length where it gets an id set, in one batch', async () => {
    const store = createInMemoryEventStore();
    const ids = Array.from({ length: 50 }, (_, i) => `id-${i}`);
    await store.appendToStream('dep-sync-t', ids.slice(0, 30).map(event), { expectedRevision: 'no_stream' });
    await store.appendToStream('dep-sync-t', ids.slice(30, 40).map(event), { expectedRevision: 29 });
    expect(
      await store.appendToStream('dep-sync-t', [event('id-1'), event('id-31'), event('id-39')], { expectedRevision: 'any' }),
    ).toMatchObject({ appended: 0 });
    expect(await store.appendToStream('dep-sync-t', ids.slice(35, 50).map(event), { expectedRevision: 39 })).toMatchObject({
      appended: 10,
      nextExpectedRevision: 49,
    });
  });
});
