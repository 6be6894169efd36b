import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { aggregateStream, depledgerSerde, deviceDecider, type DeviceEvent, type EventStore } from '@depledger/core';
import { createSqliteEventStore, sqlitePageSize } from '@depledger/store-sqlite';
import { sampleOf, throughput, type RunPlan } from '../measure';
import type { Row } from '../row';
import { deviceStreams, type DeviceStreamData } from './device-events';

const emmettNote =
  "Emmett's SQLite store (@event-driven-io/emmett-sqlite) needs the sqlite3 native module; no native module beyond better-sqlite3 is added here, so there is no peer";

/**
 * The bare loop's tables: the store's own columns and unique indexes (and page size, see openBare),
 * streams numbered in a table of their own as a new file does, so both write the same rows.
 */
const bareSchema = `
  CREATE TABLE streams (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
  CREATE TABLE events (position INTEGER PRIMARY KEY, stream_name TEXT NOT NULL, revision INTEGER NOT NULL, event_id TEXT NOT NULL, type TEXT NOT NULL, data TEXT NOT NULL, metadata TEXT NOT NULL, stream_id INTEGER);
  CREATE UNIQUE INDEX events_event_id ON events (event_id);
  CREATE UNIQUE INDEX events_stream_id_revision ON events (stream_id, revision) WHERE stream_id IS NOT NULL;`;

/** 100 device streams of 10 events per call: 1000 events in one transaction, as the sync engine writes a page. */
const streamsPerBatch = 100;

const appendWithStore = async (file: string, data: readonly DeviceStreamData[]): Promise<EventStore & { close(): Promise<void> }> => {
  const store = createSqliteEventStore({ path: file });
  for (let from = 0; from < data.length; from += streamsPerBatch) {
    await store.appendToStreams!(
      data
        .slice(from, from + streamsPerBatch)
        .map((d) => ({ streamName: d.stream, events: d.stored, expectedRevision: 'no_stream' as const })),
    );
  }
  return store;
};

const openBare = (file: string) => {
  const db = new BetterSqlite3(file);
  db.pragma(`page_size = ${sqlitePageSize}`);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  return db;
};

const appendBare = (file: string, data: readonly DeviceStreamData[]): BetterSqlite3.Database => {
  const db = openBare(file);
  db.exec(bareSchema);
  const addStream = db.prepare<[string], number>('INSERT INTO streams (name) VALUES (?) RETURNING id').pluck();
  const insert = db.prepare(
    'INSERT INTO events (stream_id, stream_name, revision, event_id, type, data, metadata) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const batch = db.transaction((from: number) => {
    for (const d of data.slice(from, from + streamsPerBatch)) {
      const id = addStream.get(d.stream);
      d.stored.forEach((e, revision) =>
        insert.run(id, d.stream, revision, e.metadata.eventId, e.type, JSON.stringify(e.data), JSON.stringify(e.metadata)),
      );
    }
  });
  for (let from = 0; from < data.length; from += streamsPerBatch) batch(from);
  return db;
};

const readBare = (db: BetterSqlite3.Database, expected: number): void => {
  let read = 0;
  for (const row of db
    .prepare('SELECT position, stream_name, revision, type, data, metadata FROM events ORDER BY position')
    .raw()
    .iterate() as IterableIterator<unknown[]>) {
    const event = { type: row[3], data: JSON.parse(row[4] as string) as unknown, metadata: JSON.parse(row[5] as string) as unknown };
    if (event.data !== undefined) read++;
  }
  if (read !== expected) throw new Error(`bare read ${read} of ${expected}`);
};

const readStore = async (store: EventStore, expected: number): Promise<void> => {
  let read = 0;
  for await (const event of store.readAll()) if (depledgerSerde.decode(event).data !== undefined) read++;
  if (read !== expected) throw new Error(`store read ${read} of ${expected}`);
};

const rehydrateBare = (db: BetterSqlite3.Database, streams: readonly string[]): void => {
  const select = db
    .prepare('SELECT type, data, metadata FROM events WHERE stream_id = (SELECT id FROM streams WHERE name = ?) ORDER BY revision')
    .raw();
  for (const stream of streams) {
    let state = deviceDecider.initialState();
    for (const row of select.all(stream) as unknown[][]) {
      const event = {
        type: (row[0] as string).replace(/\.v\d+$/, ''),
        data: JSON.parse(row[1] as string) as unknown,
        metadata: JSON.parse(row[2] as string) as unknown,
      };
      state = deviceDecider.evolve(state, event as DeviceEvent);
    }
    if (state.status === 'unknown') throw new Error(`${stream} folded to nothing`);
  }
};

const rehydrateStore = async (store: EventStore, streams: readonly string[]): Promise<void> => {
  for (const stream of streams) {
    const { state } = await aggregateStream(store, depledgerSerde, deviceDecider, stream);
    if (state.status === 'unknown') throw new Error(`${stream} folded to nothing`);
  }
};

/**
 * SQLite at `events` events: batched append (1000 events / transaction over 100 device streams),
 * read-and-decode of the whole log in global order, and rehydration of up to 10,000 device streams
 * spread over the file — each beside bare better-sqlite3 on the same rows and schema.
 */
export const sqliteWorkloads = async (events: number, plan: RunPlan): Promise<Row[]> => {
  const dir = mkdtempSync(join(tmpdir(), 'depledger-bench-sqlite-'));
  try {
    const data = deviceStreams(events);
    const total = data.length * data[0]!.stored.length;
    // append: a fresh file per run, the two contenders alternating so load changes hit both
    const warm = data.slice(0, Math.min(data.length, 10_000));
    await (await appendWithStore(join(dir, 'warm-store.db'), warm)).close();
    appendBare(join(dir, 'warm-bare.db'), warm).close();
    const ours: number[] = [];
    const bare: number[] = [];
    let store: (EventStore & { close(): Promise<void> }) | undefined;
    let db: BetterSqlite3.Database | undefined;
    for (let r = 0; r < plan.runs; r++) {
      await store?.close();
      db?.close();
      let t = performance.now();
      store = await appendWithStore(join(dir, `store-${r}.db`), data);
      ours.push(total / ((performance.now() - t) / 1000));
      t = performance.now();
      db = appendBare(join(dir, `bare-${r}.db`), data);
      bare.push(total / ((performance.now() - t) / 1000));
    }
    const s = store!;
    const b = db!;
    const readOurs = await throughput(total, () => readStore(s, total), plan);
    const readBareSample = await throughput(total, () => readBare(b, total), plan);
    const step = Math.max(1, Math.floor(data.length / 10_000));
    const chosen = data
      .filter((_, i) => i % step === 0)
      .slice(0, 10_000)
      .map((d) => d.stream);
    const folded = chosen.length * data[0]!.stored.length;
    const rehydrateOurs = await throughput(folded, () => rehydrateStore(s, chosen), plan);
    const rehydrateBareSample = await throughput(folded, () => rehydrateBare(b, chosen), plan);
    await s.close();
    b.close();
    const size = events.toLocaleString('en');
    const appendSample = sampleOf(ours);
    const appendBareSample = sampleOf(bare);
    return [
      {
        id: `sqlite-append-${events}`,
        workload: `SQLite append of ${size} events, 1000 per transaction (100 device streams × 10, appendToStreams), fresh file`,
        kind: 'rate',
        unit: 'events/s',
        depledger: appendSample,
        limit: { label: 'bare better-sqlite3 insert, same schema and indexes', sample: appendBareSample },
        goal: '≥ 150k events/s and ≥ 60% of bare better-sqlite3',
        met: appendSample.median >= 150_000 && appendSample.median >= 0.6 * appendBareSample.median,
        note: emmettNote,
      },
      {
        id: `sqlite-read-${events}`,
        workload: `SQLite read-and-decode of ${size} events in global order (readAll + EventSerde.decode)`,
        kind: 'rate',
        unit: 'events/s',
        depledger: readOurs,
        limit: { label: 'bare select + JSON.parse of data and metadata', sample: readBareSample },
        goal: '≥ 300k events/s and ≥ 60% of bare better-sqlite3',
        met: readOurs.median >= 300_000 && readOurs.median >= 0.6 * readBareSample.median,
      },
      {
        id: `sqlite-rehydrate-${events}`,
        workload: `SQLite rehydrate ${chosen.length.toLocaleString('en')} device streams (10 events each) spread over a file of ${size} events`,
        kind: 'rate',
        unit: 'events/s',
        depledger: rehydrateOurs,
        limit: { label: 'bare select by stream + JSON.parse + same evolve', sample: rehydrateBareSample },
        goal: '≥ 60% of the bare loop',
        met: rehydrateOurs.median >= 0.6 * rehydrateBareSample.median,
      },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};
