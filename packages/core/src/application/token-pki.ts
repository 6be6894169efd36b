/**
 * What the application needs of public-key machinery for server tokens (the Intune document's
 * steps 2 and 4). `@depledger/apple` implements it with node-forge; core stays free of crypto drivers.
 */
export interface TokenPki {
  /** A new key pair and the self-signed certificate the administrator uploads to Apple. */
  generateKey(options: { commonName: string; now: Date }): GeneratedKey;
  /**
   * Decrypts a server token (.p7m) with one of the candidate keys. Throws a DepledgerError that says
   * what is wrong and what to do (not a p7m, made for another key, expired, missing field).
   */
  decryptServerToken(p7m: string | Uint8Array, candidates: readonly CandidateKey[], now: Date): DecryptedToken;
}

export type GeneratedKey = Readonly<{
  certificatePem: string;
  privateKeyPem: string;
  /** SHA-256 of the certificate, 64 uppercase hex characters. */
  fingerprint: string;
  notAfter: string;
}>;

export type CandidateKey = Readonly<{ keyId: string; certificatePem: string; privateKeyPem: string }>;

export type DecryptedToken = Readonly<{
  keyId: string;
  consumerKey: string;
  accessTokenExpiry: string;
  /** The OAuth secrets, serialised as the gateway reads them back from the vault. */
  secretsForVault: string;
}>;
