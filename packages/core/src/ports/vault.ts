/**
 * Secrets and personal data live in the vault, never in events. Events carry a reference
 * (`vault:<kind>:<id>`); the vault holds the value.
 *
 * - `putSecret` stores a secret (a private key, OAuth secrets) under a fresh reference.
 * - `refForPersonalData` returns a stable pseudonymous reference for a person's data (an Apple ID,
 *   an administrator's e-mail, a device user): the same value gives the same reference, so rules such
 *   as "renew with the same Apple ID" compare references, not e-mails. That holds while the value is
 *   remembered: once it is forgotten, a vault should keep nothing that leads from the value back to
 *   the reference, and may give the value met again a new reference (the SQLite vault does; the
 *   in-memory one, for tests, gives the same).
 * - `reveal` returns the value, or `null` once forgotten.
 * - `forget` erases one reference's value for good: every event that points at it stays, but can no
 *   longer be read back to the person (right to erasure without rewriting history). Copies count:
 *   a store should make the value unreadable in its files (not only hidden by a flag), and say how a
 *   backup from before stops being readable (the SQLite vault: a key per entry, and key rotation).
 */
export interface Vault {
  putSecret(kind: VaultKind, value: string): Promise<VaultRef>;
  refForPersonalData(kind: VaultKind, value: string): Promise<VaultRef>;
  reveal(ref: VaultRef): Promise<string | null>;
  forget(ref: VaultRef): Promise<void>;
}

export type VaultKind = 'private-key' | 'oauth-secrets' | 'apple-id' | 'admin-email' | 'device-user' | (string & {});

/** `vault:<kind>:<id>` */
export type VaultRef = string;

export const isVaultRef = (value: unknown): value is VaultRef =>
  typeof value === 'string' && /^vault:[a-z0-9-]+:[A-Za-z0-9_-]+$/.test(value);

/** What forgetting a tenant's vault did: counts only, never a value. */
export type ForgottenTenantVault = Readonly<{
  tenant: string;
  /** Entries whose value was erased when the tenant was forgotten (by this call, or by the first one). */
  entriesErased: number;
  /** When the tenant's key was destroyed (ISO 8601): by this call, or by the one before. */
  forgottenAt: string;
  /** True when the tenant had been forgotten before this call (nothing was changed). */
  alreadyForgotten: boolean;
}>;

/** A tenant as the vault knows it: its key, its entries, whether it was forgotten. */
export type VaultTenant = Readonly<{
  tenant: string;
  /** Entries that still hold a value. */
  entries: number;
  /** When its key was made (ISO 8601), or null when its entries predate tenant keys. */
  keyCreatedAt: string | null;
  /** When it was forgotten (ISO 8601), or null. */
  forgottenAt: string | null;
}>;

/**
 * What a vault with a key per tenant offers besides the port (the SQLite and PostgreSQL vaults, and
 * the in-memory one): every named tenant's entries are sealed under a key of the tenant's own, itself
 * sealed under the vault key, so destroying that key makes all of the tenant's secrets and personal
 * data unreadable at once. Not part of `Vault`: a tenant's scoped vault never offers it, only the
 * vault the operator was given.
 */
export interface TenantKeyedVault extends Vault {
  /**
   * In one step: destroys the tenant's key, erases every entry of the tenant and the ways back from its
   * people's data to their references. From then on the tenant's references reveal `null` and the
   * tenant cannot write to the vault again (`TENANT_FORGOTTEN`). Forgetting it again changes nothing.
   * @throws `TENANT_ID_INVALID`, `TENANT_NOT_FORGETTABLE` (the default tenant)
   */
  forgetTenant(tenant: string): Promise<ForgottenTenantVault>;
  /** The named tenants with a key or entries in this vault, forgotten ones included, by id. */
  listTenants(): Promise<readonly VaultTenant[]>;
}

/** Does this vault keep a key per tenant (and so can forget one)? */
export const isTenantKeyedVault = (vault: Vault): vault is TenantKeyedVault =>
  typeof (vault as Partial<TenantKeyedVault>).forgetTenant === 'function' &&
  typeof (vault as Partial<TenantKeyedVault>).listTenants === 'function';
