/**
 * The contract every ReadModelStore (memory, SQLite) must pass. A store package calls
 * `describeReadModelStoreContract('its name', factory)` from one of its jest spec files.
 *
 * `factory` is called before each test and must return an empty store; `dispose` (optional) is
 * called after each test (close the database, remove temp files).
 *
 * A listing may or may not show what is committed while it is being read, but reading it must not
 * block or fail those commits (with better-sqlite3, read the rows before yielding them rather than
 * holding a statement iterator open across awaits).
 */
import fc from 'fast-check';
import { countDocuments, documentFieldValues, type CountedGroup, type KeyedDocument, type ReadModelStore } from '../src/index';

export type ReadModelStoreContractFactory = () => Promise<{ store: ReadModelStore; dispose?: () => Promise<void> }>;

const conflict = { code: 'READ_MODEL_CHECKPOINT_CONFLICT' };

const toArray = async (items: AsyncIterable<KeyedDocument>): Promise<KeyedDocument[]> => {
  const all: KeyedDocument[] = [];
  for await (const item of items) all.push(item);
  return all;
};

export const describeReadModelStoreContract = (name: string, factory: ReadModelStoreContractFactory): void => {
  describe(`ReadModelStore contract: ${name}`, () => {
    let store: ReadModelStore;
    let dispose: (() => Promise<void>) | undefined;

    beforeEach(async () => {
      ({ store, dispose } = await factory());
    });
    afterEach(async () => {
      await dispose?.();
    });

    describe('versions', () => {
      it('has no live version before one is switched to', async () => {
        expect(await store.live('devices')).toBeNull();
        await store.createVersion('devices', 1);
        expect(await store.live('devices')).toBeNull();
      });

      it('numbers versions upwards, starting empty at checkpoint 0', async () => {
        const first = await store.createVersion('devices', 1);
        const second = await store.createVersion('devices', 1);
        expect(first).toEqual({ name: 'devices', version: 1, projectionVersion: 1 });
        expect(second.version).toBeGreaterThan(first.version);
        expect(await store.checkpoint(second)).toBe(0);
        expect(await toArray(store.list(second))).toEqual([]);
      });

      it('keeps versions of different read models apart', async () => {
        const devices = await store.createVersion('devices', 1);
        const tokens = await store.createVersion('tokens', 3);
        expect(tokens).toEqual({ name: 'tokens', version: 1, projectionVersion: 3 });
        await store.commit(devices, { expectedCheckpoint: 0, checkpoint: 5, changes: [{ key: 'a', doc: { n: 1 } }] });
        expect(await store.checkpoint(tokens)).toBe(0);
        expect((await store.getMany(tokens, ['a'])).size).toBe(0);
      });

      it('serves the version switched to, with the projection version it was built with', async () => {
        const v1 = await store.createVersion('devices', 2);
        await store.switchTo(v1);
        expect(await store.live('devices')).toEqual({ name: 'devices', version: v1.version, projectionVersion: 2 });
      });

      it('drops older versions on a switch and keeps numbering above them', async () => {
        const v1 = await store.createVersion('devices', 1);
        await store.switchTo(v1);
        const v2 = await store.createVersion('devices', 1);
        await store.switchTo(v2);
        await expect(store.checkpoint(v1)).rejects.toMatchObject({ code: 'READ_MODEL_VERSION_UNKNOWN' });
        const v3 = await store.createVersion('devices', 1);
        expect(v3.version).toBeGreaterThan(v2.version);
      });

      it('discards a version that is not live, and refuses to discard the live one', async () => {
        const live = await store.createVersion('devices', 1);
        await store.switchTo(live);
        const abandoned = await store.createVersion('devices', 1);
        await store.discard(abandoned);
        await expect(store.checkpoint(abandoned)).rejects.toMatchObject({ code: 'READ_MODEL_VERSION_UNKNOWN' });
        await expect(store.discard(live)).rejects.toMatchObject({ code: 'READ_MODEL_VERSION_LIVE' });
        expect(await store.live('devices')).toMatchObject({ version: live.version });
      });

      it('refuses to work on a version that does not exist', async () => {
        const ghost = { name: 'devices', version: 42 };
        await expect(store.checkpoint(ghost)).rejects.toMatchObject({ code: 'READ_MODEL_VERSION_UNKNOWN' });
        await expect(store.commit(ghost, { expectedCheckpoint: 0, checkpoint: 1, changes: [] })).rejects.toMatchObject({
          code: 'READ_MODEL_VERSION_UNKNOWN',
        });
        await expect(store.switchTo(ghost)).rejects.toMatchObject({ code: 'READ_MODEL_VERSION_UNKNOWN' });
      });
    });

    describe('documents and checkpoints', () => {
      it('writes documents with the checkpoint and reads them back as written', async () => {
        const v = await store.createVersion('devices', 1);
        const doc = {
          serial: 'C02X1',
          status: 'not_contacted',
          profile: { uuid: null, version: 2 },
          tags: ['a', 'b'],
          since: '2026-01-05T09:00:00.000Z',
        };
        await store.commit(v, { expectedCheckpoint: 0, checkpoint: 7, changes: [{ key: 'C02X1', doc }] });
        expect(await store.checkpoint(v)).toBe(7);
        expect((await store.getMany(v, ['C02X1'])).get('C02X1')).toEqual(doc);
      });

      it('returns only the keys that have a document', async () => {
        const v = await store.createVersion('devices', 1);
        await store.commit(v, {
          expectedCheckpoint: 0,
          checkpoint: 2,
          changes: [
            { key: 'a', doc: 1 },
            { key: 'b', doc: 'two' },
          ],
        });
        const found = await store.getMany(v, ['a', 'missing', 'b']);
        expect([...found.entries()].sort()).toEqual([
          ['a', 1],
          ['b', 'two'],
        ]);
        expect((await store.getMany(v, [])).size).toBe(0);
      });

      it('finds every key of a large request, whatever characters the keys hold', async () => {
        const v = await store.createVersion('devices', 1);
        const odd = ['quo"te', 'back\\slash', "apo'strophe", 'Gérard', '日本', '📱 phone', '', ' spaced ', '[1,2]', 'a\nline'];
        const many = Array.from({ length: 1500 }, (_, i) => `F${String(i).padStart(11, '0')}`);
        const stored = [...odd, ...many.filter((_, i) => i % 2 === 0)];
        await store.commit(v, { expectedCheckpoint: 0, checkpoint: 1, changes: stored.map((key, i) => ({ key, doc: { i } })) });
        const found = await store.getMany(v, [...odd, ...many, 'missing"key']);
        expect(found.size).toBe(stored.length);
        stored.forEach((key, i) => expect(found.get(key)).toEqual({ i }));
        expect(found.has(many[1] as string)).toBe(false);
      });

      it('replaces and deletes documents (a null document deletes its key)', async () => {
        const v = await store.createVersion('devices', 1);
        await store.commit(v, {
          expectedCheckpoint: 0,
          checkpoint: 2,
          changes: [
            { key: 'a', doc: { n: 1 } },
            { key: 'b', doc: { n: 2 } },
          ],
        });
        await store.commit(v, {
          expectedCheckpoint: 2,
          checkpoint: 4,
          changes: [
            { key: 'a', doc: { n: 3 } },
            { key: 'b', doc: null },
            { key: 'never', doc: null },
          ],
        });
        expect(await toArray(store.list(v))).toEqual([{ key: 'a', doc: { n: 3 } }]);
      });

      it('lists documents in key order, optionally by key prefix', async () => {
        const v = await store.createVersion('sync-runs', 1);
        const keys = ['paris/run-2', 'lyon/run-1', 'paris/run-1', 'paris2/run-1'];
        await store.commit(v, { expectedCheckpoint: 0, checkpoint: 4, changes: keys.map((key) => ({ key, doc: { key } })) });
        expect((await toArray(store.list(v))).map((d) => d.key)).toEqual(['lyon/run-1', 'paris/run-1', 'paris/run-2', 'paris2/run-1']);
        expect((await toArray(store.list(v, { prefix: 'paris/' }))).map((d) => d.key)).toEqual(['paris/run-1', 'paris/run-2']);
        expect(await toArray(store.list(v, { prefix: 'nantes/' }))).toEqual([]);
      });

      it('lists from after a key (a keyset page), alone or with a prefix; the key itself need not exist', async () => {
        const v = await store.createVersion('devices', 1);
        const keys = ['C02A', 'C02B', 'C02C', 'DMP1', 'DMP2', 'F17A'];
        await store.commit(v, { expectedCheckpoint: 0, checkpoint: 1, changes: keys.map((key) => ({ key, doc: key })) });
        expect((await toArray(store.list(v, { after: 'C02B' }))).map((d) => d.key)).toEqual(['C02C', 'DMP1', 'DMP2', 'F17A']);
        expect((await toArray(store.list(v, { after: 'C02BZ' }))).map((d) => d.key)).toEqual(['C02C', 'DMP1', 'DMP2', 'F17A']);
        expect((await toArray(store.list(v, { after: 'DMP1', prefix: 'DMP' }))).map((d) => d.key)).toEqual(['DMP2']);
        expect((await toArray(store.list(v, { after: 'A', prefix: 'C02' }))).map((d) => d.key)).toEqual(['C02A', 'C02B', 'C02C']);
        expect(await toArray(store.list(v, { after: 'F17A' }))).toEqual([]);
        // a batch size is a hint on how much is read at a time: the listing still goes to the end
        expect((await toArray(store.list(v, { after: 'C02A', batchSize: 2 }))).map((d) => d.key)).toEqual(keys.slice(1));
        expect((await toArray(store.list(v, { batchSize: 1, prefix: 'DMP' }))).map((d) => d.key)).toEqual(['DMP1', 'DMP2']);
      });

      it('treats a prefix literally, wildcard characters included', async () => {
        const v = await store.createVersion('runs', 1);
        const keys = ['tok_1/a', 'tokX1/b', 'tok%1/c', 'tok%Z/d', 'été/e'];
        await store.commit(v, { expectedCheckpoint: 0, checkpoint: 1, changes: keys.map((key) => ({ key, doc: key })) });
        expect((await toArray(store.list(v, { prefix: 'tok_1/' }))).map((d) => d.key)).toEqual(['tok_1/a']);
        expect((await toArray(store.list(v, { prefix: 'tok%' }))).map((d) => d.key)).toEqual(['tok%1/c', 'tok%Z/d']);
        expect((await toArray(store.list(v, { prefix: 'été/' }))).map((d) => d.key)).toEqual(['été/e']);
      });

      it('keeps JSON documents exactly: nested objects, nulls, numbers, accented text', async () => {
        const v = await store.createVersion('devices', 1);
        const doc = {
          label: 'Non contacté',
          since: null,
          counts: { a: 0, b: 1.5, c: -2 },
          flags: [true, false, null],
          empty: {},
          list: [],
        };
        await store.commit(v, { expectedCheckpoint: 0, checkpoint: 1, changes: [{ key: 'k', doc }] });
        expect((await store.getMany(v, ['k'])).get('k')).toEqual(doc);
      });

      it('reads and writes large batches in one go', async () => {
        const v = await store.createVersion('devices', 1);
        const changes = Array.from({ length: 2500 }, (_, i) => ({ key: `SERIAL${String(i).padStart(6, '0')}`, doc: { i } }));
        await store.commit(v, { expectedCheckpoint: 0, checkpoint: 2500, changes });
        const found = await store.getMany(
          v,
          changes.map((c) => c.key),
        );
        expect(found.size).toBe(2500);
        expect(found.get('SERIAL002499')).toEqual({ i: 2499 });
        expect((await toArray(store.list(v))).length).toBe(2500);
      });

      it('lets writes go on while a listing is being read', async () => {
        const v = await store.createVersion('devices', 1);
        await store.commit(v, {
          expectedCheckpoint: 0,
          checkpoint: 1,
          changes: [
            { key: 'a', doc: 1 },
            { key: 'b', doc: 2 },
            { key: 'c', doc: 3 },
          ],
        });
        const seen: string[] = [];
        for await (const { key } of store.list(v)) {
          seen.push(key);
          if (key === 'a') await store.commit(v, { expectedCheckpoint: 1, checkpoint: 2, changes: [{ key: 'z', doc: 26 }] });
        }
        expect(seen.slice(0, 3)).toEqual(['a', 'b', 'c']);
        expect(await store.checkpoint(v)).toBe(2);
      });

      it('moves the checkpoint with an empty batch', async () => {
        const v = await store.createVersion('devices', 1);
        await store.commit(v, { expectedCheckpoint: 0, checkpoint: 10, changes: [] });
        expect(await store.checkpoint(v)).toBe(10);
      });

      it('refuses, writing nothing, a batch that does not start at the stored checkpoint', async () => {
        const v = await store.createVersion('devices', 1);
        await store.commit(v, { expectedCheckpoint: 0, checkpoint: 5, changes: [{ key: 'a', doc: 1 }] });
        await expect(
          store.commit(v, {
            expectedCheckpoint: 3,
            checkpoint: 8,
            changes: [
              { key: 'a', doc: 2 },
              { key: 'b', doc: 2 },
            ],
          }),
        ).rejects.toMatchObject(conflict);
        expect(await store.checkpoint(v)).toBe(5);
        expect(await toArray(store.list(v))).toEqual([{ key: 'a', doc: 1 }]);
      });

      it('refuses to move a checkpoint backwards', async () => {
        const v = await store.createVersion('devices', 1);
        await store.commit(v, { expectedCheckpoint: 0, checkpoint: 5, changes: [] });
        await expect(store.commit(v, { expectedCheckpoint: 5, checkpoint: 4, changes: [{ key: 'a', doc: 1 }] })).rejects.toMatchObject(
          conflict,
        );
        expect(await store.checkpoint(v)).toBe(5);
        expect((await store.getMany(v, ['a'])).size).toBe(0);
      });

      it('keeps what readers see on the live version while a new version is written', async () => {
        const v1 = await store.createVersion('devices', 1);
        await store.commit(v1, { expectedCheckpoint: 0, checkpoint: 3, changes: [{ key: 'a', doc: 'old' }] });
        await store.switchTo(v1);
        const v2 = await store.createVersion('devices', 1);
        await store.commit(v2, { expectedCheckpoint: 0, checkpoint: 3, changes: [{ key: 'a', doc: 'new' }] });
        const live = await store.live('devices');
        expect(live?.version).toBe(v1.version);
        expect((await store.getMany(v1, ['a'])).get('a')).toBe('old');
        await store.switchTo(v2);
        const after = await store.live('devices');
        expect(after?.version).toBe(v2.version);
        expect((await store.getMany(v2, ['a'])).get('a')).toBe('new');
      });
    });

    describe('counting documents by fields', () => {
      // the reference: each field's value where it is a string, null otherwise
      const expectedCounts = (docs: readonly unknown[], fields: readonly string[]): string[] => {
        const counts = new Map<string, number>();
        for (const doc of docs) {
          const values = fields.map((field) => {
            let value: unknown = doc;
            for (const name of field.split('.'))
              value =
                value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>)[name] : undefined;
            return typeof value === 'string' ? value : null;
          });
          const id = JSON.stringify(values);
          counts.set(id, (counts.get(id) ?? 0) + 1);
        }
        return [...counts].map(([values, count]) => `${values}×${count}`).sort();
      };
      const shown = (groups: readonly CountedGroup[]) => groups.map((g) => `${JSON.stringify(g.values)}×${g.count}`).sort();
      const value = fc.oneof(fc.constantFrom('a', 'b', 'é', ''), fc.constant(null), fc.integer({ min: 0, max: 2 }), fc.boolean());
      const doc = fc.record(
        { status: value, token: value, assignment: fc.oneof(fc.constant(null), fc.record({ state: value }, { requiredKeys: [] })) },
        { requiredKeys: [] },
      );

      it('counts each combination of values at the fields, strings as themselves and anything else as null', async () => {
        let round = 0;
        await fc.assert(
          fc.asyncProperty(fc.array(doc, { maxLength: 30 }), async (docs) => {
            const v = await store.createVersion(`counted-${round++}`, 1);
            const changes = docs.map((d, i) => ({ key: `k${i}`, doc: d }));
            await store.commit(v, { expectedCheckpoint: 0, checkpoint: 1, changes });
            for (const fields of [['status'], ['token', 'status'], ['token', 'status', 'assignment.state']]) {
              expect(shown(await countDocuments(store, v, fields))).toEqual(expectedCounts(docs, fields));
            }
          }),
          { numRuns: 25 },
        );
      });

      it('reads each document’s values at the fields as countBy counts them (documentFieldValues, fieldValues where offered)', async () => {
        let round = 0;
        await fc.assert(
          fc.asyncProperty(fc.array(doc, { maxLength: 30 }), async (docs) => {
            const v = await store.createVersion(`read-${round++}`, 1);
            const changes = docs.map((d, i) => ({ key: `k${i}`, doc: d }));
            await store.commit(v, { expectedCheckpoint: 0, checkpoint: 1, changes });
            const fields = ['token', 'status', 'assignment.state'];
            const byKey = new Map<string, readonly (string | null)[]>();
            await documentFieldValues(store, v, fields, (key, values) => byKey.set(key, values));
            expect(byKey.size).toBe(docs.length);
            docs.forEach((d, i) => {
              // one document is one group of the counting reference
              expect([`${JSON.stringify(byKey.get(`k${i}`))}×1`]).toEqual(expectedCounts([d], fields));
            });
          }),
          { numRuns: 25 },
        );
        await expect(documentFieldValues(store, { name: 'devices', version: 99 }, ['status'], () => undefined)).rejects.toMatchObject({
          code: 'READ_MODEL_VERSION_UNKNOWN',
        });
        // a visitor that throws ends the scan with its error
        const v = await store.createVersion('read-stop', 1);
        await store.commit(v, {
          expectedCheckpoint: 0,
          checkpoint: 1,
          changes: [
            { key: 'a', doc: { status: 'x' } },
            { key: 'b', doc: { status: 'y' } },
          ],
        });
        const stop = new Error('enough');
        let visited = 0;
        await expect(
          documentFieldValues(store, v, ['status'], () => {
            visited++;
            throw stop;
          }),
        ).rejects.toBe(stop);
        expect(visited).toBe(1);
      });

      it('counts only the version asked, refuses a version that does not exist and a field that is not a path', async () => {
        const v1 = await store.createVersion('devices', 1);
        const v2 = await store.createVersion('devices', 1);
        await store.commit(v1, { expectedCheckpoint: 0, checkpoint: 1, changes: [{ key: 'a', doc: { status: 'x' } }] });
        await store.commit(v2, {
          expectedCheckpoint: 0,
          checkpoint: 1,
          changes: [
            { key: 'a', doc: { status: 'y' } },
            { key: 'b', doc: { status: 'y' } },
          ],
        });
        expect(await countDocuments(store, v2, ['status'])).toEqual([{ values: ['y'], count: 2 }]);
        await expect(countDocuments(store, { name: 'devices', version: 99 }, ['status'])).rejects.toMatchObject({
          code: 'READ_MODEL_VERSION_UNKNOWN',
        });
        await expect(countDocuments(store, v1, ["status') --"])).rejects.toMatchObject({ code: 'INVALID_INPUT' });
        await expect(countDocuments(store, v1, [])).rejects.toMatchObject({ code: 'INVALID_INPUT' });
      });
    });
  });
};
