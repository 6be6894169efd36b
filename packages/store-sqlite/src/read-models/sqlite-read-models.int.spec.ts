import BetterSqlite3 from 'better-sqlite3';
import type { KeyedDocument, ReadModelStore } from '@depledger/projections';
import { createSqliteReadModelStore, openSqliteDatabase, type SqliteDatabase } from '../index';
import { tempDirectory } from '../testing/temp-directory';
import { documentPageSql } from './statements';

// What the contract does not pin down but the SQLite store promises: byte-order keys and literal
// prefixes as index ranges, lazy keyset pages, version numbers never reused, rows really dropped,
// typed errors for bad documents, a busy file and a closed database.

const toArray = async (items: AsyncIterable<KeyedDocument>): Promise<KeyedDocument[]> => {
  const all: KeyedDocument[] = [];
  for await (const item of items) all.push(item);
  return all;
};

describe('SQLite read-model store', () => {
  let directory: ReturnType<typeof tempDirectory>;
  let database: SqliteDatabase;
  let store: ReadModelStore;
  const count = (sql: string): number => database.connection.prepare(sql).pluck().get() as number;

  beforeEach(() => {
    directory = tempDirectory('read-models');
    database = openSqliteDatabase(directory.file('depledger.db'), { busyTimeoutMs: 100 });
    store = createSqliteReadModelStore(database, { pageSize: 2 });
  });
  afterEach(() => {
    database.close();
    directory.remove();
  });

  it('lists keys in UTF-8 byte order and takes a prefix literally, beyond ASCII too', async () => {
    const v = await store.createVersion('devices', 1);
    const keys = ['ÿ', 'ÿ/a', 'ÿ/😀', 'ÿ/😀/deep', 'ÿ0', 'ÿÿ', 'y', 'z', 'é', '😀', 'Ā'];
    await store.commit(v, { expectedCheckpoint: 0, checkpoint: 1, changes: keys.map((key) => ({ key, doc: key })) });
    const utf8Order = [...keys].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    expect((await toArray(store.list(v))).map((d) => d.key)).toEqual(utf8Order);
    expect((await toArray(store.list(v, { prefix: 'ÿ/' }))).map((d) => d.key)).toEqual(['ÿ/a', 'ÿ/😀', 'ÿ/😀/deep']);
    expect((await toArray(store.list(v, { prefix: 'ÿ' }))).map((d) => d.key)).toEqual(['ÿ', 'ÿ/a', 'ÿ/😀', 'ÿ/😀/deep', 'ÿ0', 'ÿÿ']);
    expect((await toArray(store.list(v, { prefix: '😀' }))).map((d) => d.key)).toEqual(['😀']);
  });

  it('reads pages as index ranges of the key index, never a scan of the version', () => {
    const plan = (sql: string, parameters: unknown[]) =>
      (database.connection.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...parameters) as { detail: string }[])
        .map((row) => row.detail)
        .join(' / ');
    // (the plan shows `key>?` for a `>=` bound too)
    for (const condition of ['>=', '>'] as const) {
      expect(plan(documentPageSql(condition, true), ['devices', 1, 'a', 'a', 10])).toBe(
        'SEARCH read_model_documents USING INDEX read_model_documents_key (name=? AND version=? AND key>? AND key<?)',
      );
      expect(plan(documentPageSql(condition, false), ['devices', 1, 'a', 10])).toBe(
        'SEARCH read_model_documents USING INDEX read_model_documents_key (name=? AND version=? AND key>?)',
      );
    }
  });

  it('reads a listing one page at a time: what is committed ahead of the cursor shows up', async () => {
    const v = await store.createVersion('devices', 1);
    await store.commit(v, { expectedCheckpoint: 0, checkpoint: 1, changes: ['a', 'b', 'c', 'd'].map((key) => ({ key, doc: key })) });
    const seen: string[] = [];
    for await (const { key } of store.list(v)) {
      seen.push(key);
      if (key === 'a')
        await store.commit(v, {
          expectedCheckpoint: 1,
          checkpoint: 2,
          changes: [
            { key: 'bb', doc: 'bb' },
            { key: 'd', doc: null },
          ],
        });
    }
    // page 1 ['a', 'b'] was read before the commit; the next pages after it
    expect(seen).toEqual(['a', 'b', 'bb', 'c']);
  });

  it('never reuses a version number, even after the newest version was discarded', async () => {
    await store.createVersion('devices', 1);
    const second = await store.createVersion('devices', 1);
    await store.discard(second);
    expect((await store.createVersion('devices', 1)).version).toBe(3);
  });

  it('deletes the rows of dropped versions, and of deleted documents', async () => {
    const v1 = await store.createVersion('devices', 1);
    await store.commit(v1, {
      expectedCheckpoint: 0,
      checkpoint: 2,
      changes: [
        { key: 'a', doc: 1 },
        { key: 'b', doc: 2 },
      ],
    });
    await store.switchTo(v1);
    const v2 = await store.createVersion('devices', 1);
    await store.commit(v2, { expectedCheckpoint: 0, checkpoint: 2, changes: [{ key: 'a', doc: 1 }] });
    const v3 = await store.createVersion('devices', 1);
    await store.commit(v3, { expectedCheckpoint: 0, checkpoint: 2, changes: [{ key: 'c', doc: 1 }] });
    await store.switchTo(v2);
    expect(count('SELECT count(*) FROM read_model_documents WHERE version = 1')).toBe(0);
    expect(count('SELECT count(*) FROM read_model_versions')).toBe(2);
    expect(count('SELECT count(*) FROM read_model_versions WHERE live = 1')).toBe(1);
    await store.discard(v3);
    await store.commit(v2, { expectedCheckpoint: 2, checkpoint: 3, changes: [{ key: 'a', doc: null }] });
    expect(count('SELECT count(*) FROM read_model_documents')).toBe(0);
    expect(count('SELECT count(*) FROM read_model_versions')).toBe(1);
  });

  it('treats discarding a version that does not exist as done', async () => {
    await expect(store.discard({ name: 'devices', version: 9 })).resolves.toBeUndefined();
  });

  it('refuses a document that is not JSON, naming its key and writing nothing', async () => {
    const v = await store.createVersion('devices', 1);
    const batch = {
      expectedCheckpoint: 0,
      checkpoint: 3,
      changes: [
        { key: 'ok', doc: { n: 1 } },
        { key: 'big', doc: { n: 10n } },
        { key: 'fn', doc: () => 1 },
      ],
    };
    const refused = store.commit(v, batch);
    await expect(refused).rejects.toMatchObject({
      code: 'READ_MODEL_DOCUMENT_INVALID',
      details: { issues: [expect.objectContaining({ key: 'big' }), expect.objectContaining({ key: 'fn' })] },
    });
    await expect(refused).rejects.toThrow(/document "big" is not JSON data/);
    expect(await store.checkpoint(v)).toBe(0);
    expect(await toArray(store.list(v))).toEqual([]);
  });

  it('says what happened when another connection holds the write lock past the busy timeout, writing nothing', async () => {
    const v = await store.createVersion('devices', 1);
    const other = new BetterSqlite3(database.path, { timeout: 0 });
    try {
      other.exec('BEGIN IMMEDIATE');
      await expect(store.commit(v, { expectedCheckpoint: 0, checkpoint: 1, changes: [{ key: 'a', doc: 1 }] })).rejects.toMatchObject({
        code: 'SQLITE_BUSY',
        message: expect.stringContaining('raise busyTimeoutMs'),
      });
      other.exec('ROLLBACK');
    } finally {
      other.close();
    }
    expect(await store.checkpoint(v)).toBe(0);
    await store.commit(v, { expectedCheckpoint: 0, checkpoint: 1, changes: [{ key: 'a', doc: 1 }] });
    expect(await store.checkpoint(v)).toBe(1);
  });

  it('refuses every call once the database is closed', async () => {
    const v = await store.createVersion('devices', 1);
    await store.commit(v, { expectedCheckpoint: 0, checkpoint: 1, changes: ['a', 'b', 'c'].map((key) => ({ key, doc: key })) });
    const listing = store.list(v)[Symbol.asyncIterator]();
    expect((await listing.next()).value).toEqual({ key: 'a', doc: 'a' });
    database.close();
    const closed = { code: 'SQLITE_STORE_CLOSED' };
    await expect(store.live('devices')).rejects.toMatchObject(closed);
    await expect(store.checkpoint(v)).rejects.toMatchObject(closed);
    await expect(store.getMany(v, ['a'])).rejects.toMatchObject(closed);
    await expect(store.commit(v, { expectedCheckpoint: 1, checkpoint: 2, changes: [] })).rejects.toMatchObject(closed);
    await expect(store.createVersion('devices', 1)).rejects.toMatchObject(closed);
    await expect(store.switchTo(v)).rejects.toMatchObject(closed);
    await expect(store.discard(v)).rejects.toMatchObject(closed);
    await expect(toArray(store.list(v))).rejects.toMatchObject(closed);
    // the listing had its first page; the next page is refused
    expect((await listing.next()).value).toEqual({ key: 'b', doc: 'b' });
    await expect(listing.next()).rejects.toMatchObject(closed);
  });
});
