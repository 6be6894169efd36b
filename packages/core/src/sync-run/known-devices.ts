import type { DeviceEvent } from '../device/device-events';
import type { DeviceState } from '../device/device-state';
import type { BatchOutcome, KnownStream } from '../handling/command-batch';

/**
 * How many device states one piece of work keeps. A full run writes each device
 * on its fetch page, again for its assignment request and outcome, and again when Apple's sync feed
 * reports the assignment ~100 pages later: keeping them all spares those reads. Beyond this the
 * oldest are forgotten (a forgotten device is read back from the store, as before).
 */
export const KNOWN_DEVICES_LIMIT = 100_000;

/**
 * The device states a sync run (or an assignment call) wrote or read, by stream name, with the
 * revision each is the fold of: its next command on a device decides on this instead of reading the
 * stream back. Safe against other writers: the append expects that revision, and a conflict falls
 * back to a fresh read.
 */
export type KnownDevices = Readonly<{
  lookup(streamName: string): KnownStream<DeviceState> | undefined;
  /** Keeps what a batch of commands returned (streams in the same order as the outcomes). */
  remember(streamNames: readonly string[], outcomes: readonly BatchOutcome<DeviceState, DeviceEvent>[]): void;
  /** Drops what is held for these streams (their next command reads them afresh). */
  forget(streamNames: readonly string[]): void;
}>;

export const createKnownDevices = (limit = KNOWN_DEVICES_LIMIT): KnownDevices => {
  // A Map iterates in insertion order: deleting before setting moves a stream to the end.
  const states = new Map<string, KnownStream<DeviceState>>();
  return {
    lookup: (streamName) => states.get(streamName),
    remember(streamNames, outcomes) {
      outcomes.forEach((outcome, index) => {
        const streamName = streamNames[index] as string;
        states.delete(streamName);
        if (!outcome.ok || outcome.revision === null) return;
        states.set(streamName, { state: outcome.state, revision: outcome.revision });
      });
      for (const oldest of states.keys()) {
        if (states.size <= limit) break;
        states.delete(oldest);
      }
    },
    forget(streamNames) {
      for (const streamName of streamNames) states.delete(streamName);
    },
  };
};
