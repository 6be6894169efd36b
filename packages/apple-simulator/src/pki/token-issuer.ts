import forge from 'node-forge';
import type { ServerTokenJson } from '../state/server-token';
import { toIndefiniteBer } from './ber-encoder';

const outerHeaders = [
  'Content-Type: application/pkcs7-mime; name="smime.p7m"; smime-type=enveloped-data',
  'Content-Transfer-Encoding: base64',
  'Content-Disposition: attachment; filename="smime.p7m"',
  'Content-Description: S/MIME Encrypted Message',
].join('\r\n');

/** The decrypted part of a server token: a MIME block with the JSON between BEGIN/END MESSAGE lines. */
export function innerTokenText(token: ServerTokenJson): string {
  return [
    'Content-Type: text/plain;charset=UTF-8',
    'Content-Transfer-Encoding: 7bit',
    '',
    '-----BEGIN MESSAGE-----',
    JSON.stringify(token),
    '-----END MESSAGE-----',
    '',
  ].join('\r\n');
}

function wrapBase64(bytes: string): string {
  const base64 = forge.util.encode64(bytes);
  const lines: string[] = [];
  for (let i = 0; i < base64.length; i += 76) lines.push(base64.slice(i, i + 76));
  return lines.join('\r\n');
}

/**
 * Produces a `.p7m` server token as Apple's portal does: S/MIME headers, then base64 (76-character
 * lines) of a BER CMS EnvelopedData — RSA (PKCS#1 v1.5) key transport to the uploaded certificate,
 * AES-128-CBC content encryption — around the inner MIME block.
 */
export function issueServerTokenFile(certificatePem: string, token: ServerTokenJson): string {
  const certificate = forge.pki.certificateFromPem(certificatePem);
  const envelope = forge.pkcs7.createEnvelopedData();
  envelope.addRecipient(certificate);
  envelope.content = forge.util.createBuffer(innerTokenText(token), 'utf8');
  envelope.encrypt(undefined, forge.pki.oids['aes128-CBC']);
  const ber = toIndefiniteBer(envelope.toAsn1());
  return `${outerHeaders}\r\n\r\n${wrapBase64(ber)}\r\n`;
}

/** The file name Apple gives a token: `<ServerName>_Token_<timestamp>_smime.p7m`. */
export function serverTokenFileName(serverName: string, issuedMs: number): string {
  const stamp = new Date(issuedMs)
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/:/g, '-');
  return `${serverName.replace(/[^A-Za-z0-9_-]+/g, '_')}_Token_${stamp}_smime.p7m`;
}
