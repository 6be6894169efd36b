import type { TokenPki } from '@depledger/core';
import { generateEncryptionKey } from './pki/encryption-key';
import { decryptServerToken } from './pki/server-token';
import { oauthSecretsForVault } from './vault-credentials';

export type AppleTokenPkiOptions = Readonly<{
  /** Days the generated certificate is valid (Apple only needs it valid when it encrypts the token). @defaultValue 7 */
  validityDays?: number;
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
    const decrypted = decryptServerToken(
      p7m,
      candidates.map((c) => ({ id: c.keyId, certificatePem: c.certificatePem, privateKeyPem: c.privateKeyPem })),
      { now },
    );
    const { token } = decrypted;
    return {
      keyId: decrypted.keyId ?? (candidates[decrypted.keyIndex]?.keyId as string),
      consumerKey: token.consumerKey,
      accessTokenExpiry: token.accessTokenExpiry,
      secretsForVault: oauthSecretsForVault(token),
    };
  },
});
