import { businessStreamPrefixes } from '../business/business-streams';
import type { EventStore } from '../ports/event-store';
import { defaultTenant, tenantNamePrefix, tenantOfName, type TenantId } from '../tenancy/tenant-id';
import { tokenStream } from '../token/token-events';
import { readSinceLast } from './read-since-last';

/** The token ids and Business API account ids of every tenant of a shared store. */
export type FleetDirectory = Readonly<{
  /** Reads what was appended since the last look-up (the whole log the first time); look-ups asked for while one runs share it. */
  lookUp(): Promise<void>;
  /** The tenant's tokens, in the order they first appear in the log, as of the last look-up. */
  tokensOf(tenant: TenantId): readonly string[];
  /** The tenant's Business API accounts, as of the last look-up. */
  accountsOf(tenant: TenantId): readonly string[];
}>;

/**
 * Every tenant's tokens and API accounts, looked up in one read of the store the tenants share
 * rather than one read per tenant. A tenant's own look-up (`createSyncScheduler`'s) reads, through
 * its view of the store, what was appended since its last one under its own prefix — fine for one
 * organisation, but a fleet scheduler asking each of thousands of tenants in turn made the store walk
 * the same new events once per tenant (a stream-name prefix in the middle of the log is a filter, not
 * an index, on PostgreSQL). Here each look-up reads the events appended since the last one once, for
 * all tenants, and sorts their stream names by tenant.
 *
 * `store` is the store as opened, not a tenant's view of it.
 */
export const createFleetDirectory = (store: EventStore): FleetDirectory => {
  const tokenPrefix = tokenStream('');
  const accountPrefixes = businessStreamPrefixes('businessAccount');
  const tokens = new Map<TenantId, Set<string>>();
  const accounts = new Map<TenantId, Set<string>>();

  const add = (into: Map<TenantId, Set<string>>, tenant: TenantId, id: string): void => {
    let ids = into.get(tenant);
    if (ids === undefined) into.set(tenant, (ids = new Set()));
    ids.add(id);
  };

  const sort = (streamName: string): void => {
    const tenant = tenantOfName(streamName);
    // the operator's streams under the marker with no tenant (the register) belong to no tenant
    if (tenant !== defaultTenant && tenant.length === 0) return;
    const inner = streamName.slice(tenantNamePrefix(tenant).length);
    if (inner.startsWith(tokenPrefix)) {
      add(tokens, tenant, inner.slice(tokenPrefix.length));
      return;
    }
    const accountPrefix = accountPrefixes.find((candidate) => inner.startsWith(candidate));
    if (accountPrefix !== undefined) add(accounts, tenant, inner.slice(accountPrefix.length));
  };

  return {
    lookUp: readSinceLast(store, undefined, sort),
    tokensOf: (tenant) => [...(tokens.get(tenant) ?? [])],
    accountsOf: (tenant) => [...(accounts.get(tenant) ?? [])],
  };
};
