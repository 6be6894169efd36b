import fc from 'fast-check';
import type { EventStore } from '../index';
import { createSyncFixture, deviceState, TOKEN, type SyncFixture } from './testing/sync-fixture';

/**
 * Property: whatever Apple's feed (duplicates, out-of-order op_date, deletes, re-adds) and wherever
 * the store fails, syncing until a run completes leaves the devices as an uninterrupted sync does,
 * with the same device events: none missing, none doubled.
 */
const SERIALS = ['SER00001', 'SER00002', 'SER00003', 'SER00004'] as const;
const COLORS = ['SILVER', 'GOLD', 'BLUE'] as const;

type Change = Readonly<{
  serial: (typeof SERIALS)[number];
  op: 'added' | 'modified' | 'deleted';
  second: number;
  color: (typeof COLORS)[number];
}>;

const changeArb = fc.record({
  serial: fc.constantFrom(...SERIALS),
  op: fc.constantFrom('added' as const, 'modified' as const, 'deleted' as const),
  second: fc.integer({ min: 0, max: 30 }),
  color: fc.constantFrom(...COLORS),
});

/** A store whose appends throw once at each of the given append numbers (counted from 1). */
const failingAt = (store: EventStore, failures: ReadonlySet<number>): EventStore => {
  let appends = 0;
  return {
    ...store,
    appendToStream: async (name, events, options) => {
      appends += 1;
      if (failures.has(appends)) throw new Error(`injected failure at append ${appends}`);
      return store.appendToStream(name, events, options);
    },
  };
};

const feed = (f: SyncFixture, initial: readonly string[], changes: readonly Change[]) => {
  f.gateway.seed(...initial);
  // Apple's changes happen after the first sync, whenever that ended on the (possibly moved) clock.
  return () => {
    const base = f.clock.now().getTime() + 60_000;
    for (const c of changes) f.gateway.change(c.serial, c.op, new Date(base + c.second * 1000).toISOString(), { color: c.color });
    f.clock.advance(120_000);
  };
};

/** Runs until a run completes; a run left running by a failure that could not be recorded is waited out. */
const syncUntilDone = async (f: SyncFixture, store: EventStore, kind: 'full' | 'incremental') => {
  const engine = f.withEngine({ store });
  for (let attempt = 0; attempt < 40; attempt++) {
    const result = await engine.run(TOKEN, { kind, trigger: 'schedule' }).catch(() => null);
    if (result?.status === 'completed') return;
    if (result === null || result.status === 'refused') f.clock.advance(11 * 60 * 1000);
  }
  throw new Error('sync never completed');
};

const deviceEventTypes = async (store: EventStore): Promise<string[]> => {
  const out: string[] = [];
  for await (const e of store.readAll({ streamPrefixes: ['dep-device-'] })) out.push(`${e.streamName} ${e.type}`);
  return out.sort();
};

const finalStates = async (store: EventStore) =>
  Promise.all(
    SERIALS.map(async (serial) => {
      const state = await deviceState(store, serial);
      return state.status === 'unknown' ? { serial, status: 'unknown' } : { serial, status: state.status, color: state.details.color };
    }),
  );

describe('sync engine: crashes anywhere change nothing (property)', () => {
  it('ends with the devices and device events of an uninterrupted sync', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.subarray([...SERIALS]),
        fc.array(changeArb, { maxLength: 14 }),
        fc.integer({ min: 1, max: 4 }),
        fc.uniqueArray(fc.integer({ min: 1, max: 40 }), { maxLength: 6 }),
        async (initial, changes, pageLimit, failures) => {
          const reference = await createSyncFixture({ pageLimit });
          const addChanges = feed(reference, initial, changes);
          await syncUntilDone(reference, reference.store, 'full');
          addChanges();
          await syncUntilDone(reference, reference.store, 'incremental');

          const crashing = await createSyncFixture({ pageLimit });
          const addChangesToo = feed(crashing, initial, changes);
          const store = failingAt(crashing.store, new Set(failures));
          await syncUntilDone(crashing, store, 'full');
          addChangesToo();
          await syncUntilDone(crashing, store, 'incremental');

          expect(await finalStates(crashing.store)).toEqual(await finalStates(reference.store));
          expect(await deviceEventTypes(crashing.store)).toEqual(await deviceEventTypes(reference.store));
        },
      ),
      { numRuns: 60 },
    );
  });
});
