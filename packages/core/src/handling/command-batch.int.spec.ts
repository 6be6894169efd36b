import {
  createInMemoryEventStore,
  depledgerSerde,
  deviceDecider,
  deviceStream,
  handleCommand,
  handleCommandBatch,
  type DeviceCommand,
  type EventStore,
} from '../index';
import { appleRecord, enrollment } from './testing/device-commands';

const added = (serial: string, day = 5): DeviceCommand =>
  appleRecord(serial, `2026-01-0${day}T00:00:00.000Z`, { observedAt: '2026-01-05T00:00:00.000Z', idempotencyKey: `${serial}:${day}` });
const enroll = (serial: string): DeviceCommand => enrollment(serial, '2026-01-06T00:00:00.000Z');
const serials = ['F17AAAAAAAA1', 'F17AAAAAAAA2', 'F17AAAAAAAA3'];
const item = (serial: string, command: DeviceCommand) => ({ streamName: deviceStream(serial), command });

describe('handleCommandBatch', () => {
  it('writes every stream of the batch in one multi-stream append', async () => {
    const store = createInMemoryEventStore();
    const calls: number[] = [];
    const counting: EventStore = {
      ...store,
      appendToStreams: async (writes) => (calls.push(writes.length), store.appendToStreams!(writes)),
    };
    const results = await handleCommandBatch(
      counting,
      depledgerSerde,
      deviceDecider,
      serials.map((s) => item(s, added(s))),
    );
    expect(calls).toEqual([3]);
    expect(results.every((r) => r.ok && r.events.length === 1 && r.state.status === 'assigned')).toBe(true);
    expect(await store.headPosition()).toBe(3);
  });

  it('makes a refusal the outcome of its command only', async () => {
    const store = createInMemoryEventStore();
    await handleCommand(store, depledgerSerde, deviceDecider, deviceStream(serials[0] as string), added(serials[0] as string));
    const results = await handleCommandBatch(
      store,
      depledgerSerde,
      deviceDecider,
      serials.map((s) => item(s, enroll(s))),
    );
    expect(results.map((r) => r.ok)).toEqual([true, false, false]);
    expect(results[1]).toMatchObject({ ok: false, error: { code: 'DEVICE_UNKNOWN' } });
    expect(await store.headPosition()).toBe(2);
  });

  it('falls back to one command at a time when another writer got to a stream first', async () => {
    const store = createInMemoryEventStore();
    let raced = false;
    const racing: EventStore = {
      ...store,
      appendToStreams: async (writes) => {
        if (!raced) {
          raced = true;
          await handleCommand(store, depledgerSerde, deviceDecider, deviceStream(serials[1] as string), added(serials[1] as string, 7));
        }
        return store.appendToStreams!(writes);
      },
    };
    const results = await handleCommandBatch(
      racing,
      depledgerSerde,
      deviceDecider,
      serials.map((s) => item(s, added(s))),
      { retries: 2 },
    );
    expect(results.every((r) => r.ok)).toBe(true);
    // The racing device kept its newer fact; the others were written once each.
    const types = [];
    for await (const e of store.readAll()) types.push(`${e.streamName}:${(e.data as { operationDate: string }).operationDate}`);
    expect(types.sort()).toEqual([
      'dep-device-F17AAAAAAAA1:2026-01-05T00:00:00.000Z',
      'dep-device-F17AAAAAAAA2:2026-01-07T00:00:00.000Z',
      'dep-device-F17AAAAAAAA3:2026-01-05T00:00:00.000Z',
    ]);
  });

  it('replays a batch without storing anything twice', async () => {
    const store = createInMemoryEventStore();
    await handleCommandBatch(
      store,
      depledgerSerde,
      deviceDecider,
      serials.map((s) => item(s, added(s))),
    );
    const again = await handleCommandBatch(
      store,
      depledgerSerde,
      deviceDecider,
      serials.map((s) => item(s, added(s))),
    );
    expect(again.every((r) => r.ok && r.events.length === 0)).toBe(true);
    expect(await store.headPosition()).toBe(3);
  });

  describe('with the states the caller holds', () => {
    /** The in-memory store without its synchronous read, so that every stream read goes through readStream and is counted. */
    const countingReads = (store: EventStore, reads: string[]): EventStore => {
      const { readStreamInMemory: _unused, ...rest } = store;
      return { ...rest, readStream: (name, options) => (reads.push(name), store.readStream(name, options)) };
    };

    it('decides on a known state without reading the stream, and returns the revision to hold next', async () => {
      const store = createInMemoryEventStore();
      const first = await handleCommandBatch(store, depledgerSerde, deviceDecider, [
        item(serials[0] as string, added(serials[0] as string)),
      ]);
      const held = first[0];
      if (held?.ok !== true || held.revision === null) throw new Error('the first command should have returned a revision');
      expect(held.revision).toBe(0);
      const reads: string[] = [];
      const results = await handleCommandBatch(
        countingReads(store, reads),
        depledgerSerde,
        deviceDecider,
        [item(serials[0] as string, enroll(serials[0] as string))],
        { known: (name) => (name === deviceStream(serials[0] as string) ? { state: held.state, revision: 0 } : undefined) },
      );
      expect(reads).toEqual([]);
      expect(results[0]).toMatchObject({ ok: true, revision: 1, state: { enrollment: { enrolledAt: '2026-01-06T00:00:00.000Z' } } });
      expect(await store.headPosition()).toBe(2);
    });

    it('falls back to a fresh read when the known state is stale (another writer appended since)', async () => {
      const store = createInMemoryEventStore();
      const serial = serials[0] as string;
      const first = await handleCommandBatch(store, depledgerSerde, deviceDecider, [item(serial, added(serial))]);
      const stale = first[0];
      if (stale?.ok !== true) throw new Error('the first command should have succeeded');
      // another writer: the device enrolls; the caller still holds the state from before
      await handleCommand(store, depledgerSerde, deviceDecider, deviceStream(serial), enroll(serial));
      const results = await handleCommandBatch(store, depledgerSerde, deviceDecider, [item(serial, enroll(serial))], {
        known: () => ({ state: stale.state, revision: 0 }),
      });
      // decided again on the stream as it is: already enrolled, nothing new
      expect(results[0]).toMatchObject({ ok: true, events: [], state: { enrollment: { enrolledAt: '2026-01-06T00:00:00.000Z' } } });
      const types: string[] = [];
      for await (const e of store.readStream(deviceStream(serial))) types.push(e.type);
      expect(types).toEqual(['DeviceAssignedToServer.v1', 'DeviceEnrolled.v1']);
    });

    it('decides again on a fresh read a command refused on the known state', async () => {
      const store = createInMemoryEventStore();
      const serial = serials[1] as string;
      await handleCommand(store, depledgerSerde, deviceDecider, deviceStream(serial), added(serial));
      // the caller believes the stream empty: enrolling an unknown device is refused on that state
      const results = await handleCommandBatch(store, depledgerSerde, deviceDecider, [item(serial, enroll(serial))], {
        known: () => ({ state: deviceDecider.initialState(), revision: -1 }),
      });
      expect(results[0]).toMatchObject({ ok: true, revision: 1, state: { enrollment: { enrolledAt: '2026-01-06T00:00:00.000Z' } } });
    });

    it('returns no revision to hold when the events were already stored', async () => {
      const store = createInMemoryEventStore();
      await handleCommandBatch(
        store,
        depledgerSerde,
        deviceDecider,
        serials.map((s) => item(s, added(s))),
      );
      const again = await handleCommandBatch(
        store,
        depledgerSerde,
        deviceDecider,
        serials.map((s) => item(s, added(s))),
        { known: () => ({ state: deviceDecider.initialState(), revision: -1 }) },
      );
      expect(again.every((r) => r.ok && r.events.length === 0 && r.revision === null)).toBe(true);
      expect(await store.headPosition()).toBe(3);
    });
  });
});
