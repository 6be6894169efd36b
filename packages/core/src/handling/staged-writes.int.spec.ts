import {
  createInMemoryEventStore,
  createStagedWrites,
  depledgerSerde,
  deviceDecider,
  deviceStream,
  handleCommandBatch,
  type DeviceCommand,
  type DeviceDetails,
  type DeviceState,
  type EventStore,
  type StagedWrites,
  type StoredEvent,
} from '../index';
import { ipadDetails } from './testing/device-commands';

const details: DeviceDetails = ipadDetails('iPad');
const added = (serial: string): DeviceCommand => ({
  type: 'ApplyAppleRecord',
  data: {
    tokenId: 'paris',
    fact: { serial, details, operation: 'added', operationDate: '2026-01-05T00:00:00.000Z' },
    observedAt: '2026-01-05T00:00:00.000Z',
    runId: null,
  },
  metadata: { now: new Date('2026-01-05T00:00:00Z'), actor: 'system:sync', idempotencyKey: `${serial}:added` },
});
const requested = (serial: string): DeviceCommand => ({
  type: 'RequestProfileAssignment',
  data: { serial, tokenId: 'paris', profileId: 'corp', profileVersion: 1, profileUuid: 'UUID-1', reason: 'default_profile' },
  metadata: { now: new Date('2026-01-05T00:00:01Z'), actor: 'system:sync' },
});
const enroll = (serial: string): DeviceCommand => ({
  type: 'RecordEnrollment',
  data: { serial, enrolledAt: '2026-01-06T00:00:00.000Z', userRef: null },
  metadata: { now: new Date('2026-01-06T00:00:00Z'), actor: 'mdm:checkin' },
});
const serials = ['F17AAAAAAAA1', 'F17AAAAAAAA2', 'F17AAAAAAAA3'];

const readTypes = async (store: EventStore, serial: string): Promise<string[]> => {
  const types: string[] = [];
  for await (const e of store.readStream(deviceStream(serial))) types.push(e.type);
  return types;
};
const all = async (store: EventStore): Promise<StoredEvent[]> => {
  const events: StoredEvent[] = [];
  for await (const e of store.readAll()) events.push(e);
  return events;
};

/** Two batches on the same devices, the second decided on what the first returned (as a sync page does). */
const stageTwoBatches = async (store: EventStore, staged: StagedWrites<DeviceCommand>) => {
  const held = new Map<string, { state: DeviceState; revision: number }>();
  const known = (streamName: string) => held.get(streamName);
  for (const command of [added, requested]) {
    const results = await handleCommandBatch(
      store,
      depledgerSerde,
      deviceDecider,
      serials.map((s) => ({ streamName: deviceStream(s), command: command(s) })),
      { known, staged },
    );
    results.forEach((r, i) => {
      if (!r.ok) throw r.error;
      if (r.revision !== null) held.set(deviceStream(serials[i] as string), { state: r.state, revision: r.revision });
    });
  }
};

describe('staged writes', () => {
  it('holds every batch back and appends them in one call, each stream once with its events merged', async () => {
    const store = createInMemoryEventStore();
    const calls: number[][] = [];
    const counting: EventStore = {
      ...store,
      appendToStreams: async (writes) => (calls.push(writes.map((w) => w.events.length)), store.appendToStreams!(writes)),
    };
    const staged = createStagedWrites(counting, depledgerSerde, deviceDecider, () => undefined);
    await stageTwoBatches(counting, staged);

    expect(staged.size()).toBe(3);
    expect(await store.headPosition()).toBe(0);
    await staged.flush();
    expect(calls).toEqual([[2, 2, 2]]);
    for (const serial of serials)
      expect(await readTypes(store, serial)).toEqual(['DeviceAssignedToServer.v1', 'ProfileAssignmentRequested.v1']);
    expect(staged.size()).toBe(0);
    await staged.flush();
    expect(calls).toHaveLength(1);
  });

  it('decides every staged command again, in order, on a fresh read when another writer got to a stream first', async () => {
    const store = createInMemoryEventStore();
    const redecided: string[][] = [];
    const staged = createStagedWrites(store, depledgerSerde, deviceDecider, (names) => redecided.push([...names]));
    await stageTwoBatches(store, staged);
    // another writer records the first device before the stage is written
    await handleCommandBatch(store, depledgerSerde, deviceDecider, [
      { streamName: deviceStream(serials[0]!), command: added(serials[0]!) },
    ]);
    await handleCommandBatch(store, depledgerSerde, deviceDecider, [
      { streamName: deviceStream(serials[0]!), command: enroll(serials[0]!) },
    ]);

    await staged.flush();
    expect(redecided).toEqual([serials.map(deviceStream)]);
    // the fact the other writer stored is not doubled; the request is decided on the enrolled device
    expect(await readTypes(store, serials[0]!)).toEqual([
      'DeviceAssignedToServer.v1',
      'DeviceEnrolled.v1',
      'ProfileAssignmentRequested.v1',
    ]);
    for (const serial of serials.slice(1))
      expect(await readTypes(store, serial)).toEqual(['DeviceAssignedToServer.v1', 'ProfileAssignmentRequested.v1']);
    const ids = (await all(store)).map((e) => e.metadata.eventId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('writes nothing when it is dropped unflushed', async () => {
    const store = createInMemoryEventStore();
    const staged = createStagedWrites(store, depledgerSerde, deviceDecider, () => undefined);
    await stageTwoBatches(store, staged);
    expect(await all(store)).toEqual([]);
  });
});
