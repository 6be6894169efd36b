import { join } from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import BetterSqlite3 from 'better-sqlite3';
import { deviceStream } from '@depledger/core';
import { createSqliteEventStore } from '@depledger/store-sqlite';

/** One device's stream holds every sample event: the figures measure one long stream. */
const figuresStream = deviceStream('figures');
import { sampleDeviceEvents } from './sample-events';

export type ThroughputOptions = Readonly<{
  /** @defaultValue 100000 */
  events?: number;
  /** Events per append call (one transaction each). @defaultValue 1000 */
  batchSize?: number;
  /** Each figure is the best of this many runs, each on a fresh file. @defaultValue 3 */
  rounds?: number;
  /** Where the temporary databases go. @defaultValue the OS temp directory */
  directory?: string;
}>;

/** Events per second: the store's, and the bare better-sqlite3 loop's on the same data. */
export type ThroughputFigures = Readonly<{
  events: number;
  batchSize: number;
  /** `bareWithIndexes`: the bare loop into a table with the store's two unique indexes (what correctness costs). */
  append: Readonly<{ store: number; bare: number; bareWithIndexes: number }>;
  readAndDecode: Readonly<{ store: number; bare: number }>;
}>;

const perSecond = (events: number, startedAt: bigint): number => Math.round(events / (Number(process.hrtime.bigint() - startedAt) / 1e9));

const measureStore = async (file: string, events: ReturnType<typeof sampleDeviceEvents>, batchSize: number) => {
  const store = createSqliteEventStore({ path: file });
  try {
    let startedAt = process.hrtime.bigint();
    for (let from = 0; from < events.length; from += batchSize) {
      await store.appendToStream(figuresStream, events.slice(from, from + batchSize), {
        expectedRevision: from === 0 ? 'no_stream' : from - 1,
      });
    }
    const append = perSecond(events.length, startedAt);
    startedAt = process.hrtime.bigint();
    let read = 0;
    for await (const event of store.readAll()) if (event.position > 0) read += 1;
    const readAndDecode = perSecond(read, startedAt);
    if (read !== events.length) throw new Error(`read ${read} events back, expected ${events.length}`);
    return { append, readAndDecode };
  } finally {
    await store.close();
  }
};

const measureBare = (file: string, events: ReturnType<typeof sampleDeviceEvents>, batchSize: number, withIndexes: boolean) => {
  const db = new BetterSqlite3(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.exec(
      'CREATE TABLE events (position INTEGER PRIMARY KEY, stream_name TEXT, revision INTEGER, event_id TEXT, type TEXT, data TEXT, metadata TEXT)',
    );
    if (withIndexes)
      db.exec('CREATE UNIQUE INDEX stream_revision ON events (stream_name, revision); CREATE UNIQUE INDEX event_id ON events (event_id)');
    const insert = db.prepare('INSERT INTO events (stream_name, revision, event_id, type, data, metadata) VALUES (?, ?, ?, ?, ?, ?)');
    const insertBatch = db.transaction((from: number) => {
      const end = Math.min(from + batchSize, events.length);
      for (let i = from; i < end; i += 1) {
        const event = events[i]!;
        insert.run(figuresStream, i, event.metadata.eventId, event.type, JSON.stringify(event.data), JSON.stringify(event.metadata));
      }
    });
    let startedAt = process.hrtime.bigint();
    for (let from = 0; from < events.length; from += batchSize) insertBatch(from);
    const append = perSecond(events.length, startedAt);

    startedAt = process.hrtime.bigint();
    const select = db.prepare('SELECT position, stream_name, revision, type, data, metadata FROM events ORDER BY position').raw();
    let read = 0;
    for (const row of select.iterate() as IterableIterator<unknown[]>) {
      const decoded = { type: row[3], data: JSON.parse(row[4] as string) as unknown, metadata: JSON.parse(row[5] as string) as unknown };
      if (decoded.data !== undefined) read += 1;
    }
    return { append, readAndDecode: perSecond(read, startedAt) };
  } finally {
    db.close();
  }
};

/**
 * Measures batched append and read-and-decode throughput of the SQLite event store beside a bare
 * better-sqlite3 insert / select-and-JSON.parse loop on the same events, each on a fresh file.
 */
export const measureSqliteThroughput = async (options: ThroughputOptions = {}): Promise<ThroughputFigures> => {
  const count = options.events ?? 100_000;
  const batchSize = options.batchSize ?? 1000;
  const rounds = options.rounds ?? 3;
  const directory = mkdtempSync(join(options.directory ?? tmpdir(), 'depledger-figures-'));
  const best = { storeAppend: 0, storeRead: 0, bareAppend: 0, bareIndexedAppend: 0, bareRead: 0 };
  try {
    for (let round = 0; round < rounds; round += 1) {
      const events = sampleDeviceEvents(count, `r${round}-`);
      const store = await measureStore(join(directory, `store-${round}.db`), events, batchSize);
      const bare = measureBare(join(directory, `bare-${round}.db`), events, batchSize, false);
      const bareIndexed = measureBare(join(directory, `bare-indexed-${round}.db`), events, batchSize, true);
      best.storeAppend = Math.max(best.storeAppend, store.append);
      best.storeRead = Math.max(best.storeRead, store.readAndDecode);
      best.bareAppend = Math.max(best.bareAppend, bare.append);
      best.bareIndexedAppend = Math.max(best.bareIndexedAppend, bareIndexed.append);
      best.bareRead = Math.max(best.bareRead, bare.readAndDecode);
    }
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
  return {
    events: count,
    batchSize,
    append: { store: best.storeAppend, bare: best.bareAppend, bareWithIndexes: best.bareIndexedAppend },
    readAndDecode: { store: best.storeRead, bare: best.bareRead },
  };
};

/** The figures as lines a person reads. */
export const formatThroughput = (figures: ThroughputFigures): string => {
  const rate = (value: number) => `${value.toLocaleString('en-US')} events/s`;
  const versus = (label: string, store: number, bare: number) => `${label} ${rate(bare)} (store at ${Math.round((store / bare) * 100)}%)`;
  return [
    `SQLite event store, ${figures.events.toLocaleString('en-US')} events, best run`,
    `  append, batches of ${figures.batchSize}: store ${rate(figures.append.store)} | ${versus('bare better-sqlite3', figures.append.store, figures.append.bare)} | ${versus('bare with the same unique indexes', figures.append.store, figures.append.bareWithIndexes)}`,
    `  read and decode: store ${rate(figures.readAndDecode.store)} | ${versus('bare select + JSON.parse', figures.readAndDecode.store, figures.readAndDecode.bare)}`,
  ].join('\n');
};
