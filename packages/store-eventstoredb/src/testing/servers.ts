import { startEventStoreDbStandIn, type EventStoreDbStandIn } from '../stand-in/start-stand-in';

/**
 * The servers a spec runs against: depledger's in-process stand-in always (it is not EventStoreDB),
 * and a real EventStoreDB whenever `DEPLEDGER_ESDB_URL` names one. Specs declare one describe block
 * per server, so the real-server block simply does not exist when no server is configured.
 */
export type TestServer = Readonly<{
  name: string;
  start(): Promise<Readonly<{ connectionString: string; stop(): Promise<void> }>>;
}>;

export const standInServer: TestServer = {
  name: "depledger's in-process EventStoreDB stand-in",
  start: async () => {
    const standIn: EventStoreDbStandIn = await startEventStoreDbStandIn();
    return { connectionString: standIn.connectionString, stop: standIn.stop };
  },
};

export const testServers = (): TestServer[] => {
  const url = process.env.DEPLEDGER_ESDB_URL;
  const real: TestServer[] = url
    ? [{ name: `EventStoreDB at ${url}`, start: async () => ({ connectionString: url, stop: async () => {} }) }]
    : [];
  return [standInServer, ...real];
};

/** Starts the server before the block's tests and stops it after them; returns a getter for its connection string. */
export const useServer = (server: TestServer): (() => string) => {
  let running: Awaited<ReturnType<TestServer['start']>> | undefined;
  beforeAll(async () => {
    running = await server.start();
  });
  afterAll(async () => {
    await running?.stop();
  });
  return () => {
    if (!running) throw new Error(`${server.name} is not running`);
    return running.connectionString;
  };
};
