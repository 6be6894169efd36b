import BetterSqlite3 from 'better-sqlite3';
import type { KeyedDocument } from '@depledger/projections';
import { latestSchemaVersion, openSqliteStore, type OpenSqliteStoreOptions } from '../index';
import { schemaSteps } from '../database/schema';
import { tempDirectory } from '../testing/temp-directory';

// The read models live in the file: they survive a restart, two connections share them safely,
// and a file written by schema version 1 (events and vault, no read models) upgrades in place.

const toArray = async (items: AsyncIterable<KeyedDocument>): Promise<KeyedDocument[]> => {
  const all: KeyedDocument[] = [];
  for await (const item of items) all.push(item);
  return all;
};

const vaultKey = Buffer.alloc(32, 7);

describe('read models in the SQLite file', () => {
  let directory: ReturnType<typeof tempDirectory>;
  let options: OpenSqliteStoreOptions;
  const opened: { close(): Promise<void> }[] = [];
  const open = () => {
    const store = openSqliteStore(options);
    opened.push(store);
    return store;
  };

  beforeEach(() => {
    directory = tempDirectory('read-models-file');
    options = { path: directory.file('depledger.db'), vaultKey };
  });
  afterEach(async () => {
    for (const store of opened.splice(0)) await store.close();
    directory.remove();
  });

  it('keeps documents, checkpoints and the live version across a restart', async () => {
    const first = open();
    const live = await first.readModels.createVersion('device-status', 3);
    await first.readModels.commit(live, {
      expectedCheckpoint: 0,
      checkpoint: 41,
      changes: [
        { key: 'C02A', doc: { status: 'enrolled', label: 'Inscrit' } },
        { key: 'C02B', doc: { status: 'assigned' } },
      ],
    });
    await first.readModels.switchTo(live);
    const building = await first.readModels.createVersion('device-status', 4);
    await first.readModels.commit(building, {
      expectedCheckpoint: 0,
      checkpoint: 12,
      changes: [{ key: 'C02A', doc: { status: 'pushed' } }],
    });
    await first.close();

    const second = open();
    expect(await second.readModels.live('device-status')).toEqual({ name: 'device-status', version: live.version, projectionVersion: 3 });
    expect(await second.readModels.checkpoint(live)).toBe(41);
    expect(await toArray(second.readModels.list(live))).toEqual([
      { key: 'C02A', doc: { status: 'enrolled', label: 'Inscrit' } },
      { key: 'C02B', doc: { status: 'assigned' } },
    ]);
    expect(await second.readModels.checkpoint(building)).toBe(12);
    expect((await second.readModels.getMany(building, ['C02A'])).get('C02A')).toEqual({ status: 'pushed' });
    expect((await second.readModels.createVersion('device-status', 4)).version).toBe(building.version + 1);
  });

  it('lets exactly one of two connections move a checkpoint from the same position', async () => {
    const [a, b] = [open(), open()];
    const version = await a.readModels.createVersion('device-status', 1);
    await a.readModels.commit(version, { expectedCheckpoint: 0, checkpoint: 10, changes: [{ key: 'C02A', doc: { by: 'start' } }] });

    const outcomes = await Promise.allSettled([
      a.readModels.commit(version, {
        expectedCheckpoint: 10,
        checkpoint: 20,
        changes: [
          { key: 'C02A', doc: { by: 'a' } },
          { key: 'C02X', doc: { by: 'a' } },
        ],
      }),
      b.readModels.commit(version, {
        expectedCheckpoint: 10,
        checkpoint: 25,
        changes: [
          { key: 'C02A', doc: { by: 'b' } },
          { key: 'C02Y', doc: { by: 'b' } },
        ],
      }),
    ]);
    const won = outcomes.filter((o) => o.status === 'fulfilled');
    const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0]?.reason).toMatchObject({ code: 'READ_MODEL_CHECKPOINT_CONFLICT', details: { expected: 10 } });

    const winner = outcomes[0]?.status === 'fulfilled' ? 'a' : 'b';
    for (const reader of [a, b]) {
      expect(await reader.readModels.checkpoint(version)).toBe(winner === 'a' ? 20 : 25);
      expect(await toArray(reader.readModels.list(version))).toEqual([
        { key: 'C02A', doc: { by: winner } },
        { key: winner === 'a' ? 'C02X' : 'C02Y', doc: { by: winner } },
      ]);
    }
  });

  it('sees what the other connection switched to and dropped', async () => {
    const [a, b] = [open(), open()];
    const v1 = await a.readModels.createVersion('fleet', 1);
    await a.readModels.switchTo(v1);
    const v2 = await b.readModels.createVersion('fleet', 2);
    expect(v2.version).toBe(v1.version + 1);
    await b.readModels.switchTo(v2);
    expect(await a.readModels.live('fleet')).toEqual({ name: 'fleet', version: v2.version, projectionVersion: 2 });
    await expect(a.readModels.checkpoint(v1)).rejects.toMatchObject({ code: 'READ_MODEL_VERSION_UNKNOWN' });
    await expect(a.readModels.discard(v2)).rejects.toMatchObject({ code: 'READ_MODEL_VERSION_LIVE' });
  });

  it('upgrades a schema version 1 file in place, keeping its events and vault', async () => {
    const v1 = schemaSteps.find((step) => step.version === 1);
    if (!v1) throw new Error('schema step 1 is missing');
    const raw = new BetterSqlite3(options.path);
    raw.pragma('journal_mode = WAL');
    raw.exec(v1.sql);
    raw.pragma('user_version = 1');
    raw
      .prepare('INSERT INTO events (stream_name, revision, event_id, type, data, metadata) VALUES (?, ?, ?, ?, ?, ?)')
      .run(
        'dep-device-C02A',
        0,
        'e-1',
        'DeviceEnrolled.v1',
        '{"serial":"C02A"}',
        '{"eventId":"e-1","occurredAt":"2026-01-05T09:00:00.000Z"}',
      );
    raw.close();

    const store = open();
    expect(store.database.schemaVersion).toBe(latestSchemaVersion);
    expect(latestSchemaVersion).toBe(6);
    expect(store.database.connection.pragma('user_version', { simple: true })).toBe(6);
    const events = [];
    for await (const event of store.events.readAll()) events.push(event);
    expect(events).toMatchObject([{ position: 1, streamName: 'dep-device-C02A', type: 'DeviceEnrolled.v1', data: { serial: 'C02A' } }]);
    const ref = await store.vault.putSecret('oauth-secrets', 'consumer-secret');
    expect(await store.vault.reveal(ref)).toBe('consumer-secret');

    const version = await store.readModels.createVersion('device-status', 1);
    await store.readModels.commit(version, {
      expectedCheckpoint: 0,
      checkpoint: 1,
      changes: [{ key: 'C02A', doc: { status: 'enrolled' } }],
    });
    await store.readModels.switchTo(version);
    await store.close();

    const reopened = open();
    expect(reopened.database.schemaVersion).toBe(latestSchemaVersion);
    expect(await reopened.readModels.checkpoint(version)).toBe(1);
    expect(await reopened.readModels.live('device-status')).toMatchObject({ version: version.version });
  });
});
