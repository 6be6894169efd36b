import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

/** Purpose-bound keys derived from the one vault key, so no key serves two purposes. */
export type VaultKeys = Readonly<{ encryption: Buffer; pseudonyms: Buffer; check: Buffer }>;

const derive = (key: Buffer, purpose: string): Buffer => Buffer.from(hkdfSync('sha256', key, 'depledger-vault', purpose, 32));

export const deriveVaultKeys = (key: Buffer): VaultKeys => ({
  encryption: derive(key, 'aes-256-gcm entries v1'),
  pseudonyms: derive(key, 'hmac-sha256 personal-data references v1'),
  check: derive(key, 'key check v1'),
});

export type Sealed = Readonly<{ nonce: Buffer; ciphertext: Buffer; authTag: Buffer }>;

/** AES-256-GCM with a fresh 96-bit nonce; the reference is authenticated too, so rows cannot be swapped. */
export const seal = (keys: VaultKeys, ref: string, value: string): Sealed => {
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keys.encryption, nonce);
  cipher.setAAD(Buffer.from(ref, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
  return { nonce, ciphertext, authTag: cipher.getAuthTag() };
};

/** The value, or undefined when the entry does not authenticate (another key, or an altered row). */
export const open = (keys: VaultKeys, ref: string, sealed: Sealed): string | undefined => {
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
export const keyCheck = (keys: VaultKeys): Buffer => createHmac('sha256', keys.check).update('depledger vault key check').digest();
