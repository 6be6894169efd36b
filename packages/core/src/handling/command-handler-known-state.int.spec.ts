import {
  createInMemoryEventStore,
  depledgerSerde,
  deviceDecider,
  deviceStream,
  handleCommand,
  type DeviceCommand,
  type EventStore,
} from '../index';
import { appleRecord, enrollment } from './testing/device-commands';

const serial = 'F17ABCDEFGH1';
const applyAdded = (operationDate: string): DeviceCommand => appleRecord(serial, operationDate);
const enroll: DeviceCommand = enrollment(serial);

/** Counts stream reads, so a test can tell whether the handler read the stream. */
const counting = (store: EventStore) => {
  let reads = 0;
  const wrapped: EventStore = Object.assign(Object.create(store) as EventStore, {
    readStream: (...args: Parameters<EventStore['readStream']>) => {
      reads++;
      return store.readStream(...args);
    },
    readStreamInMemory: undefined,
  });
  return { store: wrapped, reads: () => reads };
};

describe('command handling from a known state', () => {
  it('decides on the state the caller holds without reading the stream', async () => {
    const base = createInMemoryEventStore();
    const first = await handleCommand(base, depledgerSerde, deviceDecider, deviceStream(serial), applyAdded('2026-01-05T00:00:00.000Z'));
    const { store, reads } = counting(base);
    const next = await handleCommand(store, depledgerSerde, deviceDecider, deviceStream(serial), enroll, {
      known: { state: first.state, revision: first.nextExpectedRevision },
    });
    expect(next.events.map((e) => e.type)).toEqual(['DeviceEnrolled']);
    expect(reads()).toBe(0);
  });

  it('falls back to a fresh read when the known state is stale: a conflict, a refusal, or nothing decided', async () => {
    const base = createInMemoryEventStore();
    const stale = await handleCommand(base, depledgerSerde, deviceDecider, deviceStream(serial), applyAdded('2026-01-05T00:00:00.000Z'));
    await handleCommand(base, depledgerSerde, deviceDecider, deviceStream(serial), enroll);
    const { store, reads } = counting(base);
    // stale: the device looks not enrolled; deciding the enrollment again conflicts, the re-read decides nothing
    const again = await handleCommand(store, depledgerSerde, deviceDecider, deviceStream(serial), enroll, {
      known: { state: stale.state, revision: stale.nextExpectedRevision },
    });
    expect(again.events).toEqual([]);
    expect(reads()).toBe(1);
    expect(await base.headPosition()).toBe(2);
    // an initial (empty) state refuses the enrollment; the fresh read sees the device and decides nothing
    const fromNothing = await handleCommand(store, depledgerSerde, deviceDecider, deviceStream(serial), enroll, {
      known: { state: deviceDecider.initialState(), revision: -1 },
    });
    expect(fromNothing.events).toEqual([]);
    expect(await base.headPosition()).toBe(2);
  });
});
