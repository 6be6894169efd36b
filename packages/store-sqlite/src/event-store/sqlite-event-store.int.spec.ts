import BetterSqlite3 from 'better-sqlite3';
import { aggregateStream, aggregateStreams, depledgerSerde, type StoredEvent, type StoredEventInput } from '@depledger/core';
import { createSqliteEventStore, openSqliteDatabase, type SqliteEventStore } from '../index';
import { tempDirectory } from '../testing/temp-directory';
import { specEvent, toArray } from '../testing/spec-events';

const event = (id: string, data: unknown = { id }): StoredEventInput => specEvent(id, data);

/** Writes a row as an earlier version of the store left it, numbering its stream as this file does. */
const insertRow =
  (store: SqliteEventStore) =>
  (streamName: string, revision: number, eventId: string, type: string, data: string, metadata: string): void => {
    const connection = store.database.connection;
    connection.prepare('INSERT OR IGNORE INTO streams (name) VALUES (?)').run(streamName);
    connection
      .prepare(
        'INSERT INTO events (stream_id, stream_name, revision, event_id, type, data, metadata) VALUES ((SELECT id FROM streams WHERE name = ?), ?, ?, ?, ?, ?, ?)',
      )
      .run(streamName, streamName, revision, eventId, type, data, metadata);
  };

describe('SQLite event store, beyond the contract', () => {
  let directory: ReturnType<typeof tempDirectory>;
  let path: string;
  const stores: SqliteEventStore[] = [];
  const open = (pollIntervalMs = 50) => {
    const store = createSqliteEventStore({ path, pollIntervalMs });
    stores.push(store);
    return store;
  };

  beforeEach(() => {
    directory = tempDirectory('events');
    path = directory.file('depledger.db');
  });
  afterEach(async () => {
    for (const store of stores.splice(0)) await store.close();
    directory.remove();
  });

  it('keeps its history across a restart, and positions keep growing', async () => {
    const first = open();
    await first.appendToStream('dep-device-C1', [event('a'), event('b')], { expectedRevision: 'no_stream' });
    await first.close();

    const second = open();
    expect((await toArray(second.readStream('dep-device-C1'))).map((e) => e.metadata.eventId)).toEqual(['a', 'b']);
    const result = await second.appendToStream('dep-device-C1', [event('c')], { expectedRevision: 1 });
    expect(result).toEqual({ nextExpectedRevision: 2, lastPosition: 3, appended: 1 });
    expect(await second.headPosition()).toBe(3);
  });

  it('reads page by page, not from a snapshot: a long read also returns what was appended while it ran', async () => {
    const store = createSqliteEventStore({ path, pageSize: 100 });
    stores.push(store);
    const ids = Array.from({ length: 250 }, (_, i) => `long-${i}`);
    await store.appendToStream(
      'dep-device-C6',
      ids.map((id) => event(id)),
      { expectedRevision: 'no_stream' },
    );

    const read: number[] = [];
    for await (const e of store.readStream('dep-device-C6')) {
      read.push(e.revision);
      if (e.revision === 0) await store.appendToStream('dep-device-C6', [event('late-1'), event('late-2')], { expectedRevision: 249 });
    }
    expect(read).toEqual(Array.from({ length: 252 }, (_, i) => i));
  });

  it('hands a short stream over at once, as readStream reads it, and leaves a long one to be read a page at a time', async () => {
    const store = open();
    await store.appendToStream('short', [event('s0'), event('s1'), event('s2')], { expectedRevision: 'no_stream' });
    const long = Array.from({ length: 300 }, (_, i) => event(`l${i}`));
    await store.appendToStream('long', long, { expectedRevision: 'no_stream' });
    expect(store.readStreamInMemory!('short')).toEqual(await toArray(store.readStream('short')));
    expect(store.readStreamInMemory!('missing')).toEqual([]);
    expect(store.readStreamInMemory!('long')).toBeUndefined();
    // what folds a stream reads the long one all the same, a page at a time
    const counted = { initialState: () => 0, evolve: (n: number) => n + 1 };
    expect(await aggregateStream(store, depledgerSerde, counted, 'long')).toEqual({ state: 300, revision: 299 });
    expect(await aggregateStream(store, depledgerSerde, counted, 'short')).toEqual({ state: 3, revision: 2 });
    await store.close();
    expect(() => store.readStreamInMemory!('short')).toThrow(expect.objectContaining({ code: 'SQLITE_STORE_CLOSED' }));
  });

  it('hands many streams over in one call, each answer at its place, and folds them as one by one', async () => {
    const store = open();
    await store.appendToStream('short', [event('s0'), event('s1')], { expectedRevision: 'no_stream' });
    await store.appendToStream('other', [event('o0')], { expectedRevision: 'no_stream' });
    await store.appendToStream(
      'long',
      Array.from({ length: 300 }, (_, i) => event(`l${i}`)),
      { expectedRevision: 'no_stream' },
    );
    const names = ['other', 'missing', 'long', 'short'];
    const read = store.readStreamsInMemory!(names);
    expect(read).toEqual([store.readStreamInMemory!('other'), [], undefined, store.readStreamInMemory!('short')]);
    expect(read[3]?.map((e) => e.metadata.eventId)).toEqual(['s0', 's1']);
    const counted = { initialState: () => 0, evolve: (n: number) => n + 1 };
    expect(await aggregateStreams(store, depledgerSerde, counted, names)).toEqual([
      { state: 1, revision: 0 },
      { state: 0, revision: -1 },
      { state: 300, revision: 299 },
      { state: 2, revision: 1 },
    ]);
    // the read is over: a write goes through
    await store.appendToStream('missing', [event('m0')], { expectedRevision: 'no_stream' });
    await store.close();
    expect(() => store.readStreamsInMemory!(names)).toThrow(expect.objectContaining({ code: 'SQLITE_STORE_CLOSED' }));
  });

  it('stores type, data and metadata as JSON text, in the events table only, the event id once (in its column)', async () => {
    const store = open();
    await store.appendToStream('dep-token-t1', [event('x', { when: '2026-02-03T04:05:06.000Z', list: [1, 2] })], {
      expectedRevision: 'any',
    });
    const row = store.database.connection.prepare('SELECT * FROM events').get();
    expect(row).toEqual({
      position: 1,
      stream_id: 1,
      stream_name: 'dep-token-t1',
      revision: 0,
      event_id: 'x',
      type: 'DeviceAssignedToServer.v1',
      data: '{"when":"2026-02-03T04:05:06.000Z","list":[1,2]}',
      // core's short form: occurredAt, actor, correlation, causation, token (the data says no token)
      metadata: '["2026-01-01T00:00:00.000Z","system:sync","c1",null,"t1"]',
    });
    // read back whole, the event id first as it was given
    const [read] = await toArray(store.readStream('dep-token-t1'));
    expect(JSON.stringify(read?.metadata)).toBe(JSON.stringify(event('x').metadata));
  });

  it("stores a sync run's metadata without what the data already says, and reads it back as it was given", async () => {
    const store = open();
    const facts = { serial: 'C1', tokenId: 't1', runId: 'run-1' };
    const sync = (id: string, extra: object = {}): StoredEventInput => ({
      type: 'DeviceAssignedToServer.v1',
      data: facts,
      metadata: { ...event(id).metadata, correlationId: 'run-1', ...extra },
    });
    const written = [sync('a'), sync('b', { requestedBy: 'admin:ana', tenantId: 'acme' }), sync('c', { causationId: 'a', tokenId: null })];
    await store.appendToStream('dep-device-C1', written, { expectedRevision: 'any' });
    const rows = store.database.connection.prepare('SELECT metadata FROM events ORDER BY position').pluck().all();
    expect(rows).toEqual([
      '["2026-01-01T00:00:00.000Z","system:sync"]',
      '["2026-01-01T00:00:00.000Z","system:sync",0,null,0,{"requestedBy":"admin:ana","tenantId":"acme"}]',
      '["2026-01-01T00:00:00.000Z","system:sync",0,"a",null]',
    ]);
    const expected = written.map((e) => JSON.stringify(e.metadata));
    expect((await toArray(store.readStream('dep-device-C1'))).map((e) => JSON.stringify(e.metadata))).toEqual(expected);
    expect((await toArray(store.readAll())).map((e) => JSON.stringify(e.metadata))).toEqual(expected);
    expect((await toArray(store.readAll({ streamPrefixes: ['dep-device-'] }))).map((e) => JSON.stringify(e.metadata))).toEqual(expected);
  });

  it('reads a short-form row whose time was stored as milliseconds (an earlier short form) with the time as text', async () => {
    const store = open();
    insertRow(store)('dep-token-t1', 0, 'x', 'DeviceAssignedToServer.v1', '{}', '[1767225600000,"system:sync","c1",null,"t1"]');
    const [read] = await toArray(store.readStream('dep-token-t1'));
    expect(JSON.stringify(read?.metadata)).toBe(JSON.stringify(event('x').metadata));
  });

  it('reads a row written with the event id inside its metadata text, or with nothing else in it, as it was given', async () => {
    const store = open();
    await store.appendToStream('dep-token-t1', [event('new')], { expectedRevision: 'any' });
    const insert = insertRow(store);
    insert('dep-token-t1', 1, 'old', 'DeviceAssignedToServer.v1', '{}', JSON.stringify(event('old').metadata));
    insert('dep-token-t1', 2, 'bare', 'DeviceAssignedToServer.v1', '{}', '{}');
    const expected = [event('new').metadata, event('old').metadata, { eventId: 'bare' }].map((m) => JSON.stringify(m));
    expect((await toArray(store.readStream('dep-token-t1'))).map((e) => JSON.stringify(e.metadata))).toEqual(expected);
    expect((await toArray(store.readAll())).map((e) => JSON.stringify(e.metadata))).toEqual(expected);
    expect((await toArray(store.readAll({ streamPrefixes: ['dep-token-'] }))).map((e) => JSON.stringify(e.metadata))).toEqual(expected);
  });

  it('refuses data that is not JSON, naming the field, and writes nothing', async () => {
    const store = open();
    const bad = [event('ok'), event('big', { count: 10n }), { ...event('fn'), data: undefined }];
    await expect(store.appendToStream('dep-device-C2', bad, { expectedRevision: 'any' })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      issues: [
        { path: 'events[1].data', message: expect.stringContaining('must be JSON data') },
        { path: 'events[2].data', message: expect.stringContaining('must be JSON data') },
      ],
    });
    await expect(store.appendToStream('dep-device-C2', [event('ok')], { expectedRevision: 1.5 })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
    expect(() => store.readStream('dep-device-C2', { maxCount: -1 })).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    expect(await store.headPosition()).toBe(0);
  });

  it('wakes its own subscribers at once, without waiting for the poll interval', async () => {
    // The poll comes once a day: only the append's own signal can deliver the event before the test's hang guard.
    const store = open(24 * 3600_000);
    const subscription = store.subscribe();
    const received: StoredEvent[] = [];
    const finished = (async () => {
      for await (const e of subscription) received.push(e);
    })();
    await new Promise((resolve) => setTimeout(resolve, 20));

    await store.appendToStream('dep-device-C3', [event('live')], { expectedRevision: 'no_stream' });
    while (received.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(received).toHaveLength(1);
    await subscription.close();
    await finished;
    expect(received.map((e) => e.metadata.eventId)).toEqual(['live']);
  }, 45_000);

  it('sees appends made through another connection to the same file by polling', async () => {
    const watcher = open(20);
    const writer = open(60_000);
    const subscription = watcher.subscribe({ streamPrefixes: ['dep-device-'] });
    const received: StoredEvent[] = [];
    const finished = (async () => {
      for await (const e of subscription) received.push(e);
    })();

    await writer.appendToStream('dep-device-C4', [event('p1'), event('p2')], { expectedRevision: 'no_stream' });
    // jest's timeout is the only limit: the watcher's 20 ms poll finds the two events, however busy the machine.
    while (received.length < 2) await new Promise((resolve) => setTimeout(resolve, 5));
    await subscription.close();
    await finished;
    expect(received.map((e) => e.metadata.eventId)).toEqual(['p1', 'p2']);
  });

  it('ends its subscriptions and refuses further use once closed', async () => {
    const store = open();
    const subscription = store.subscribe();
    const finished = (async () => {
      for await (const _ of subscription) void _;
    })();
    await store.close();
    await finished;
    await expect(store.appendToStream('s', [event('late')], { expectedRevision: 'any' })).rejects.toMatchObject({
      code: 'SQLITE_STORE_CLOSED',
    });
    await expect(store.streamRevision('s')).rejects.toMatchObject({ code: 'SQLITE_STORE_CLOSED' });
    await expect(toArray(store.readAll())).rejects.toMatchObject({ code: 'SQLITE_STORE_CLOSED' });
  });

  it('gives up with SQLITE_BUSY, writing nothing, when another connection holds the write lock past the busy timeout', async () => {
    const store = createSqliteEventStore({ path, busyTimeoutMs: 50 });
    stores.push(store);
    const other = new BetterSqlite3(path);
    try {
      other.exec('BEGIN IMMEDIATE');
      await expect(store.appendToStream('dep-device-C5', [event('blocked')], { expectedRevision: 'any' })).rejects.toMatchObject({
        code: 'SQLITE_BUSY',
        message: expect.stringContaining('busy timeout'),
      });
      other.exec('ROLLBACK');
    } finally {
      other.close();
    }
    expect(await store.streamRevision('dep-device-C5')).toBe(-1);
    expect(await store.appendToStream('dep-device-C5', [event('unblocked')], { expectedRevision: 'no_stream' })).toMatchObject({
      appended: 1,
    });
  });

  it('shares a database without closing it', async () => {
    const database = openSqliteDatabase(path);
    try {
      const store = createSqliteEventStore({ database });
      await store.appendToStream('s', [event('shared')], { expectedRevision: 'any' });
      await store.close();
      expect(database.connection.open).toBe(true);
      expect(database.connection.prepare('SELECT count(*) FROM events').pluck().get()).toBe(1);
    } finally {
      database.close();
    }
  });
});
