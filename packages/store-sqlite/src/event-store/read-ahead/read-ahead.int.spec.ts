import { renameSync } from 'node:fs';
import type { StoredEvent, StoredEventInput } from '@depledger/core';
import { createSqliteEventStore, openSqliteDatabase, type SqliteEventStore, type SqliteEventStoreTuning } from '../../index';
import { tempDirectory } from '../../testing/temp-directory';

// Reading the global log ahead on a worker thread: what a caller reading page after page gets must
// be exactly what it would read itself, whatever the rows hold, and a failing worker must only cost speed.

const event = (id: string, data: unknown): StoredEventInput => ({
  type: 'DeviceDetailsChanged.v1',
  data,
  metadata: { eventId: id, occurredAt: '2026-03-01T08:00:00.000Z', actor: 'admin:é', correlationId: 'c', causationId: null, tokenId: 't1' },
});

/** Texts that would break a page spliced together carelessly: quotes, brackets, escapes, astral characters. */
const awkward = ['plain', 'Non contacté — 端末 🍏', '"],[1,"x",0,"T",{},{}]', '\\"\\\\', 'line\nbreak\u2028\u0000', '{"not":"an object"}'];

/** `devices` device streams of 3 events and a profile stream after every 10th device. */
const fill = async (store: SqliteEventStore, devices: number): Promise<void> => {
  for (let d = 0; d < devices; d += 50) {
    const writes = [];
    for (let i = d; i < Math.min(devices, d + 50); i++) {
      const text = awkward[i % awkward.length];
      writes.push({
        streamName: `dep-device-S${i}`,
        events: [0, 1, 2].map((n) => event(`S${i}-${n}`, { serial: `S${i}`, text, n, nested: { list: [i, null, { deep: text }] } })),
        expectedRevision: 'no_stream' as const,
      });
      if (i % 10 === 9)
        writes.push({
          streamName: `dep-profile-P${i}`,
          events: [event(`P${i}`, { profile: text })],
          expectedRevision: 'no_stream' as const,
        });
    }
    await store.appendToStreams!(writes);
  }
};

/** Every page from `after` to the end, each continuing where the last ended (a catch-up's reads). */
const readPageAfterPage = async (store: SqliteEventStore, pageSize: number, prefixes?: string[]): Promise<StoredEvent[]> => {
  const read: StoredEvent[] = [];
  let after = 0;
  for (;;) {
    const page = await store.readAllPage!({ after, maxCount: pageSize, ...(prefixes ? { streamPrefixes: prefixes } : {}) });
    read.push(...page);
    if (page.length < pageSize) return read;
    after = page[page.length - 1]!.position;
  }
};

describe('SQLite event store: reading ahead', () => {
  let directory: ReturnType<typeof tempDirectory>;
  let path: string;
  const stores: SqliteEventStore[] = [];
  const open = (tuning: SqliteEventStoreTuning = {}): SqliteEventStore => {
    const store = createSqliteEventStore({ path, ...tuning });
    stores.push(store);
    return store;
  };

  beforeEach(() => {
    directory = tempDirectory('read-ahead');
    path = directory.file('depledger.db');
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    for (const store of stores.splice(0)) await store.close();
    directory.remove();
  });

  it('serves a catch-up page after page from the worker, exactly as the calling thread reads them', async () => {
    const store = open();
    await fill(store, 1200);
    const reference = open({ readAhead: false });
    expect(store.readAheadStatus()).toEqual({ state: 'idle', pagesReadAhead: 0, pagesWaiting: 0, failure: null });

    for (const prefixes of [undefined, ['dep-device-'], ['dep-profile-', 'dep-device-S1']]) {
      const before = store.readAheadStatus().pagesReadAhead;
      const ahead = await readPageAfterPage(store, 256, prefixes);
      expect(ahead).toEqual(await readPageAfterPage(reference, 256, prefixes));
      expect(ahead).toEqual(
        await (async () => {
          const all: StoredEvent[] = [];
          for await (const e of reference.readAll(prefixes ? { streamPrefixes: prefixes } : {})) all.push(e);
          return all;
        })(),
      );
      // the first two pages are the caller's own; the worker serves the full pages after them
      if (ahead.length >= 4 * 256) expect(store.readAheadStatus().pagesReadAhead - before).toBeGreaterThan(0);
    }
    expect(store.readAheadStatus().pagesReadAhead).toBeGreaterThan(10);
    expect(reference.readAheadStatus()).toEqual({ state: 'off', pagesReadAhead: 0, pagesWaiting: 0, failure: null });
  });

  it('reads again a page that was the end of the log when the worker read it: it may have grown since', async () => {
    const store = open({ readAheadMinPageSize: 10 });
    await fill(store, 100); // 310 events: 31 full pages of 10, then an empty one
    const reference = open({ readAhead: false });
    await store.readAllPage!({ after: 0, maxCount: 10 });
    await store.readAllPage!({ after: 10, maxCount: 10 });
    const third = await store.readAllPage!({ after: 20, maxCount: 10 });
    expect(third.map((e) => e.position)).toEqual(Array.from({ length: 10 }, (_, i) => i + 21));
    // the worker goes on as far as it may (4 pages waiting), then the caller reads on to the end
    // jest's timeout is the only limit on these waits: the worker gets there however busy the machine.
    while (store.readAheadStatus().pagesWaiting < 4) await new Promise((resolve) => setTimeout(resolve, 2));
    expect(store.readAheadStatus()).toMatchObject({ state: 'reading', pagesWaiting: 4 });
    let after = 30;
    while (after < 300) after = (await store.readAllPage!({ after, maxCount: 10 })).at(-1)!.position;
    // by now the worker has read position 310 as the last row of the log; 15 events are appended after it
    while (store.readAheadStatus().pagesWaiting < 2) await new Promise((resolve) => setTimeout(resolve, 2));
    await store.appendToStream(
      'dep-device-late',
      Array.from({ length: 15 }, (_, i) => event(`late-${i}`, { i })),
      { expectedRevision: 'no_stream' },
    );
    const last = await store.readAllPage!({ after: 300, maxCount: 10 });
    const next = await store.readAllPage!({ after: 310, maxCount: 10 });
    expect([...last, ...next]).toEqual(await reference.readAllPage!({ after: 300, maxCount: 20 }));
    expect(next.map((e) => e.streamName)).toEqual(Array.from({ length: 10 }, () => 'dep-device-late'));
  });

  it('gives events of any size, in chunks the worker sizes by the bytes it saw last', async () => {
    const store = open({ readAheadMinPageSize: 10 });
    const reference = open({ readAhead: false });
    // small events, then events of 200 KiB (larger than a chunk), then small ones again
    const sizes = [
      ...Array.from({ length: 60 }, () => 10),
      ...Array.from({ length: 40 }, (_, i) => 200_000 + i),
      ...Array.from({ length: 60 }, () => 30),
    ];
    for (const [i, size] of sizes.entries()) {
      await store.appendToStream(`dep-device-B${i}`, [event(`B${i}`, { blob: 'é🍏'.repeat(Math.ceil(size / 3)).slice(0, size), i })], {
        expectedRevision: 'no_stream',
      });
    }
    const ahead = await readPageAfterPage(store, 10);
    expect(ahead).toEqual(await readPageAfterPage(reference, 10));
    expect(ahead.map((e) => (e.data as { i: number }).i)).toEqual(sizes.map((_, i) => i));
    expect(store.readAheadStatus().pagesReadAhead).toBeGreaterThan(8);
  });

  it('gives each of several callers its own page while a sequence is being read ahead', async () => {
    const store = open({ readAheadMinPageSize: 10 });
    await fill(store, 100);
    const reference = open({ readAhead: false });
    const pageAt = (target: SqliteEventStore, after: number) => target.readAllPage!({ after, maxCount: 10 });
    await pageAt(store, 0);
    await pageAt(store, 10);
    expect(store.readAheadStatus().state).toBe('reading');
    // the same page asked twice at once, and other pages asked in between, each get what they asked for
    const asked = [20, 20, 150, 30, 0, 40, 40];
    const got = await Promise.all(asked.map((after) => pageAt(store, after)));
    for (const [i, after] of asked.entries()) expect(got[i]).toEqual(await pageAt(reference, after));
  });

  it('reads small pages on the calling thread, and never reads ahead for an in-memory database', async () => {
    const store = open();
    await fill(store, 300);
    expect((await readPageAfterPage(store, 100)).length).toBe(930);
    expect(store.readAheadStatus()).toMatchObject({ state: 'idle', pagesReadAhead: 0 });

    const database = openSqliteDatabase(':memory:');
    const inMemory = createSqliteEventStore({ database, readAheadMinPageSize: 1 });
    try {
      await fill(inMemory as SqliteEventStore, 30);
      expect((await readPageAfterPage(inMemory, 5)).length).toBe(93);
      expect(inMemory.readAheadStatus()).toEqual({ state: 'off', pagesReadAhead: 0, pagesWaiting: 0, failure: null });
    } finally {
      await inMemory.close();
      database.close();
    }
  });

  it('reads a page whose rows are not JSON on the calling thread, so it fails as it would without reading ahead', async () => {
    const store = open({ readAheadMinPageSize: 10 });
    await fill(store, 100);
    // a row damaged behind the store's back, far enough on for the worker to be reading by then
    store.database.connection.prepare('UPDATE events SET data = ? WHERE position = 250').run('{"serial": "S83", oops');
    const reference = open({ readAhead: false, readAheadMinPageSize: 10 });
    const failure = await readPageAfterPage(reference, 10).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(SyntaxError);
    await expect(readPageAfterPage(store, 10)).rejects.toEqual(failure);
    expect(store.readAheadStatus().pagesReadAhead).toBeGreaterThan(0);

    // data spliced to look like more rows is refused by the worker's check, not taken as rows
    store.database.connection.prepare('UPDATE events SET data = ? WHERE position = 250').run('{"a":1}],[999,"dep-device-X",0,"T",{},{}');
    const spliced = await readPageAfterPage(reference, 10).catch((error: unknown) => error);
    expect(spliced).toBeInstanceOf(SyntaxError);
    await expect(readPageAfterPage(store, 10)).rejects.toEqual(spliced);
  });

  it('goes on reading on the calling thread when the worker cannot read, and says why', async () => {
    const store = open({ readAheadMinPageSize: 10 });
    await fill(store, 100);
    const warnings = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    // the store keeps its open file; the worker, opening the path, finds nothing there
    renameSync(path, directory.file('moved.db'));
    const read = await readPageAfterPage(store, 10);
    expect(read.map((e) => e.position)).toEqual(Array.from({ length: 310 }, (_, i) => i + 1));
    expect(store.readAheadStatus()).toMatchObject({ state: 'failed', pagesReadAhead: 0 });
    expect(store.readAheadStatus().failure).toMatch(/worker/);
    expect(warnings).toHaveBeenCalledWith(
      expect.stringContaining('reads go on on the calling thread'),
      expect.objectContaining({ code: 'DEPLEDGER_SQLITE_READ_AHEAD' }),
    );
    expect(await readPageAfterPage(store, 10)).toEqual(read);
  });

  it('refuses to read once closed, even with pages read ahead and not yet taken', async () => {
    const store = createSqliteEventStore({ path, readAheadMinPageSize: 10 });
    await fill(store, 100);
    await store.readAllPage!({ after: 0, maxCount: 10 });
    const second = await store.readAllPage!({ after: 10, maxCount: 10 });
    expect(second.map((e) => e.position)).toEqual(Array.from({ length: 10 }, (_, i) => i + 11));
    expect(store.readAheadStatus().state).toBe('reading');
    await store.close();
    await expect(store.readAllPage!({ after: 20, maxCount: 10 })).rejects.toMatchObject({ code: 'SQLITE_STORE_CLOSED' });
  });
});
