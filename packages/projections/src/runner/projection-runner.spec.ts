import { depledgerSerde, type DeviceEvent, type EventSerde, type EventStore } from '@depledger/core';
import {
  builtInProjections,
  createInMemoryReadModelStore,
  createProjectionRunner,
  defineProjection,
  deviceStatusProjection,
  readModelOf,
  tokenHealth,
  type ReadModelStore,
} from '../index';
import { givenDepledger } from '../../test-support/given-history';

/** A tiny read model: how many events each device had, and the types seen. */
const eventsPerDevice = (version = 1) =>
  defineProjection<{ count: number; types: string[] }, DeviceEvent>({
    name: 'events-per-device',
    version,
    streamPrefixes: ['dep-device-'],
    keyOf: (event) => event.data.serial,
    evolve: (doc, event) => ({ count: (doc?.count ?? 0) + 1, types: [...(doc?.types ?? []), event.type] }),
  });

const counted = async (readModels: ReadModelStore, serial: string) =>
  (await (await readModelOf(readModels, eventsPerDevice())).get(serial))?.count ?? 0;

/** Waits for what the runner reaches on its own; jest's timeout is the only limit. */
const waitUntil = async (condition: () => Promise<boolean>) => {
  while (!(await condition())) await new Promise((resolve) => setTimeout(resolve, 2));
};

describe('projection runner', () => {
  it('catches up from the checkpoint: each event is folded once, however often it runs', async () => {
    const given = givenDepledger();
    await given.appleReports('paris', 'SERIAL0001');
    await given.enroll('SERIAL0001');
    const readModels = createInMemoryReadModelStore();
    const runner = createProjectionRunner({ eventStore: given.store, readModels, projections: [eventsPerDevice()], batchSize: 1 });

    await runner.catchUp();
    await runner.catchUp();
    await createProjectionRunner({ eventStore: given.store, readModels, projections: [eventsPerDevice()] }).catchUp();
    expect(await counted(readModels, 'SERIAL0001')).toBe(2);

    await given.unenroll('SERIAL0001');
    await runner.catchUp();
    expect(await counted(readModels, 'SERIAL0001')).toBe(3);
  });

  it('reaches the head even when the last events belong to streams it does not read', async () => {
    const given = givenDepledger();
    await given.appleReports('paris', 'SERIAL0001');
    await given.uploadToken('paris');
    const readModels = createInMemoryReadModelStore();
    const runner = createProjectionRunner({ eventStore: given.store, readModels, projections: [eventsPerDevice()] });

    await runner.catchUp();

    expect(await runner.status()).toEqual([
      {
        name: 'events-per-device',
        version: 1,
        projectionVersion: 1,
        checkpoint: await given.store.headPosition(),
        following: false,
        error: null,
      },
    ]);
  });

  it('reads the log once for all its read models, each event decoded once', async () => {
    const given = givenDepledger();
    await given.uploadToken('paris');
    await given.appleReports('paris', 'SERIAL0001');
    await given.startSync('paris', 'run-1');
    let reads = 0;
    let decodes = 0;
    const page = given.store.readAllPage?.bind(given.store);
    const watched: EventStore = {
      ...given.store,
      readAll: (o) => ((reads += 1), given.store.readAll(o)),
      ...(page ? { readAllPage: (o: Parameters<typeof page>[0]) => ((reads += 1), page(o)) } : {}),
    };
    const serde: EventSerde = Object.create(depledgerSerde);
    serde.decode = (stored) => ((decodes += 1), depledgerSerde.decode(stored));
    const readModels = createInMemoryReadModelStore();

    await createProjectionRunner({
      eventStore: watched,
      readModels,
      serde,
      projections: [...builtInProjections, eventsPerDevice()],
    }).catchUp();

    expect(reads).toBe(1);
    expect(decodes).toBe(await given.store.headPosition());
    expect(await counted(readModels, 'SERIAL0001')).toBe(1);
    expect(await tokenHealth(readModels, 'paris', { now: new Date('2026-01-05T10:00:00Z') })).toMatchObject({
      runningSync: { runId: 'run-1' },
    });
  });

  it('only hands a projection the event types it declares', async () => {
    const given = givenDepledger();
    await given.appleReports('paris', 'SERIAL0001');
    await given.enroll('SERIAL0001');
    const enrolledOnly = defineProjection<{ at: string; type: string }, DeviceEvent>({
      name: 'enrolled-at',
      version: 1,
      eventTypes: ['DeviceEnrolled'],
      keyOf: (event) => event.data.serial,
      evolve: (_doc, event) => ({ at: event.metadata.occurredAt, type: event.type }),
    });
    const readModels = createInMemoryReadModelStore();
    await createProjectionRunner({ eventStore: given.store, readModels, projections: [enrolledOnly] }).catchUp();
    expect(await (await readModelOf(readModels, enrolledOnly)).all()).toEqual([{ at: '2026-01-05T09:00:00.000Z', type: 'DeviceEnrolled' }]);
  });

  it('follows the store live after catching up, until stopped', async () => {
    const given = givenDepledger();
    await given.appleReports('paris', 'SERIAL0001');
    const readModels = createInMemoryReadModelStore();
    const runner = createProjectionRunner({
      eventStore: given.store,
      readModels,
      projections: [eventsPerDevice(), deviceStatusProjection],
    });
    await runner.start();
    expect(await counted(readModels, 'SERIAL0001')).toBe(1);

    await given.enroll('SERIAL0001');
    // the enrollment is folded by the following runner
    await waitUntil(async () => (await counted(readModels, 'SERIAL0001')) === 2);
    await given.appleReports('paris', 'SERIAL0002');
    await runner.catchUp();
    expect(await counted(readModels, 'SERIAL0002')).toBe(1);
    expect((await runner.status()).map((s) => s.following)).toEqual([true, true]);

    await runner.stop();
    await given.appleReports('paris', 'SERIAL0003');
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(await counted(readModels, 'SERIAL0003')).toBe(0);
    expect((await runner.status()).map((s) => s.following)).toEqual([false, false]);
  });

  it('lets two runners follow one read-model store (two servers on one database): each event folded once, both keep following', async () => {
    const given = givenDepledger();
    await given.appleReports('paris', 'SERIAL0001');
    const readModels = createInMemoryReadModelStore();
    const runners = [0, 1].map(() =>
      createProjectionRunner({ eventStore: given.store, readModels, projections: [eventsPerDevice()], batchSize: 1 }),
    );
    for (const runner of runners) await runner.start();
    await given.enroll('SERIAL0001');
    await given.unenroll('SERIAL0001');
    await given.appleReports('paris', 'SERIAL0002');
    // the runner whose commit came second carries on from the other's checkpoint instead of stopping
    for (const runner of runners) await runner.catchUp();
    expect(await counted(readModels, 'SERIAL0001')).toBe(3);
    expect(await counted(readModels, 'SERIAL0002')).toBe(1);
    for (const runner of runners) expect((await runner.status()).map((s) => [s.following, s.error])).toEqual([[true, null]]);
    for (const runner of runners) await runner.stop();
  });

  it('folds a burst of live events in batches, in order', async () => {
    const given = givenDepledger();
    const readModels = createInMemoryReadModelStore();
    const runner = createProjectionRunner({ eventStore: given.store, readModels, projections: [eventsPerDevice()], batchSize: 4 });
    await runner.start();
    await given.appleReports('paris', 'SERIAL0001');
    for (let i = 0; i < 5; i++) {
      await given.enroll('SERIAL0001');
      await given.unenroll('SERIAL0001');
    }
    await runner.catchUp();
    await runner.stop();
    const doc = await (await readModelOf(readModels, eventsPerDevice())).get('SERIAL0001');
    expect(doc?.types).toEqual([
      'DeviceAssignedToServer',
      ...Array.from({ length: 5 }, () => ['DeviceEnrolled', 'DeviceUnenrolled']).flat(),
    ]);
  });

  it('rebuilds into a fresh version; readers see the previous one until it has caught up', async () => {
    const given = givenDepledger();
    await given.appleReports('paris', 'SERIAL0001');
    const readModels = createInMemoryReadModelStore();
    const runner = createProjectionRunner({ eventStore: given.store, readModels, projections: [eventsPerDevice()] });
    await runner.start();

    const seenDuringRebuild: number[] = [];
    const commit = readModels.commit.bind(readModels);
    readModels.commit = async (address, batch) => {
      seenDuringRebuild.push((await readModels.live('events-per-device'))?.version ?? 0);
      return commit(address, batch);
    };
    const [report] = await runner.rebuild('events-per-device');

    expect(report).toMatchObject({
      name: 'events-per-device',
      previousVersion: 1,
      version: 2,
      checkpoint: await given.store.headPosition(),
    });
    expect(seenDuringRebuild.length).toBeGreaterThan(0);
    expect(seenDuringRebuild.every((v) => v === 1)).toBe(true);
    expect((await readModels.live('events-per-device'))?.version).toBe(2);
    await given.enroll('SERIAL0001');
    await runner.catchUp();
    expect(await counted(readModels, 'SERIAL0001')).toBe(2);
    await runner.stop();
  });

  it('rebuilds on its own when the projection version changes, and rebuilds everything on request', async () => {
    const given = givenDepledger();
    await given.appleReports('paris', 'SERIAL0001');
    const readModels = createInMemoryReadModelStore();
    await createProjectionRunner({ eventStore: given.store, readModels, projections: [eventsPerDevice(1)] }).catchUp();

    const runner = createProjectionRunner({
      eventStore: given.store,
      readModels,
      projections: [eventsPerDevice(2), deviceStatusProjection],
    });
    await runner.catchUp();
    expect(await readModels.live('events-per-device')).toEqual({ name: 'events-per-device', version: 2, projectionVersion: 2 });

    const reports = await runner.rebuild();
    expect(reports.map((r) => [r.name, r.version])).toEqual([
      ['events-per-device', 3],
      ['device-status', 2],
    ]);
    expect((await runner.rebuild(deviceStatusProjection)).map((r) => [r.name, r.previousVersion, r.version])).toEqual([
      ['device-status', 2, 3],
    ]);
  });

  it('stops following a read model whose projection throws, keeping its last good checkpoint', async () => {
    const given = givenDepledger();
    await given.appleReports('paris', 'SERIAL0001');
    const failing = defineProjection<{ n: number }, DeviceEvent>({
      name: 'fragile',
      version: 1,
      keyOf: (event) => event.data.serial,
      evolve: (doc, event) => {
        if (event.type === 'DeviceEnrolled') throw new Error('cannot fold an enrollment');
        return { n: (doc?.n ?? 0) + 1 };
      },
    });
    const errors: string[] = [];
    const readModels = createInMemoryReadModelStore();
    const runner = createProjectionRunner({
      eventStore: given.store,
      readModels,
      projections: [failing],
      onError: (e, name) => errors.push(`${name}: ${(e as Error).message}`),
    });
    await runner.start();
    const before = await given.store.headPosition();

    await given.enroll('SERIAL0001');
    await expect(runner.catchUp()).rejects.toThrow('cannot fold an enrollment');

    expect(errors).toEqual(['fragile: cannot fold an enrollment']);
    expect(await runner.status()).toMatchObject([{ name: 'fragile', checkpoint: before, following: false }]);

    await expect(runner.start()).rejects.toThrow('cannot fold an enrollment');
    expect(await runner.status()).toMatchObject([{ checkpoint: before, following: false }]);
    await runner.stop();
  });

  it('commits a rebuild once the documents it holds reach rebuildDocumentsHeld, and looks nothing up in the fresh version before', async () => {
    const given = givenDepledger();
    const serials = ['SERIAL0001', 'SERIAL0002', 'SERIAL0003', 'SERIAL0004', 'SERIAL0005'];
    for (const serial of serials) await given.appleReports('paris', serial);
    for (const serial of serials) await given.enroll(serial);
    const inner = createInMemoryReadModelStore();
    const calls = { commits: [] as number[], lookups: 0 };
    // the same store, counting what the rebuild asks of it
    const readModels: ReadModelStore = {
      ...inner,
      commit: (address, batch) => {
        calls.commits.push(batch.changes.length);
        return inner.commit(address, batch);
      },
      getMany: (address, keys) => {
        calls.lookups += 1;
        return inner.getMany(address, keys);
      },
    };
    const projections = [eventsPerDevice()];
    await createProjectionRunner({ eventStore: given.store, readModels, projections }).catchUp();

    calls.commits = [];
    calls.lookups = 0;
    await createProjectionRunner({ eventStore: given.store, readModels, projections, batchSize: 1 }).rebuild();
    expect(calls).toEqual({ commits: [5], lookups: 0 });

    calls.commits = [];
    calls.lookups = 0;
    await createProjectionRunner({ eventStore: given.store, readModels, projections, batchSize: 1, rebuildDocumentsHeld: 2 }).rebuild();
    // two devices held, committed; the next two; then each device's second event loads its document back
    expect(calls.commits.length).toBeGreaterThan(2);
    expect(Math.max(...calls.commits)).toBe(2);
    expect(calls.lookups).toBeGreaterThan(0);
    for (const serial of serials) expect(await counted(inner, serial)).toBe(2);
  });

  it('runs one rebuild at a time per read model', async () => {
    const given = givenDepledger();
    await given.appleReports('paris', 'SERIAL0001');
    const readModels = createInMemoryReadModelStore();
    const runner = createProjectionRunner({ eventStore: given.store, readModels, projections: [eventsPerDevice()] });
    await runner.catchUp();

    const [first, second] = await Promise.all([runner.rebuild('events-per-device'), runner.rebuild('events-per-device')]);

    expect(second).toEqual(first);
    expect((await readModels.live('events-per-device'))?.version).toBe(2);
    expect(await counted(readModels, 'SERIAL0001')).toBe(1);
  });

  it('answers as of a moment in a scratch copy, leaving the live read models as they are', async () => {
    const given = givenDepledger();
    await given.appleReports('paris', 'SERIAL0001');
    const assignedAt = await given.store.headPosition();
    await given.enroll('SERIAL0001');
    const readModels = createInMemoryReadModelStore();
    const runner = createProjectionRunner({ eventStore: given.store, readModels, projections: [eventsPerDevice()] });
    await runner.catchUp();

    const then = await runner.asOf({ position: assignedAt });

    expect(await counted(then, 'SERIAL0001')).toBe(1);
    expect(await counted(readModels, 'SERIAL0001')).toBe(2);
  });

  it('reports a live feed that ends under it instead of waiting for it forever', async () => {
    const given = givenDepledger();
    // a store whose live feed ends at once, as a remote store's does when its connection drops
    const endingFeed: EventStore = {
      ...given.store,
      subscribe: () => ({ [Symbol.asyncIterator]: async function* () {}, close: async () => undefined }),
    };
    const errors: string[] = [];
    const readModels = createInMemoryReadModelStore();
    const runner = createProjectionRunner({
      eventStore: endingFeed,
      readModels,
      projections: [eventsPerDevice()],
      onError: (e) => errors.push((e as { code: string }).code),
    });
    await runner.start();

    await given.appleReports('paris', 'SERIAL0001');

    await expect(runner.catchUp()).rejects.toMatchObject({ code: 'PROJECTION_FEED_ENDED' });
    expect(errors).toEqual(['PROJECTION_FEED_ENDED']);
    await runner.stop();
  });

  it('refuses two projections with one name, a rebuild of an unknown read model, and sizes that are not whole numbers', async () => {
    const eventStore = givenDepledger().store;
    const readModels = createInMemoryReadModelStore();
    expect(() => createProjectionRunner({ eventStore, readModels, projections: [eventsPerDevice(), eventsPerDevice(2)] })).toThrow(
      expect.objectContaining({ code: 'PROJECTION_DUPLICATE' }),
    );
    const runner = createProjectionRunner({ eventStore, readModels, projections: [eventsPerDevice()] });
    await expect(runner.rebuild('nope')).rejects.toMatchObject({ code: 'PROJECTION_UNKNOWN' });
    for (const bad of [
      { batchSize: 0 },
      { batchSize: 2.5 },
      { rebuildCommitSize: -1 },
      { rebuildCommitSize: Number.NaN },
      { rebuildDocumentsHeld: 0 },
      { catchUpCommitSize: 0 },
    ]) {
      expect(() => createProjectionRunner({ eventStore, readModels, projections: [], ...bad })).toThrow(
        expect.objectContaining({ code: 'INVALID_INPUT', message: expect.stringContaining(Object.keys(bad)[0] as string) }),
      );
    }
  });

  it('refuses a projection without a usable name or version', () => {
    const base = { keyOf: () => null, evolve: () => null };
    expect(() => defineProjection({ ...base, name: 'Devices!', version: 1 })).toThrow(
      expect.objectContaining({ code: 'PROJECTION_INVALID' }),
    );
    expect(() => defineProjection({ ...base, name: 'devices', version: 0 })).toThrow(
      expect.objectContaining({ code: 'PROJECTION_INVALID' }),
    );
  });
});
