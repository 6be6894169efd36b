import {
  consumerLeaseKey,
  createDepledger,
  createInMemoryConsumerCheckpoints,
  createInMemoryEventStore,
  createInMemoryVault,
  depledgerSerde,
  isDepledgerError,
  manualClock,
  type ConsumedEvent,
  type ConsumerFailure,
  type DepGateway,
  type EventStore,
  type TokenPki,
} from '../index';

// Durable consumers through createDepledger's facet, on the in-memory store. The SQLite file and
// a consumer killed with SIGKILL are covered in @depledger/store-sqlite (consumer-on-file).

const unused = new Proxy({}, { get: () => () => Promise.reject(new Error('not in these tests')) });

const setUp = (store: EventStore = createInMemoryEventStore(), checkpoints = createInMemoryConsumerCheckpoints()) => {
  const depledger = createDepledger({
    store,
    gateway: unused as DepGateway,
    vault: createInMemoryVault(),
    pki: unused as TokenPki,
    clock: manualClock('2026-03-02T10:00:00Z'),
    consumerCheckpoints: checkpoints,
  });
  return { store, depledger, checkpoints };
};

let counter = 0;
const metadata = (id: string) => ({
  eventId: id,
  occurredAt: '2026-03-02T10:00:00.000Z',
  actor: 'mdm:checkin',
  correlationId: `c-${id}`,
  causationId: null,
  tokenId: 'paris',
});

/** A device enrolling, as the device service records it. */
const enrol = (store: EventStore, serial: string) =>
  store.appendToStream(
    `dep-device-${serial}`,
    [
      depledgerSerde.encode({
        type: 'DeviceEnrolled',
        data: { serial, tokenId: 'paris', enrolledAt: '2026-03-02T10:00:00.000Z', userRef: null, profileUuid: null },
        metadata: metadata(`enrolled-${serial}-${++counter}`),
      }),
    ],
    { expectedRevision: 'any' },
  );

/** An event no device consumer asks for. */
const verifyToken = (store: EventStore) =>
  store.appendToStream(
    'dep-token-paris',
    [
      depledgerSerde.encode({
        type: 'AccountVerified',
        data: { tokenId: 'paris', serverName: 'MDM Paris', serverUuid: 'srv-1', orgName: 'Lycée', orgType: 'edu', adminIdRef: null },
        metadata: metadata(`verified-${++counter}`),
      }),
    ],
    { expectedRevision: 'any' },
  );

/** A device event a consumer of enrolments does not ask for, in a stream it reads. */
const unenrol = (store: EventStore, serial: string) =>
  store.appendToStream(
    `dep-device-${serial}`,
    [
      depledgerSerde.encode({
        type: 'DeviceUnenrolled',
        data: { serial, tokenId: 'paris', reason: 'returned' },
        metadata: metadata(`unenrolled-${serial}-${++counter}`),
      }),
    ],
    { expectedRevision: 'any' },
  );

const serialsOf = (events: readonly ConsumedEvent<'DeviceEnrolled'>[]) => events.map((e) => e.data.serial);

describe('durable consumers', () => {
  it('hands on decoded events of the types asked for, in order, skipping the rest, and follows what is appended next', async () => {
    const { store, depledger } = setUp();
    await enrol(store, 'SER1');
    await verifyToken(store);
    await enrol(store, 'SER2');
    const seen: ConsumedEvent<'DeviceEnrolled'>[] = [];
    const consumer = depledger.consume('mdm', { types: ['DeviceEnrolled'], handle: (event) => void seen.push(event) });
    await consumer.caughtUp();
    expect(serialsOf(seen)).toEqual(['SER1', 'SER2']);
    expect(seen[0]).toMatchObject({
      type: 'DeviceEnrolled',
      streamName: 'dep-device-SER1',
      position: 1,
      metadata: { actor: 'mdm:checkin' },
    });

    await enrol(store, 'SER3');
    await consumer.caughtUp();
    expect(serialsOf(seen)).toEqual(['SER1', 'SER2', 'SER3']);
    expect(consumer.position()).toBe(4);
    await consumer.stop();
    expect(await consumer.done).toEqual({ state: 'stopped' });
  });

  it('starts again after its checkpoint: a consumer of the same name gets only what came later', async () => {
    const { store, depledger, checkpoints } = setUp();
    await enrol(store, 'SER1');
    const first: string[] = [];
    const consumer = depledger.consume('mdm', { types: ['DeviceEnrolled'], handle: (e) => void first.push(e.data.serial) });
    await consumer.caughtUp();
    await consumer.stop();
    expect(await checkpoints.get('mdm')).toMatchObject({ position: 1 });

    await enrol(store, 'SER2');
    await unenrol(store, 'SER1');
    const second: string[] = [];
    const again = depledger.consume('mdm', { types: ['DeviceEnrolled'], handle: (e) => void second.push(e.data.serial) });
    await again.caughtUp();
    await again.stop();
    expect(first).toEqual(['SER1']);
    expect(second).toEqual(['SER2']);
    // the event it did not want moved the checkpoint too, once stopped
    expect(await checkpoints.get('mdm')).toMatchObject({ position: 3 });
  });

  it('retries a failing event with backoff and goes on in order once it succeeds', async () => {
    const { store, depledger } = setUp();
    await enrol(store, 'SER1');
    await enrol(store, 'SER2');
    const seen: string[] = [];
    const failures: ConsumerFailure[] = [];
    let failuresLeft = 2;
    const consumer = depledger.consume('flaky', {
      types: ['DeviceEnrolled'],
      backoff: { initialMs: 1, maxMs: 4 },
      onFailure: (f) => failures.push(f),
      handle: (e) => {
        if (e.data.serial === 'SER1' && failuresLeft-- > 0) throw new Error('receiver down');
        seen.push(e.data.serial);
      },
    });
    await consumer.caughtUp();
    await consumer.stop();
    expect(seen).toEqual(['SER1', 'SER2']);
    expect(failures.map((f) => [f.position, f.attempt, f.deadLettered])).toEqual([
      [1, 1, false],
      [1, 2, false],
    ]);
    expect(await consumer.deadLetters()).toEqual([]);
  });

  it('sets an event aside after its attempts, goes on, lists it, and replays it once on request', async () => {
    const { store, depledger } = setUp();
    await enrol(store, 'SER1');
    await enrol(store, 'POISON');
    await enrol(store, 'SER3');
    const seen: string[] = [];
    let healed = false;
    const consumer = depledger.consume('strict', {
      types: ['DeviceEnrolled'],
      maxAttempts: 3,
      backoff: { initialMs: 1, maxMs: 2 },
      handle: (e) => {
        if (e.data.serial === 'POISON' && !healed) throw Object.assign(new Error('serial refused by the MDM'), { code: 'MDM_REFUSED' });
        seen.push(e.data.serial);
      },
    });
    await consumer.caughtUp();
    expect(seen).toEqual(['SER1', 'SER3']);
    const [letter, ...others] = await consumer.deadLetters();
    expect(others).toEqual([]);
    expect(letter).toMatchObject({
      consumer: 'strict',
      position: 2,
      eventType: 'DeviceEnrolled.v1',
      streamName: 'dep-device-POISON',
      attempts: 3,
      error: { code: 'MDM_REFUSED', message: 'serial refused by the MDM' },
      replayedAt: null,
    });

    // a replay that fails again records nothing
    await expect(consumer.replay(2)).rejects.toThrow('serial refused by the MDM');
    expect((await consumer.deadLetters())[0]?.replayedAt).toBeNull();

    healed = true;
    await consumer.replay(2);
    expect(seen).toEqual(['SER1', 'SER3', 'POISON']);
    expect((await consumer.deadLetters())[0]?.replayedAt).toBe('2026-03-02T10:00:00.000Z');
    await expect(consumer.replay(2)).rejects.toMatchObject({ code: 'CONSUMER_DEAD_LETTER_REPLAYED' });
    await expect(consumer.replay(1)).rejects.toMatchObject({ code: 'CONSUMER_DEAD_LETTER_UNKNOWN' });
    await consumer.stop();

    // dead letters are events of the consumer's own stream, which consumers of depledger events never see
    const stream: string[] = [];
    for await (const stored of store.readStream('dep-consumer-strict')) stream.push(stored.type);
    expect(stream).toEqual(['ConsumerEventDeadLettered.v1', 'ConsumerDeadLetterReplayed.v1']);
    const everything: string[] = [];
    const all = depledger.consume('everything', { handle: (e) => void everything.push(e.type) });
    await all.caughtUp();
    await all.stop();
    expect(everything).toEqual(['DeviceEnrolled', 'DeviceEnrolled', 'DeviceEnrolled']);
  });

  it('stops during a wait between attempts without moving past the event, which comes again next time', async () => {
    const { store, depledger, checkpoints } = setUp();
    await enrol(store, 'SER1');
    let attempts = 0;
    let failedOnce: () => void = () => undefined;
    const failed = new Promise<void>((resolve) => (failedOnce = resolve));
    const consumer = depledger.consume('patient', {
      types: ['DeviceEnrolled'],
      backoff: { initialMs: 60_000 },
      handle: () => {
        attempts++;
        failedOnce();
        throw new Error('down');
      },
    });
    await failed;
    await consumer.stop();
    expect(attempts).toBe(1);
    expect(await checkpoints.get('patient')).toMatchObject({ position: 0 });
    await expect(consumer.caughtUp()).rejects.toMatchObject({ code: 'CONSUMER_STOPPED' });

    const seen: string[] = [];
    const again = depledger.consume('patient', { types: ['DeviceEnrolled'], handle: (e) => void seen.push(e.data.serial) });
    await again.caughtUp();
    await again.stop();
    expect(seen).toEqual(['SER1']);
  });

  it('ends as failed, without losing its place, when its checkpoint is moved by another consumer of the same name', async () => {
    const { store, depledger, checkpoints } = setUp();
    await enrol(store, 'SER1');
    const current = await checkpoints.get('twice');
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    const consumer = depledger.consume('twice', { types: ['DeviceEnrolled'], handle: () => held });
    await checkpoints.set('twice', 0, current); // another process of the same name moved it meanwhile
    release();
    const end = await consumer.done;
    expect(end.state).toBe('failed');
    expect(end.state === 'failed' && isDepledgerError(end.error, 'CONCURRENCY_CONFLICT')).toBe(true);
  });

  it('refuses a bad name, unknown types and attempts below one with a typed error', () => {
    const { depledger } = setUp();
    const handle = () => undefined;
    expect(() => depledger.consume('no spaces', { handle })).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    expect(() => depledger.consume('mdm', { types: ['DeviceTeleported' as 'DeviceEnrolled'], handle })).toThrow(
      /unknown event types: DeviceTeleported/,
    );
    expect(() => depledger.consume('mdm', { types: [], handle })).toThrow(/at least one event type/);
    expect(() => depledger.consume('mdm', { maxAttempts: 0, handle })).toThrow(/maxAttempts/);
  });
});

describe('durable consumers with a lease: one node at a time delivers', () => {
  const eventIds = (events: readonly ConsumedEvent[]) => events.map((e) => e.metadata.eventId);

  it('delivers each event from one of two nodes only, and the waiting node takes over from the checkpoint once the first stops', async () => {
    const store = createInMemoryEventStore();
    const checkpoints = createInMemoryConsumerCheckpoints();
    const a = setUp(store, checkpoints).depledger;
    const b = setUp(store, checkpoints).depledger;
    const seenByA: ConsumedEvent<'DeviceEnrolled'>[] = [];
    const seenByB: ConsumedEvent<'DeviceEnrolled'>[] = [];
    await enrol(store, 'SER1');
    await enrol(store, 'SER2');
    const first = a.consume('mdm', {
      types: ['DeviceEnrolled'],
      lease: { holder: 'node-a', ttlMs: 300 },
      handle: (e) => void seenByA.push(e),
    });
    await first.caughtUp();
    const second = b.consume('mdm', {
      types: ['DeviceEnrolled'],
      lease: { holder: 'node-b', ttlMs: 300 },
      handle: (e) => void seenByB.push(e),
    });
    await enrol(store, 'SER3');
    await first.caughtUp();
    // the clock never moves in these tests, so node a's lease cannot lapse: b waits
    expect(seenByA.map((e) => e.data.serial)).toEqual(['SER1', 'SER2', 'SER3']);
    expect(seenByB).toEqual([]);

    await first.stop(); // gives the lease up
    await enrol(store, 'SER4');
    await second.caughtUp();
    await second.stop();
    expect(seenByB.map((e) => e.data.serial)).toEqual(['SER4']);
    const all = [...eventIds(seenByA), ...eventIds(seenByB)];
    expect(new Set(all).size).toBe(all.length);
  });

  it('takes over the lease of a node that stopped renewing it once it lapses', async () => {
    const store = createInMemoryEventStore();
    const checkpoints = createInMemoryConsumerCheckpoints();
    const clock = manualClock('2026-03-02T10:00:00Z');
    // a node that died: its lease is held until 10:00:10 and never renewed
    await store.runLeases!.acquire(
      { tokenId: consumerLeaseKey('mdm'), runId: 'node-dead', expiresAt: '2026-03-02T10:00:10.000Z' },
      clock.now(),
    );
    const depledger = createDepledger({
      store,
      gateway: unused as DepGateway,
      vault: createInMemoryVault(),
      pki: unused as TokenPki,
      clock,
      consumerCheckpoints: checkpoints,
    });
    const seen: ConsumedEvent<'DeviceEnrolled'>[] = [];
    await enrol(store, 'SER1');
    const consumer = depledger.consume('mdm', {
      types: ['DeviceEnrolled'],
      lease: { holder: 'node-b', ttlMs: 30 },
      handle: (e) => void seen.push(e),
    });
    const caughtUp = consumer.caughtUp();
    expect(await store.runLeases!.current(consumerLeaseKey('mdm'))).toMatchObject({ runId: 'node-dead' });
    expect(seen).toEqual([]);
    clock.advance(10_001);
    await caughtUp;
    await consumer.stop();
    expect(seen.map((e) => e.data.serial)).toEqual(['SER1']);
  });

  it('goes back to waiting for the lease, rather than failing, when the checkpoint moved under it (another node delivered meanwhile)', async () => {
    const { store, depledger, checkpoints } = setUp();
    await enrol(store, 'SER1');
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    const seen: string[] = [];
    const consumer = depledger.consume('mdm', {
      types: ['DeviceEnrolled'],
      lease: { holder: 'node-a', ttlMs: 30 },
      handle: async (e) => {
        seen.push(e.data.serial);
        if (seen.length === 1) await held;
      },
    });
    while (seen.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    // the node that took the lease over while this one was stalled delivered SER1 and moved the checkpoint
    await checkpoints.set('mdm', 1, await checkpoints.get('mdm'));
    release();
    await enrol(store, 'SER2');
    await consumer.caughtUp();
    expect(await Promise.race([consumer.done, Promise.resolve('running')])).toBe('running');
    await consumer.stop();
    expect(seen).toEqual(['SER1', 'SER2']);
    expect((await checkpoints.get('mdm')).position).toBe(2);
  });

  it('starts after startAfter when its checkpoint is below it, and keeps a checkpoint already past it', async () => {
    const { store, depledger } = setUp();
    await enrol(store, 'SER1');
    await enrol(store, 'SER2');
    await enrol(store, 'SER3');
    const seen: string[] = [];
    const first = depledger.consume('late', {
      types: ['DeviceEnrolled'],
      startAfter: 2,
      lease: { holder: 'node-a' },
      handle: (e) => void seen.push(e.data.serial),
    });
    await first.caughtUp();
    await first.stop();
    expect(seen).toEqual(['SER3']);
    const again = depledger.consume('late', { types: ['DeviceEnrolled'], startAfter: 1, handle: (e) => void seen.push(e.data.serial) });
    await enrol(store, 'SER4');
    await again.caughtUp();
    await again.stop();
    expect(seen).toEqual(['SER3', 'SER4']);
    expect(() => depledger.consume('bad', { startAfter: -1, handle: () => undefined })).toThrow(/startAfter/);
  });

  it('refuses a lease without a holder with a typed error', () => {
    const { depledger } = setUp();
    expect(() => depledger.consume('mdm', { lease: { holder: '' }, handle: () => undefined })).toThrow(/lease\.holder/);
  });
});
