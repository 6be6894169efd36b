import fc from 'fast-check';
import {
  createInMemoryEventStore,
  depledgerSerde,
  deviceDecider,
  deviceStream,
  handleCommand,
  isDepledgerError,
  type DeviceCommand,
  type EventStore,
} from '../index';
import { appleRecord, enrollment, ipadDetails } from './testing/device-commands';

const details = ipadDetails();
const applyAdded = (serial: string, operationDate: string, idempotencyKey?: string): DeviceCommand =>
  appleRecord(serial, operationDate, idempotencyKey === undefined ? {} : { idempotencyKey });
const applyModified = (serial: string, operationDate: string, changed: typeof details): DeviceCommand =>
  appleRecord(serial, operationDate, { operation: 'modified', details: changed });
const enroll = (serial: string): DeviceCommand => enrollment(serial);

const run = (store: EventStore, serial: string, command: DeviceCommand, retries = 0) =>
  handleCommand(store, depledgerSerde, deviceDecider, deviceStream(serial), command, { retries });

describe('command handling', () => {
  it('reads, decides, appends with metadata, and returns the new state', async () => {
    const store = createInMemoryEventStore();
    const result = await run(store, 'F17ABCDEFGH1', applyAdded('F17ABCDEFGH1', '2026-01-05T00:00:00.000Z'));
    expect(result.events.map((e) => e.type)).toEqual(['DeviceAssignedToServer']);
    expect(result.state.status).toBe('assigned');
    expect(result.nextExpectedRevision).toBe(0);
    const [stored] = await collect(store.readStream('dep-device-F17ABCDEFGH1'));
    expect(stored).toMatchObject({ type: 'DeviceAssignedToServer.v1', revision: 0, position: 1 });
    expect(stored?.metadata).toMatchObject({
      actor: 'system:sync',
      occurredAt: '2026-01-05T00:00:00.000Z',
      tokenId: 'paris',
      causationId: null,
    });
  });

  it('appends nothing when the decider decides nothing', async () => {
    const store = createInMemoryEventStore();
    await run(store, 'F17ABCDEFGH1', applyAdded('F17ABCDEFGH1', '2026-01-05T00:00:00.000Z'));
    const again = await run(store, 'F17ABCDEFGH1', applyAdded('F17ABCDEFGH1', '2026-01-05T00:00:00.000Z'));
    expect(again.events).toEqual([]);
    expect(await store.headPosition()).toBe(1);
  });

  it('appends nothing for a refused command', async () => {
    const store = createInMemoryEventStore();
    await expect(run(store, 'F17ABCDEFGH1', enroll('F17ABCDEFGH1'))).rejects.toMatchObject({ code: 'DEVICE_UNKNOWN' });
    expect(await store.headPosition()).toBe(0);
  });

  it('gives events deterministic ids from an idempotency key, so a replay stores nothing twice', async () => {
    const a = createInMemoryEventStore();
    const b = createInMemoryEventStore();
    const r1 = await run(
      a,
      'F17ABCDEFGH1',
      applyAdded('F17ABCDEFGH1', '2026-01-05T00:00:00.000Z', 'apple:paris:F17ABCDEFGH1:added:2026-01-05'),
    );
    const r2 = await run(
      b,
      'F17ABCDEFGH1',
      applyAdded('F17ABCDEFGH1', '2026-01-05T00:00:00.000Z', 'apple:paris:F17ABCDEFGH1:added:2026-01-05'),
    );
    expect(r1.events[0]?.metadata.eventId).toBe(r2.events[0]?.metadata.eventId);
    expect(r1.events[0]?.metadata.eventId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('raises a typed ConcurrencyError when another writer got there first, and retries only when asked', async () => {
    const store = createInMemoryEventStore();
    await run(store, 'F17ABCDEFGH1', applyAdded('F17ABCDEFGH1', '2026-01-05T00:00:00.000Z'));
    // A store that lets one competing write in between our read and our append.
    const racing = (): EventStore => {
      let raced = false;
      return {
        ...store,
        appendToStream: async (name, events, options) => {
          if (!raced) {
            raced = true;
            await handleCommand(store, depledgerSerde, deviceDecider, name, enroll('F17ABCDEFGH1'));
          }
          return store.appendToStream(name, events, options);
        },
      };
    };
    const unenroll: DeviceCommand = {
      type: 'UnenrollDevice',
      data: { serial: 'F17ABCDEFGH1', reason: 'lost' },
      metadata: { now: new Date(), actor: 'admin:a' },
    };
    const outcome = await run(racing(), 'F17ABCDEFGH1', enroll('F17ABCDEFGH1')).catch((e: unknown) => e);
    expect(isDepledgerError(outcome, 'CONCURRENCY_CONFLICT')).toBe(true);
    // With a retry, the command is decided again against the new state: the device is now enrolled.
    const retried = await run(racing(), 'F17ABCDEFGH1', unenroll, 1);
    expect(retried.events.map((e) => e.type)).toEqual(['DeviceUnenrolled']);
    const types = (await collect(store.readStream('dep-device-F17ABCDEFGH1'))).map((e) => e.type);
    expect(types).toEqual(['DeviceAssignedToServer.v1', 'DeviceEnrolled.v1', 'DeviceUnenrolled.v1']);
  });

  it('never loses an event when commands on one device race (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 2, max: 8 }), async (writers) => {
        const store = createInMemoryEventStore();
        await run(store, 'F17ABCDEFGH1', applyAdded('F17ABCDEFGH1', '2026-01-01T00:00:00.000Z'));
        const dates = Array.from({ length: writers }, (_, i) => new Date(Date.UTC(2026, 0, 2 + i)).toISOString());
        await Promise.all(
          dates.map((d) => run(store, 'F17ABCDEFGH1', applyModified('F17ABCDEFGH1', d, { ...details, color: d }), writers)),
        );
        const events = await collect(store.readStream('dep-device-F17ABCDEFGH1'));
        // Every write either landed or was decided as "older than what the device has": no gaps, no doubles.
        const revisions = events.map((e) => e.revision);
        return revisions.every((r, i) => r === i) && events.length >= 2 && events.length <= writers + 1;
      }),
      { numRuns: 25 },
    );
  });
});

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}
