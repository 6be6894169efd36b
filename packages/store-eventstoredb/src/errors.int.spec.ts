import { createServer } from 'node:net';
import { EventStoreDBClient, binaryEvent } from '@eventstore/db-client';
import { createEventStoreDbEventStore } from './index';
import { deviceEvent, freshPrefix, toArray } from './testing/events';
import { standInServer, useServer } from './testing/servers';

/** A port nothing listens on. */
const closedPort = async (): Promise<number> => {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
};

describe('errors a person can act on', () => {
  it('says which server could not be reached and what to do, without the password', async () => {
    const connectionString = `esdb://admin:s3cret@127.0.0.1:${await closedPort()}?tls=false`;
    const store = createEventStoreDbEventStore({ connectionString });
    try {
      const failure = await store.headPosition().then(
        () => null,
        (error: unknown) => error as Error & { code: string },
      );
      expect(failure).toMatchObject({ name: 'EventStoreDbUnavailableError', code: 'EVENTSTOREDB_UNAVAILABLE' });
      expect(failure?.message).toContain(`esdb://admin:***@127.0.0.1:`);
      expect(failure?.message).toMatch(/docker run/);
      expect(failure?.message).not.toContain('s3cret');
    } finally {
      await store.close();
    }
  });

  describe('on the stand-in', () => {
    const connectionString = useServer(standInServer);

    it('refuses data that is not JSON (a bigint) before writing anything', async () => {
      const store = createEventStoreDbEventStore({ connectionString: connectionString() });
      const prefix = freshPrefix();
      const stream = `${prefix}device-1`;
      try {
        const bad = { ...deviceEvent(prefix, 1), data: { serialCount: 10n } };
        await expect(store.appendToStream(stream, [deviceEvent(prefix, 0), bad], { expectedRevision: 'any' })).rejects.toMatchObject({
          code: 'EVENT_NOT_JSON',
          details: { streamName: stream, eventId: bad.metadata.eventId },
        });
        expect(await store.streamRevision(stream)).toBe(-1);
      } finally {
        await store.close();
      }
    });

    it('names an event in depledger’s streams that depledger did not write', async () => {
      const client = EventStoreDBClient.connectionString(connectionString());
      const store = createEventStoreDbEventStore({ client });
      const stream = `${freshPrefix()}device-1`;
      try {
        await client.appendToStream(stream, binaryEvent({ type: 'Foreign', data: new Uint8Array([1]) }));
        await expect(toArray(store.readStream(stream))).rejects.toMatchObject({
          code: 'EVENTSTOREDB_FOREIGN_EVENT',
          details: { streamName: stream },
        });
      } finally {
        await store.close();
        // The store does not dispose a client it was given: it still works.
        expect(await toArray(client.readStream(stream))).toHaveLength(1);
        await client.dispose();
      }
    });
  });
});
