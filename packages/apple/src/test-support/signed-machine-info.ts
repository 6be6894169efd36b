import { generateKeyPairSync } from 'node:crypto';
import forge from 'node-forge';
import plist from 'plist';

type Identity = { key: forge.pki.rsa.PrivateKey; certificate: forge.pki.Certificate };

const keyPair = () => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    key: forge.pki.privateKeyFromPem(privateKey.export({ type: 'pkcs1', format: 'pem' }).toString()) as forge.pki.rsa.PrivateKey,
    publicKey: forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }).toString()),
  };
};

const certificate = (
  name: string,
  publicKey: forge.pki.PublicKey,
  issuer: Identity | null,
  selfKey: forge.pki.rsa.PrivateKey,
  ca: boolean,
) => {
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  cert.serialNumber = `0${Math.floor(Math.random() * 1e9).toString(16)}`;
  cert.validity.notBefore = new Date(Date.now() - 3600_000);
  cert.validity.notAfter = new Date(Date.now() + 365 * 86400_000);
  cert.setSubject([{ name: 'commonName', value: name }]);
  cert.setIssuer(issuer === null ? [{ name: 'commonName', value: name }] : issuer.certificate.subject.attributes);
  cert.setExtensions([{ name: 'basicConstraints', cA: ca }]);
  cert.sign(issuer?.key ?? selfKey, forge.md.sha256.create());
  return cert;
};

/** A test authority standing in for Apple's device CA, and a device identity it issued. */
export const testDeviceIdentity = (deviceName = 'Test Device Identity') => {
  const caKeys = keyPair();
  const ca: Identity = { key: caKeys.key, certificate: certificate('Test iPhone Device CA', caKeys.publicKey, null, caKeys.key, true) };
  const deviceKeys = keyPair();
  const device: Identity = { key: deviceKeys.key, certificate: certificate(deviceName, deviceKeys.publicKey, ca, deviceKeys.key, false) };
  return { caPem: forge.pki.certificateToPem(ca.certificate), device };
};

/** A MachineInfo plist signed as a device signs it (PKCS#7 SignedData, SHA-256, signed attributes), as DER bytes. */
export const signedMachineInfo = (values: Record<string, string>, identity: Identity): Buffer => {
  const signed = forge.pkcs7.createSignedData();
  signed.content = forge.util.createBuffer(plist.build(values), 'utf8');
  signed.addCertificate(identity.certificate);
  signed.addSigner({
    key: identity.key,
    certificate: identity.certificate,
    digestAlgorithm: forge.pki.oids['sha256'] as string,
    authenticatedAttributes: [
      { type: forge.pki.oids['contentType'] as string, value: forge.pki.oids['data'] as string },
      { type: forge.pki.oids['messageDigest'] as string },
      { type: forge.pki.oids['signingTime'] as string, value: new Date() as unknown as string },
    ],
  });
  signed.sign();
  return Buffer.from(forge.asn1.toDer(signed.toAsn1()).getBytes(), 'binary');
};
