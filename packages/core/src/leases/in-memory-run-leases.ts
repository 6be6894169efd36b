import type { LeaseAcquisition, RunLease, RunLeaseStore } from '../ports/run-leases';

/** Run leases in this process's memory: for the in-memory event store, whose runs all live in one process. */
export const createInMemoryRunLeases = (): RunLeaseStore => {
  const leases = new Map<string, RunLease>();
  return {
    acquire(lease, now) {
      const held = leases.get(lease.tokenId);
      let answer: LeaseAcquisition;
      if (held !== undefined && held.runId !== lease.runId && Date.parse(held.expiresAt) > now.getTime())
        answer = { acquired: false, holder: held };
      else {
        leases.set(lease.tokenId, { ...lease });
        answer = { acquired: true, lapsed: held !== undefined && held.runId !== lease.runId ? held : null };
      }
      return Promise.resolve(answer);
    },
    renew(lease) {
      const held = leases.get(lease.tokenId);
      if (held?.runId !== lease.runId) return Promise.resolve(false);
      leases.set(lease.tokenId, { ...lease });
      return Promise.resolve(true);
    },
    release(tokenId, runId) {
      if (leases.get(tokenId)?.runId === runId) leases.delete(tokenId);
      return Promise.resolve();
    },
    current: (tokenId) => Promise.resolve(leases.get(tokenId) ?? null),
  };
};
