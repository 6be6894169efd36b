import { X509Certificate } from 'node:crypto';

const pemBlock = /-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g;

/** True when the text is a base64 DER X.509 certificate, the form Apple's `anchor_certs` and `supervising_host_certs` take. */
export const isBase64DerCertificate = (value: string): boolean => {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(value)) return false;
  try {
    new X509Certificate(Buffer.from(value, 'base64'));
    return true;
  } catch {
    return false;
  }
};

/**
 * The certificates of a PEM text (one or several `CERTIFICATE` blocks), as base64 DER strings, the
 * form a profile's `anchorCertificates` and `supervisingHostCertificates` take. A text without any
 * block gives an empty list; a block that is not a certificate is kept as is and refused when the
 * profile is validated, naming the field.
 */
export const certificatesFromPem = (pem: string): string[] =>
  [...pem.matchAll(pemBlock)].map((match) => (match[1] ?? '').replace(/\s+/g, ''));
