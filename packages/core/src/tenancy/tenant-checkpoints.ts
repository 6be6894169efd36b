import type { ConsumerCheckpointStore } from '../consumers/consumer-checkpoints';
import { defaultTenant, scopeViolation, tenantNameMarker, tenantNamePrefix, type TenantId } from './tenant-id';

/** Consumer checkpoints as one tenant sees them: a consumer's name is kept under the tenant's prefix. */
export const scopeConsumerCheckpoints = (checkpoints: ConsumerCheckpointStore, tenant: TenantId): ConsumerCheckpointStore => {
  const prefix = tenantNamePrefix(tenant);
  const inside = (name: string): string => {
    if (tenant === defaultTenant && name.startsWith(tenantNameMarker)) throw scopeViolation(tenant, 'consumer');
    return prefix + name;
  };
  return {
    get: (name) => checkpoints.get(inside(name)),
    set: (name, position, current) => checkpoints.set(inside(name), position, current),
  };
};
