import { parseTenantId, type TenantId } from '@depledger/core';
import { deviceStatusProjection } from '../device-status/device-status-projection';
import { deviceStatusCodes, type DeviceStatusCode } from '../labels/device-status-labels';
import { countDocuments } from '../read-model-store/count-documents';
import type { ReadModelStore } from '../read-model-store/read-model-store';
import { scopeReadModels } from '../read-model-store/tenant-read-models';
import { tokenHealthProjection } from '../token-health/token-health-projection';
import { noActivity, tenantActivityKey, type TenantActivityDoc } from './tenant-activity-doc';
import { tenantActivityProjection } from './tenant-activity-projection';

/** One organisation in numbers: its tokens and devices as they are now, and what its syncs did. */
export type TenantFigures = Readonly<{
  tenant: TenantId;
  tokens: number;
  devices: Readonly<{ total: number; byStatus: Readonly<Record<DeviceStatusCode, number>> }>;
}> &
  Omit<TenantActivityDoc, 'updatedAt'> &
  Readonly<{ activityUpdatedAt: string | null }>;

const countOf = async (readModels: ReadModelStore, name: string): Promise<number> => {
  const version = await readModels.live(name);
  if (version === null) return 0;
  return (await countDocuments(readModels, version, ['tokenId'])).reduce((sum, group) => sum + group.count, 0);
};

const devicesOf = async (readModels: ReadModelStore): Promise<TenantFigures['devices']> => {
  const byStatus = Object.fromEntries(deviceStatusCodes.map((code) => [code, 0])) as Record<DeviceStatusCode, number>;
  let total = 0;
  const version = await readModels.live(deviceStatusProjection.name);
  if (version !== null) {
    for (const { values, count } of await countDocuments(readModels, version, ['status'])) {
      total += count;
      const status = values[0];
      // a status from a newer depledger counts in the total only
      if (status !== null && status !== undefined && status in byStatus) byStatus[status as DeviceStatusCode] += count;
    }
  }
  return { total, byStatus };
};

const activityOf = async (readModels: ReadModelStore): Promise<TenantActivityDoc | null> => {
  const version = await readModels.live(tenantActivityProjection.name);
  if (version === null) return null;
  return ((await readModels.getMany(version, [tenantActivityKey])).get(tenantActivityKey) as TenantActivityDoc | undefined) ?? null;
};

/**
 * One tenant's figures, read from its read models in the deployment's read-model store (scoped to
 * the tenant here; a store already scoped to it is used as is): tokens and devices counted where the
 * documents live, and the tenant-activity document. As current as the tenant's runner.
 */
export const tenantFigures = async (readModels: ReadModelStore, tenant: TenantId): Promise<TenantFigures> => {
  const id = parseTenantId(tenant);
  const own = scopeReadModels(readModels, id);
  const [tokens, devices, activity] = await Promise.all([countOf(own, tokenHealthProjection.name), devicesOf(own), activityOf(own)]);
  const { updatedAt, ...counted } = activity ?? noActivity(null);
  return { tenant: id, tokens, devices, ...counted, activityUpdatedAt: updatedAt };
};

/** The figures of each tenant named, in the order given: an operator's view across organisations. */
export const figuresOfTenants = async (readModels: ReadModelStore, tenants: readonly TenantId[]): Promise<TenantFigures[]> => {
  const figures: TenantFigures[] = [];
  for (const tenant of tenants) figures.push(await tenantFigures(readModels, tenant));
  return figures;
};
