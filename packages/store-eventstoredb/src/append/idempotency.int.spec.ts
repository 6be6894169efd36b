import type { StoredEventInput } from '@depledger/core';
import { createEventStoreDbEventStore } from '../eventstoredb-event-store';
import { deviceEvent, freshPrefix, toArray } from '../testing/events';
import { testServers, useServer } from '../testing/servers';

for (const server of testServers()) {
  describe(`idempotent appends across writers and the window (${server.name})`, () => {
    const connectionString = useServer(server);
    const stores: ReturnType<typeof createEventStoreDbEventStore>[] = [];
    const store = (idempotencyWindow?: number) => {
      const created = createEventStoreDbEventStore({ connectionString: connectionString(), idempotencyWindow });
      stores.push(created);
      return created;
    };
    afterEach(async () => {
      await Promise.all(stores.splice(0).map((s) => s.close()));
    });

    it('skips events another writer stored after this store last looked at the stream', async () => {
      const [a, b] = [store(), store()];
      const prefix = freshPrefix();
      const stream = `${prefix}device-1`;
      const mine = [deviceEvent(prefix, 0), deviceEvent(prefix, 1)];
      const theirs = [deviceEvent(prefix, 2)];
      await a.appendToStream(stream, mine, { expectedRevision: 'no_stream' });
      await b.appendToStream(stream, theirs, { expectedRevision: 1 });

      expect(await a.appendToStream(stream, [...mine, ...theirs], { expectedRevision: 'any' })).toMatchObject({
        nextExpectedRevision: 2,
        appended: 0,
      });
      const last = deviceEvent(prefix, 3);
      expect(await a.appendToStream(stream, [...theirs, last], { expectedRevision: 2 })).toMatchObject({
        nextExpectedRevision: 3,
        appended: 1,
      });
      expect((await toArray(a.readStream(stream))).map((e) => e.metadata.eventId)).toEqual(
        [...mine, ...theirs, last].map((e) => e.metadata.eventId),
      );
    });

    it('lets two writers racing with the same events and an expected revision store them once, both succeeding', async () => {
      const prefix = freshPrefix();
      const stream = `${prefix}device-1`;
      const batch = [0, 1, 2].map((n) => deviceEvent(prefix, n));
      const results = await Promise.all(
        [store(), store(), store()].map((s) => s.appendToStream(stream, batch, { expectedRevision: 'no_stream' })),
      );

      expect(results.map((r) => r.appended).sort()).toEqual([0, 0, 3]);
      expect(new Set(results.map((r) => `${r.nextExpectedRevision}@${r.lastPosition}`)).size).toBe(1);
      expect(await toArray(store().readStream(stream))).toHaveLength(3);
    });

    it('recognises only events among the last idempotencyWindow events of the stream (the documented limit)', async () => {
      const writer = store(2);
      const prefix = freshPrefix();
      const stream = `${prefix}device-1`;
      const events: StoredEventInput[] = [0, 1, 2].map((n) => deviceEvent(prefix, n));
      for (const [i, event] of events.entries()) await writer.appendToStream(stream, [event], { expectedRevision: i - 1 });

      expect(await writer.appendToStream(stream, [events[1] as StoredEventInput], { expectedRevision: 'any' })).toMatchObject({
        appended: 0,
      });
      expect(await store(2).appendToStream(stream, [events[2] as StoredEventInput], { expectedRevision: 'any' })).toMatchObject({
        appended: 0,
      });
      // Three events back is outside a window of two: written again.
      expect(await writer.appendToStream(stream, [events[0] as StoredEventInput], { expectedRevision: 'any' })).toMatchObject({
        appended: 1,
      });
    });

    it('checks a whole batch larger than the window', async () => {
      const writer = store(2);
      const prefix = freshPrefix();
      const stream = `${prefix}device-1`;
      const batch = [0, 1, 2, 3, 4].map((n) => deviceEvent(prefix, n));
      const first = await writer.appendToStream(stream, batch, { expectedRevision: 'no_stream' });
      expect(await store(2).appendToStream(stream, batch, { expectedRevision: 'any' })).toEqual({ ...first, appended: 0 });
    });
  });
}
