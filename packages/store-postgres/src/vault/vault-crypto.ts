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

/** Encrypts a value under a fresh 96-bit nonce; the reference is authenticated too, so rows cannot be swapped. */
export const seal = (keys: VaultKeys, ref: string, value: string): Sealed => {
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keys.encryption, nonce);
  cipher.setAAD(Buffer.from(ref, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
  return { nonce, ciphertext, authTag: cipher.getAuthTag() };
};

/** The value, or undefined when the entry does not authenticate (another key, or an altered or moved row). */
export const unseal = (keys: VaultKeys, ref: string, sealed: Sealed): string | undefined => {
  try {
    const decipher = createDecipheriv('aes-256-gcm', keys.encryption, sealed.nonce);
    decipher.setAAD(Buffer.from(ref, 'utf8'));
    decipher.setAuthTag(sealed.authTag);
    return Buffer.concat([decipher.update(sealed.ciphertext), decipher.final()]).toString('utf8');
  } catch {
    return undefined;
  }
};

/** The stable id part of a personal-data reference. */
export const pseudonym = (keys: VaultKeys, kind: string, normalisedValue: string): string =>
  createHmac('sha256', keys.pseudonyms).update(`${kind}\u0000${normalisedValue}`).digest('base64url').slice(0, 32);

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
