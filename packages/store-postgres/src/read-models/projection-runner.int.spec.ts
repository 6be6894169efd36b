import { randomBytes } from 'node:crypto';
import { depledgerSerde, deviceStream, type DeviceEvent, type EventStore } from '@depledger/core';
import {
  createInMemoryReadModelStore,
  createProjectionRunner,
  deviceStatusProjection,
  readModelOf,
  seedDeviceHistory,
  seedSerial,
  type AnyProjection,
  type KeyedDocument,
  type ReadModelStore,
} from '@depledger/projections';
import { openPostgresStore, type PostgresStore } from '../index';
import { describeWithPostgres, dropSchemas, freshSchemaName, testServerUrl } from '../testing/test-server';

// The projections' runner on the PostgreSQL log and read models, with two nodes on one schema: one
// follows live while the other appends; a runner started later continues from the stored checkpoint.

jest.setTimeout(300_000); // a hang guard only: the suite must pass on a busy machine

const toArray = async (items: AsyncIterable<KeyedDocument>): Promise<KeyedDocument[]> => {
  const all: KeyedDocument[] = [];
  for await (const item of items) all.push(item);
  return all;
};

const countingDeviceStatus = (folded: number[]): AnyProjection => {
  const projection = deviceStatusProjection as unknown as AnyProjection;
  return { ...projection, evolve: (doc, event, key) => (folded.push(event.position), projection.evolve(doc, event, key)) };
};

const enrol = async (events: EventStore, index: number): Promise<void> => {
  const serial = seedSerial(index);
  const tokenId = `token-${index % 4}`;
  const event = {
    type: 'DeviceEnrolled',
    data: { serial, tokenId, enrolledAt: '2026-02-01T10:00:00.000Z', userRef: null, profileUuid: 'PROFILE-UUID-1' },
    metadata: {
      eventId: `${serial}-late-enrolment`,
      occurredAt: '2026-02-01T10:00:00.000Z',
      actor: 'system:mdm',
      correlationId: serial,
      causationId: null,
      tokenId,
    },
  } as DeviceEvent;
  await events.appendToStream(deviceStream(serial), [depledgerSerde.encode(event)], { expectedRevision: 'any' });
};

const builtInMemory = async (events: EventStore): Promise<KeyedDocument[]> => {
  const readModels: ReadModelStore = createInMemoryReadModelStore();
  await createProjectionRunner({ eventStore: events, readModels, projections: [deviceStatusProjection] }).catchUp();
  const live = await readModels.live(deviceStatusProjection.name);
  if (!live) throw new Error('the in-memory build has no live version');
  return toArray(readModels.list(live));
};

/** Waits until `check` holds; jest's timeout is the only limit (a busy machine is slow, not wrong). */
const waitUntil = async (check: () => Promise<boolean>): Promise<void> => {
  while (!(await check())) await new Promise((resolve) => setTimeout(resolve, 20));
};

describeWithPostgres('projection runner on the PostgreSQL log and read models, two nodes', () => {
  let schema: string;
  const opened: PostgresStore[] = [];
  const vaultKey = randomBytes(32);
  const open = async () => {
    const store = await openPostgresStore({ url: testServerUrl, schema, vaultKey, maxConnections: 2 });
    opened.push(store);
    return store;
  };
  beforeEach(() => (schema = freshSchemaName('dlrunner')));
  afterEach(async () => {
    for (const store of opened.splice(0)) await store.close();
    await dropSchemas(schema);
  });

  it('follows appends of another node live, and a later runner folds only what came after its checkpoint', async () => {
    const nodeA = await open();
    const nodeB = await open();
    const seeded = await seedDeviceHistory(nodeB.events, 300);
    const folded: number[] = [];
    const follower = createProjectionRunner({
      eventStore: nodeA.events,
      readModels: nodeA.readModels,
      projections: [countingDeviceStatus(folded)],
      batchSize: 64,
    });
    await follower.start();
    expect(folded).toHaveLength(seeded.events);

    // node B appends; node A's runner, woken by NOTIFY, folds them into the shared read model
    for (const index of [1, 3, 5]) await enrol(nodeB.events, index);
    const reader = await readModelOf(nodeB.readModels, deviceStatusProjection);
    // The enrolments reach the read model.
    await waitUntil(async () => (await reader.get(seedSerial(5)))?.status === 'enrolled');
    await follower.stop();
    const head = await nodeB.events.headPosition();
    expect(folded.slice(seeded.events)).toEqual([seeded.events + 1, seeded.events + 2, seeded.events + 3]);
    const live = await nodeB.readModels.live('device-status');
    expect(await nodeB.readModels.checkpoint(live!)).toBe(head);
    expect(await toArray(nodeB.readModels.list(live!))).toEqual(await builtInMemory(nodeB.events));

    // a runner on node B after one more append folds that one only
    await enrol(nodeB.events, 7);
    folded.length = 0;
    await createProjectionRunner({
      eventStore: nodeB.events,
      readModels: nodeB.readModels,
      projections: [countingDeviceStatus(folded)],
    }).catchUp();
    expect(folded).toEqual([head + 1]);
    expect(await reader.get(seedSerial(7))).toMatchObject({ status: 'enrolled' });
  });

  it('rebuilds into a fresh version and drops the old one, with the same documents', async () => {
    const store = await open();
    await seedDeviceHistory(store.events, 200);
    const runner = createProjectionRunner({
      eventStore: store.events,
      readModels: store.readModels,
      projections: [deviceStatusProjection],
      batchSize: 50,
    });
    await runner.catchUp();
    const before = await store.readModels.live('device-status');
    const documents = await toArray(store.readModels.list(before!));
    const [report] = await runner.rebuild('device-status');
    expect(report).toMatchObject({ previousVersion: before!.version, version: before!.version + 1, checkpoint: 200 });
    const after = await store.readModels.live('device-status');
    expect(await toArray(store.readModels.list(after!))).toEqual(documents);
    await expect(store.readModels.checkpoint(before!)).rejects.toMatchObject({ code: 'READ_MODEL_VERSION_UNKNOWN' });
  });
});
