import { createInMemoryEventStore } from '@depledger/core';
import { performance } from 'node:perf_hooks';
import { sampleOf } from '../measure';
import { emmettAppendOne, emmettStore } from '../peers/emmett';
import type { Row } from '../row';
import { deviceStreams, type DeviceStreamData } from './device-events';

type AppendOne = (stream: string, index: number, data: DeviceStreamData) => Promise<unknown> | unknown;

/**
 * Appends every event one call at a time and records the rate over the window that ends at each
 * size. Stops early (returning what it has) once `budgetMs` is spent: a store that slows as it
 * fills would otherwise hold the suite for hours.
 */
const windows = async (
  data: readonly DeviceStreamData[],
  sizes: readonly number[],
  append: AppendOne,
  budgetMs: number,
): Promise<Map<number, number>> => {
  const rates = new Map<number, number>();
  const started = performance.now();
  let stored = 0;
  let windowStart = started;
  let windowFrom = 0;
  let next = 0;
  for (const stream of data) {
    for (let i = 0; i < stream.stored.length; i++) {
      await append(stream.stream, i, stream);
      stored++;
      if (stored === sizes[next]) {
        const now = performance.now();
        rates.set(stored, (stored - windowFrom) / ((now - windowStart) / 1000));
        windowStart = now;
        windowFrom = stored;
        next++;
      }
      if ((stored & 1023) === 0 && performance.now() - started > budgetMs) return rates;
    }
  }
  return rates;
};

const depledger = (): AppendOne => {
  const store = createInMemoryEventStore();
  return (stream, i, data) => store.appendToStream(stream, [data.stored[i]!], { expectedRevision: 'any' });
};

const peer = (): AppendOne => {
  const store = emmettStore();
  return (stream, i, data) => emmettAppendOne(store, stream, data.domain[i]!);
};

/** The limit: a Map of arrays plus one global array, one event per call, revision checked — no store. */
const bare = (): AppendOne => {
  const streams = new Map<string, unknown[]>();
  const all: unknown[] = [];
  return async (stream, i, data) => {
    let events = streams.get(stream);
    if (events === undefined) streams.set(stream, (events = []));
    if (events.length !== i) throw new Error('revision mismatch');
    const event = data.stored[i]!;
    events.push(event);
    all.push(event);
  };
};

/** In-memory append at each size, depledger beside the bare loop and Emmett, `runs` fresh stores each. */
export const inMemoryAppend = async (sizes: readonly number[], runs: number, peerBudgetMs: number): Promise<Row[]> => {
  const data = deviceStreams(Math.max(...sizes));
  const collect = async (make: () => AppendOne, budget: number) => {
    await windows(data.slice(0, 2_000), [Math.min(20_000, Math.max(...sizes))], make(), budget); // warm-up
    const perSize = new Map<number, number[]>();
    for (let r = 0; r < runs; r++) {
      for (const [size, rate] of await windows(data, sizes, make(), budget)) perSize.set(size, [...(perSize.get(size) ?? []), rate]);
    }
    return perSize;
  };
  const ours = await collect(depledger, Number.POSITIVE_INFINITY);
  const limit = await collect(bare, Number.POSITIVE_INFINITY);
  const emmett = await collect(peer, peerBudgetMs);
  const first = sampleOf(ours.get(sizes[0]!) ?? []).median;
  const firstLimit = sampleOf(limit.get(sizes[0]!) ?? []).median;
  return sizes.map((size) => {
    const d = sampleOf(ours.get(size) ?? []);
    const l = sampleOf(limit.get(size) ?? []);
    const p = emmett.get(size);
    const flat = d.median >= 0.8 * first;
    const flatness = `this window runs at ${Math.round((100 * d.median) / first)}% of the first window's rate (the Map-of-arrays limit at ${Math.round((100 * l.median) / firstLimit)}% of its own)`;
    return {
      id: `in-memory-append-${size}`,
      workload: `in-memory append, window ending at ${size.toLocaleString('en')} stored events (1 event per call, 10-event device streams)`,
      kind: 'rate',
      unit: 'events/s',
      depledger: d,
      limit: { label: 'Map of arrays', sample: l },
      ...(p !== undefined && p.length > 0
        ? { peer: { label: 'Emmett in-memory store', sample: sampleOf(p) }, note: `${flatness}.` }
        : {
            note: `${flatness}. Emmett not measured at this size: it had not reached it within its ${Math.round(peerBudgetMs / 1000)} s budget per run`,
          }),
      goal: '≥ 1M events/s, within 20% of the 10k window',
      met: d.median >= 1e6 && flat,
    } satisfies Row;
  });
};
