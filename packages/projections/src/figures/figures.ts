import { depledgerSerde, type EventStore, type RecordedEvent, type StoredEvent } from '@depledger/core';
import type { AnyProjection } from '../projection/projection';
import { deviceStatusAsOf } from '../device-status/device-status-queries';
import { deviceStatusProjection } from '../device-status/device-status-projection';
import { createInMemoryReadModelStore } from '../read-model-store/in-memory-read-model-store';
import type { ReadModelStore } from '../read-model-store/read-model-store';
import { createProjectionRunner } from '../runner/projection-runner';

export type RebuildFigures = Readonly<{
  events: number;
  /** The runner rebuilding device status from the store into a read-model store (read, decode, fold, commit). */
  rebuildMs: number;
  rebuildEventsPerSecond: number;
  /** The bare limit: the same events, already read and decoded, folded with the same `evolve` into a Map. */
  bareFoldMs: number;
  bareFoldEventsPerSecond: number;
  /** The same, decoding the stored objects in the loop too. */
  bareDecodeAndFoldMs: number;
  bareDecodeAndFoldEventsPerSecond: number;
}>;

const perSecond = (events: number, ms: number) => Math.round(events / (ms / 1000));

const foldInto = (events: readonly RecordedEvent[]): Map<string, unknown> => {
  const docs = new Map<string, unknown>();
  const { keyOf, evolve } = deviceStatusProjection as unknown as AnyProjection;
  for (const event of events) {
    const key = keyOf(event) as string;
    docs.set(key, evolve(docs.get(key) ?? null, event, key));
  }
  return docs;
};

/**
 * Rebuilds the device-status read model from every event in the store, beside the bare limits
 * measured in the same run on the same events (a plain loop over them, without store or runner).
 */
export const measureDeviceStatusRebuild = async (
  eventStore: EventStore,
  readModels: ReadModelStore = createInMemoryReadModelStore(),
): Promise<RebuildFigures> => {
  // the runner first, while the heap holds nothing but the store
  const runner = createProjectionRunner({ eventStore, readModels, projections: [deviceStatusProjection] });
  let started = performance.now();
  await runner.rebuild(deviceStatusProjection.name);
  const rebuildMs = performance.now() - started;

  const stored: StoredEvent[] = [];
  for await (const event of eventStore.readAll({ streamPrefixes: deviceStatusProjection.streamPrefixes })) stored.push(event);

  started = performance.now();
  const decoded = stored.map((event) => depledgerSerde.decode(event));
  foldInto(decoded);
  const bareDecodeAndFoldMs = performance.now() - started;

  started = performance.now();
  foldInto(decoded);
  const bareFoldMs = performance.now() - started;

  const events = stored.length;
  return {
    events,
    rebuildMs,
    rebuildEventsPerSecond: perSecond(events, rebuildMs),
    bareFoldMs,
    bareFoldEventsPerSecond: perSecond(events, bareFoldMs),
    bareDecodeAndFoldMs,
    bareDecodeAndFoldEventsPerSecond: perSecond(events, bareDecodeAndFoldMs),
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
