import forge from 'node-forge';

export interface TestKeyPair {
  /** PEM `CERTIFICATE` to upload to the portal. */
  certificatePem: string;
  /** PEM `RSA PRIVATE KEY` (PKCS#1) that decrypts the token. */
  privateKeyPem: string;
}

/**
 * A self-signed RSA-2048 certificate and its key, shaped like the ones MDMs generate for the
 * portal (KeyEncipherment + DigitalSignature, valid from 10 minutes ago for `days`).
 */
export function createTestCertificate(commonName = 'depserver', days = 1): TestKeyPair {
  const keys = forge.pki.rsa.generateKeyPair({ bits: 2048, e: 0x10001 });
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = '01';
  cert.validity.notBefore = new Date(Date.now() - 10 * 60 * 1000);
  cert.validity.notAfter = new Date(Date.now() + days * 24 * 3600 * 1000);
  const subject = [{ name: 'commonName', value: commonName }];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.setExtensions([{ name: 'keyUsage', keyEncipherment: true, digitalSignature: true }]);
  cert.sign(keys.privateKey, forge.md.sha256.create());
  return { certificatePem: forge.pki.certificateToPem(cert), privateKeyPem: forge.pki.privateKeyToPem(keys.privateKey) };
}
