import { DepledgerError } from '@depledger/core';
import forge from 'node-forge';
import plist from 'plist';
import { z } from 'zod';

/**
 * What a device tells the MDM's enrollment URL about itself (Apple's MachineInfo), in depledger's
 * words. Absent keys are null: a user-enrollment device, for one, sends no serial.
 */
export type MachineInfo = Readonly<{
  serial: string | null;
  udid: string | null;
  /** The model identifier, e.g. `iPhone15,2`, `Mac14,2`. */
  product: string | null;
  /** `OS_VERSION`, e.g. `17.0.3`. */
  osVersion: string | null;
  /** `VERSION`: the build, e.g. `21A360`. */
  buildVersion: string | null;
  softwareUpdateDeviceId: string | null;
  supplementalBuildVersion: string | null;
  supplementalOsVersionExtra: string | null;
  language: string | null;
  imei: string | null;
  meid: string | null;
  /** The subject (common name) of the certificate that signed it. */
  signedBy: string | null;
}>;

export type ReadMachineInfoOptions = Readonly<{
  /**
   * PEM certificates of the authorities the signer must chain to (Apple's device CAs). Without
   * them only the signature itself is checked (the plist is what the signer signed).
   */
  trustedCertificatesPem?: readonly string[];
}>;

const text = z
  .unknown()
  .optional()
  .transform((value) => (typeof value === 'string' && value !== '' ? value : null));
const machineInfoPlist = z.object({
  SERIAL: text,
  UDID: text,
  PRODUCT: text,
  OS_VERSION: text,
  VERSION: text,
  SOFTWARE_UPDATE_DEVICE_ID: text,
  SUPPLEMENTAL_BUILD_VERSION: text,
  SUPPLEMENTAL_OS_VERSION_EXTRA: text,
  LANGUAGE: text,
  IMEI: text,
  MEID: text,
});

const invalid = (why: string) =>
  new DepledgerError(
    'MACHINE_INFO_INVALID',
    `The device's MachineInfo cannot be read: ${why}. Pass the request body as received (application/pkcs7-signature), or the x-apple-aspen-deviceinfo header's base64.`,
    { field: 'machineInfo' },
  );
const unsigned = (why: string) =>
  new DepledgerError(
    'MACHINE_INFO_SIGNATURE_INVALID',
    `The device's MachineInfo is not signed as Apple documents: ${why}. Refuse the enrollment.`,
    {
      field: 'machineInfo',
    },
  );

/** A trusted authority's certificate; one that cannot be read is the caller's bad input, named by its position. */
const trustedCertificate = (pem: string, index: number): forge.pki.Certificate => {
  try {
    return forge.pki.certificateFromPem(pem);
  } catch {
    throw new DepledgerError(
      'INVALID_INPUT',
      `trustedCertificatesPem.${index}: not a PEM RSA certificate depledger can read; give the PEM certificates of Apple's device CAs.`,
      { field: `trustedCertificatesPem.${index}` },
    );
  }
};

/** The CMS bytes (a binary string, as node-forge reads them) of a body or of the header's base64. */
const derOf = (body: Uint8Array | string): string => {
  if (typeof body !== 'string') return Buffer.from(body).toString('binary');
  const compact = body.replace(/-----(BEGIN|END) [A-Z0-9 ]+-----/g, '').replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/=_-]+$/.test(compact)) throw invalid('the text is not base64');
  return Buffer.from(compact, 'base64').toString('binary');
};

const octets = (node: forge.asn1.Asn1): string =>
  Array.isArray(node.value) ? node.value.map(octets).join('') : typeof node.value === 'string' ? node.value : '';

const digests: Readonly<Record<string, () => forge.md.MessageDigest>> = {
  [forge.pki.oids['sha1'] as string]: () => forge.md.sha1.create(),
  [forge.pki.oids['sha256'] as string]: () => forge.md.sha256.create(),
  [forge.pki.oids['sha384'] as string]: () => forge.md.sha384.create(),
  [forge.pki.oids['sha512'] as string]: () => forge.md.sha512.create(),
};

type Capture = {
  content?: forge.asn1.Asn1;
  digestAlgorithm?: string;
  authenticatedAttributes?: forge.asn1.Asn1[];
  signature?: string;
  serial?: string;
};

/** Checks the signature of a SignedData over its content: the signed attributes (and their message digest), else the content itself. */
const verifySignature = (capture: Capture, content: string, signer: forge.pki.Certificate): void => {
  const digestOid = capture.digestAlgorithm === undefined ? '' : forge.asn1.derToOid(capture.digestAlgorithm);
  const newDigest = digests[digestOid];
  if (newDigest === undefined) throw unsigned(`digest algorithm ${digestOid || 'missing'} is not one Apple uses`);
  let signed = content;
  const attributes = capture.authenticatedAttributes;
  if (attributes !== undefined && attributes.length > 0) {
    const messageDigestOid = forge.pki.oids['messageDigest'] as string;
    const stated = attributes
      .map((attribute) => attribute.value as forge.asn1.Asn1[])
      .find((parts) => forge.asn1.derToOid(parts[0]?.value as string) === messageDigestOid);
    const statedDigest = stated === undefined ? null : octets((stated[1]?.value as forge.asn1.Asn1[])[0] as forge.asn1.Asn1);
    const actual = newDigest().update(content).digest().getBytes();
    if (statedDigest !== actual) throw unsigned('the signed message digest does not match the plist');
    signed = forge.asn1.toDer(forge.asn1.create(forge.asn1.Class.UNIVERSAL, forge.asn1.Type.SET, true, attributes)).getBytes();
  }
  const digest = newDigest().update(signed).digest().getBytes();
  let ok = false;
  try {
    ok = (signer.publicKey as forge.pki.rsa.PublicKey).verify(digest, capture.signature ?? '');
  } catch {
    ok = false;
  }
  if (!ok) throw unsigned('the signature does not verify with the signer certificate');
};

/**
 * Reads the MachineInfo a device sends to the MDM's enrollment URL (Apple's "MachineInfo": a plist
 * in a PKCS#7 SignedData, signed by the device's identity): the request body, or the
 * `x-apple-aspen-deviceinfo` header's base64. The signature is checked, and the signer's chain when
 * `trustedCertificatesPem` is given.
 * @throws `MACHINE_INFO_INVALID` (unreadable), `MACHINE_INFO_SIGNATURE_INVALID` (not signed as it says, or by no trusted authority),
 *   `INVALID_INPUT` (a trusted certificate that is not a PEM RSA certificate, named `trustedCertificatesPem.<n>`)
 */
export const readMachineInfo = (body: Uint8Array | string, options: ReadMachineInfoOptions = {}): MachineInfo => {
  let message: forge.pkcs7.PkcsSignedData;
  try {
    const parsed = forge.pkcs7.messageFromAsn1(forge.asn1.fromDer(derOf(body)));
    if (!('certificates' in parsed)) throw new Error('not SignedData');
    message = parsed as forge.pkcs7.PkcsSignedData;
  } catch (error) {
    if (error instanceof DepledgerError) throw error;
    throw invalid('it is not a PKCS#7 SignedData message');
  }
  const capture = (message as unknown as { rawCapture: Capture }).rawCapture;
  const content = capture.content === undefined ? '' : octets(capture.content);
  if (content === '') throw invalid('the signed message carries no plist');
  const signer = message.certificates[0];
  if (signer === undefined) throw unsigned('it carries no signer certificate');
  verifySignature(capture, content, signer);
  if (options.trustedCertificatesPem !== undefined) {
    const store = forge.pki.createCaStore(options.trustedCertificatesPem.map(trustedCertificate));
    let trusted = false;
    try {
      trusted = forge.pki.verifyCertificateChain(store, [...message.certificates]);
    } catch {
      trusted = false;
    }
    if (!trusted) throw unsigned('its signer does not chain to a trusted authority');
  }
  let values: unknown;
  try {
    values = plist.parse(Buffer.from(content, 'binary').toString('utf8'));
  } catch {
    throw invalid('the signed content is not a property list');
  }
  if (typeof values !== 'object' || values === null || Array.isArray(values)) throw invalid('the property list is not a dictionary');
  const info = machineInfoPlist.parse(values);
  const commonName = signer.subject.getField('CN') as { value?: unknown } | null;
  return {
    serial: info.SERIAL,
    udid: info.UDID,
    product: info.PRODUCT,
    osVersion: info.OS_VERSION,
    buildVersion: info.VERSION,
    softwareUpdateDeviceId: info.SOFTWARE_UPDATE_DEVICE_ID,
    supplementalBuildVersion: info.SUPPLEMENTAL_BUILD_VERSION,
    supplementalOsVersionExtra: info.SUPPLEMENTAL_OS_VERSION_EXTRA,
    language: info.LANGUAGE,
    imei: info.IMEI,
    meid: info.MEID,
    signedBy: typeof commonName?.value === 'string' ? commonName.value : null,
  };
};
