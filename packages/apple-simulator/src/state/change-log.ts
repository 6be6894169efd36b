import { copyDeviceRecord, type DeviceRecord } from '../device/device-record';

export type OpType = 'added' | 'modified' | 'deleted';

/** One change in an MDM server's sync feed. `seq` starts at 1 and never repeats. */
export interface ChangeEntry {
  readonly seq: number;
  readonly opType: OpType;
  readonly opMs: number;
  /** The device as it was right after the change. */
  readonly device: DeviceRecord;
}

/** The append-only list of changes that the sync feed reads from. Position p = "seen up to seq p". */
export interface ChangeLog {
  append(opType: OpType, device: DeviceRecord, atMs: number): ChangeEntry;
  /** The highest seq so far (0 when empty). */
  position(): number;
  /** The entry with this seq, if any. */
  entry(seq: number): ChangeEntry | undefined;
}

export function createChangeLog(): ChangeLog {
  const entries: ChangeEntry[] = [];
  return {
    append(opType, device, atMs) {
      const entry: ChangeEntry = { seq: entries.length + 1, opType, opMs: atMs, device: copyDeviceRecord(device) };
      entries.push(entry);
      return entry;
    },
    position: () => entries.length,
    entry: (seq) => entries[seq - 1],
  };
}
