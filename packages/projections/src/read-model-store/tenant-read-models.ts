import { DepledgerError, defaultTenant, tenantNamePrefix, type TenantId } from '@depledger/core';
import type { FieldValuesVisitor, ReadModelAddress, ReadModelStore, ReadModelVersion } from './read-model-store';

const scopes = new WeakMap<ReadModelStore, TenantId>();

/** The tenant a read-model store was scoped to, or `null` for a store as opened. */
export const tenantOfReadModels = (readModels: ReadModelStore): TenantId | null => scopes.get(readModels) ?? null;

const violation = (tenant: TenantId) =>
  new DepledgerError('TENANT_SCOPE_VIOLATION', `The read models belong to another tenant than ${tenant}.`, {
    tenant,
    what: 'read models',
  });

/**
 * The read models of one tenant (organisation): each read model's name is kept under the tenant's
 * prefix (`tenant-acme~device-status`), so a tenant's runner builds, and its queries read, only
 * documents folded from that tenant's events. The default tenant keeps the names of a store written
 * before tenants existed: its read models are the store as given.
 */
export const scopeReadModels = (readModels: ReadModelStore, tenant: TenantId): ReadModelStore => {
  const already = tenantOfReadModels(readModels);
  if (already !== null) {
    if (already === tenant) return readModels;
    throw violation(tenant);
  }
  // the default tenant's read models are the store's own names: the store as given, with all it offers
  if (tenant === defaultTenant) return readModels;
  const prefix = tenantNamePrefix(tenant);
  const inside = (name: string): string => prefix + name;
  const address = (a: ReadModelAddress): ReadModelAddress => ({ name: inside(a.name), version: a.version });
  const outside = <V extends ReadModelVersion | null>(version: V): V =>
    (version === null ? null : { ...version, name: version.name.slice(prefix.length) }) as V;
  const scoped: ReadModelStore = {
    live: async (name) => outside(await readModels.live(inside(name))),
    createVersion: async (name, projectionVersion) => outside(await readModels.createVersion(inside(name), projectionVersion)),
    checkpoint: (a) => readModels.checkpoint(address(a)),
    getMany: (a, keys) => readModels.getMany(address(a), keys),
    list: (a, options) => readModels.list(address(a), options),
    ...(readModels.countBy ? { countBy: (a: ReadModelAddress, fields: readonly string[]) => readModels.countBy!(address(a), fields) } : {}),
    ...(readModels.fieldValues
      ? {
          fieldValues: (a: ReadModelAddress, fields: readonly string[], visit: FieldValuesVisitor) =>
            readModels.fieldValues!(address(a), fields, visit),
        }
      : {}),
    commit: (a, batch) => readModels.commit(address(a), batch),
    switchTo: (a) => readModels.switchTo(address(a)),
    discard: (a) => readModels.discard(address(a)),
  };
  scopes.set(scoped, tenant);
  return scoped;
};
