import { mkdtempSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInMemoryEventStore, type EventStore } from '@depledger/core';
import {
  createInMemoryReadModelStore,
  createProjectionRunner,
  deviceStatusProjection,
  type AnyProjection,
  type ReadModelStore,
} from '@depledger/projections';
import { openSqliteStore } from '@depledger/store-sqlite';
import { throughput, type RunPlan } from '../measure';
import { emmettAppendMany, emmettRebuildDeviceStatus, emmettStore } from '../peers/emmett';
import type { Row } from '../row';
import { deviceStreams, typesOf, type DeviceStreamData } from './device-events';

/** The memory limit: the same domain objects folded with the same device-status evolve into a Map, no store, no runner. */
const bareStatusFold = (data: readonly DeviceStreamData[]): number => {
  const { evolve } = deviceStatusProjection as AnyProjection;
  const docs = new Map<string, unknown>();
  for (const { domain } of data) {
    for (const event of domain) {
      const serial = event.data['serial'] as string;
      docs.set(serial, evolve(docs.get(serial) ?? null, event, serial));
    }
  }
  return docs.size;
};

const rebuild = async (eventStore: EventStore, readModels: ReadModelStore): Promise<void> => {
  const runner = createProjectionRunner({ eventStore, readModels, projections: [deviceStatusProjection] });
  await runner.rebuild(deviceStatusProjection.name);
};

/** Device status rebuilt from an in-memory store of `events` events, beside the bare fold and Emmett. */
export const inMemoryRebuild = async (events: number, plan: RunPlan, peerFillBudgetMs: number): Promise<Row> => {
  const data = deviceStreams(events);
  const total = data.length * data[0]!.stored.length;
  const store = createInMemoryEventStore();
  for (const { stream, stored } of data) await store.appendToStream(stream, stored, { expectedRevision: 'no_stream' });
  const limit = await throughput(total, () => bareStatusFold(data), plan);
  const depledger = await throughput(total, () => rebuild(store, createInMemoryReadModelStore()), plan);
  // Emmett: its store filled the same way (one append per stream); skipped if filling outruns its budget.
  const peerStore = emmettStore();
  const fillStart = performance.now();
  let filled = true;
  for (const { stream, domain } of data) {
    await emmettAppendMany(peerStore, stream, domain);
    if (performance.now() - fillStart > peerFillBudgetMs) {
      filled = false;
      break;
    }
  }
  const streams = data.map((d) => d.stream);
  const types = typesOf(data);
  const peer = filled
    ? await throughput(
        total,
        async () => {
          const documents = await emmettRebuildDeviceStatus(peerStore, streams, types);
          if (documents !== data.length) throw new Error(`Emmett built ${documents} documents, expected ${data.length}`);
        },
        plan,
      )
    : undefined;
  return {
    id: `rebuild-memory-${events}`,
    workload: `rebuild device status from an in-memory store of ${events.toLocaleString('en')} events (${data.length.toLocaleString('en')} devices) into in-memory read models`,
    kind: 'rate',
    unit: 'events/s',
    depledger,
    limit: { label: 'bare fold with the same evolve into a Map', sample: limit },
    ...(peer
      ? { peer: { label: 'Emmett single-stream projection', sample: peer } }
      : {
          note: `Emmett not measured: filling its in-memory store with ${events.toLocaleString('en')} events took longer than ${Math.round(peerFillBudgetMs / 1000)} s (its append slows as the store fills); see the smaller store's row`,
        }),
    goal: '≥ 1M events/s and ≥ 50% of the bare loop',
    met: depledger.median >= 1e6 && depledger.median >= 0.5 * limit.median,
  };
};

/** Device status rebuilt from a SQLite file of `events` events into that file's read models, beside a bare select + JSON.parse loop. */
export const sqliteRebuild = async (events: number, plan: RunPlan): Promise<Row> => {
  const dir = mkdtempSync(join(tmpdir(), 'depledger-bench-rebuild-'));
  const store = openSqliteStore({ path: join(dir, 'depledger.db'), vaultKey: randomBytes(32) });
  try {
    const data = deviceStreams(events);
    const total = data.length * data[0]!.stored.length;
    for (let from = 0; from < data.length; from += 100) {
      await store.events.appendToStreams!(
        data.slice(from, from + 100).map((d) => ({ streamName: d.stream, events: d.stored, expectedRevision: 'no_stream' as const })),
      );
    }
    data.length = 0;
    const select = store.database.connection
      .prepare('SELECT position, stream_name, revision, type, data, metadata FROM events ORDER BY position')
      .raw();
    const limit = await throughput(
      total,
      () => {
        let read = 0;
        for (const row of select.iterate() as IterableIterator<unknown[]>) {
          const event = { type: row[3], data: JSON.parse(row[4] as string) as unknown, metadata: JSON.parse(row[5] as string) as unknown };
          if (event.data !== undefined) read++;
        }
        if (read !== total) throw new Error(`bare read ${read} of ${total}`);
      },
      plan,
    );
    const depledger = await throughput(total, () => rebuild(store.events, store.readModels), plan);
    return {
      id: `rebuild-sqlite-${events}`,
      workload: `rebuild device status from a SQLite file of ${events.toLocaleString('en')} events into the SQLite read models of the same file`,
      kind: 'rate',
      unit: 'events/s',
      depledger,
      limit: { label: 'bare select + JSON.parse of every row', sample: limit },
      goal: '≥ 250k events/s and ≥ 50% of the bare read-and-parse loop',
      met: depledger.median >= 250_000 && depledger.median >= 0.5 * limit.median,
      note: "depledger reads the log ahead on a second thread while it folds (store-sqlite read-ahead); the bare loop reads and parses on one. No peer: Emmett's SQLite store needs the sqlite3 native module, not installed here",
    };
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
};
