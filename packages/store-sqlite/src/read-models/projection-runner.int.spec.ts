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
import { openSqliteStore } from '../index';
import { tempDirectory } from '../testing/temp-directory';

// The projections' runner folding the SQLite event log into the SQLite read models of the same
// file: a restart continues from the stored checkpoint, folding only what was appended since.

const toArray = async (items: AsyncIterable<KeyedDocument>): Promise<KeyedDocument[]> => {
  const all: KeyedDocument[] = [];
  for await (const item of items) all.push(item);
  return all;
};

/** Device status, recording the global position of every event it folds. */
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

/** The device-status documents a fresh in-memory build of the same log gives. */
const builtInMemory = async (events: EventStore): Promise<KeyedDocument[]> => {
  const readModels: ReadModelStore = createInMemoryReadModelStore();
  await createProjectionRunner({ eventStore: events, readModels, projections: [deviceStatusProjection] }).catchUp();
  const live = await readModels.live(deviceStatusProjection.name);
  if (!live) throw new Error('the in-memory build has no live version');
  return toArray(readModels.list(live));
};

describe('projection runner on the SQLite event log and read models', () => {
  let directory: ReturnType<typeof tempDirectory>;
  beforeEach(() => (directory = tempDirectory('runner')));
  afterEach(() => directory.remove());

  it('catches up, and after a restart folds only the events appended since its checkpoint', async () => {
    const options = { path: directory.file('depledger.db'), vaultKey: Buffer.alloc(32, 1) };
    const folded: number[] = [];

    const first = openSqliteStore(options);
    const seeded = await seedDeviceHistory(first.events, 450);
    const firstRunner = createProjectionRunner({
      eventStore: first.events,
      readModels: first.readModels,
      projections: [countingDeviceStatus(folded)],
      batchSize: 64,
    });
    await firstRunner.catchUp();
    const head = await first.events.headPosition();
    expect(head).toBe(seeded.events);
    expect(folded).toHaveLength(seeded.events);
    const [status] = await firstRunner.status();
    expect(status).toMatchObject({ name: 'device-status', checkpoint: head });
    const liveBefore = await first.readModels.live('device-status');
    expect(await first.readModels.checkpoint(liveBefore!)).toBe(head);
    expect(await toArray(first.readModels.list(liveBefore!))).toEqual(await builtInMemory(first.events));
    await first.close();

    const second = openSqliteStore(options);
    try {
      for (const index of [1, 3, 5]) await enrol(second.events, index);
      folded.length = 0;
      const secondRunner = createProjectionRunner({
        eventStore: second.events,
        readModels: second.readModels,
        projections: [countingDeviceStatus(folded)],
        batchSize: 64,
      });
      await secondRunner.catchUp();

      expect(folded).toEqual([head + 1, head + 2, head + 3]);
      const live = await second.readModels.live('device-status');
      expect(live).toEqual(liveBefore);
      expect(await second.readModels.checkpoint(live!)).toBe(head + 3);
      const reader = await readModelOf(second.readModels, deviceStatusProjection);
      for (const index of [1, 3, 5])
        expect(await reader.get(seedSerial(index))).toMatchObject({ status: 'enrolled', enrolledAt: '2026-02-01T10:00:00.000Z' });
      expect(await reader.get(seedSerial(7))).toMatchObject({ status: 'not_contacted', enrolledAt: null });
      expect(await toArray(second.readModels.list(live!))).toEqual(await builtInMemory(second.events));

      // nothing new: nothing folded, nothing moved
      folded.length = 0;
      await secondRunner.catchUp();
      expect(folded).toEqual([]);
      expect(await second.readModels.checkpoint(live!)).toBe(head + 3);
    } finally {
      await second.close();
    }
  });

  it('rebuilds from pages read ahead by the worker into the same documents as a build in memory', async () => {
    const store = openSqliteStore({ path: directory.file('depledger.db'), vaultKey: Buffer.alloc(32, 3), readAheadMinPageSize: 50 });
    try {
      await seedDeviceHistory(store.events, 3000);
      const runner = createProjectionRunner({
        eventStore: store.events,
        readModels: store.readModels,
        projections: [deviceStatusProjection],
        batchSize: 50,
      });
      const [report] = await runner.rebuild('device-status');
      expect(report).toMatchObject({ checkpoint: 3000 });
      // 60 pages of 50: the first two read by the runner's thread, most of the others by the worker
      expect(store.events.readAheadStatus().pagesReadAhead).toBeGreaterThan(40);
      const live = await store.readModels.live('device-status');
      expect(await toArray(store.readModels.list(live!))).toEqual(await builtInMemory(store.events));
    } finally {
      await store.close();
    }
  });

  it('rebuilds into a fresh version in the file and drops the old one', async () => {
    const store = openSqliteStore({ path: directory.file('depledger.db'), vaultKey: Buffer.alloc(32, 2) });
    try {
      await seedDeviceHistory(store.events, 120);
      const runner = createProjectionRunner({
        eventStore: store.events,
        readModels: store.readModels,
        projections: [deviceStatusProjection],
      });
      await runner.catchUp();
      const before = await store.readModels.live('device-status');
      const documents = await toArray(store.readModels.list(before!));
      const [report] = await runner.rebuild('device-status');
      expect(report).toMatchObject({ previousVersion: before!.version, version: before!.version + 1, checkpoint: 120 });
      const after = await store.readModels.live('device-status');
      expect(await toArray(store.readModels.list(after!))).toEqual(documents);
      await expect(store.readModels.checkpoint(before!)).rejects.toMatchObject({ code: 'READ_MODEL_VERSION_UNKNOWN' });
      expect(store.database.connection.prepare('SELECT count(DISTINCT version) FROM read_model_documents').pluck().get()).toBe(1);
    } finally {
      await store.close();
    }
  });
});
