import type { Vault, VaultKind, VaultRef } from '../ports/vault';
import { defaultTenant, scopeViolation, tenantNameMarker, type TenantId } from './tenant-id';

/**
 * The vault as one tenant sees it: every entry it writes is of a kind under the tenant
 * (`vault:tenant-acme--apple-id:…`), so the same Apple ID in two organisations gets two references
 * and forgetting one never forgets the other; a reference of another tenant is refused, never revealed.
 * The default tenant keeps the kinds of a store written before tenants existed, and its vault is the
 * one given, unchanged (with whatever else that vault offers): it never holds another tenant's
 * reference, since it reads only the default tenant's events.
 */
const scopes = new WeakMap<Vault, TenantId>();

export const scopeVault = (vault: Vault, tenant: TenantId): Vault => {
  if (tenant === defaultTenant) return vault;
  const already = scopes.get(vault);
  if (already !== undefined) {
    if (already === tenant) return vault;
    throw scopeViolation(tenant, 'vault');
  }
  const kindPrefix = `${tenantNameMarker}${tenant}--`;
  const kindOf = (kind: VaultKind): VaultKind => {
    if (kind.startsWith(tenantNameMarker)) throw scopeViolation(tenant, 'vault kind');
    return kindPrefix + kind;
  };
  const own = (ref: VaultRef): VaultRef => {
    const kind = ref.startsWith('vault:') ? ref.slice('vault:'.length) : '';
    if (!kind.startsWith(kindPrefix)) throw scopeViolation(tenant, 'vault reference');
    return ref;
  };
  const scoped: Vault = {
    putSecret: async (kind, value) => vault.putSecret(kindOf(kind), value),
    refForPersonalData: async (kind, value) => vault.refForPersonalData(kindOf(kind), value),
    reveal: async (ref) => vault.reveal(own(ref)),
    forget: async (ref) => vault.forget(own(ref)),
  };
  scopes.set(scoped, tenant);
  return scoped;
};
