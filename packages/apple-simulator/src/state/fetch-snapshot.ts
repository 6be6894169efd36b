import type { DeviceRecord } from '../device/device-record';

/**
 * The devices assigned to a server when a fetch began, captured once as an array of references;
 * pages are slices of it. `seq` is the change-log position at that moment, so a sync that starts
 * from a fetch cursor sees every change made after the snapshot.
 */
export interface FetchSnapshot {
  readonly id: number;
  readonly devices: readonly DeviceRecord[];
  readonly seq: number;
  readonly createdMs: number;
}

/** Keeps the most recent snapshots of one server; older ones are forgotten (bounded memory). */
export interface SnapshotShelf {
  take(devices: readonly DeviceRecord[], seq: number, createdMs: number): FetchSnapshot;
  find(id: number): FetchSnapshot | undefined;
}

export function createSnapshotShelf(capacity: number): SnapshotShelf {
  const shelf = new Map<number, FetchSnapshot>();
  let nextId = 1;
  return {
    take(devices, seq, createdMs) {
      const snapshot: FetchSnapshot = { id: nextId++, devices, seq, createdMs };
      shelf.set(snapshot.id, snapshot);
      if (shelf.size > capacity) {
        const oldest = shelf.keys().next().value;
        if (oldest !== undefined) shelf.delete(oldest);
      }
      return snapshot;
    },
    find: (id) => shelf.get(id),
  };
}
