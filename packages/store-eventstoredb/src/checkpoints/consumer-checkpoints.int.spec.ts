import { EventStoreDBClient } from '@eventstore/db-client';
import { depledgerSerde, startConsumer, systemClock, type ConsumerCheckpointStore, type EventStore } from '@depledger/core';
import { createEventStoreDbEventStore } from '../eventstoredb-event-store';
import { freshPrefix } from '../testing/events';
import { testServers, useServer } from '../testing/servers';
import { createEventStoreDbCheckpointStore } from './checkpoint-store';

// core's durable consumers keep their checkpoint in EventStoreDB through the projection checkpoint
// store: the same port, one stream per consumer.

const enrol = (store: EventStore, serial: string) =>
  store.appendToStream(
    `dep-device-${serial}`,
    [
      depledgerSerde.encode({
        type: 'DeviceEnrolled',
        data: { serial, tokenId: 'paris', enrolledAt: '2026-03-02T10:00:00.000Z', userRef: null, profileUuid: null },
        metadata: {
          eventId: crypto.randomUUID(),
          occurredAt: '2026-03-02T10:00:00.000Z',
          actor: 'mdm:checkin',
          correlationId: serial,
          causationId: null,
          tokenId: 'paris',
        },
      }),
    ],
    { expectedRevision: 'any' },
  );

for (const server of testServers()) {
  describe(`durable consumers' checkpoints (${server.name})`, () => {
    const connectionString = useServer(server);

    it('resumes a consumer from the checkpoint it stored in its stream', async () => {
      const client = EventStoreDBClient.connectionString(connectionString());
      const store = createEventStoreDbEventStore({ client });
      const checkpoints: ConsumerCheckpointStore = createEventStoreDbCheckpointStore(client);
      const prefix = freshPrefix();
      const consume = (seen: string[]) =>
        startConsumer({ store, serde: depledgerSerde, clock: systemClock, checkpoints }, `${prefix}mdm`, {
          types: ['DeviceEnrolled'],
          handle: (event) => {
            if (event.data.serial.startsWith(prefix)) seen.push(event.data.serial.slice(prefix.length));
          },
        });
      try {
        await enrol(store, `${prefix}SER1`);
        await enrol(store, `${prefix}SER2`);
        const first: string[] = [];
        const consumer = consume(first);
        await consumer.caughtUp();
        await consumer.stop();
        expect(first).toEqual(['SER1', 'SER2']);
        expect((await checkpoints.get(`${prefix}mdm`)).position).toBe(consumer.position());

        await enrol(store, `${prefix}SER3`);
        const second: string[] = [];
        const again = consume(second);
        await again.caughtUp();
        await again.stop();
        expect(second).toEqual(['SER3']);
      } finally {
        await store.close();
        await client.dispose();
      }
    }, 30_000);
  });
}
