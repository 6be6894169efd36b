/**
 * The stand-in's storage: every stream and the global log (`$all`) in memory. Positions imitate
 * EventStoreDB's: byte offsets in a transaction log, so they grow by more than one per event, and
 * each event's commit position equals its prepare position (as for every event a gRPC client writes
 * to a real server). Nothing here is EventStoreDB; it is what depledger's adapter needs, no more.
 */

export type StandInRecord = Readonly<{
  id: string;
  streamName: string;
  revision: number;
  /** Commit and prepare position (equal). */
  position: number;
  type: string;
  contentType: string;
  /** .NET ticks since 0001-01-01, as the server reports `created`. */
  created: string;
  data: Uint8Array;
  customMetadata: Uint8Array;
}>;

export type ProposedRecord = Omit<StandInRecord, 'streamName' | 'revision' | 'position' | 'created'>;

/** What the writer expects: a revision, or one of the three states EventStoreDB knows. */
export type StandInExpectation = bigint | 'any' | 'no_stream' | 'stream_exists';

export type StandInAppendOutcome =
  Readonly<{ ok: true; revision: number; position: number }> | Readonly<{ ok: false; currentRevision: number }>;

/** Where the log starts: a real server has written system records before the first user event. */
const firstPosition = 4096;
const recordOverhead = 96;
const ticksAtUnixEpoch = 621_355_968_000_000_000n;

const satisfies = (expected: StandInExpectation, current: number): boolean => {
  if (expected === 'any') return true;
  if (expected === 'no_stream') return current === -1;
  if (expected === 'stream_exists') return current >= 0;
  return BigInt(current) === expected;
};

export class StandInLog {
  private readonly records: StandInRecord[] = [];
  private readonly streams = new Map<string, StandInRecord[]>();
  private nextPosition = firstPosition;
  private readonly listeners = new Set<() => void>();

  /** `$all`: every record in commit order. */
  get all(): readonly StandInRecord[] {
    return this.records;
  }

  stream(streamName: string): readonly StandInRecord[] | undefined {
    return this.streams.get(streamName);
  }

  /** All-or-nothing: runs synchronously, so no other call interleaves. */
  append(streamName: string, expected: StandInExpectation, proposed: readonly ProposedRecord[]): StandInAppendOutcome {
    const existing = this.streams.get(streamName);
    const current = existing ? existing.length - 1 : -1;
    if (!satisfies(expected, current)) return { ok: false, currentRevision: current };
    if (proposed.length === 0) return { ok: true, revision: current, position: existing?.at(-1)?.position ?? 0 };
    const stream = existing ?? [];
    if (!existing) this.streams.set(streamName, stream);
    const created = (BigInt(Date.now()) * 10_000n + ticksAtUnixEpoch).toString();
    for (const p of proposed) {
      const record: StandInRecord = { ...p, streamName, revision: stream.length, position: this.nextPosition, created };
      this.nextPosition += recordOverhead + p.type.length + streamName.length + p.data.length + p.customMetadata.length;
      stream.push(record);
      this.records.push(record);
    }
    for (const listener of [...this.listeners]) listener();
    const last = stream[stream.length - 1] as StandInRecord;
    return { ok: true, revision: last.revision, position: last.position };
  }

  /** Index in `all` of the first record at or after `position`. */
  indexAtOrAfter(position: number): number {
    let low = 0;
    let high = this.records.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if ((this.records[middle] as StandInRecord).position < position) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  onAppend(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
