import { aggregateStream, createInMemoryEventStore, depledgerSerde, deviceDecider, deviceStream, type DeviceEvent, type Event, type StoredEventInput } from '@depledger/core';
import { performance } from 'node:perf_hooks';
import { throughput, type Sample } from './measure';
import { deviceHistory, serialOf } from './workloads';

export type Row = { workload: string; depledger: Sample; limit?: Sample; unit: string; goal?: string };

/** In-memory append: events/s measured over the window that ends at each store size. */
export const inMemoryAppend = async (sizes: readonly number[]): Promise<Row[]> => {
  const largest = Math.max(...sizes);
  const perDevice = 10;
  const rows: Row[] = [];
  // Warm-up: let the JIT compile the append path before any window is measured.
  const warm = createInMemoryEventStore();
  for (let d = 0; d < 2_000; d++) for (const e of deviceHistory(d, perDevice, d * perDevice)) await warm.appendToStream(deviceStream(serialOf(d)), [e], { expectedRevision: 'any' });
  for (let repeat = 0, results: Map<number, number[]> = new Map(); repeat < 3; repeat++) {
    const store = createInMemoryEventStore();
    const batches: { stream: string; events: StoredEventInput[] }[] = [];
    for (let d = 0; d * perDevice < largest; d++) batches.push({ stream: deviceStream(serialOf(d)), events: deviceHistory(d, perDevice, d * perDevice) });
    let stored = 0;
    let windowStart = performance.now();
    let windowFrom = 0;
    for (const batch of batches) {
      // One event per append call, as command handling writes them.
      for (const event of batch.events) {
        await store.appendToStream(batch.stream, [event], { expectedRevision: 'any' });
        stored++;
      }
      for (const size of sizes) {
        if (stored === size) {
          const rate = (stored - windowFrom) / ((performance.now() - windowStart) / 1000);
          results.set(size, [...(results.get(size) ?? []), rate]);
          windowStart = performance.now();
          windowFrom = stored;
        }
      }
    }
    if (repeat === 2) {
      for (const size of sizes) {
        const rates = (results.get(size) ?? []).sort((a, b) => a - b);
        rows.push({
          workload: `in-memory append, window ending at ${size.toLocaleString('en')} stored events (1 event per call)`,
          depledger: { median: rates[1] ?? rates[0] ?? 0, min: rates[0] ?? 0, max: rates[rates.length - 1] ?? 0, runs: rates.length },
          unit: 'events/s',
          goal: '≥ 1M events/s, flat from 10k to 1M',
        });
      }
    }
  }
  return rows;
};

/** Rehydration: fold 10-event device streams from the in-memory store, beside a bare fold of the same objects. */
export const rehydration = async (devices: number): Promise<Row> => {
  const perDevice = 10;
  const store = createInMemoryEventStore();
  const plain: DeviceEvent[][] = [];
  for (let d = 0; d < devices; d++) {
    const events = deviceHistory(d, perDevice, d * perDevice);
    await store.appendToStream(deviceStream(serialOf(d)), events, { expectedRevision: 'no_stream' });
    plain.push(events.map((e) => ({ type: e.type.replace(/\.v\d+$/, ''), data: e.data, metadata: e.metadata }) as unknown as DeviceEvent));
  }
  const total = devices * perDevice;
  let sink = 0;
  const limit = await throughput(total, () => {
    for (const stream of plain) {
      let state = deviceDecider.initialState();
      for (const event of stream) state = deviceDecider.evolve(state, event as Event as DeviceEvent);
      if (state.status !== 'unknown') sink++;
    }
  });
  const depledger = await throughput(total, async () => {
    for (let d = 0; d < devices; d++) {
      const { state } = await aggregateStream(store, depledgerSerde, deviceDecider, deviceStream(serialOf(d)));
      if (state.status !== 'unknown') sink++;
    }
  });
  if (sink === 0) throw new Error('nothing was folded');
  return {
    workload: `rehydrate ${devices.toLocaleString('en')} device streams of ${perDevice} events from the in-memory store`,
    depledger,
    limit,
    unit: 'events/s',
    goal: '≥ 1.5M events/s and ≥ 60% of the bare fold',
  };
};
