import { DepledgerError } from '../errors/depledger-error';

/**
 * An organisation served by a depledger deployment: lower-case words of letters and digits joined by
 * single hyphens (`acme`, `lycee-jean-moulin`), at most 40 characters.
 */
export type TenantId = string;

/** The tenant of every store written before tenants existed, and of every depledger not given one. */
export const defaultTenant: TenantId = 'default';

const tenantShape = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Is this a well-formed tenant id? */
export const isTenantId = (value: unknown): value is TenantId => typeof value === 'string' && value.length <= 40 && tenantShape.test(value);

/** The tenant id, checked. @throws `TENANT_ID_INVALID` */
export const parseTenantId = (value: unknown): TenantId => {
  if (isTenantId(value)) return value;
  throw new DepledgerError(
    'TENANT_ID_INVALID',
    'A tenant id is made of lower-case letters and digits in words joined by single hyphens, at most 40 characters.',
    { tenant: typeof value === 'string' ? value.slice(0, 60) : typeof value },
  );
};

/**
 * What every name a tenant's depledger writes starts with in the shared store: stream names,
 * read-model names, consumer checkpoints, run-lease keys and stored event ids (`tenant-acme~dep-device-C02X…`).
 * The default tenant has none: its names are those of a store written before tenants existed.
 */
export const tenantNamePrefix = (tenant: TenantId): string => (tenant === defaultTenant ? '' : `tenant-${tenant}~`);

/** Names starting with this belong to a tenant other than the default one. */
export const tenantNameMarker = 'tenant-';

/** The tenant a stored name belongs to: the default tenant for a name without a tenant prefix. */
export const tenantOfName = (name: string): TenantId => {
  if (!name.startsWith(tenantNameMarker)) return defaultTenant;
  const end = name.indexOf('~');
  return end < 0 ? defaultTenant : name.slice(tenantNameMarker.length, end);
};

export const scopeViolation = (tenant: TenantId, what: string): DepledgerError =>
  new DepledgerError('TENANT_SCOPE_VIOLATION', `The ${what} belongs to another tenant than ${tenant}.`, { tenant, what });
