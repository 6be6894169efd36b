import { assignmentQueueEventTypes, evolveQueuedAssignment, type QueuedAssignment } from '../../device/assignment-queue';
import type { DeviceEvent } from '../../device/device-events';
import type { EventStore, ReadAllOptions } from '../../ports/event-store';
import { depledgerSerde } from '../../serde/depledger-events';
import { DEVICE_STREAM_PREFIX } from '../device-log';
import { createSyncFixture, deviceState, publishProfile, TOKEN } from '../testing/sync-fixture';

const full = { kind: 'full', trigger: 'manual' } as const;
const DAY = 24 * 60 * 60 * 1000;

/** The store, counting the reads of the device log from its first event (whole, or the first page of a paged pass). */
const countingDeviceLogReads = (store: EventStore) => {
  const counter = { fromStart: 0 };
  const count = (options?: ReadAllOptions) => {
    if ((options?.after ?? 0) === 0 && options?.streamPrefixes?.includes(DEVICE_STREAM_PREFIX)) counter.fromStart += 1;
  };
  const readAll = (options?: ReadAllOptions) => (count(options), store.readAll(options));
  const readAllPage = (options: ReadAllOptions & { maxCount: number }) => (count(options), store.readAllPage!(options));
  return { store: { ...store, readAll, ...(store.readAllPage ? { readAllPage } : {}) } as EventStore, counter };
};

describe('sync engine: the assignment waits and the release by absence share one pass', () => {
  it.each([
    ['a page at a time (readAllPage)', (store: EventStore) => store],
    ['event by event (a store without readAllPage)', ({ readAllPage: _paged, ...store }: EventStore) => store as EventStore],
  ])(
    'a fresh engine’s full run reads the device log from its start once, %s, releases the absent device and retries the due assignment',
    async (_, reading) => {
      const f = await createSyncFixture({ pageLimit: 10 });
      await publishProfile(f, 'corp', 'PROFILEUUID0001');
      f.gateway.seed('SER00001', 'SER00002', 'SER00003');
      f.gateway.answerAssignments('SER00003', 'failed');
      await f.engine.run(TOKEN, full);
      expect(await deviceState(f.store, 'SER00003')).toMatchObject({ assignment: { state: 'failed' } });

      f.clock.advance(7 * DAY + 1000);
      f.gateway.vanish('SER00002');
      f.gateway.calls.length = 0;
      const { store, counter } = countingDeviceLogReads(reading(f.store));
      const result = await f.withEngine({ store, pageLimit: 10 }).run(TOKEN, full);

      expect(result).toMatchObject({
        status: 'completed',
        reconciliation: { status: 'done', released: 1 },
        retries: { sent: 1, assigned: 1 },
      });
      expect(f.gateway.calls.filter((c) => c.method === 'assign').map((c) => c.serials)).toEqual([['SER00003']]);
      expect(await deviceState(f.store, 'SER00002')).toMatchObject({ status: 'released', releasedReason: 'absent_from_full_fetch' });
      expect(await deviceState(f.store, 'SER00003')).toMatchObject({ assignment: { state: 'assigned' } });
      expect(counter.fromStart).toBe(1);
    },
  );

  it('an engine whose waits are current still reads the whole log for the release, and only what is new for the waits', async () => {
    const f = await createSyncFixture({ pageLimit: 10 });
    await publishProfile(f, 'corp', 'PROFILEUUID0001');
    f.gateway.seed('SER00001', 'SER00002');
    const { store, counter } = countingDeviceLogReads(f.store);
    const engine = f.withEngine({ store, pageLimit: 10 });
    await engine.run(TOKEN, full);
    const afterFirstRun = counter.fromStart;

    f.clock.advance(7 * DAY + 1000);
    f.gateway.vanish('SER00001');
    const result = await engine.run(TOKEN, full);

    expect(result).toMatchObject({ status: 'completed', reconciliation: { status: 'done', released: 1 } });
    expect(await deviceState(f.store, 'SER00001')).toMatchObject({ status: 'released', releasedReason: 'absent_from_full_fetch' });
    expect(counter.fromStart - afterFirstRun).toBe(1);
  });
});

describe('sync engine: the assignment waits after a failed read of the device log', () => {
  it('a read that failed once does not fail every later call: the next one catches up and retries what is due', async () => {
    const f = await createSyncFixture({ pageLimit: 10 });
    await publishProfile(f, 'corp', 'PROFILEUUID0001');
    f.gateway.seed('SER00001');
    f.gateway.answerAssignments('SER00001', 'failed');
    await f.engine.run(TOKEN, full);

    let failNext = true;
    const readAll = (options?: ReadAllOptions) => {
      if (failNext && options?.streamPrefixes?.includes(DEVICE_STREAM_PREFIX)) {
        failNext = false;
        throw new Error('disk unavailable');
      }
      return f.store.readAll(options);
    };
    const engine = f.withEngine({ store: { ...f.store, readAll, readAllPage: undefined } as EventStore, pageLimit: 10 });
    f.clock.advance(DAY + 1000);
    await expect(engine.retryDueAssignments(TOKEN)).rejects.toThrow('disk unavailable');
    expect(await engine.retryDueAssignments(TOKEN)).toMatchObject({ sent: 1, assigned: 1 });
    expect(await deviceState(f.store, 'SER00001')).toMatchObject({ assignment: { state: 'assigned' } });
  });

  describe('seeded with the queue as of a position (a read model of it)', () => {
    /** The queue a read model at the log's head holds: the queue's own fold over every device event. */
    const queueAtHead = async (store: EventStore) => {
      const queue = new Map<string, QueuedAssignment>();
      const types = new Set<string>(assignmentQueueEventTypes);
      for await (const stored of store.readAll({ streamPrefixes: [DEVICE_STREAM_PREFIX] })) {
        const event = depledgerSerde.decode<DeviceEvent>(stored);
        if (!types.has(event.type)) continue;
        const serial = (event.data as { serial: string }).serial;
        const queued = evolveQueuedAssignment(queue.get(serial) ?? null, event);
        if (queued === null) queue.delete(serial);
        else queue.set(serial, queued);
      }
      return { position: await store.headPosition(), queued: [...queue.values()] };
    };

    const failedOnce = async () => {
      const f = await createSyncFixture({ pageLimit: 10 });
      await publishProfile(f, 'corp', 'PROFILEUUID0001');
      f.gateway.seed('SER00001', 'SER00002');
      f.gateway.answerAssignments('SER00002', 'failed');
      await f.engine.run(TOKEN, full);
      f.clock.advance(DAY + 1000);
      f.gateway.calls.length = 0;
      return f;
    };

    it('a fresh engine folds only what was stored after the seed’s position, and retries what the seed says is due', async () => {
      const f = await failedOnce();
      const seed = await queueAtHead(f.store);
      expect(seed.queued.map((q) => [q.serial, q.state])).toEqual([['SER00002', 'failed']]);
      let asked = 0;
      const { store, counter } = countingDeviceLogReads(f.store);
      const engine = f.withEngine({ store, pageLimit: 10, assignmentQueue: async () => (asked++, seed) });
      expect(await engine.retryDueAssignments(TOKEN)).toMatchObject({ sent: 1 });
      expect(f.gateway.calls.filter((c) => c.method === 'assign').map((c) => c.serials)).toEqual([['SER00002']]);
      expect(counter.fromStart).toBe(0);
      expect(asked).toBe(1);
    });

    it('trusts the seed for what came before its position: an empty queue there retries nothing', async () => {
      const f = await failedOnce();
      const engine = f.withEngine({ pageLimit: 10, assignmentQueue: async () => ({ position: await f.store.headPosition(), queued: [] }) });
      expect(await engine.retryDueAssignments(TOKEN)).toMatchObject({ sent: 0 });
    });

    it('folds the whole log when the seed has none to give, or fails', async () => {
      for (const seed of [async () => null, async () => Promise.reject(new Error('read model unavailable'))]) {
        const f = await failedOnce();
        const { store, counter } = countingDeviceLogReads(f.store);
        const engine = f.withEngine({ store, pageLimit: 10, assignmentQueue: seed });
        expect(await engine.retryDueAssignments(TOKEN)).toMatchObject({ sent: 1 });
        expect(counter.fromStart).toBe(1);
      }
    });
  });
});
