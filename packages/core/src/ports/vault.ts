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
