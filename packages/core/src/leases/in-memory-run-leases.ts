import type { LeaseAcquisition, RecordedRunLease, RunLease, RunLeaseStore } from '../ports/run-leases';

/** Run leases in memory, and the fence check the in-memory event store makes before each fenced append. */
export type InMemoryRunLeases = RunLeaseStore &
  Readonly<{
    /** The epoch that holds the token's lease now, or null when it is released or was never taken. */
    heldEpoch(tokenId: string): number | null;
  }>;

type Entry = { tokenId: string; runId: string; expiresAt: string; epoch: number; released: boolean };

const leaseOf = ({ tokenId, runId, expiresAt, epoch }: Entry): RecordedRunLease => ({ tokenId, runId, expiresAt, epoch });

/** Run leases in this process's memory: for the in-memory event store, whose runs all live in one process. */
export const createInMemoryRunLeases = (): InMemoryRunLeases => {
  // a released lease stays (released) so that the token's next epoch is still greater than every earlier one
  const leases = new Map<string, Entry>();
  const held = (tokenId: string): Entry | undefined => {
    const entry = leases.get(tokenId);
    return entry === undefined || entry.released ? undefined : entry;
  };
  return {
    acquire(lease: RunLease, now: Date) {
      const recorded = leases.get(lease.tokenId);
      const current = held(lease.tokenId);
      let answer: LeaseAcquisition;
      if (current !== undefined && current.runId !== lease.runId && Date.parse(current.expiresAt) > now.getTime())
        answer = { acquired: false, holder: leaseOf(current) };
      else {
        const epoch = current?.runId === lease.runId ? current.epoch : (recorded?.epoch ?? 0) + 1;
        leases.set(lease.tokenId, { ...lease, epoch, released: false });
        answer = { acquired: true, epoch, lapsed: current !== undefined && current.runId !== lease.runId ? leaseOf(current) : null };
      }
      return Promise.resolve(answer);
    },
    renew(lease) {
      const current = held(lease.tokenId);
      if (current?.runId !== lease.runId) return Promise.resolve(false);
      current.expiresAt = lease.expiresAt;
      return Promise.resolve(true);
    },
    release(tokenId, runId) {
      const current = held(tokenId);
      if (current?.runId === runId) current.released = true;
      return Promise.resolve();
    },
    current: (tokenId) => {
      const current = held(tokenId);
      return Promise.resolve(current === undefined ? null : leaseOf(current));
    },
    heldEpoch: (tokenId) => held(tokenId)?.epoch ?? null,
  };
};
