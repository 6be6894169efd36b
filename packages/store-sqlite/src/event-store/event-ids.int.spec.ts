import BetterSqlite3 from 'better-sqlite3';
import type { StoredEvent, StoredEventInput } from '@depledger/core';
import { createSqliteEventStore, type SqliteEventStore } from '../index';
import { schemaSteps } from '../database/schema';
import { tempDirectory } from '../testing/temp-directory';
import { specEvent, toArray } from '../testing/spec-events';

const uuid = '0f8c2b1e-5d4a-4c3b-9a2f-1e0d9c8b7a65';
const other = '6b1d0a2c-3e4f-5a6b-8c7d-9e0f1a2b3c4d';

const event = (id: string): StoredEventInput => specEvent(id, { serial: 'C1', tokenId: 't1' });

const ids = (events: readonly StoredEvent[]): string[] => events.map((e) => e.metadata.eventId);

describe('SQLite event ids', () => {
  let directory: ReturnType<typeof tempDirectory>;
  let path: string;
  const stores: SqliteEventStore[] = [];
  const open = () => {
    const store = createSqliteEventStore({ path });
    stores.push(store);
    return store;
  };
  const storedIds = (store: SqliteEventStore) =>
    store.database.connection.prepare('SELECT typeof(event_id) AS form, length(event_id) AS length FROM events ORDER BY position').all();
  const everyRead = async (store: SqliteEventStore) => [
    ids(await toArray(store.readStream('dep-device-C1'))),
    ids(await toArray(store.readAll())),
    ids(await toArray(store.readAll({ streamPrefixes: ['dep-device-'] }))),
    ids(await store.readAllPage!({ maxCount: 1000 })),
  ];

  beforeEach(() => {
    directory = tempDirectory('event-ids');
    path = directory.file('depledger.db');
  });
  afterEach(async () => {
    for (const store of stores.splice(0)) await store.close();
    directory.remove();
  });

  it('keeps a UUID id in 16 bytes in a new file, any other id as text, and reads every id back as it was given', async () => {
    const store = open();
    const given = [uuid, 'order-42', uuid.toUpperCase()];
    await store.appendToStream('dep-device-C1', given.map(event), { expectedRevision: 'no_stream' });
    expect(storedIds(store)).toEqual([
      { form: 'blob', length: 16 },
      { form: 'text', length: 8 },
      { form: 'text', length: 36 },
    ]);
    for (const read of await everyRead(store)) expect(read).toEqual(given);
  });

  it('appends nothing twice for a UUID id kept in 16 bytes', async () => {
    const store = open();
    await store.appendToStream('dep-device-C1', [event(uuid)], { expectedRevision: 'no_stream' });
    expect(await store.appendToStream('dep-device-C1', [event(uuid)], { expectedRevision: 'no_stream' })).toMatchObject({ appended: 0 });
    const again = await store.appendToStream('dep-device-C1', [event(uuid), event(other)], { expectedRevision: 0 });
    expect(again).toMatchObject({ appended: 1, nextExpectedRevision: 1 });
    expect(ids(await toArray(store.readStream('dep-device-C1')))).toEqual([uuid, other]);
  });

  it('keeps ids as text in a file that held events before (schema 4): its rows and its idempotency stay as they were', async () => {
    const raw = new BetterSqlite3(path);
    raw.pragma('journal_mode = WAL');
    for (const step of schemaSteps.filter((s) => s.version <= 4)) raw.exec(step.sql);
    raw.pragma('user_version = 4');
    raw
      .prepare('INSERT INTO events (stream_name, revision, event_id, type, data, metadata) VALUES (?, ?, ?, ?, ?, ?)')
      .run(
        'dep-device-C1',
        0,
        uuid,
        'DeviceAssignedToServer.v1',
        '{"serial":"C1","tokenId":"t1"}',
        JSON.stringify({ ...event(uuid).metadata, eventId: undefined }),
      );
    raw.close();

    const store = open();
    expect(await store.appendToStream('dep-device-C1', [event(uuid)], { expectedRevision: 'no_stream' })).toMatchObject({ appended: 0 });
    expect(await store.appendToStream('dep-device-C1', [event(uuid), event(other)], { expectedRevision: 0 })).toMatchObject({
      appended: 1,
    });
    expect(storedIds(store)).toEqual([
      { form: 'text', length: 36 },
      { form: 'text', length: 36 },
    ]);
    for (const read of await everyRead(store)) expect(read).toEqual([uuid, other]);
    expect((await toArray(store.readStream('dep-device-C1')))[0]?.metadata).toEqual(event(uuid).metadata);
  });
});
