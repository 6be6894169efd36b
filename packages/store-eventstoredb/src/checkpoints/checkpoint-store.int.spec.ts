import { EventStoreDBClient } from '@eventstore/db-client';
import { createEventStoreDbEventStore } from '../eventstoredb-event-store';
import { deviceEvent, freshPrefix, toArray } from '../testing/events';
import { testServers, useServer } from '../testing/servers';
import { checkpointStreamOf } from './checkpoint-stream';
import { createEventStoreDbCheckpointStore } from './checkpoint-store';

for (const server of testServers()) {
  describe(`projection checkpoints (${server.name})`, () => {
    const connectionString = useServer(server);
    let client: EventStoreDBClient;
    let projection: string;

    beforeEach(() => {
      client = EventStoreDBClient.connectionString(connectionString());
      projection = `${freshPrefix()}device-status`;
    });
    afterEach(async () => {
      await client.dispose();
    });

    it('reads position 0 and revision -1 for a projection that never stored one', async () => {
      expect(await createEventStoreDbCheckpointStore(client).get(projection)).toEqual({ position: 0, revision: -1 });
    });

    it('stores and moves a checkpoint, each move expecting the one before', async () => {
      const checkpoints = createEventStoreDbCheckpointStore(client);
      const first = await checkpoints.set(projection, 1200, await checkpoints.get(projection));
      expect(first).toEqual({ position: 1200, revision: 0 });
      const second = await checkpoints.set(projection, 5400, first);
      expect(second).toEqual({ position: 5400, revision: 1 });
      expect(await checkpoints.get(projection)).toEqual(second);
    });

    it('keeps only the last checkpoint: the stream is created with $maxCount 1', async () => {
      const checkpoints = createEventStoreDbCheckpointStore(client);
      await checkpoints.set(projection, 10, await checkpoints.get(projection));
      const { metadata } = await client.getStreamMetadata(checkpointStreamOf(projection));
      expect(metadata).toMatchObject({ maxCount: 1 });
    });

    it('refuses a move from a stale checkpoint with a ConcurrencyError, keeping the other writer’s', async () => {
      const checkpoints = createEventStoreDbCheckpointStore(client);
      const start = await checkpoints.set(projection, 100, await checkpoints.get(projection));
      const winner = await checkpoints.set(projection, 200, start);

      await expect(checkpoints.set(projection, 300, start)).rejects.toMatchObject({
        name: 'ConcurrencyError',
        code: 'CONCURRENCY_CONFLICT',
        details: { streamName: checkpointStreamOf(projection) },
      });
      await expect(checkpoints.set(projection, 300, { position: 0, revision: -1 })).rejects.toMatchObject({ code: 'CONCURRENCY_CONFLICT' });
      expect(await checkpoints.get(projection)).toEqual(winner);
    });

    it('lets exactly one of two runners create the first checkpoint', async () => {
      const checkpoints = createEventStoreDbCheckpointStore(client);
      const never = await checkpoints.get(projection);
      const attempts = await Promise.allSettled([checkpoints.set(projection, 7, never), checkpoints.set(projection, 9, never)]);
      expect(attempts.filter((a) => a.status === 'fulfilled')).toHaveLength(1);
      expect(attempts.filter((a) => a.status === 'rejected').map((a) => (a as PromiseRejectedResult).reason.code)).toEqual([
        'CONCURRENCY_CONFLICT',
      ]);
    });

    it('refuses to move a checkpoint backwards', async () => {
      const checkpoints = createEventStoreDbCheckpointStore(client);
      const at = await checkpoints.set(projection, 500, await checkpoints.get(projection));
      await expect(checkpoints.set(projection, 499, at)).rejects.toMatchObject({ code: 'CHECKPOINT_BACKWARDS' });
      expect(await checkpoints.get(projection)).toEqual(at);
    });

    it('keeps checkpoints out of what the event store reads from $all', async () => {
      const store = createEventStoreDbEventStore({ client });
      const prefix = freshPrefix();
      const start = await store.headPosition();
      await store.appendToStream(`${prefix}device-1`, [deviceEvent(prefix, 1)], { expectedRevision: 'no_stream' });
      const checkpoints = createEventStoreDbCheckpointStore(client);
      await checkpoints.set(projection, 1, await checkpoints.get(projection));
      await store.appendToStream(`${prefix}device-1`, [deviceEvent(prefix, 2)], { expectedRevision: 0 });

      const everything = await toArray(store.readAll({ after: start }));
      expect(everything.some((e) => e.streamName.startsWith('depledger-checkpoint-'))).toBe(false);
      expect(everything.filter((e) => e.streamName.startsWith(prefix)).map((e) => (e.data as { n: number }).n)).toEqual([1, 2]);
      // Skipped events do not count towards maxCount (assumes nobody else writes meanwhile).
      const limited = await toArray(store.readAll({ after: start, maxCount: 2 }));
      expect(limited.map((e) => [e.streamName, (e.data as { n: number }).n])).toEqual([
        [`${prefix}device-1`, 1],
        [`${prefix}device-1`, 2],
      ]);
      await store.close();
    });

    it('keeps checkpoints and system events out of a subscription to everything', async () => {
      const store = createEventStoreDbEventStore({ client });
      const prefix = freshPrefix();
      const start = await store.headPosition();
      const checkpoints = createEventStoreDbCheckpointStore(client);
      await checkpoints.set(projection, 1, await checkpoints.get(projection));
      await store.appendToStream(`${prefix}device-1`, [deviceEvent(prefix, 1)], { expectedRevision: 'no_stream' });

      const seen: string[] = [];
      for await (const event of store.subscribe({ after: start })) {
        seen.push(event.streamName);
        if (event.streamName.startsWith(prefix)) break;
      }
      expect(seen.filter((name) => name.startsWith('depledger-checkpoint-') || name.startsWith('$'))).toEqual([]);
      expect(seen.at(-1)).toBe(`${prefix}device-1`);
      await store.close();
    });
  });
}
