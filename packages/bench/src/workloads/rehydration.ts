import { aggregateStream, createInMemoryEventStore, depledgerSerde, deviceDecider, type DeviceEvent } from '@depledger/core';
import { throughput, type RunPlan } from '../measure';
import { emmettAppendMany, emmettRehydrate, emmettStore } from '../peers/emmett';
import type { Row } from '../row';
import { deviceStreams, type DeviceStreamData } from './device-events';

/** The limit: the same domain objects folded with the same evolve, no store, no decode. */
export const bareFold = (data: readonly DeviceStreamData[]): number => {
  let folded = 0;
  for (const { domain } of data) {
    let state = deviceDecider.initialState();
    for (const event of domain) state = deviceDecider.evolve(state, event as unknown as DeviceEvent);
    if (state.status !== 'unknown') folded++;
  }
  if (folded !== data.length) throw new Error('the bare fold missed streams');
  return folded;
};

/**
 * Rehydration from an in-memory store of `events` events: every device stream read, decoded
 * and folded with the Device decider — beside the bare fold and Emmett's aggregateStream.
 */
export const inMemoryRehydration = async (events: number, plan: RunPlan, peerFillBudgetMs: number): Promise<Row> => {
  const data = deviceStreams(events);
  const store = createInMemoryEventStore();
  for (const { stream, stored } of data) await store.appendToStream(stream, stored, { expectedRevision: 'no_stream' });
  const total = data.length * data[0]!.stored.length;

  const limit = await throughput(total, () => bareFold(data), plan);
  const depledger = await throughput(
    total,
    async () => {
      for (const { stream } of data) {
        const { state } = await aggregateStream(store, depledgerSerde, deviceDecider, stream);
        if (state.status === 'unknown') throw new Error(`${stream} folded to nothing`);
      }
    },
    plan,
  );

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
  const peer = filled
    ? await throughput(
        total,
        async () => {
          for (const { stream } of data) await emmettRehydrate(peerStore, stream);
        },
        plan,
      )
    : undefined;
  return {
    id: `in-memory-rehydrate-${events}`,
    workload: `rehydrate every device stream (10 events each) of an in-memory store of ${events.toLocaleString('en')} events`,
    kind: 'rate',
    unit: 'events/s',
    depledger,
    limit: { label: 'bare fold of the same objects', sample: limit },
    ...(peer
      ? { peer: { label: 'Emmett aggregateStream', sample: peer } }
      : {
          note: `Emmett not measured: filling its store with ${events.toLocaleString('en')} events took longer than ${Math.round(peerFillBudgetMs / 1000)} s`,
        }),
    goal: '≥ 1.5M events/s and ≥ 60% of the bare fold',
    met: depledger.median >= 1.5e6 && depledger.median >= 0.6 * limit.median,
  };
};
