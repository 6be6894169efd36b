import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Purpose-bound keys derived from the one vault key, so no key serves two purposes: `wrapping`
 * encrypts each entry's own key, `lookups` finds a person's reference from their data, `check`
 * fingerprints the vault key. `legacyEntries` is how entries were encrypted before each had a key
 * of its own (schema 2 and earlier), kept only to migrate them.
 */
export type VaultKeys = Readonly<{ wrapping: Buffer; lookups: Buffer; check: Buffer; legacyEntries: Buffer }>;

const derive = (key: Buffer, purpose: string): Buffer => Buffer.from(hkdfSync('sha256', key, 'depledger-vault', purpose, 32));

export const deriveVaultKeys = (key: Buffer): VaultKeys => ({
  wrapping: derive(key, 'aes-256-gcm entry keys v2'),
  // The purpose string of schema 2's references, so its lookups still match after migration.
  lookups: derive(key, 'hmac-sha256 personal-data references v1'),
  check: derive(key, 'key check v1'),
  legacyEntries: derive(key, 'aes-256-gcm entries v1'),
});

export type Sealed = Readonly<{ nonce: Buffer; ciphertext: Buffer; authTag: Buffer }>;

/** AES-256-GCM with a fresh 96-bit nonce; `context` is authenticated too, so rows cannot be swapped. */
export const seal = (key: Buffer, context: string, plaintext: string | Buffer): Sealed => {
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const ciphertext = Buffer.concat([
    typeof plaintext === 'string' ? cipher.update(plaintext, 'utf8') : cipher.update(plaintext),
    cipher.final(),
  ]);
  return { nonce, ciphertext, authTag: cipher.getAuthTag() };
};

/** The plaintext, or undefined when it does not authenticate (another key, or an altered row). */
export const open = (key: Buffer, context: string, sealed: Sealed): Buffer | undefined => {
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, sealed.nonce);
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(sealed.authTag);
    return Buffer.concat([decipher.update(sealed.ciphertext), decipher.final()]);
  } catch {
    return undefined;
  }
};

const entryKeyContext = (ref: string): string => `entry key\u0000${ref}`;

const tenantKeyContext = (tenant: string): string => `tenant key\u0000${tenant}`;

/** A 32-byte key sealed under another: nonce, ciphertext and tag in one blob. */
const wrapKey = (wrapping: Buffer, context: string, key: Buffer): Buffer => {
  const sealed = seal(wrapping, context, key);
  return Buffer.concat([sealed.nonce, sealed.ciphertext, sealed.authTag]);
};

const unwrapKey = (wrapping: Buffer, context: string, wrapped: Buffer): Buffer | undefined => {
  if (wrapped.length !== 12 + 32 + 16) return undefined;
  return open(wrapping, context, { nonce: wrapped.subarray(0, 12), ciphertext: wrapped.subarray(12, 44), authTag: wrapped.subarray(44) });
};

/**
 * An entry's own key, sealed under the vault's wrapping key (the default tenant's entries), or under
 * its tenant's key (`tenantKey`, a named tenant's entries).
 */
export const wrapEntryKey = (keys: VaultKeys, ref: string, entryKey: Buffer, tenantKey?: Buffer): Buffer =>
  wrapKey(tenantKey ?? keys.wrapping, entryKeyContext(ref), entryKey);

export const unwrapEntryKey = (keys: VaultKeys, ref: string, wrapped: Buffer, tenantKey?: Buffer): Buffer | undefined =>
  unwrapKey(tenantKey ?? keys.wrapping, entryKeyContext(ref), wrapped);

/** A named tenant's own key, sealed under the vault's wrapping key: destroying it erases the tenant. */
export const wrapTenantKey = (keys: VaultKeys, tenant: string, tenantKey: Buffer): Buffer =>
  wrapKey(keys.wrapping, tenantKeyContext(tenant), tenantKey);

export const unwrapTenantKey = (keys: VaultKeys, tenant: string, wrapped: Buffer): Buffer | undefined =>
  unwrapKey(keys.wrapping, tenantKeyContext(tenant), wrapped);

/**
 * How a person's reference is found again from their data: an HMAC of the kind and the normalised
 * value. It is kept beside the reference only while the entry lives; forgetting deletes it.
 */
export const lookupOf = (keys: VaultKeys, kind: string, normalisedValue: string): string =>
  createHmac('sha256', keys.lookups).update(`${kind}\u0000${normalisedValue}`).digest('base64url').slice(0, 32);

/** A fingerprint of the key, stored in the database to tell a wrong key from a right one. */
export const keyCheck = (keys: VaultKeys): Buffer => createHmac('sha256', keys.check).update('depledger vault key check').digest();
