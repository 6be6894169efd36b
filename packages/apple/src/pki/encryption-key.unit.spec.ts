import { createPrivateKey, createPublicKey, X509Certificate } from 'node:crypto';
import { generateEncryptionKey } from '../index';

describe('generateEncryptionKey', () => {
  const now = new Date('2026-11-26T06:00:00Z');

  it('makes an RSA 2048 key and a self-signed certificate for it, valid 7 days by default', () => {
    const key = generateEncryptionKey({ now });
    const certificate = new X509Certificate(key.certificatePem);
    expect(key.privateKeyPem).toMatch(/^-----BEGIN RSA PRIVATE KEY-----/);
    expect(createPrivateKey(key.privateKeyPem).asymmetricKeyDetails).toMatchObject({ modulusLength: 2048, publicExponent: 65537n });
    expect(certificate.checkPrivateKey(createPrivateKey(key.privateKeyPem))).toBe(true);
    expect(certificate.verify(createPublicKey(key.certificatePem))).toBe(true);
    expect(certificate.subject).toBe('CN=depledger');
    expect(certificate.issuer).toBe('CN=depledger');
    expect(certificate.ca).toBe(false);
    expect(key.fingerprintSha256).toBe(certificate.fingerprint256);
    expect(key.notBefore).toBe('2026-11-26T05:50:00.000Z');
    expect(key.notAfter).toBe('2026-12-03T06:00:00.000Z');
    expect(new Date(certificate.validTo).toISOString()).toBe(key.notAfter);
  });

  it('takes a common name and a validity', () => {
    const key = generateEncryptionKey({ now, commonName: 'acme-mdm', validityDays: 1 });
    const certificate = new X509Certificate(key.certificatePem);
    expect(certificate.subject).toBe('CN=acme-mdm');
    expect(key.notAfter).toBe('2026-11-27T06:00:00.000Z');
    expect(() => generateEncryptionKey({ validityDays: 0 })).toThrow(RangeError);
  });

  it('never makes the same key twice', () => {
    const a = generateEncryptionKey({ now });
    const b = generateEncryptionKey({ now });
    expect(a.fingerprintSha256).not.toBe(b.fingerprintSha256);
    expect(new X509Certificate(a.certificatePem).serialNumber).not.toBe(new X509Certificate(b.certificatePem).serialNumber);
  });
});
