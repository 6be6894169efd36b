import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDepledgerError } from '@depledger/core';
import { readMachineInfo } from '../index';
import { signedMachineInfo, testDeviceIdentity } from '../test-support/signed-machine-info';

const values = {
  SERIAL: 'F17ABCDEFGH1',
  UDID: '00008110-000A1B2C3D4E5F60',
  PRODUCT: 'iPhone15,2',
  OS_VERSION: '16.6',
  VERSION: '20G75',
  SOFTWARE_UPDATE_DEVICE_ID: 'D74AP',
  LANGUAGE: 'fr',
};

const codeOf = (read: () => unknown): string | null => {
  try {
    read();
    return null;
  } catch (error) {
    return isDepledgerError(error) ? error.code : 'not a DepledgerError';
  }
};

describe("reading a device's MachineInfo", () => {
  const { caPem, device } = testDeviceIdentity();
  const body = signedMachineInfo(values, device);

  it('reads the signed plist from the body or the header base64, signature checked, chain checked when given', () => {
    const expected = {
      serial: 'F17ABCDEFGH1',
      product: 'iPhone15,2',
      osVersion: '16.6',
      buildVersion: '20G75',
      softwareUpdateDeviceId: 'D74AP',
      language: 'fr',
      imei: null,
      signedBy: 'Test Device Identity',
    };
    expect(readMachineInfo(body)).toMatchObject(expected);
    expect(readMachineInfo(body.toString('base64'), { trustedCertificatesPem: [caPem] })).toMatchObject(expected);
  });

  it('refuses a plist changed after signing, a signer from another authority, and what is not a signed plist', () => {
    const tampered = Buffer.from(body);
    const at = tampered.indexOf('16.6');
    tampered.write('17.6', at);
    expect(codeOf(() => readMachineInfo(tampered))).toBe('MACHINE_INFO_SIGNATURE_INVALID');
    const other = testDeviceIdentity();
    expect(codeOf(() => readMachineInfo(body, { trustedCertificatesPem: [other.caPem] }))).toBe('MACHINE_INFO_SIGNATURE_INVALID');
    expect(codeOf(() => readMachineInfo(Buffer.from('<?xml version="1.0"?><plist><dict/></plist>')))).toBe('MACHINE_INFO_INVALID');
    expect(codeOf(() => readMachineInfo('not base64 at all!'))).toBe('MACHINE_INFO_INVALID');
  });

  it('refuses a trusted authority it cannot read (not PEM, or not RSA) as bad input naming it, rather than failing unexpectedly', () => {
    const ecRoot = readFileSync(join(__dirname, '..', '..', '..', 'apple-simulator', 'src', 'test-support', 'anchor-root.pem'), 'utf8');
    for (const trusted of [
      [caPem, ecRoot],
      [caPem, 'not a certificate'],
    ]) {
      let error: unknown;
      try {
        readMachineInfo(body, { trustedCertificatesPem: trusted });
      } catch (e) {
        error = e;
      }
      expect(isDepledgerError(error, 'INVALID_INPUT')).toBe(true);
      expect((error as Error).message).toContain('trustedCertificatesPem.1');
    }
  });
});
