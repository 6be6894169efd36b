import type { RecordedRunLease, RunLeaseStore } from '../ports/run-leases';
import { defaultTenant, scopeViolation, tenantNameMarker, tenantNamePrefix, type TenantId } from './tenant-id';

/**
 * Run leases as one tenant sees them: a tenant's token (or consumer) keys its lease under the
 * tenant's prefix, so two organisations with a token of the same id never block each other. The
 * default tenant keeps the keys of a store written before tenants existed.
 */
export const scopeRunLeases = (leases: RunLeaseStore, tenant: TenantId): RunLeaseStore => {
  const prefix = tenantNamePrefix(tenant);
  const inside = (tokenId: string): string => {
    if (tenant === defaultTenant && tokenId.startsWith(tenantNameMarker)) throw scopeViolation(tenant, 'run lease');
    return prefix + tokenId;
  };
  const outside = (lease: RecordedRunLease): RecordedRunLease => ({ ...lease, tokenId: lease.tokenId.slice(prefix.length) });
  return {
    acquire: async (lease, now) => {
      const got = await leases.acquire({ ...lease, tokenId: inside(lease.tokenId) }, now);
      if (!got.acquired) return { acquired: false, holder: outside(got.holder) };
      return { ...got, lapsed: got.lapsed === null ? null : outside(got.lapsed) };
    },
    renew: (lease) => leases.renew({ ...lease, tokenId: inside(lease.tokenId) }),
    release: (tokenId, runId) => leases.release(inside(tokenId), runId),
    current: async (tokenId) => {
      const lease = await leases.current(inside(tokenId));
      return lease === null ? null : outside(lease);
    },
  };
};
