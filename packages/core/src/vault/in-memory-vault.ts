import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { ValidationError } from '../errors/validation-error';
import type { TenantKeyedVault, VaultKind, VaultRef, VaultTenant } from '../ports/vault';
import { defaultTenant } from '../tenancy/tenant-id';
import { forgettableTenant, tenantForgottenError, tenantOfVaultKind } from '../tenancy/tenant-vault-keys';

const kindPattern = /^[a-z0-9-]+$/;

const checkKind = (kind: VaultKind): void => {
  if (!kindPattern.test(kind))
    throw new ValidationError('vault kind', [{ path: 'kind', message: 'lowercase letters, digits and dashes only' }]);
};

/** Normalises personal data so that `It@Example.com ` and `it@example.com` are one person. */
export const normalisePersonalData = (value: string): string => value.trim().toLowerCase();

const kindOfRef = (ref: VaultRef): string => ref.split(':')[1] ?? '';

/**
 * A vault that lives in the process: for tests and examples. Pseudonymous references are an HMAC
 * of the value under a key made at creation, so they are stable for the vault's life only.
 * Forgetting a tenant drops its values and refuses its writes from then on.
 */
export const createInMemoryVault = (options: { pseudonymKey?: Buffer } = {}): TenantKeyedVault & { size(): number } => {
  const values = new Map<VaultRef, string>();
  const pseudonymKey = options.pseudonymKey ?? randomBytes(32);
  const tenants = new Map<string, { keyCreatedAt: string; forgottenAt: string | null }>();
  const checkTenant = (kind: VaultKind): void => {
    const tenant = tenantOfVaultKind(kind);
    if (tenant === defaultTenant) return;
    const known = tenants.get(tenant);
    if (known?.forgottenAt) throw tenantForgottenError(tenant);
    if (known === undefined) tenants.set(tenant, { keyCreatedAt: new Date().toISOString(), forgottenAt: null });
  };
  return {
    putSecret: async (kind, value) => {
      checkKind(kind);
      checkTenant(kind);
      const ref = `vault:${kind}:${randomUUID().replaceAll('-', '')}`;
      values.set(ref, value);
      return ref;
    },
    refForPersonalData: async (kind, value) => {
      checkKind(kind);
      checkTenant(kind);
      const normalised = normalisePersonalData(value);
      const id = createHmac('sha256', pseudonymKey).update(`${kind}\u0000${normalised}`).digest('base64url').slice(0, 32);
      const ref = `vault:${kind}:${id}`;
      values.set(ref, value.trim());
      return ref;
    },
    reveal: async (ref) => values.get(ref) ?? null,
    forget: async (ref) => {
      values.delete(ref);
    },
    forgetTenant: async (id) => {
      const tenant = forgettableTenant(id);
      const known = tenants.get(tenant);
      if (known?.forgottenAt) return { tenant, entriesErased: 0, forgottenAt: known.forgottenAt, alreadyForgotten: true };
      let entriesErased = 0;
      for (const ref of [...values.keys()]) {
        if (tenantOfVaultKind(kindOfRef(ref)) !== tenant) continue;
        values.delete(ref);
        entriesErased++;
      }
      const forgottenAt = new Date().toISOString();
      tenants.set(tenant, { keyCreatedAt: known?.keyCreatedAt ?? forgottenAt, forgottenAt });
      return { tenant, entriesErased, forgottenAt, alreadyForgotten: false };
    },
    listTenants: async () =>
      [...tenants.entries()]
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([tenant, { keyCreatedAt, forgottenAt }]): VaultTenant => ({
          tenant,
          entries: [...values.keys()].filter((ref) => tenantOfVaultKind(kindOfRef(ref)) === tenant).length,
          keyCreatedAt,
          forgottenAt,
        })),
    size: () => values.size,
  };
};
