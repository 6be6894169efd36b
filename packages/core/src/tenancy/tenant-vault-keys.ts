import { DepledgerError } from '../errors/depledger-error';
import { defaultTenant, parseTenantId, tenantNameMarker, type TenantId } from './tenant-id';

/**
 * How a vault with a key per tenant tells whose an entry is: a named tenant's entries are of kinds
 * `tenant-<id>--<kind>` (see `scopeVault`); every other kind is the default tenant's.
 */
const tenantKind = /^tenant-([a-z0-9]+(?:-[a-z0-9]+)*)--/;

/** The tenant whose key seals entries of this kind: the default tenant for a kind without a tenant prefix. */
export const tenantOfVaultKind = (kind: string): TenantId => tenantKind.exec(kind)?.[1] ?? defaultTenant;

/** What the kinds of a named tenant's vault entries start with (`tenant-acme--`). */
export const tenantVaultKindPrefix = (tenant: TenantId): string => `${tenantNameMarker}${tenant}--`;

/** The tenant id, checked, and not the default tenant's: the one tenant whose vault has no key to destroy. */
export const forgettableTenant = (tenant: unknown): TenantId => {
  const id = parseTenantId(tenant);
  if (id === defaultTenant) {
    throw new DepledgerError(
      'TENANT_NOT_FORGETTABLE',
      'The default tenant cannot be forgotten: its vault entries are sealed under the vault key itself. Forget its entries one by one, or rotate the vault key.',
      { tenant: id },
    );
  }
  return id;
};

/** A forgotten tenant's vault takes no new entry. */
export const tenantForgottenError = (tenant: TenantId): DepledgerError =>
  new DepledgerError(
    'TENANT_FORGOTTEN',
    `The tenant ${tenant} was forgotten: its vault key was destroyed and it cannot store secrets or personal data again.`,
    { tenant },
  );
