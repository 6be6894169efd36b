import { mkdtempSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInMemoryEventStore, type EventStore } from '@depledger/core';
import { deviceStatusAsOf, deviceStatusProjection, type AnyProjection } from '@depledger/projections';
import { openSqliteStore } from '@depledger/store-sqlite';
import { sampleOf } from '../measure';
import type { Row } from '../row';
import { deviceStreams, type DeviceStreamData } from './device-events';
import { serialOf } from './device-history';

/** Times `query` once per chosen device after a warm-up pass; milliseconds per device. */
const perDevice = async (devices: readonly number[], query: (device: number) => Promise<unknown> | unknown) => {
  for (const d of devices.slice(0, 50)) await query(d);
  const ms: number[] = [];
  for (const d of devices) {
    const t = performance.now();
    await query(d);
    ms.push(performance.now() - t);
  }
  return sampleOf(ms);
};

const at = new Date(Date.UTC(2027, 0, 1));

/** The limit's fold: the same device-status evolve over the device's events, in a plain loop. */
const statusFold = (events: Iterable<{ data: Record<string, unknown> }>): unknown => {
  const { evolve } = deviceStatusProjection as AnyProjection;
  let doc: unknown = null;
  for (const event of events) doc = evolve(doc, event, event.data['serial'] as string);
  if (doc === null) throw new Error('nothing folded');
  return doc;
};

const asOfRow = async (
  id: string,
  label: string,
  events: number,
  samples: number,
  store: EventStore,
  data: readonly DeviceStreamData[],
  limit: (device: number) => unknown,
  limitLabel: string,
): Promise<Row> => {
  const step = Math.max(1, Math.floor(data.length / samples));
  const chosen = Array.from({ length: Math.min(samples, data.length) }, (_, i) => i * step);
  const depledger = await perDevice(chosen, async (d) => {
    if ((await deviceStatusAsOf(store, serialOf(d), { time: at })) === null) throw new Error(`no status for device ${d}`);
  });
  const bare = await perDevice(chosen, limit);
  return {
    id,
    workload: `asOf: one device's status at a date, ${label} of ${events.toLocaleString('en')} events (${chosen.length} devices, one query each; spread = fastest–slowest)`,
    kind: 'ms',
    unit: 'ms',
    depledger,
    limit: { label: limitLabel, sample: bare },
    goal: '≤ 5 ms',
    met: depledger.median <= 5,
  };
};

/** `deviceStatusAsOf` on an in-memory store and on a SQLite file of `events` events. */
export const asOfWorkloads = async (events: number, samples: number): Promise<Row[]> => {
  const data = deviceStreams(events);
  const memory = createInMemoryEventStore();
  for (const { stream, stored } of data) await memory.appendToStream(stream, stored, { expectedRevision: 'no_stream' });
  const fold = (d: number) => statusFold(data[d]!.domain);
  const rows = [
    await asOfRow(
      'as-of-memory',
      'in-memory store',
      events,
      samples,
      memory,
      data,
      fold,
      "bare device-status fold of the device's objects",
    ),
  ];

  const dir = mkdtempSync(join(tmpdir(), 'depledger-bench-asof-'));
  const sqlite = openSqliteStore({ path: join(dir, 'depledger.db'), vaultKey: randomBytes(32) });
  try {
    for (let from = 0; from < data.length; from += 100) {
      await sqlite.events.appendToStreams!(
        data.slice(from, from + 100).map((d) => ({ streamName: d.stream, events: d.stored, expectedRevision: 'no_stream' as const })),
      );
    }
    const select = sqlite.database.connection
      .prepare('SELECT type, data, metadata FROM events WHERE stream_name = ? ORDER BY revision')
      .raw();
    const bare = (d: number) =>
      statusFold(
        (select.all(data[d]!.stream) as unknown[][]).map((row) => ({
          type: (row[0] as string).replace(/\.v\d+$/, ''),
          data: JSON.parse(row[1] as string) as Record<string, unknown>,
          metadata: JSON.parse(row[2] as string) as unknown,
        })),
      );
    rows.push(
      await asOfRow(
        'as-of-sqlite',
        'SQLite file',
        events,
        samples,
        sqlite.events,
        data,
        bare,
        'bare select by stream + JSON.parse + device-status fold',
      ),
    );
  } finally {
    await sqlite.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
};
