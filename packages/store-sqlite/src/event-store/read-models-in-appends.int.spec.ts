import { depledgerSerde, deviceStream, type DeviceEvent, type EventStore } from '@depledger/core';
import {
  createInMemoryReadModelStore,
  createProjectionRunner,
  defineProjection,
  deviceStatusProjection,
  seedDeviceHistory,
  seedSerial,
  type AnyProjection,
  type KeyedDocument,
  type ReadModelStore,
} from '@depledger/projections';
import { openSqliteStore, type SqliteStore } from '../index';
import { tempDirectory } from '../testing/temp-directory';

// Read models an append keeps current inside its own transaction (readModelsInAppends): the events
// and the documents they change are written together, or neither.

const toArray = async (items: AsyncIterable<KeyedDocument>): Promise<KeyedDocument[]> => {
  const all: KeyedDocument[] = [];
  for await (const item of items) all.push(item);
  return all;
};

const enrolment = (index: number) => {
  const serial = seedSerial(index);
  const tokenId = `token-${index % 4}`;
  return depledgerSerde.encode({
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
  } as DeviceEvent);
};

/** The documents a fresh in-memory build of the same log gives. */
const builtInMemory = async (events: EventStore, projection: AnyProjection): Promise<KeyedDocument[]> => {
  const readModels: ReadModelStore = createInMemoryReadModelStore();
  await createProjectionRunner({ eventStore: events, readModels, projections: [projection] }).catchUp();
  return toArray(readModels.list((await readModels.live(projection.name))!));
};

const documentsOf = async (store: SqliteStore, name: string): Promise<{ checkpoint: number; documents: KeyedDocument[] }> => {
  const live = await store.readModels.live(name);
  if (live === null) throw new Error(`no live version of ${name}`);
  return { checkpoint: await store.readModels.checkpoint(live), documents: await toArray(store.readModels.list(live)) };
};

describe('read models kept current inside appends', () => {
  let directory: ReturnType<typeof tempDirectory>;
  beforeEach(() => (directory = tempDirectory('in-appends')));
  afterEach(() => directory.remove());

  const open = (projections: readonly AnyProjection[], path = directory.file('depledger.db')) =>
    openSqliteStore({ path, vaultKey: Buffer.alloc(32, 4), readModelsInAppends: { projections } });

  it('folds each append into a caught-up read model in the same transaction, single and multi-stream alike', async () => {
    const store = open([deviceStatusProjection]);
    try {
      await seedDeviceHistory(store.events, 200);
      await createProjectionRunner({
        eventStore: store.events,
        readModels: store.readModels,
        projections: [deviceStatusProjection],
      }).catchUp();

      await store.events.appendToStream(deviceStream(seedSerial(1)), [enrolment(1)], { expectedRevision: 'any' });
      await store.events.appendToStreams!(
        [3, 5].map((i) => ({ streamName: deviceStream(seedSerial(i)), events: [enrolment(i)], expectedRevision: 'any' })),
      );

      const { checkpoint, documents } = await documentsOf(store, 'device-status');
      expect(checkpoint).toBe(await store.events.headPosition());
      expect(documents).toEqual(await builtInMemory(store.events, deviceStatusProjection));
      expect(documents.find((d) => d.key === seedSerial(3))?.doc).toMatchObject({ status: 'enrolled' });
    } finally {
      await store.close();
    }
  });

  it('leaves a read model that is behind the log (or was never caught up) to its runner', async () => {
    const path = directory.file('depledger.db');
    const plain = openSqliteStore({ path, vaultKey: Buffer.alloc(32, 4) });
    await seedDeviceHistory(plain.events, 120);
    await createProjectionRunner({
      eventStore: plain.events,
      readModels: plain.readModels,
      projections: [deviceStatusProjection],
    }).catchUp();
    // another writer, not keeping the read model: it falls behind
    await plain.events.appendToStream(deviceStream(seedSerial(1)), [enrolment(1)], { expectedRevision: 'any' });
    await plain.close();

    const store = open([deviceStatusProjection], path);
    try {
      await store.events.appendToStream(deviceStream(seedSerial(2)), [enrolment(2)], { expectedRevision: 'any' });
      expect((await documentsOf(store, 'device-status')).checkpoint).toBe(120);
      await createProjectionRunner({
        eventStore: store.events,
        readModels: store.readModels,
        projections: [deviceStatusProjection],
      }).catchUp();
      // caught up again: the next append keeps it current
      await store.events.appendToStream(deviceStream(seedSerial(3)), [enrolment(3)], { expectedRevision: 'any' });
      const { checkpoint, documents } = await documentsOf(store, 'device-status');
      expect(checkpoint).toBe(123);
      expect(documents).toEqual(await builtInMemory(store.events, deviceStatusProjection));
    } finally {
      await store.close();
    }
  });

  it('never fails an append for a projection that throws: that read model stays where it was', async () => {
    const failing = defineProjection<{ n: number }>({
      name: 'fails-on-enrolment',
      version: 1,
      keyOf: (event) => (event.data as { serial?: string }).serial ?? null,
      evolve: (doc, event) => {
        if (event.metadata.actor === 'system:mdm') throw new Error('a bug in a projection');
        return { n: (doc?.n ?? 0) + 1 };
      },
    }) as AnyProjection;
    const store = open([failing, deviceStatusProjection]);
    try {
      await seedDeviceHistory(store.events, 40);
      await createProjectionRunner({
        eventStore: store.events,
        readModels: store.readModels,
        projections: [failing, deviceStatusProjection],
      }).catchUp();
      await store.events.appendToStream(deviceStream(seedSerial(1)), [enrolment(1)], { expectedRevision: 'any' });
      expect(await store.events.headPosition()).toBe(41);
      expect((await documentsOf(store, 'fails-on-enrolment')).checkpoint).toBe(40);
      expect((await documentsOf(store, 'device-status')).checkpoint).toBe(41);
    } finally {
      await store.close();
    }
  });

  it('writes neither the events nor the documents of an append that is refused', async () => {
    const store = open([deviceStatusProjection]);
    try {
      await seedDeviceHistory(store.events, 30);
      await createProjectionRunner({
        eventStore: store.events,
        readModels: store.readModels,
        projections: [deviceStatusProjection],
      }).catchUp();
      const before = await documentsOf(store, 'device-status');
      await expect(
        store.events.appendToStreams!([
          { streamName: deviceStream(seedSerial(1)), events: [enrolment(1)], expectedRevision: 'any' },
          { streamName: deviceStream(seedSerial(2)), events: [enrolment(2)], expectedRevision: 'no_stream' },
        ]),
      ).rejects.toMatchObject({ code: 'CONCURRENCY_CONFLICT' });
      expect(await store.events.headPosition()).toBe(30);
      expect(await documentsOf(store, 'device-status')).toEqual(before);
    } finally {
      await store.close();
    }
  });

  it('lets a live runner in the same process go on from the checkpoint the appends moved', async () => {
    const store = open([deviceStatusProjection]);
    try {
      await seedDeviceHistory(store.events, 60);
      const runner = createProjectionRunner({
        eventStore: store.events,
        readModels: store.readModels,
        projections: [deviceStatusProjection],
      });
      await runner.start();
      for (const index of [1, 2, 3, 4])
        await store.events.appendToStream(deviceStream(seedSerial(index)), [enrolment(index)], { expectedRevision: 'any' });
      await runner.catchUp();
      const [status] = await runner.status();
      expect(status).toMatchObject({ checkpoint: 64 });
      await runner.stop();
      const { checkpoint, documents } = await documentsOf(store, 'device-status');
      expect(checkpoint).toBe(64);
      expect(documents).toEqual(await builtInMemory(store.events, deviceStatusProjection));
    } finally {
      await store.close();
    }
  });
});
