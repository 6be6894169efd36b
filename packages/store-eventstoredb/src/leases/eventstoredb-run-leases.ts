import {
  ConcurrencyError,
  runLeaseLost,
  type LeaseAcquisition,
  type RecordedRunLease,
  type RunFence,
  type RunLeaseStore,
} from '@depledger/core';
import { BACKWARDS, END, NO_STREAM, jsonEvent, type EventStoreDBClient } from '@eventstore/db-client';
import { checkpointStreamPrefix } from '../checkpoints/checkpoint-stream';
import { isStreamNotFound, translateError } from '../connection/translate-error';
import { eventsOf } from '../read/events-of';

/**
 * A token's run lease lives in a stream of its own among depledger's bookkeeping streams (which
 * reads of `$all` skip), limited to its last event (`$maxCount: 1`).
 */
export const runLeaseStreamOf = (tokenId: string): string => `${checkpointStreamPrefix}run-lease:${tokenId}`;

const leaseEventType = 'RunLeaseRecorded.v1';

/** `epoch` counts the token's acquisitions (absent in records written before epochs: 0). */
type LeaseRecord = Readonly<{ tokenId: string; runId: string; expiresAt: string; released: boolean; epoch?: number }>;
type Found = Readonly<{ record: LeaseRecord | null; revision: number }>;

const attempts = 4;

/**
 * Sync runs' leases in EventStoreDB: each change appends the lease's new state to the token's lease
 * stream, expecting the revision it read, so of two processes racing for a token one write wins and
 * the other reads again and decides anew.
 */
export type EventStoreDbRunLeases = RunLeaseStore &
  Readonly<{
    /**
     * Throws SYNC_RUN_LEASE_LOST unless the token's lease is held at the fence's epoch. EventStoreDB
     * has no transaction across streams: the event store calls it just before a fenced append, so a
     * takeover that lands between this read and the append is not caught (docs/reliability.md).
     */
    checkFence(fence: RunFence): Promise<void>;
  }>;

export const createEventStoreDbRunLeases = (client: EventStoreDBClient, label = 'the client given to depledger'): EventStoreDbRunLeases => {
  const read = async (tokenId: string): Promise<Found> => {
    const stream = runLeaseStreamOf(tokenId);
    try {
      for await (const resolved of eventsOf(client.readStream(stream, { fromRevision: END, direction: BACKWARDS, maxCount: 1 }))) {
        const recorded = resolved.event;
        if (!recorded) continue;
        return { record: recorded.data as LeaseRecord, revision: Number(recorded.revision) };
      }
      return { record: null, revision: -1 };
    } catch (error) {
      if (isStreamNotFound(error)) return { record: null, revision: -1 };
      throw translateError(error, { connection: label, operation: `reading the run lease of ${tokenId}`, streamName: stream });
    }
  };

  const write = async (record: LeaseRecord, revision: number): Promise<void> => {
    const stream = runLeaseStreamOf(record.tokenId);
    try {
      if (revision === -1) await client.setStreamMetadata(stream, { maxCount: 1 });
      await client.appendToStream(stream, jsonEvent({ type: leaseEventType, data: record }), {
        expectedRevision: revision === -1 ? NO_STREAM : BigInt(revision),
      });
    } catch (error) {
      throw translateError(error, { connection: label, operation: `writing the run lease of ${record.tokenId}`, streamName: stream });
    }
  };

  /** Reads, decides, writes at the revision read; on a conflict (another process wrote meanwhile) reads again. */
  const change = async <T>(tokenId: string, decide: (found: Found) => { write: LeaseRecord | null; answer: T }): Promise<T> => {
    for (let attempt = 1; ; attempt += 1) {
      const found = await read(tokenId);
      const decision = decide(found);
      if (decision.write === null) return decision.answer;
      try {
        await write(decision.write, found.revision);
        return decision.answer;
      } catch (error) {
        if (!(error instanceof ConcurrencyError) || attempt >= attempts) throw error;
      }
    }
  };

  const leaseOf = (record: LeaseRecord): RecordedRunLease => ({
    tokenId: record.tokenId,
    runId: record.runId,
    expiresAt: record.expiresAt,
    epoch: record.epoch ?? 0,
  });
  const held = (found: Found): LeaseRecord | null => (found.record !== null && !found.record.released ? found.record : null);

  return {
    acquire: (lease, now) =>
      change<LeaseAcquisition>(lease.tokenId, (found) => {
        const current = held(found);
        if (current !== null && current.runId !== lease.runId && Date.parse(current.expiresAt) > now.getTime())
          return { write: null, answer: { acquired: false, holder: leaseOf(current) } };
        // a released record keeps its epoch: the next acquisition goes past it
        const epoch = current?.runId === lease.runId ? (current.epoch ?? 0) : (found.record?.epoch ?? 0) + 1;
        return {
          write: { ...lease, released: false, epoch },
          answer: { acquired: true, epoch, lapsed: current !== null && current.runId !== lease.runId ? leaseOf(current) : null },
        };
      }),
    renew: (lease) =>
      change(lease.tokenId, (found) =>
        held(found)?.runId === lease.runId
          ? { write: { ...lease, released: false, epoch: found.record?.epoch ?? 0 }, answer: true }
          : { write: null, answer: false },
      ),
    release: (tokenId, runId) =>
      change(tokenId, (found) => {
        const current = held(found);
        return current?.runId === runId ? { write: { ...current, released: true }, answer: undefined } : { write: null, answer: undefined };
      }),
    current: async (tokenId) => {
      const current = held(await read(tokenId));
      return current === null ? null : leaseOf(current);
    },
    checkFence: async (fence) => {
      const current = held(await read(fence.tokenId));
      const epoch = current === null ? null : (current.epoch ?? 0);
      if (epoch !== fence.epoch) throw runLeaseLost(fence, epoch);
    },
  };
};
