import type { TokenPki } from '@depledger/core';
import { generateEncryptionKey } from './pki/encryption-key';
import { decryptServerToken } from './pki/server-token';
import { uniformDecryptionFailure } from './pki/uniform-failure';
import { oauthSecretsForVault } from './vault-credentials';

export type AppleTokenPkiOptions = Readonly<{
  /** Days the generated certificate is valid (Apple only needs it valid when it encrypts the token). @defaultValue 7 */
  validityDays?: number;
  /**
   * How a server token that does not decrypt is reported. `'uniform'`: made for another key,
   * damaged after decryption, or holding unreadable fields — all one answer,
   * `SERVER_TOKEN_UNUSABLE`, so a service where untrusted parties upload tokens and read the codes
   * is no padding oracle. `'detailed'`: `SERVER_TOKEN_WRONG_KEY`, `SERVER_TOKEN_UNREADABLE` or
   * `SERVER_TOKEN_FIELD_INVALID`, for a person at their own terminal (the depledger CLI).
   * @defaultValue `'uniform'`
   */
  decryptionFailures?: 'uniform' | 'detailed';
}>;

/** Core's TokenPki port, on node-forge: what `createDepledger` uses for keys and server tokens. */
export const createAppleTokenPki = (options: AppleTokenPkiOptions = {}): TokenPki => ({
  generateKey: ({ commonName, now }) => {
    const key = generateEncryptionKey({ commonName, now, ...(options.validityDays ? { validityDays: options.validityDays } : {}) });
    return {
      certificatePem: key.certificatePem,
      privateKeyPem: key.privateKeyPem,
      fingerprint: key.fingerprintSha256.replaceAll(':', ''),
      notAfter: key.notAfter,
    };
  },
  decryptServerToken: (p7m, candidates, now) => {
    const decrypt = () =>
      decryptServerToken(
        p7m,
        candidates.map((c) => ({ id: c.keyId, certificatePem: c.certificatePem, privateKeyPem: c.privateKeyPem })),
        { now },
      );
    const decrypted = options.decryptionFailures === 'detailed' ? decrypt() : uniformDecryptionFailure(decrypt);
    const { token } = decrypted;
    return {
      keyId: decrypted.keyId ?? (candidates[decrypted.keyIndex]?.keyId as string),
      consumerKey: token.consumerKey,
      accessTokenExpiry: token.accessTokenExpiry,
      secretsForVault: oauthSecretsForVault(token),
    };
  },
});
