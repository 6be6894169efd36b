import {
  createInMemoryEventStore,
  depledgerSerde,
  deviceDecider,
  deviceStream,
  handleCommand,
  handleCommandBatch,
  type DeviceCommand,
  type DeviceDetails,
  type EventStore,
} from '../index';

const details: DeviceDetails = {
  model: 'iPad',
  description: null,
  color: null,
  assetTag: null,
  os: 'iPadOS',
  family: 'iPad',
  profileStatus: 'empty',
  profileUuid: null,
  profileAssignedAt: null,
  profilePushedAt: null,
  assignedAt: null,
  assignedByRef: null,
  mdmMigrationDeadline: null,
};
const added = (serial: string, day = 5): DeviceCommand => ({
  type: 'ApplyAppleRecord',
  data: {
    tokenId: 'paris',
    fact: { serial, details, operation: 'added', operationDate: `2026-01-0${day}T00:00:00.000Z` },
    observedAt: '2026-01-05T00:00:00.000Z',
    runId: null,
  },
  metadata: { now: new Date('2026-01-05T00:00:00Z'), actor: 'system:sync', idempotencyKey: `${serial}:${day}` },
});
const enroll = (serial: string): DeviceCommand => ({
  type: 'RecordEnrollment',
  data: { serial, enrolledAt: '2026-01-06T00:00:00.000Z', userRef: null },
  metadata: { now: new Date('2026-01-06T00:00:00Z'), actor: 'mdm:checkin' },
});
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
});
