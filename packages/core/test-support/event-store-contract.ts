/**
 * The contract every EventStore (memory, SQLite, EventStoreDB) must pass. A store package calls
 * `describeEventStoreContract('its name', factory)` from one of its jest spec files.
 *
 * - `factory` is called before each test; the suite calls `store.close()` after each test, then
 *   `dispose()` (remove temp files, stop servers).
 * - Events of core's catalogue are written through core's serde, and an old stored version is read
 *   back through an upcaster: stores never interpret data, but must keep it exactly.
 * - Every test writes to streams under its own random prefix and asserts only about those, so the
 *   suite also runs against a shared, non-empty store (a real EventStoreDB server).
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { defineEvent, depledgerSerde, eventCatalogue, EventSerde } from '../src/index';
import type { EventStore, StoredEvent, StoredEventInput, Subscription } from '../src/index';

/** A DeviceEnrolled event as an earlier schema stored it (core's serde fixture). */
const storedV1 = (
  JSON.parse(readFileSync(join(__dirname, '..', 'src', '__fixtures__', 'device-enrolled.v1.json'), 'utf8')) as { stored: StoredEvent }
).stored;

export type EventStoreContractFactory = () => Promise<{ store: EventStore; dispose?: () => Promise<void> }>;

const conflict = { code: 'CONCURRENCY_CONFLICT', name: 'ConcurrencyError' };

const toArray = async <T>(items: AsyncIterable<T>): Promise<T[]> => {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
};

const inputOf = (event: StoredEvent): StoredEventInput => ({ type: event.type, data: event.data, metadata: event.metadata });

const waitUntil = async (what: string, condition: () => boolean, timeoutMs = 3000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};

/** Subscriptions a test opened: closed after each test, even a failed one, so jest can exit. */
const followed: Subscription[] = [];

/** Consumes a subscription in the background, so a test can append and watch what arrives. */
const follow = (subscription: Subscription) => {
  followed.push(subscription);
  const received: StoredEvent[] = [];
  const finished = (async () => {
    for await (const event of subscription) received.push(event);
  })();
  return { received, finished };
};

/** A namespace per test: stream names and event ids nobody else uses. */
const namespace = () => {
  const ns = `contract${randomUUID().replaceAll('-', '').slice(0, 12)}-`;
  const stream = (name: string) => `${ns}${name}`;
  const event = (n: number, data: Record<string, unknown> = {}): StoredEventInput => ({
    type: n % 2 === 0 ? 'ContractEventHappened.v1' : 'ContractEventHappened.v2',
    data: { n, ...data },
    metadata: {
      eventId: `${ns}event-${n}`,
      occurredAt: new Date(Date.UTC(2026, 0, 1, 0, 0, n % 60)).toISOString(),
      actor: 'system:contract',
      correlationId: `${ns}correlation`,
      causationId: n === 0 ? null : `${ns}event-${n - 1}`,
      tokenId: n % 3 === 0 ? null : `${ns}token`,
    },
  });
  const events = (from: number, count: number) => Array.from({ length: count }, (_, i) => event(from + i));
  return { ns, stream, event, events };
};

/**
 * How a store sizes the contract's heavier cases.
 *
 * - `longStreamEvents`: the length of the stream read back in order (default 100,000). What the case
 *   proves — order, revisions and positions across many appended batches and many read pages — holds
 *   with any length that spans several of the store's pages. A store that pays a network round trip
 *   per batch (the EventStoreDB adapter over gRPC) states a smaller length so the suite's time does not
 *   hang on the machine's speed; it must stay at least 10 batches of 1000.
 */
export type EventStoreContractOptions = Readonly<{ longStreamEvents?: number }>;

const LONG_STREAM_BATCH = 1000;

export const describeEventStoreContract = (
  name: string,
  factory: EventStoreContractFactory,
  options: EventStoreContractOptions = {},
): void => {
  const longStreamEvents = options.longStreamEvents ?? 100_000;
  if (!Number.isSafeInteger(longStreamEvents) || longStreamEvents < 10 * LONG_STREAM_BATCH || longStreamEvents % LONG_STREAM_BATCH !== 0) {
    throw new Error(
      `longStreamEvents must be a multiple of ${LONG_STREAM_BATCH}, at least ${10 * LONG_STREAM_BATCH} (got ${longStreamEvents})`,
    );
  }
  describe(`EventStore contract: ${name}`, () => {
    let store: EventStore;
    let dispose: (() => Promise<void>) | undefined;
    let t: ReturnType<typeof namespace>;

    beforeEach(async () => {
      ({ store, dispose } = await factory());
      t = namespace();
    });

    afterEach(async () => {
      await Promise.all(followed.splice(0).map((subscription) => subscription.close()));
      await store.close();
      await dispose?.();
    });

    describe('append and read back', () => {
      it('returns type, data and metadata exactly as given, with revisions from 0 and growing positions', async () => {
        const stream = t.stream('device-C02XK1');
        const written: StoredEventInput[] = [
          t.event(0, { serial: 'C02XK1', model: 'iPad Pro', nested: { list: [1, 'two', null, { three: 3 }], empty: {} } }),
          t.event(1, { text: 'Non contacté — 端末 🍏', quote: '"\\\n', opDate: '2026-01-02T03:04:05.678Z' }),
          t.event(2, { big: Number.MAX_SAFE_INTEGER, negative: -0.5, flag: false }),
        ];

        const result = await store.appendToStream(stream, written, { expectedRevision: 'no_stream' });
        const read = await toArray(store.readStream(stream));

        expect(read.map(inputOf)).toEqual(written);
        expect(read.map((e) => e.streamName)).toEqual([stream, stream, stream]);
        expect(read.map((e) => e.revision)).toEqual([0, 1, 2]);
        const positions = read.map((e) => e.position);
        expect(positions[0]).toBeGreaterThanOrEqual(1);
        expect(positions.every((p, i) => i === 0 || p > (positions[i - 1] as number))).toBe(true);
        expect(result).toEqual({ nextExpectedRevision: 2, lastPosition: positions[2], appended: 3 });
        expect(await store.streamRevision(stream)).toBe(2);
        expect(await store.headPosition()).toBeGreaterThanOrEqual(result.lastPosition);
      });

      it('continues an existing stream from its revision', async () => {
        const stream = t.stream('profile-1');
        await store.appendToStream(stream, t.events(0, 2), { expectedRevision: 'no_stream' });
        const result = await store.appendToStream(stream, t.events(2, 3), { expectedRevision: 1 });

        expect(result.nextExpectedRevision).toBe(4);
        expect(result.appended).toBe(3);
        const read = await toArray(store.readStream(stream));
        expect(read.map((e) => e.revision)).toEqual([0, 1, 2, 3, 4]);
        expect(read.map((e) => (e.data as { n: number }).n)).toEqual([0, 1, 2, 3, 4]);
        expect(read[4]?.position).toBe(result.lastPosition);
      });

      it('reads a missing stream as empty, with revision -1', async () => {
        const stream = t.stream('never-written');
        expect(await toArray(store.readStream(stream))).toEqual([]);
        expect(await toArray(store.readStream(stream, { fromRevision: 5, maxCount: 3 }))).toEqual([]);
        expect(await store.streamRevision(stream)).toBe(-1);
      });

      it('reads a stream from a revision, at most maxCount events', async () => {
        const stream = t.stream('sync-1');
        await store.appendToStream(stream, t.events(0, 10), { expectedRevision: 'no_stream' });

        const middle = await toArray(store.readStream(stream, { fromRevision: 3, maxCount: 4 }));
        expect(middle.map((e) => e.revision)).toEqual([3, 4, 5, 6]);
        expect((await toArray(store.readStream(stream, { fromRevision: 8 }))).map((e) => e.revision)).toEqual([8, 9]);
        expect((await toArray(store.readStream(stream, { maxCount: 2 }))).map((e) => e.revision)).toEqual([0, 1]);
        expect(await toArray(store.readStream(stream, { fromRevision: 10 }))).toEqual([]);
        expect(await toArray(store.readStream(stream, { maxCount: 0 }))).toEqual([]);
      });
    });

    describe("core's event catalogue", () => {
      it("stores and reads back an event of every type, decoded by core's serde", async () => {
        const start = await store.headPosition();
        const written = eventCatalogue.map((definition, n) => ({
          type: definition.type,
          data: { sampleOf: definition.type, at: '2026-03-04T05:06:07.089Z', items: [{ serial: `F17${n}` }], ref: 'vault:apple-id:abc' },
          metadata: t.event(n).metadata,
          streamName: t.stream(definition.aggregate),
        }));
        for (const event of written) {
          await store.appendToStream(event.streamName, [depledgerSerde.encode(event)], { expectedRevision: 'any' });
        }

        const read = await toArray(store.readAll({ after: start, streamPrefixes: [t.ns] }));
        const decoded = read.map((stored) => depledgerSerde.decode(stored));
        expect(decoded.map((e) => ({ type: e.type, data: e.data, metadata: e.metadata, streamName: e.streamName }))).toEqual(written);
        expect(read.map((e) => e.type)).toEqual(eventCatalogue.map((d) => `${d.type}.v${d.version}`));
      });

      it('keeps an old stored version exactly, so an upcaster reads it as the current one', async () => {
        const stream = t.stream('device-F17ABCDEFGH1');
        const old: StoredEventInput = {
          type: storedV1.type,
          data: storedV1.data,
          metadata: { ...storedV1.metadata, eventId: `${t.ns}enrolled-v1` },
        };
        await store.appendToStream(stream, [old], { expectedRevision: 'no_stream' });

        const [stored] = await toArray(store.readStream(stream));
        expect(stored && inputOf(stored)).toEqual(old);
        const v2 = defineEvent({
          type: 'DeviceEnrolled',
          version: 2,
          aggregate: 'Device',
          description: 'DeviceEnrolled with its fields renamed, for the contract',
          schema: z.object({ serial: z.string(), tokenId: z.string(), enrolledAt: z.string() }),
          upcasters: { 1: (d) => ({ serial: d.serial_number, tokenId: d.tokenId, enrolledAt: d.enrolled_at }) },
        });
        const upcast = new EventSerde([v2]).decode(stored as StoredEvent);
        expect(upcast).toMatchObject({ type: 'DeviceEnrolled', streamName: stream, revision: 0 });
        expect(upcast.data).toEqual({ serial: 'F17ABCDEFGH1', tokenId: 'paris', enrolledAt: '2026-01-07T09:00:00.000Z' });
      });
    });

    describe('multi-stream append (stores that offer appendToStreams)', () => {
      const multi = () => store.appendToStreams?.bind(store);

      it('writes every stream of the call, in order, with revisions from each expected revision', async () => {
        const append = multi();
        if (!append) return expect(store.appendToStreams).toBeUndefined();
        const a = t.stream('multi-a');
        const b = t.stream('multi-b');
        await store.appendToStream(a, t.events(0, 1), { expectedRevision: 'no_stream' });
        const results = await append([
          { streamName: a, events: t.events(1, 2), expectedRevision: 0 },
          { streamName: b, events: t.events(3, 1), expectedRevision: 'no_stream' },
        ]);
        expect(results.map((r) => [r.nextExpectedRevision, r.appended])).toEqual([
          [2, 2],
          [0, 1],
        ]);
        expect((await toArray(store.readStream(a))).map((e) => e.revision)).toEqual([0, 1, 2]);
        expect((await toArray(store.readStream(b))).map(inputOf)).toEqual(t.events(3, 1));
      });

      it('writes nothing at all when one stream conflicts', async () => {
        const append = multi();
        if (!append) return expect(store.appendToStreams).toBeUndefined();
        const a = t.stream('multi-c');
        const b = t.stream('multi-d');
        await store.appendToStream(b, t.events(0, 1), { expectedRevision: 'no_stream' });
        const head = await store.headPosition();
        await expect(
          append([
            { streamName: a, events: t.events(1, 2), expectedRevision: 'no_stream' },
            { streamName: b, events: t.events(3, 1), expectedRevision: 'no_stream' },
          ]),
        ).rejects.toMatchObject(conflict);
        expect(await store.headPosition()).toBe(head);
        expect(await store.streamRevision(a)).toBe(-1);
      });

      it('skips events already stored, stream by stream', async () => {
        const append = multi();
        if (!append) return expect(store.appendToStreams).toBeUndefined();
        const a = t.stream('multi-e');
        const b = t.stream('multi-f');
        await store.appendToStream(a, t.events(0, 2), { expectedRevision: 'no_stream' });
        const results = await append([
          { streamName: a, events: t.events(0, 2), expectedRevision: 'no_stream' },
          { streamName: b, events: t.events(2, 1), expectedRevision: 'no_stream' },
        ]);
        expect(results.map((r) => r.appended)).toEqual([0, 1]);
        expect(await store.streamRevision(a)).toBe(1);
      });

      it('skips an already stored event even when the expected revision holds, and doubles nothing written before it in the call', async () => {
        const append = multi();
        if (!append) return expect(store.appendToStreams).toBeUndefined();
        const a = t.stream('multi-g');
        const b = t.stream('multi-h');
        await store.appendToStream(a, t.events(0, 2), { expectedRevision: 'no_stream' });
        const results = await append([
          { streamName: b, events: t.events(5, 1), expectedRevision: 'no_stream' },
          { streamName: a, events: t.events(1, 2), expectedRevision: 1 },
        ]);
        expect(results.map((r) => [r.nextExpectedRevision, r.appended])).toEqual([
          [0, 1],
          [2, 1],
        ]);
        expect((await toArray(store.readStream(b))).map(inputOf)).toEqual(t.events(5, 1));
        expect((await toArray(store.readStream(a))).map(inputOf)).toEqual(t.events(0, 3));
      });
    });

    describe('expected revision', () => {
      const expectNothingWritten = async (stream: string, revision: number, count: number, head: number) => {
        expect(await store.streamRevision(stream)).toBe(revision);
        expect(await toArray(store.readStream(stream))).toHaveLength(count);
        expect(await store.headPosition()).toBe(head);
      };

      it('refuses a stale revision number with a ConcurrencyError and writes nothing', async () => {
        const stream = t.stream('device-1');
        await store.appendToStream(stream, t.events(0, 3), { expectedRevision: 'no_stream' });
        const head = await store.headPosition();

        await expect(store.appendToStream(stream, t.events(3, 2), { expectedRevision: 0 })).rejects.toMatchObject(conflict);
        await expect(store.appendToStream(stream, t.events(3, 2), { expectedRevision: 3 })).rejects.toMatchObject(conflict);
        await expectNothingWritten(stream, 2, 3, head);
      });

      it('refuses a revision number for a stream that does not exist', async () => {
        const stream = t.stream('device-2');
        await expect(store.appendToStream(stream, t.events(0, 1), { expectedRevision: 0 })).rejects.toMatchObject(conflict);
        expect(await store.streamRevision(stream)).toBe(-1);
        expect(await toArray(store.readStream(stream))).toEqual([]);
      });

      it("refuses 'no_stream' when the stream exists", async () => {
        const stream = t.stream('token-1');
        await store.appendToStream(stream, t.events(0, 1), { expectedRevision: 'no_stream' });
        const head = await store.headPosition();

        await expect(store.appendToStream(stream, t.events(1, 2), { expectedRevision: 'no_stream' })).rejects.toMatchObject(conflict);
        await expectNothingWritten(stream, 0, 1, head);
      });

      it("refuses 'stream_exists' when the stream does not exist, and accepts it when it does", async () => {
        const stream = t.stream('token-2');
        await expect(store.appendToStream(stream, t.events(0, 1), { expectedRevision: 'stream_exists' })).rejects.toMatchObject(conflict);
        expect(await store.streamRevision(stream)).toBe(-1);
        expect(await toArray(store.readStream(stream))).toEqual([]);

        await store.appendToStream(stream, t.events(0, 1), { expectedRevision: 'no_stream' });
        const result = await store.appendToStream(stream, t.events(1, 1), { expectedRevision: 'stream_exists' });
        expect(result).toMatchObject({ nextExpectedRevision: 1, appended: 1 });
      });

      it("accepts 'any' whether or not the stream exists", async () => {
        const stream = t.stream('token-3');
        expect(await store.appendToStream(stream, t.events(0, 2), { expectedRevision: 'any' })).toMatchObject({ nextExpectedRevision: 1 });
        expect(await store.appendToStream(stream, t.events(2, 1), { expectedRevision: 'any' })).toMatchObject({ nextExpectedRevision: 2 });
        expect((await toArray(store.readStream(stream))).map((e) => e.revision)).toEqual([0, 1, 2]);
      });

      it('names the stream in the conflict', async () => {
        const stream = t.stream('device-3');
        await store.appendToStream(stream, t.events(0, 1), { expectedRevision: 'no_stream' });
        await expect(store.appendToStream(stream, t.events(1, 1), { expectedRevision: 5 })).rejects.toMatchObject({
          ...conflict,
          details: { streamName: stream },
        });
      });

      it('lets exactly one of several concurrent appends with the same expected revision win', async () => {
        const stream = t.stream('sync-token-1');
        await store.appendToStream(stream, t.events(0, 1), { expectedRevision: 'no_stream' });

        const attempts = await Promise.allSettled(
          [1, 2, 3, 4, 5].map((k) => store.appendToStream(stream, t.events(k * 10, 2), { expectedRevision: 0 })),
        );

        const won = attempts.filter((a) => a.status === 'fulfilled');
        const lost = attempts.filter((a): a is PromiseRejectedResult => a.status === 'rejected');
        expect(won).toHaveLength(1);
        expect(lost).toHaveLength(4);
        for (const loss of lost) expect(loss.reason).toMatchObject(conflict);
        const read = await toArray(store.readStream(stream));
        expect(read.map((e) => e.revision)).toEqual([0, 1, 2]);
        // Both events of the winning batch, none of a losing one.
        const [winnerFirst, winnerSecond] = read.slice(1).map((e) => (e.data as { n: number }).n);
        expect(winnerFirst! % 10).toBe(0);
        expect(winnerSecond).toBe(winnerFirst! + 1);
      });

      it("lets exactly one of several concurrent 'no_stream' appends create the stream", async () => {
        const stream = t.stream('sync-token-2');
        const attempts = await Promise.allSettled(
          [1, 2, 3].map((k) => store.appendToStream(stream, t.events(k * 10, 1), { expectedRevision: 'no_stream' })),
        );
        expect(attempts.filter((a) => a.status === 'fulfilled')).toHaveLength(1);
        expect(await store.streamRevision(stream)).toBe(0);
      });
    });

    describe('idempotent append by event id', () => {
      it('appends nothing when the whole batch is already stored, whatever the expected revision', async () => {
        const stream = t.stream('device-4');
        const batch = t.events(0, 3);
        const first = await store.appendToStream(stream, batch, { expectedRevision: 'no_stream' });
        const head = await store.headPosition();

        const again = await store.appendToStream(stream, batch, { expectedRevision: 'no_stream' });
        const stale = await store.appendToStream(stream, batch, { expectedRevision: 0 });
        const current = await store.appendToStream(stream, batch, { expectedRevision: 2 });

        const unchanged = { nextExpectedRevision: 2, lastPosition: first.lastPosition, appended: 0 };
        expect(again).toEqual(unchanged);
        expect(stale).toEqual(unchanged);
        expect(current).toEqual(unchanged);
        expect((await toArray(store.readStream(stream))).map(inputOf)).toEqual(batch);
        expect(await store.headPosition()).toBe(head);
      });

      it('appends only the new events of a partly stored batch, checking the expected revision', async () => {
        const stream = t.stream('device-5');
        await store.appendToStream(stream, t.events(0, 2), { expectedRevision: 'no_stream' });

        await expect(store.appendToStream(stream, t.events(1, 3), { expectedRevision: 'no_stream' })).rejects.toMatchObject(conflict);
        expect(await store.streamRevision(stream)).toBe(1);

        const result = await store.appendToStream(stream, t.events(1, 3), { expectedRevision: 1 });
        expect(result).toMatchObject({ nextExpectedRevision: 3, appended: 2 });
        const read = await toArray(store.readStream(stream));
        expect(read.map((e) => e.metadata.eventId)).toEqual(t.events(0, 4).map((e) => e.metadata.eventId));
        expect(read.map((e) => e.revision)).toEqual([0, 1, 2, 3]);
        expect(read[3]?.position).toBe(result.lastPosition);
      });

      it('skips events already stored in a long stream, stored long before or in the same call', async () => {
        const stream = t.stream('device-long');
        for (let from = 0; from < 40; from += 7) {
          const count = Math.min(7, 40 - from);
          await store.appendToStream(stream, t.events(from, count), { expectedRevision: from === 0 ? 'no_stream' : from - 1 });
        }
        for (const from of [0, 3, 30, 33]) {
          expect(await store.appendToStream(stream, t.events(from, 5), { expectedRevision: 'any' })).toMatchObject({
            appended: 0,
            nextExpectedRevision: 39,
          });
        }
        const result = await store.appendToStream(stream, [t.event(2), t.event(40), t.event(35)], { expectedRevision: 39 });
        expect(result).toMatchObject({ appended: 1, nextExpectedRevision: 40 });
        const read = await toArray(store.readStream(stream));
        expect(read.map((e) => e.metadata.eventId)).toEqual(t.events(0, 41).map((e) => e.metadata.eventId));
      });

      it('refuses a batch that repeats an event id, writing nothing', async () => {
        const stream = t.stream('device-6');
        const head = await store.headPosition();
        await expect(store.appendToStream(stream, [t.event(0), t.event(1), t.event(0)], { expectedRevision: 'any' })).rejects.toThrow();
        expect(await store.streamRevision(stream)).toBe(-1);
        expect(await store.headPosition()).toBe(head);
        // the refused batch left its ids free: the same events append once, in full
        const result = await store.appendToStream(stream, t.events(0, 2), { expectedRevision: 'no_stream' });
        expect(result).toMatchObject({ nextExpectedRevision: 1, appended: 2 });
      });

      it('checks the expected revision of an empty append and writes nothing', async () => {
        const stream = t.stream('device-7');
        await expect(store.appendToStream(stream, [], { expectedRevision: 'stream_exists' })).rejects.toMatchObject(conflict);
        await store.appendToStream(stream, t.events(0, 2), { expectedRevision: 'no_stream' });
        await expect(store.appendToStream(stream, [], { expectedRevision: 0 })).rejects.toMatchObject(conflict);
        expect(await store.appendToStream(stream, [], { expectedRevision: 1 })).toMatchObject({ nextExpectedRevision: 1, appended: 0 });
        expect(await store.streamRevision(stream)).toBe(1);
      });
    });

    describe('global order', () => {
      it('orders events across streams by append, with growing positions', async () => {
        const a = t.stream('device-a');
        const b = t.stream('device-b');
        const start = await store.headPosition();
        await store.appendToStream(a, [t.event(0)], { expectedRevision: 'no_stream' });
        await store.appendToStream(b, [t.event(1), t.event(2)], { expectedRevision: 'no_stream' });
        await store.appendToStream(a, [t.event(3)], { expectedRevision: 0 });
        await store.appendToStream(b, [t.event(4)], { expectedRevision: 1 });

        const all = await toArray(store.readAll({ after: start, streamPrefixes: [t.ns] }));

        expect(all.map((e) => [e.streamName, e.revision, (e.data as { n: number }).n])).toEqual([
          [a, 0, 0],
          [b, 0, 1],
          [b, 1, 2],
          [a, 1, 3],
          [b, 2, 4],
        ]);
        expect(all.every((e, i) => e.position > (i === 0 ? start : (all[i - 1] as StoredEvent).position))).toBe(true);
        expect(all.map(inputOf)).toEqual([0, 1, 2, 3, 4].map((n) => t.event(n)));
      });

      it('reads from a position (exclusive) and at most maxCount events', async () => {
        const start = await store.headPosition();
        await store.appendToStream(t.stream('s1'), t.events(0, 3), { expectedRevision: 'no_stream' });
        await store.appendToStream(t.stream('s2'), t.events(3, 3), { expectedRevision: 'no_stream' });
        const all = await toArray(store.readAll({ after: start, streamPrefixes: [t.ns] }));
        expect(all).toHaveLength(6);
        const second = all[1] as StoredEvent;

        const fromSecond = await toArray(store.readAll({ after: second.position, streamPrefixes: [t.ns] }));
        expect(fromSecond.map((e) => e.position)).toEqual(all.slice(2).map((e) => e.position));

        const limited = await toArray(store.readAll({ after: second.position, maxCount: 3, streamPrefixes: [t.ns] }));
        expect(limited.map((e) => e.position)).toEqual(all.slice(2, 5).map((e) => e.position));

        const head = await store.headPosition();
        expect(head).toBeGreaterThanOrEqual((all[5] as StoredEvent).position);
        expect(await toArray(store.readAll({ after: head }))).toEqual([]);
        const unfiltered = await toArray(store.readAll({ after: start }));
        expect(unfiltered.filter((e) => e.streamName.startsWith(t.ns)).map((e) => e.position)).toEqual(all.map((e) => e.position));
      });

      it('keeps only streams starting with one of the prefixes, literally and case-sensitively', async () => {
        const start = await store.headPosition();
        const streams = ['device-1', 'profile-1', 'token-1', 'device-2', 'Device-3', 'devicex', 'dev_ice-4', 'dev%-5'];
        for (const [i, name] of streams.entries()) {
          await store.appendToStream(t.stream(name), [t.event(i)], { expectedRevision: 'no_stream' });
        }
        const namesFor = async (prefixes: string[], maxCount?: number) =>
          (await toArray(store.readAll({ after: start, streamPrefixes: prefixes.map(t.stream), maxCount }))).map((e) =>
            e.streamName.slice(t.ns.length),
          );

        expect(await namesFor(['device-', 'token-'])).toEqual(['device-1', 'token-1', 'device-2']);
        expect(await namesFor(['device-', 'token-'], 2)).toEqual(['device-1', 'token-1']);
        expect(await namesFor(['dev_'])).toEqual(['dev_ice-4']);
        expect(await namesFor(['dev%'])).toEqual(['dev%-5']);
        expect(await namesFor(['Device'])).toEqual(['Device-3']);
        expect(await namesFor(['nothing-'])).toEqual([]);
      });

      it('gives a page at once exactly as readAll yields it (stores that offer readAllPage)', async () => {
        const page = store.readAllPage?.bind(store);
        if (!page) return expect(store.readAllPage).toBeUndefined();
        const start = await store.headPosition();
        const streams = ['device-1', 'profile-1', 'device-2', 'token-1', 'device-3'];
        for (const [i, name] of streams.entries())
          await store.appendToStream(t.stream(name), t.events(i * 2, 2), { expectedRevision: 'no_stream' });
        const cases = [
          { after: start, maxCount: 100, streamPrefixes: [t.ns] },
          { after: start, maxCount: 3, streamPrefixes: [t.stream('device-')] },
          { after: start + 2, maxCount: 4, streamPrefixes: [t.stream('device-'), t.stream('token-')] },
          { after: start, maxCount: 0, streamPrefixes: [t.ns] },
          { after: start + 9, maxCount: 5 },
          { after: await store.headPosition(), maxCount: 5 },
        ];
        for (const options of cases) expect(await page(options)).toEqual(await toArray(store.readAll(options)));
        expect((await page({ after: start, maxCount: 3, streamPrefixes: [t.stream('device-')] })).map((e) => e.streamName)).toEqual([
          t.stream('device-1'),
          t.stream('device-1'),
          t.stream('device-2'),
        ]);
        await expect(page({ after: start, maxCount: -1 })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
        await expect(page({ after: start } as never)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
        await expect(page({ after: -1, maxCount: 5 })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
      });

      it('gives page after page exactly what readAll yields, as a catch-up reads them, with appends and a step back between pages (stores that offer readAllPage)', async () => {
        const page = store.readAllPage?.bind(store);
        if (!page) return expect(store.readAllPage).toBeUndefined();
        const start = await store.headPosition();
        const text = { text: 'Non contacté — 端末 🍏 "quoted" \\ back\nslash', nested: { list: [1, null, { deep: true }] } };
        for (let i = 0; i < 12; i++) {
          // device streams between profile streams, so a prefix filter skips some of every page's rows
          await store.appendToStream(t.stream(`device-${i}`), [t.event(i * 3, text), t.event(i * 3 + 1)], {
            expectedRevision: 'no_stream',
          });
          await store.appendToStream(t.stream(`profile-${i}`), [t.event(i * 3 + 2)], { expectedRevision: 'no_stream' });
        }
        const prefixes = [t.stream('device-')];
        const readPages = async (from: number, size: number, pages: number) => {
          const read: StoredEvent[] = [];
          let after = from;
          for (let i = 0; i < pages; i++) {
            const events = await page({ after, maxCount: size, streamPrefixes: prefixes });
            read.push(...events);
            if (events.length < size) break;
            after = (events[events.length - 1] as StoredEvent).position;
          }
          return { read, after };
        };
        // five full pages of 3 in a row, then more events appended, then on to the end
        const first = await readPages(start, 3, 5);
        expect(first.read).toEqual(await toArray(store.readAll({ after: start, maxCount: 15, streamPrefixes: prefixes })));
        await store.appendToStream(t.stream('device-late'), t.events(100, 4), { expectedRevision: 'no_stream' });
        const rest = await readPages(first.after, 3, 100);
        expect([...first.read, ...rest.read]).toEqual(await toArray(store.readAll({ after: start, streamPrefixes: prefixes })));
        expect(rest.read.slice(-4).map(inputOf)).toEqual(t.events(100, 4));
        // a step back to the start reads the same pages again
        expect((await readPages(start, 3, 100)).read).toEqual([...first.read, ...rest.read]);
        // and the end of the log, once reached, grows with what is appended next
        await store.appendToStream(t.stream('device-later'), t.events(200, 2), { expectedRevision: 'no_stream' });
        expect((await readPages(rest.after, 3, 100)).read.map(inputOf)).toEqual(
          (await toArray(store.readAll({ after: rest.after, streamPrefixes: prefixes }))).map(inputOf),
        );
      });
    });

    describe('subscribe', () => {
      it('catches up on stored events, then delivers new ones live, until closed', async () => {
        const stream = t.stream('device-live');
        const start = await store.headPosition();
        await store.appendToStream(stream, t.events(0, 3), { expectedRevision: 'no_stream' });

        const subscription = store.subscribe({ after: start, streamPrefixes: [t.ns] });
        const { received, finished } = follow(subscription);
        await waitUntil('the catch-up', () => received.length === 3);

        await store.appendToStream(stream, t.events(3, 2), { expectedRevision: 2 });
        await waitUntil('the live events', () => received.length === 5);
        await store.appendToStream(stream, t.events(5, 1), { expectedRevision: 4 });
        await waitUntil('one more live event', () => received.length === 6);

        await subscription.close();
        await finished;
        expect(received.map(inputOf)).toEqual(t.events(0, 6));
        expect(received.map((e) => e.revision)).toEqual([0, 1, 2, 3, 4, 5]);
      });

      it('starts after the given position (exclusive)', async () => {
        const stream = t.stream('device-from');
        await store.appendToStream(stream, t.events(0, 4), { expectedRevision: 'no_stream' });
        const stored = await toArray(store.readStream(stream));

        const subscription = store.subscribe({ after: (stored[1] as StoredEvent).position, streamPrefixes: [t.ns] });
        const { received, finished } = follow(subscription);
        await waitUntil('the catch-up', () => received.length === 2);
        await subscription.close();
        await finished;
        expect(received.map((e) => e.revision)).toEqual([2, 3]);
      });

      it('delivers only streams matching its prefixes', async () => {
        const start = await store.headPosition();
        const subscription = store.subscribe({ after: start, streamPrefixes: [t.stream('device-')] });
        const { received, finished } = follow(subscription);

        await store.appendToStream(t.stream('profile-1'), [t.event(0)], { expectedRevision: 'no_stream' });
        await store.appendToStream(t.stream('device-1'), [t.event(1)], { expectedRevision: 'no_stream' });
        await store.appendToStream(t.stream('token-1'), [t.event(2)], { expectedRevision: 'no_stream' });
        await store.appendToStream(t.stream('device-2'), [t.event(3)], { expectedRevision: 'no_stream' });
        await waitUntil('the device events', () => received.length === 2);
        // A later matching event proves the others were skipped rather than late.
        await store.appendToStream(t.stream('device-1'), [t.event(4)], { expectedRevision: 0 });
        await waitUntil('the last device event', () => received.length === 3);

        await subscription.close();
        await finished;
        expect(received.map((e) => e.streamName)).toEqual([t.stream('device-1'), t.stream('device-2'), t.stream('device-1')]);
      });

      it('ends a waiting iteration promptly on close()', async () => {
        const subscription = store.subscribe({ after: await store.headPosition(), streamPrefixes: [t.ns] });
        const { received, finished } = follow(subscription);
        await new Promise((resolve) => setTimeout(resolve, 20));

        // Nothing else would end the iteration: if close() did not, `finished` would never settle.
        await subscription.close();
        await finished;
        expect(received).toEqual([]);
      });
    });

    describe('long streams', () => {
      const total = longStreamEvents;
      const batch = LONG_STREAM_BATCH;

      it(`reads a ${total}-event stream in order, page by page`, async () => {
        const stream = t.stream('device-long');
        const metadata = t.event(0).metadata;
        for (let from = 0; from < total; from += batch) {
          const events = Array.from({ length: batch }, (_, i): StoredEventInput => ({
            type: 'ContractEventHappened.v1',
            data: { n: from + i },
            metadata: { ...metadata, eventId: `${t.ns}long-${from + i}` },
          }));
          await store.appendToStream(stream, events, { expectedRevision: from === 0 ? 'no_stream' : from - 1 });
        }

        let expected = 0;
        let lastPosition = 0;
        let inOrder = true;
        for await (const event of store.readStream(stream)) {
          if (event.revision !== expected || (event.data as { n: number }).n !== expected || event.position <= lastPosition)
            inOrder = false;
          lastPosition = event.position;
          expected += 1;
        }
        expect(inOrder).toBe(true);
        expect(expected).toBe(total);
        expect(await store.streamRevision(stream)).toBe(total - 1);
      }, 60_000);

      it('lets appends proceed while a read is in progress, and stops reading early on break', async () => {
        const stream = t.stream('device-reading');
        await store.appendToStream(stream, t.events(0, 2500), { expectedRevision: 'no_stream' });

        const revisions: number[] = [];
        for await (const event of store.readStream(stream)) {
          revisions.push(event.revision);
          if (event.revision === 10) {
            await store.appendToStream(t.stream('other'), [t.event(5000)], { expectedRevision: 'no_stream' });
          }
          if (event.revision === 1500) break;
        }
        expect(revisions).toEqual(Array.from({ length: 1501 }, (_, i) => i));
        expect(await store.streamRevision(t.stream('other'))).toBe(0);

        const afterBreak = await toArray(store.readAll({ after: 0, streamPrefixes: [t.stream('other')] }));
        expect(afterBreak).toHaveLength(1);
      });
    });
  });
};
