import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import { forge } from './forge';

/**
 * The key pair whose certificate an administrator uploads to Apple's portal (the Intune document's
 * step 2). Apple encrypts the server token (.p7m) for this certificate; only the private key can
 * read it. The private key is a secret: keep it in depledger's vault, never in an event.
 */
export type EncryptionKey = Readonly<{
  /** X.509 certificate, PEM (`-----BEGIN CERTIFICATE-----`): the file to upload to Apple. */
  certificatePem: string;
  /** RSA private key, PKCS#1 PEM (`-----BEGIN RSA PRIVATE KEY-----`). Secret. */
  privateKeyPem: string;
  /** SHA-256 of the certificate's DER, upper-case hex pairs joined by colons (as `openssl x509 -fingerprint -sha256` prints it). */
  fingerprintSha256: string;
  /** ISO 8601 UTC. */
  notBefore: string;
  /** ISO 8601 UTC. */
  notAfter: string;
}>;

export type EncryptionKeyOptions = {
  /**
   * Subject and issuer common name of the self-signed certificate.
   * @defaultValue `'depledger'`
   */
  commonName?: string;
  /**
   * How long the certificate is valid. Apple only needs it valid when it encrypts the token, so a
   * short life is enough; a week leaves an administrator time to upload it.
   * @defaultValue `7`
   */
  validityDays?: number;
  /** "Now", for tests. @defaultValue the system time */
  now?: Date;
  /** RSA modulus size. @defaultValue `2048` */
  modulusLength?: 2048 | 3072 | 4096;
};

/** Starts ten minutes back, so a portal whose clock runs a little behind still sees a valid certificate. */
const clockSkewMs = 10 * 60 * 1000;
const dayMs = 24 * 60 * 60 * 1000;

/**
 * Generates an RSA key pair (Node's crypto: native and fast) and a self-signed certificate for it
 * (node-forge builds and signs it).
 */
export const generateEncryptionKey = (options: EncryptionKeyOptions = {}): EncryptionKey => {
  const commonName = options.commonName ?? 'depledger';
  const validityDays = options.validityDays ?? 7;
  if (!(validityDays > 0)) throw new RangeError(`validityDays must be positive, got ${validityDays}`);
  const now = options.now ?? new Date();

  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: options.modulusLength ?? 2048, publicExponent: 0x10001 });
  const privateKeyPem = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  const { pki, md, asn1 } = forge();
  const forgeKey = pki.privateKeyFromPem(privateKeyPem);

  const certificate = pki.createCertificate();
  certificate.publicKey = pki.setRsaPublicKey(forgeKey.n, forgeKey.e);
  // A positive serial: clear the top bit so DER does not read it as negative.
  const serial = randomBytes(16);
  serial[0] = (serial[0] ?? 0) & 0x7f;
  certificate.serialNumber = serial.toString('hex');
  certificate.validity.notBefore = new Date(Math.floor((now.getTime() - clockSkewMs) / 1000) * 1000);
  certificate.validity.notAfter = new Date(Math.floor((now.getTime() + validityDays * dayMs) / 1000) * 1000);
  const name = [{ name: 'commonName', value: commonName }];
  certificate.setSubject(name);
  certificate.setIssuer(name);
  certificate.setExtensions([
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
  ]);
  certificate.sign(forgeKey, md.sha256.create());

  const der = Buffer.from(asn1.toDer(pki.certificateToAsn1(certificate)).getBytes(), 'binary');
  return {
    certificatePem: pki.certificateToPem(certificate),
    privateKeyPem,
    fingerprintSha256: fingerprintOf(der),
    notBefore: certificate.validity.notBefore.toISOString(),
    notAfter: certificate.validity.notAfter.toISOString(),
  };
};

const fingerprintOf = (der: Buffer): string => createHash('sha256').update(der).digest('hex').toUpperCase().match(/../g)!.join(':');
