import BetterSqlite3 from 'better-sqlite3';
import type { StoredEvent, StoredEventInput } from '@depledger/core';
import { openSqliteStore, type SqliteStore } from '../index';
import { schemaSteps } from '../database/schema';
import { tempDirectory } from '../testing/temp-directory';
import { specEvent, toArray } from '../testing/spec-events';

const event = (id: string, serial = 'C1'): StoredEventInput => specEvent(id, { serial, tokenId: 't1' });

const ids = (events: readonly StoredEvent[]): string[] => events.map((e) => e.metadata.eventId);

describe('SQLite streams by number (schema 6)', () => {
  let directory: ReturnType<typeof tempDirectory>;
  let path: string;
  const stores: SqliteStore[] = [];
  const open = () => {
    const store = openSqliteStore({ path });
    stores.push(store);
    return store;
  };
  const pick = (store: SqliteStore, sql: string, ...parameters: unknown[]): unknown[] =>
    store.database.connection
      .prepare(sql)
      .pluck()
      .all(...parameters);
  const plan = (store: SqliteStore, sql: string, ...parameters: unknown[]): string =>
    (store.database.connection.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...parameters) as { detail: string }[])
      .map((row) => row.detail)
      .join(' / ');

  beforeEach(() => {
    directory = tempDirectory('stream-numbers');
    path = directory.file('depledger.db');
  });
  afterEach(async () => {
    for (const store of stores.splice(0)) await store.close();
    directory.remove();
  });

  it('numbers a new file’s streams in the order they are first appended to, and finds a stream’s events by its number only', async () => {
    const store = open();
    const names = ['dep-device-Z9', 'dep-device-A1', 'dep-device-M5'];
    await store.events.appendToStreams!(
      names.map((name, i) => ({ streamName: name, events: [event(`e${i}`)], expectedRevision: 'no_stream' })),
    );
    await store.events.appendToStream('dep-device-A1', [event('e3'), event('e4')], { expectedRevision: 0 });
    await store.events.appendToStream('dep-token-t1', [event('e5')], { expectedRevision: 'any' });

    expect(pick(store, "SELECT value FROM event_store_format WHERE name = 'streams'")).toEqual(['by-number']);
    expect(pick(store, 'SELECT name FROM streams ORDER BY id')).toEqual([...names, 'dep-token-t1']);
    expect(pick(store, 'SELECT stream_id FROM events ORDER BY position')).toEqual([1, 2, 3, 2, 2, 4]);
    // no index on names in the events table: the per-stream index holds numbers
    expect(pick(store, "SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'events' ORDER BY name")).toEqual([
      'events_event_id',
      'events_stream_id_revision',
    ]);
    expect(
      plan(store, 'SELECT revision FROM events WHERE stream_id = (SELECT id FROM streams WHERE name = ?) AND revision >= ?', 'x', 0),
    ).toContain('USING COVERING INDEX events_stream_id_revision (stream_id=? AND revision>?)');

    expect(ids(await toArray(store.events.readStream('dep-device-A1')))).toEqual(['e1', 'e3', 'e4']);
    expect(ids(await toArray(store.events.readStream('dep-device-A1', { fromRevision: 1, maxCount: 1 })))).toEqual(['e3']);
    expect(ids(store.events.readStreamInMemory!('dep-device-Z9')!)).toEqual(['e0']);
    expect(await toArray(store.events.readStream('dep-device-nowhere'))).toEqual([]);
    expect(await store.events.streamRevision('dep-device-A1')).toBe(2);
    expect(await store.events.streamRevision('dep-device-nowhere')).toBe(-1);
    await expect(store.events.appendToStream('dep-device-M5', [event('e6')], { expectedRevision: 'no_stream' })).rejects.toMatchObject({
      code: 'CONCURRENCY_CONFLICT',
    });
    // a refused append numbers nothing
    await expect(store.events.appendToStream('dep-device-new', [event('e7')], { expectedRevision: 3 })).rejects.toMatchObject({
      code: 'CONCURRENCY_CONFLICT',
    });
    expect(pick(store, 'SELECT count(*) FROM streams')).toEqual([4]);
    // the same ids again: nothing appended, whatever the expected revision
    expect(await store.events.appendToStream('dep-device-A1', [event('e3'), event('e4')], { expectedRevision: 'no_stream' })).toMatchObject(
      {
        appended: 0,
        nextExpectedRevision: 2,
      },
    );
  });

  it('keeps a file that held events before (schema 5) finding streams by name, with its documents, and goes on appending to it', async () => {
    const raw = new BetterSqlite3(path);
    raw.pragma('journal_mode = WAL');
    for (const step of schemaSteps.filter((s) => s.version <= 5)) raw.exec(step.sql);
    raw.pragma('user_version = 5');
    const insert = raw.prepare('INSERT INTO events (stream_name, revision, event_id, type, data, metadata) VALUES (?, ?, ?, ?, ?, ?)');
    insert.run(
      'dep-device-C1',
      0,
      'old-0',
      'DeviceAssignedToServer.v1',
      '{"serial":"C1","tokenId":"t1"}',
      '["2026-01-01T00:00:00.000Z","system:sync","c1",null,"t1"]',
    );
    insert.run(
      'dep-device-C2',
      0,
      'old-1',
      'DeviceAssignedToServer.v1',
      '{"serial":"C2","tokenId":"t1"}',
      '["2026-01-01T00:00:00.000Z","system:sync","c1",null,"t1"]',
    );
    raw.exec(`
      INSERT INTO read_model_names (name, last_version) VALUES ('device-status', 1);
      INSERT INTO read_model_versions (name, version, projection_version, live, checkpoint) VALUES ('device-status', 1, 1, 1, 2);
      INSERT INTO read_model_documents (name, version, key, doc) VALUES ('device-status', 1, 'C2', '{"status":"enrolled"}'), ('device-status', 1, 'C1', '{"status":"not_contacted"}');
    `);
    raw.close();

    const store = open();
    expect(pick(store, "SELECT value FROM event_store_format WHERE name = 'streams'")).toEqual(['by-name']);
    expect(ids(await toArray(store.events.readStream('dep-device-C1')))).toEqual(['old-0']);
    await store.events.appendToStream('dep-device-C1', [event('new-0')], { expectedRevision: 0 });
    await store.events.appendToStream('dep-device-C3', [event('new-1', 'C3')], { expectedRevision: 'no_stream' });
    expect(await store.events.appendToStream('dep-device-C1', [event('old-0')], { expectedRevision: 'no_stream' })).toMatchObject({
      appended: 0,
    });
    expect(ids(await toArray(store.events.readStream('dep-device-C1')))).toEqual(['old-0', 'new-0']);
    expect(ids(store.events.readStreamInMemory!('dep-device-C3')!)).toEqual(['new-1']);
    expect(await store.events.streamRevision('dep-device-C1')).toBe(1);
    expect(pick(store, 'SELECT count(*) FROM streams')).toEqual([0]);
    expect(pick(store, 'SELECT stream_id FROM events ORDER BY position')).toEqual([null, null, null, null]);
    expect(plan(store, 'SELECT revision FROM events WHERE stream_name = ? AND revision >= ?', 'x', 0)).toContain('events_stream_revision');

    // the documents moved to a table in the order they are written, found by key, in key order
    const version = { name: 'device-status', version: 1 };
    expect(await toArray(store.readModels.list(version))).toEqual([
      { key: 'C1', doc: { status: 'not_contacted' } },
      { key: 'C2', doc: { status: 'enrolled' } },
    ]);
    await store.readModels.commit(version, {
      expectedCheckpoint: 2,
      checkpoint: 3,
      changes: [
        { key: 'C1', doc: { status: 'enrolled' } },
        { key: 'C0', doc: { status: 'not_contacted' } },
      ],
    });
    expect([...(await store.readModels.getMany(version, ['C0', 'C1', 'C2']))]).toEqual([
      ['C0', { status: 'not_contacted' }],
      ['C1', { status: 'enrolled' }],
      ['C2', { status: 'enrolled' }],
    ]);
    expect(pick(store, 'SELECT key FROM read_model_documents ORDER BY rowid')).toEqual(['C1', 'C2', 'C0']);
  });
});
