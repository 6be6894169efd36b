import type Forge from 'node-forge';
import { forge } from './forge';
import { skipHeaderBlock } from './mime-headers';
import { ServerTokenError } from './server-token-error';

/**
 * The CMS EnvelopedData inside a `.p7m`: MIME headers (any), then base64; or bare base64; or raw
 * DER/BER bytes. Apple and OpenSSL write BER with indefinite lengths; node-forge reads both.
 */
export const readEnvelope = (p7m: string | Uint8Array): Forge.pkcs7.PkcsEnvelopedData => {
  const der = toDer(p7m);
  const { pkcs7, asn1, util, pki } = forge();
  let message: { type?: string };
  try {
    message = pkcs7.messageFromAsn1(asn1.fromDer(util.createBuffer(der.toString('binary')))) as { type?: string };
  } catch {
    throw notP7m('its content is not PKCS#7 data');
  }
  if (message.type !== pki.oids.envelopedData) throw notP7m('it is PKCS#7 data but not an encrypted message');
  return message as Forge.pkcs7.PkcsEnvelopedData;
};

const toDer = (p7m: string | Uint8Array): Buffer => {
  if (typeof p7m !== 'string') {
    const bytes = Buffer.from(p7m);
    return bytes[0] === 0x30 ? bytes : toDer(bytes.toString('latin1'));
  }
  const base64 = skipHeaderBlock(p7m).replace(/\s+/g, '');
  if (base64.length === 0) throw notP7m('it is empty');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(base64)) throw notP7m('its body is not base64');
  return Buffer.from(base64, 'base64');
};

const notP7m = (why: string): ServerTokenError =>
  new ServerTokenError(
    'SERVER_TOKEN_NOT_P7M',
    `This file is not a server token (.p7m): ${why}. Upload the file named like "<Server>_Token_<date>_smime.p7m" downloaded from Apple Business or School Manager.`,
  );
