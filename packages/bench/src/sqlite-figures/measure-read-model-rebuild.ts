import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createInMemoryReadModelStore,
  createProjectionRunner,
  deviceStatusProjection,
  seedDeviceHistory,
  type ReadModelStore,
} from '@depledger/projections';
import { openSqliteStore, type SqliteStore } from '@depledger/store-sqlite';

export type ReadModelRebuildOptions = Readonly<{
  /** Device events in the log (devices of 4 or 5 events, see `seedDeviceHistory`). @defaultValue 100000 */
  events?: number;
  /** Each figure is the best of this many runs on the same log. @defaultValue 3 */
  rounds?: number;
  /** Events per runner commit. @defaultValue the runner's (1000) */
  batchSize?: number;
  /** Where the temporary database goes. @defaultValue the OS temp directory */
  directory?: string;
}>;

/** Events per second (and ms) rebuilding device status from the SQLite log, beside the bare read-and-parse loop on the same file. */
export type ReadModelRebuildFigures = Readonly<{
  events: number;
  devices: number;
  /** The runner rebuilding into the SQLite read models of the same file (read, decode, fold, commit, switch, drop the old version). */
  sqlite: Readonly<{ eventsPerSecond: number; ms: number }>;
  /** The same runner and log, into the in-memory read-model store: what the SQLite read models add is the difference. */
  inMemory: Readonly<{ eventsPerSecond: number; ms: number }>;
  /** A bare better-sqlite3 loop over the same rows: `SELECT … ORDER BY position` and `JSON.parse` of data and metadata. */
  bareReadAndParse: Readonly<{ eventsPerSecond: number; ms: number }>;
}>;

type Timing = { eventsPerSecond: number; ms: number };

const timed = async (events: number, body: () => Promise<void> | void): Promise<Timing> => {
  const started = process.hrtime.bigint();
  await body();
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  return { eventsPerSecond: Math.round(events / (ms / 1000)), ms: Math.round(ms) };
};

const faster = (best: Timing | null, next: Timing): Timing => (best === null || next.ms < best.ms ? next : best);

const bareReadAndParse = (store: SqliteStore, expected: number): void => {
  const select = store.database.connection
    .prepare('SELECT position, stream_name, revision, type, data, metadata FROM events ORDER BY position')
    .raw();
  let read = 0;
  for (const row of select.iterate() as IterableIterator<unknown[]>) {
    const decoded = { type: row[3], data: JSON.parse(row[4] as string) as unknown, metadata: JSON.parse(row[5] as string) as unknown };
    if (decoded.data !== undefined) read += 1;
  }
  if (read !== expected) throw new Error(`the bare loop read ${read} events, expected ${expected}`);
};

const rebuild = async (store: SqliteStore, readModels: ReadModelStore, batchSize: number | undefined): Promise<void> => {
  const runner = createProjectionRunner({ eventStore: store.events, readModels, projections: [deviceStatusProjection], batchSize });
  await runner.rebuild(deviceStatusProjection.name);
};

/** Checks (outside the timed part) that the rebuild left one document per device. */
const assertBuilt = async (readModels: ReadModelStore, devices: number): Promise<void> => {
  const live = await readModels.live(deviceStatusProjection.name);
  let documents = 0;
  if (live) for await (const entry of readModels.list(live)) if (entry.key !== '') documents += 1;
  if (documents !== devices) throw new Error(`the rebuild left ${documents} device documents, expected ${devices}`);
};

/**
 * Rebuilds the device-status read model from `events` device events stored in a fresh SQLite file,
 * into that file's read models and into memory, beside a bare read-and-parse loop over the rows.
 */
export const measureReadModelRebuild = async (options: ReadModelRebuildOptions = {}): Promise<ReadModelRebuildFigures> => {
  const count = options.events ?? 100_000;
  const rounds = options.rounds ?? 3;
  const directory = mkdtempSync(join(options.directory ?? tmpdir(), 'depledger-read-model-figures-'));
  const store = openSqliteStore({ path: join(directory, 'depledger.db'), vaultKey: randomBytes(32) });
  try {
    const { events, devices } = await seedDeviceHistory(store.events, count);
    let bare: Timing | null = null;
    let sqlite: Timing | null = null;
    let inMemory: Timing | null = null;
    for (let round = 0; round < rounds; round += 1) {
      bare = faster(bare, await timed(events, () => bareReadAndParse(store, events)));
      sqlite = faster(sqlite, await timed(events, () => rebuild(store, store.readModels, options.batchSize)));
      await assertBuilt(store.readModels, devices);
      const memory = createInMemoryReadModelStore();
      inMemory = faster(inMemory, await timed(events, () => rebuild(store, memory, options.batchSize)));
      await assertBuilt(memory, devices);
    }
    if (bare === null || sqlite === null || inMemory === null) throw new Error('measureReadModelRebuild needs at least one round');
    return { events, devices, sqlite, inMemory, bareReadAndParse: bare };
  } finally {
    await store.close();
    rmSync(directory, { recursive: true, force: true });
  }
};

/** The figures as lines a person reads. */
export const formatReadModelRebuild = (figures: ReadModelRebuildFigures): string => {
  const line = (label: string, timing: Timing) =>
    `  ${label}: ${timing.eventsPerSecond.toLocaleString('en-US')} events/s (${timing.ms.toLocaleString('en-US')} ms, ${Math.round((timing.eventsPerSecond / figures.bareReadAndParse.eventsPerSecond) * 100)}% of the bare loop's rate)`;
  return [
    `Device status rebuilt from ${figures.events.toLocaleString('en-US')} SQLite-stored events (${figures.devices.toLocaleString('en-US')} devices), best run`,
    line('into the SQLite read models', figures.sqlite),
    line('into the in-memory read models', figures.inMemory),
    `  bare select + JSON.parse of every row: ${figures.bareReadAndParse.eventsPerSecond.toLocaleString('en-US')} events/s (${figures.bareReadAndParse.ms.toLocaleString('en-US')} ms)`,
  ].join('\n');
};
