import { deviceStream, type StoredEventInput } from '@depledger/core';
import type { EmmettEvent } from '../peers/emmett';
import { deviceHistory, serialOf } from './device-history';

export const eventsPerDevice = 10;

/** One device's stream in the three shapes the suite feeds: depledger's stored form, the peer's and the bare loop's domain form. */
export type DeviceStreamData = Readonly<{ stream: string; stored: StoredEventInput[]; domain: EmmettEvent[] }>;

/** `events` device events in streams of 10 (see `deviceHistory`), built once and shared by every contender. */
export const deviceStreams = (events: number): DeviceStreamData[] => {
  const out: DeviceStreamData[] = [];
  for (let d = 0; d * eventsPerDevice < events; d++) {
    const stored = deviceHistory(d, eventsPerDevice, d * eventsPerDevice);
    out.push({
      stream: deviceStream(serialOf(d)),
      stored,
      domain: stored.map((e) => ({
        type: e.type.replace(/\.v\d+$/, ''),
        data: e.data as Record<string, unknown>,
        metadata: e.metadata as Record<string, unknown>,
      })),
    });
  }
  return out;
};

export const typesOf = (streams: readonly DeviceStreamData[]): string[] => [
  ...new Set(streams.slice(0, 10).flatMap((s) => s.domain.map((e) => e.type))),
];
