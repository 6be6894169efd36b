import { randomBytes } from 'node:crypto';
import {
  createDepledger,
  depledgerSerde,
  deviceStream,
  type ConsumedEvent,
  type Consumer,
  type DepGateway,
  type DeviceEvent,
  type EventStore,
  type TokenPki,
} from '@depledger/core';
import { readModelCheckpoints } from '@depledger/projections';
import { openPostgresStore, type PostgresStore } from '../index';
import { describeWithPostgres, dropSchemas, freshSchemaName, testServerUrl } from '../testing/test-server';

// Durable consumers with a lease on two nodes of one PostgreSQL schema, their checkpoints beside the
// read models — what two `depledger serve` processes do with one webhook.

jest.setTimeout(300_000); // a hang guard only: the suite must pass on a busy machine

const unused = new Proxy({}, { get: () => () => Promise.reject(new Error('not in these tests')) });

const enrol = async (events: EventStore, serial: string): Promise<void> => {
  const event = {
    type: 'DeviceEnrolled',
    data: { serial, tokenId: 'paris', enrolledAt: '2026-02-01T10:00:00.000Z', userRef: null, profileUuid: null },
    metadata: {
      eventId: `${serial}-enrolled`,
      occurredAt: '2026-02-01T10:00:00.000Z',
      actor: 'system:mdm',
      correlationId: serial,
      causationId: null,
      tokenId: 'paris',
    },
  } as DeviceEvent;
  await events.appendToStream(deviceStream(serial), [depledgerSerde.encode(event)], { expectedRevision: 'any' });
};

describeWithPostgres('leased consumers on two PostgreSQL nodes', () => {
  const schemas: string[] = [];
  const opened: PostgresStore[] = [];
  const running: Consumer[] = [];
  afterAll(async () => {
    for (const consumer of running) await consumer.stop();
    for (const store of opened) await store.close();
    await dropSchemas(...schemas);
  });

  it('start together on a checkpoint neither has created yet, both keep running, and each event is handled once', async () => {
    const schema = freshSchemaName('dlconsume');
    schemas.push(schema);
    const vaultKey = randomBytes(32).toString('base64');
    const node = async () => {
      const store = await openPostgresStore({ url: testServerUrl, schema, vaultKey, env: {}, maxConnections: 3 });
      opened.push(store);
      const depledger = createDepledger({
        store: store.events,
        gateway: unused as DepGateway,
        vault: store.vault,
        pki: unused as TokenPki,
        consumerCheckpoints: readModelCheckpoints(store.readModels),
      });
      return { store, depledger };
    };
    const a = await node();
    const b = await node();
    for (const serial of ['SER0', 'SER1']) await enrol(a.store.events, serial);

    // Several rounds, each a fresh consumer name started on both nodes in the same tick, wanting what
    // comes after the position it was made at (as a webhook registered there).
    for (let round = 0; round < 5; round += 1) {
      const startAfter = await a.store.events.headPosition();
      await enrol(a.store.events, `SER-${round}-early`);
      const handled: string[] = [];
      const start = (depledger: typeof a.depledger, holder: string) =>
        depledger.consume(`hook-${round}`, {
          types: ['DeviceEnrolled'],
          startAfter,
          lease: { holder, ttlMs: 3_000 },
          handle: (e: ConsumedEvent<'DeviceEnrolled'>) => void handled.push(`${e.data.serial}@${holder}`),
        });
      const consumers = [start(a.depledger, 'node-a'), start(b.depledger, 'node-b')];
      running.push(...consumers);
      await enrol(b.store.events, `SER-${round}`);
      // the node holding the lease catches up; the other waits for it, never failing
      while (handled.length < 2) {
        for (const consumer of consumers) expect(await Promise.race([consumer.done, Promise.resolve('running')])).toBe('running');
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const first = handled.map((h) => h.split('@')[0]);
      expect(first).toEqual([`SER-${round}-early`, `SER-${round}`]);
      const holder = handled[0]!.split('@')[1];
      expect(handled.every((h) => h.endsWith(`@${holder}`))).toBe(true);
      // the holder stops; the other takes over from the shared checkpoint
      const [leaving, staying] = holder === 'node-a' ? consumers : [consumers[1]!, consumers[0]!];
      await leaving!.stop();
      await enrol(a.store.events, `SER-${round}-late`);
      await staying!.caughtUp();
      await staying!.stop();
      expect(handled.map((h) => h.split('@')[0])).toEqual([`SER-${round}-early`, `SER-${round}`, `SER-${round}-late`]);
      for (const consumer of consumers) expect(await consumer.done).toEqual({ state: 'stopped' });
    }
  });

  it('gives two nodes asking at once for a checkpoint nobody created yet the same one', async () => {
    const schema = freshSchemaName('dlcheckpt');
    schemas.push(schema);
    const vaultKey = randomBytes(32);
    const open = async () => {
      const store = await openPostgresStore({ url: testServerUrl, schema, vaultKey, env: {}, maxConnections: 3 });
      opened.push(store);
      return readModelCheckpoints(store.readModels);
    };
    const a = await open();
    const b = await open();
    for (let i = 0; i < 30; i += 1) {
      const [fromA, fromB] = await Promise.all([a.get(`both-${i}`), b.get(`both-${i}`)]);
      expect(fromA.position).toBe(0);
      const later = await a.get(`both-${i}`);
      // whichever version either saw first, both now move the live one
      expect(later).toEqual(await b.get(`both-${i}`));
      expect([fromA.revision, fromB.revision]).toContain(later.revision);
    }
  });
});
