import forge from 'node-forge';

/** A stand-in for Apple's device CA and the identities it issues to the simulator's devices. */
export interface DeviceAuthority {
  /** PEM `CERTIFICATE` of the simulated device CA: what an MDM trusts to check a MachineInfo's signer. */
  readonly caPem: string;
  /**
   * `content` signed by the device's identity (one key for every device, a certificate per serial,
   * issued by this CA), as a device signs its MachineInfo: PKCS#7 SignedData (DER), SHA-256, with
   * signed attributes and the signer's certificate.
   */
  signAsDevice(serial: string, content: string): Buffer;
}

const certificate = (
  commonName: string,
  publicKey: forge.pki.PublicKey,
  issuer: forge.pki.Certificate | null,
  signer: forge.pki.rsa.PrivateKey,
  serial: string,
  authority: boolean,
): forge.pki.Certificate => {
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  cert.serialNumber = serial;
  cert.validity.notBefore = new Date(Date.now() - 3600_000);
  cert.validity.notAfter = new Date(Date.now() + 365 * 86400_000);
  cert.setSubject([{ name: 'commonName', value: commonName }]);
  cert.setIssuer(issuer === null ? [{ name: 'commonName', value: commonName }] : issuer.subject.attributes);
  cert.setExtensions([{ name: 'basicConstraints', cA: authority }]);
  cert.sign(signer, forge.md.sha256.create());
  return cert;
};

/** Made on first use (two RSA keys); every MachineInfo of the simulator is signed under it. */
export function createDeviceAuthority(): DeviceAuthority {
  const caKeys = forge.pki.rsa.generateKeyPair({ bits: 2048, e: 0x10001 });
  const ca = certificate('Simulated Apple Device CA', caKeys.publicKey, null, caKeys.privateKey, '01', true);
  const deviceKeys = forge.pki.rsa.generateKeyPair({ bits: 2048, e: 0x10001 });
  const issued = new Map<string, forge.pki.Certificate>();
  return {
    caPem: forge.pki.certificateToPem(ca),
    signAsDevice(serial, content) {
      let cert = issued.get(serial);
      if (cert === undefined) {
        cert = certificate(`Device ${serial}`, deviceKeys.publicKey, ca, caKeys.privateKey, `0${(issued.size + 2).toString(16)}`, false);
        issued.set(serial, cert);
      }
      const signed = forge.pkcs7.createSignedData();
      signed.content = forge.util.createBuffer(content, 'utf8');
      signed.addCertificate(cert);
      signed.addSigner({
        key: deviceKeys.privateKey,
        certificate: cert,
        digestAlgorithm: forge.pki.oids['sha256'] as string,
        authenticatedAttributes: [
          { type: forge.pki.oids['contentType'] as string, value: forge.pki.oids['data'] as string },
          { type: forge.pki.oids['messageDigest'] as string },
        ],
      });
      signed.sign();
      return Buffer.from(forge.asn1.toDer(signed.toAsn1()).getBytes(), 'binary');
    },
  };
}
