import { EventStoreDBClient } from '@eventstore/db-client';
import { createEventStoreDbEventStore } from '../eventstoredb-event-store';
import { deviceEvent, freshPrefix } from '../testing/events';
import { testServers, useServer } from '../testing/servers';

const settled = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** 'done' if the promise settles within `ms`, else 'still waiting'; leaves no timer behind. */
const within = async (promise: Promise<unknown>, ms: number): Promise<string> => {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve('still waiting'), ms);
  });
  try {
    return await Promise.race([promise.then(() => 'done'), late]);
  } finally {
    clearTimeout(timer);
  }
};

// The client's dispose() waits for every call it started. A read left after its call ended used to
// keep dispose() waiting forever; the race shows most against a server in another process (a real
// one); in-process it rarely loses, so on the stand-in this is a smoke check.
for (const server of testServers())
  describe(`reads left early release their call, so dispose() returns (${server.name})`, () => {
    const connectionString = useServer(server);

    it('after a break from a stream read whose call has already ended', async () => {
      const client = EventStoreDBClient.connectionString(connectionString());
      const store = createEventStoreDbEventStore({ client });
      const prefix = freshPrefix();
      const stream = `${prefix}device-1`;
      await store.appendToStream(
        stream,
        [0, 1, 2].map((n) => deviceEvent(prefix, n)),
        { expectedRevision: 'no_stream' },
      );

      for await (const event of store.readStream(stream)) {
        expect(event.revision).toBe(0);
        await settled(50); // the server has sent everything and closed the call meanwhile
        break;
      }
      expect(await store.headPosition()).toBeGreaterThan(0); // returns from inside its read, too
      await settled(50);

      await store.close();
      expect(await within(client.dispose(), 2000)).toBe('done');
    });
  });
