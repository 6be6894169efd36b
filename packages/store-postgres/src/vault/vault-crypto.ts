import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

// The vault's cryptography, in one small file so the model can change in one place: keys derived
// per purpose (HKDF-SHA-256) from the one vault key, AES-256-GCM per entry with the reference as
// associated data, HMAC-SHA-256 pseudonyms for personal data. The derivations are the SQLite
// vault's, so one key gives the same references in either store.

export type VaultKeys = Readonly<{ encryption: Buffer; pseudonyms: Buffer; check: Buffer }>;

const derive = (key: Buffer, purpose: string): Buffer => Buffer.from(hkdfSync('sha256', key, 'depledger-vault', purpose, 32));

export const deriveVaultKeys = (key: Buffer): VaultKeys => ({
  encryption: derive(key, 'aes-256-gcm entries v1'),
  pseudonyms: derive(key, 'hmac-sha256 personal-data references v1'),
  check: derive(key, 'key check v1'),
});

export type Sealed = Readonly<{ nonce: Buffer; ciphertext: Buffer; authTag: Buffer }>;

const sealUnder = (key: Buffer, context: string, value: string | Buffer): Sealed => {
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const ciphertext = Buffer.concat([typeof value === 'string' ? cipher.update(value, 'utf8') : cipher.update(value), cipher.final()]);
  return { nonce, ciphertext, authTag: cipher.getAuthTag() };
};

const unsealUnder = (key: Buffer, context: string, sealed: Sealed): Buffer | undefined => {
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, sealed.nonce);
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(sealed.authTag);
    return Buffer.concat([decipher.update(sealed.ciphertext), decipher.final()]);
  } catch {
    return undefined;
  }
};

/**
 * Encrypts a value under a fresh 96-bit nonce; the reference is authenticated too, so rows cannot be
 * swapped. A named tenant's entries are sealed under the tenant's key (`tenantKey`), the others under
 * the vault's.
 */
export const seal = (keys: VaultKeys, ref: string, value: string, tenantKey?: Buffer): Sealed =>
  sealUnder(tenantKey ?? keys.encryption, ref, value);

/** The value, or undefined when the entry does not authenticate (another key, or an altered or moved row). */
export const unseal = (keys: VaultKeys, ref: string, sealed: Sealed, tenantKey?: Buffer): string | undefined =>
  unsealUnder(tenantKey ?? keys.encryption, ref, sealed)?.toString('utf8');

const tenantKeyContext = (tenant: string): string => `tenant key\u0000${tenant}`;

/** A named tenant's own key sealed under the vault key: nonce, tag and ciphertext in one blob. */
export const wrapTenantKey = (keys: VaultKeys, tenant: string, tenantKey: Buffer): Buffer => {
  const sealed = sealUnder(keys.encryption, tenantKeyContext(tenant), tenantKey);
  return Buffer.concat([sealed.nonce, sealed.authTag, sealed.ciphertext]);
};

export const unwrapTenantKey = (keys: VaultKeys, tenant: string, wrapped: Buffer): Buffer | undefined =>
  wrapped.length !== 12 + 16 + 32
    ? undefined
    : unsealUnder(keys.encryption, tenantKeyContext(tenant), {
        nonce: wrapped.subarray(0, 12),
        authTag: wrapped.subarray(12, 28),
        ciphertext: wrapped.subarray(28),
      });

/** The pseudonym key of a tenant's people: gone with the tenant's key, so nothing links their data to their references. */
export const tenantPseudonymKey = (tenantKey: Buffer): Buffer => derive(tenantKey, 'hmac-sha256 tenant personal-data references v1');

/** The stable id part of a personal-data reference. */
export const pseudonym = (keys: VaultKeys, kind: string, normalisedValue: string, pseudonymKey?: Buffer): string =>
  createHmac('sha256', pseudonymKey ?? keys.pseudonyms)
    .update(`${kind}\u0000${normalisedValue}`)
    .digest('base64url')
    .slice(0, 32);

/** A fingerprint of the key, stored in the database to tell a wrong key from a right one. */
export const keyFingerprint = (keys: VaultKeys): Buffer => createHmac('sha256', keys.check).update('depledger vault key check').digest();

/** The id stored with each entry: which key it is sealed under (the fingerprint's first 8 bytes). */
export const keyIdOf = (fingerprint: Buffer): Buffer => fingerprint.subarray(0, 8);

const pseudonymKeyRef = 'vault-settings:pseudonym-key';

/**
 * The personal-data pseudonym key sealed under the vault key: stored once the vault key was
 * rotated, so references stay the same whatever key the vault is under now.
 */
export const sealPseudonymKey = (keys: VaultKeys, pseudonymKey: Buffer): Buffer => {
  const sealed = seal(keys, pseudonymKeyRef, pseudonymKey.toString('base64'));
  return Buffer.concat([sealed.nonce, sealed.authTag, sealed.ciphertext]);
};

/** The pseudonym key from its stored form, or undefined when it does not open under `keys`. */
export const unsealPseudonymKey = (keys: VaultKeys, stored: Buffer): Buffer | undefined => {
  const text = unseal(keys, pseudonymKeyRef, {
    nonce: stored.subarray(0, 12),
    authTag: stored.subarray(12, 28),
    ciphertext: stored.subarray(28),
  });
  return text === undefined ? undefined : Buffer.from(text, 'base64');
};
