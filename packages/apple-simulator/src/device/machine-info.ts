import { createHash } from 'node:crypto';
import type { DeviceAuthority } from '../pki/device-identity';
import { SimulatorError } from '../simulator-error';
import type { DeviceRecord } from './device-record';

/** What a simulated device reports of itself; each defaults to a plausible value for its family. */
export interface MachineInfoOptions {
  /** `OS_VERSION`, e.g. `17.0.3`. */
  osVersion?: string;
  /** `VERSION`: the build of that OS, e.g. `21A360`. */
  buildVersion?: string;
  /** `PRODUCT`: the model identifier, e.g. `iPhone15,2`. */
  product?: string;
  /** `LANGUAGE`, e.g. `fr`. */
  language?: string;
}

/** A device's MachineInfo as it sends it to the MDM's enrollment URL, and the CA that vouches for its signer. */
export interface SignedMachineInfo {
  /** PKCS#7 SignedData (DER) over the MachineInfo plist: the request body (`application/pkcs7-signature`). */
  body: Buffer;
  /** The same, base64: the `x-apple-aspen-deviceinfo` header a device sends with a `configuration_web_url`. */
  header: string;
  /** The plist's values. */
  values: Readonly<Record<string, string>>;
  /** The simulated device CA (PEM) the signer chains to. */
  caPem: string;
}

const byFamily: Record<DeviceRecord['family'], { product: string; osVersion: string; buildVersion: string }> = {
  iPhone: { product: 'iPhone16,1', osVersion: '18.1', buildVersion: '22B83' },
  iPod: { product: 'iPod9,1', osVersion: '15.8', buildVersion: '19H370' },
  iPad: { product: 'iPad14,8', osVersion: '18.1', buildVersion: '22B83' },
  Mac: { product: 'Mac15,3', osVersion: '15.1', buildVersion: '24B83' },
  AppleTV: { product: 'AppleTV14,1', osVersion: '18.1', buildVersion: '22J580' },
  Vision: { product: 'RealityDevice14,1', osVersion: '2.1', buildVersion: '22N580' },
};

const escapeXml = (value: string): string => value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Apple's XML property list of one dictionary of strings. */
const plistOf = (values: Readonly<Record<string, string>>): string =>
  [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">',
    '<plist version="1.0">',
    '<dict>',
    ...Object.entries(values).map(([key, value]) => `\t<key>${escapeXml(key)}</key>\n\t<string>${escapeXml(value)}</string>`),
    '</dict>',
    '</plist>',
  ].join('\n');

const versionPattern = /^\d{1,3}(\.\d{1,3}){0,2}$/;

/**
 * The MachineInfo a device of the organisation sends the MDM's enrollment URL during Setup
 * Assistant: its identifiers and OS in a plist, signed (PKCS#7, SHA-256, signed attributes) by the
 * device's identity, issued by the simulator's device CA.
 */
export function machineInfoOf(device: DeviceRecord, authority: DeviceAuthority, options: MachineInfoOptions = {}): SignedMachineInfo {
  if (device.disowned) throw new SimulatorError('UNKNOWN_DEVICE', `No device ${device.serial} in the organisation`);
  if (options.osVersion !== undefined && !versionPattern.test(options.osVersion))
    throw new SimulatorError('INVALID_INPUT', `osVersion ${options.osVersion} is not a version such as 17.0.3`);
  const defaults = byFamily[device.family];
  const values: Record<string, string> = {
    LANGUAGE: options.language ?? 'en',
    OS_VERSION: options.osVersion ?? defaults.osVersion,
    PRODUCT: options.product ?? defaults.product,
    SERIAL: device.serial,
    UDID: createHash('sha1').update(`udid:${device.serial}`).digest('hex'),
    VERSION: options.buildVersion ?? (options.osVersion === undefined ? defaults.buildVersion : ''),
  };
  if (values['VERSION'] === '') delete values['VERSION'];
  const body = authority.signAsDevice(device.serial, plistOf(values));
  return { body, header: body.toString('base64'), values, caPem: authority.caPem };
}
