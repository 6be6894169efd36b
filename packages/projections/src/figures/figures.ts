import { depledgerSerde, type EventStore, type StoredEvent } from '@depledger/core';
import { deviceStatusAsOf } from '../device-status/device-status-queries';
import { deviceStatusProjection } from '../device-status/device-status-projection';
import { createInMemoryReadModelStore } from '../read-model-store/in-memory-read-model-store';
import type { ReadModelStore } from '../read-model-store/read-model-store';
import { createProjectionRunner } from '../runner/projection-runner';

export type RebuildFigures = Readonly<{
  events: number;
  /** The runner rebuilding device status from the store into a read-model store. */
  rebuildMs: number;
  rebuildEventsPerSecond: number;
  /** The bare limit: a plain loop decoding and folding the same stored objects into a Map. */
  bareFoldMs: number;
  bareFoldEventsPerSecond: number;
}>;

const perSecond = (events: number, ms: number) => Math.round(events / (ms / 1000));

/**
 * Rebuilds the device-status read model from every event in the store, beside the bare limit
 * measured in the same run (the same events, already in memory, decoded and folded in a plain loop).
 */
export const measureDeviceStatusRebuild = async (
  eventStore: EventStore,
  readModels: ReadModelStore = createInMemoryReadModelStore(),
): Promise<RebuildFigures> => {
  const all: StoredEvent[] = [];
  for await (const stored of eventStore.readAll({ streamPrefixes: deviceStatusProjection.streamPrefixes })) all.push(stored);

  const bareStarted = performance.now();
  const docs = new Map<string, unknown>();
  for (const stored of all) {
    const event = depledgerSerde.decode(stored);
    const key = deviceStatusProjection.keyOf(event as never) as string;
    docs.set(key, deviceStatusProjection.evolve((docs.get(key) ?? null) as never, event as never, key));
  }
  const bareFoldMs = performance.now() - bareStarted;

  const runner = createProjectionRunner({ eventStore, readModels, projections: [deviceStatusProjection] });
  const started = performance.now();
  await runner.rebuild(deviceStatusProjection.name);
  const rebuildMs = performance.now() - started;

  return {
    events: all.length,
    rebuildMs,
    rebuildEventsPerSecond: perSecond(all.length, rebuildMs),
    bareFoldMs,
    bareFoldEventsPerSecond: perSecond(all.length, bareFoldMs),
  };
};

export type AsOfFigures = Readonly<{ samples: number; medianMs: number; p99Ms: number; maxMs: number }>;

/** `deviceStatusAsOf` for devices picked across the store, timed one by one. */
export const measureDeviceAsOf = async (eventStore: EventStore, serials: readonly string[], at: Date): Promise<AsOfFigures> => {
  const timings: number[] = [];
  for (const serial of serials) {
    const started = performance.now();
    await deviceStatusAsOf(eventStore, serial, { time: at });
    timings.push(performance.now() - started);
  }
  timings.sort((a, b) => a - b);
  const at_ = (q: number) => timings[Math.min(timings.length - 1, Math.floor(q * timings.length))] ?? 0;
  return { samples: timings.length, medianMs: at_(0.5), p99Ms: at_(0.99), maxMs: timings[timings.length - 1] ?? 0 };
};
