import forge from 'node-forge';
import { ServerTokenError } from './server-token-error';

/** The token's OAuth 1.0a values, as Apple put them in the .p7m. All four strings are secrets. */
export type OAuthCredentials = Readonly<{
  consumerKey: string;
  consumerSecret: string;
  accessToken: string;
  accessSecret: string;
}>;

export type ServerToken = OAuthCredentials &
  Readonly<{
    /** ISO 8601 UTC, Apple's `access_token_expiry` (one year after the token was downloaded). */
    accessTokenExpiry: string;
  }>;

/** A key that may have been used to encrypt a token: the current one, or one staged by a renewal. */
export type CandidateKey = Readonly<{
  /** Your name for this key (a vault reference, "current", "staged" ...); reported back on success. */
  id?: string;
  certificatePem: string;
  privateKeyPem: string;
}>;

export type DecryptedServerToken = Readonly<{
  token: ServerToken;
  /** Which of the candidate keys decrypted it: its position in the list, and its `id` if it had one. */
  keyIndex: number;
  keyId: string | null;
}>;

export type DecryptServerTokenOptions = {
  /** "Now", to judge expiry. @defaultValue the system time */
  now?: Date;
};

const differentKeyAdvice =
  'This token was made for a different key: download a new key from depledger and upload it to Apple, then download a new server token.';

/**
 * Reads a server token file (`<Server>_Token_<date>_smime.p7m`) downloaded from Apple Business or
 * School Manager: MIME headers, base64 CMS EnvelopedData (RSA, AES-128-CBC, BER as Apple and
 * OpenSSL write it), then the inner MIME part with the token's JSON.
 *
 * Give every key that may have been used (a renewal stages a new key next to the current one);
 * the result says which one worked, so the caller can make a staged key current only then.
 */
export const decryptServerToken = (
  p7m: string | Uint8Array,
  keys: CandidateKey | readonly CandidateKey[],
  options: DecryptServerTokenOptions = {},
): DecryptedServerToken => {
  const candidates = Array.isArray(keys) ? (keys as readonly CandidateKey[]) : [keys as CandidateKey];
  if (candidates.length === 0) throw new RangeError('decryptServerToken needs at least one candidate key');

  const envelope = readEnvelope(p7m);
  for (const [index, candidate] of candidates.entries()) {
    const { certificate, privateKey } = readKey(candidate, index);
    const recipient = envelope.findRecipient(certificate);
    if (!recipient) continue;
    try {
      envelope.decrypt(recipient, privateKey);
    } catch {
      continue;
    }
    const content = envelope.content as forge.util.ByteStringBuffer | undefined;
    if (!content) continue;
    const text = forge.util.decodeUtf8(content.bytes());
    return { token: readToken(text, options.now ?? new Date()), keyIndex: index, keyId: candidate.id ?? null };
  }
  throw new ServerTokenError('SERVER_TOKEN_WRONG_KEY', differentKeyAdvice, { candidates: candidates.length });
};

const notP7m = (why: string): ServerTokenError =>
  new ServerTokenError(
    'SERVER_TOKEN_NOT_P7M',
    `This file is not a server token (.p7m): ${why}. Upload the file named like "<Server>_Token_<date>_smime.p7m" downloaded from Apple Business or School Manager.`,
  );

const readEnvelope = (p7m: string | Uint8Array): forge.pkcs7.PkcsEnvelopedData => {
  const der = toDer(p7m);
  let message: forge.pkcs7.PkcsSignedData | forge.pkcs7.PkcsEnvelopedData;
  try {
    const asn1 = forge.asn1.fromDer(forge.util.createBuffer(der.toString('binary')));
    message = forge.pkcs7.messageFromAsn1(asn1) as typeof message;
  } catch {
    throw notP7m('its content is not PKCS#7 data');
  }
  if ((message as { type?: string }).type !== forge.pki.oids.envelopedData) {
    throw notP7m('it is PKCS#7 data but not an encrypted message');
  }
  return message as forge.pkcs7.PkcsEnvelopedData;
};

/** The outer file: optional MIME headers then base64; or raw DER (starts with a SEQUENCE). */
const toDer = (p7m: string | Uint8Array): Buffer => {
  if (typeof p7m !== 'string') {
    const bytes = Buffer.from(p7m);
    if (bytes[0] === 0x30) return bytes;
    return toDer(bytes.toString('latin1'));
  }
  const body = skipHeaderBlock(p7m.replace(/^\uFEFF/, ''));
  const base64 = body.replace(/\s+/g, '');
  if (base64.length === 0) throw notP7m('it is empty');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(base64)) throw notP7m('its body is not base64');
  return Buffer.from(base64, 'base64');
};

/** Skips a MIME header block (lines `Name: value`, folded lines, up to the first blank line) if there is one. */
const skipHeaderBlock = (text: string): string => {
  const lines = text.split(/\r?\n/);
  if (!/^[A-Za-z0-9-]+:/.test(lines[0] ?? '')) return text;
  const blank = lines.findIndex((line) => line.trim() === '');
  return blank === -1 ? '' : lines.slice(blank + 1).join('\n');
};

const readKey = (candidate: CandidateKey, index: number) => {
  const label = candidate.id ?? `#${index + 1}`;
  try {
    return {
      certificate: forge.pki.certificateFromPem(candidate.certificatePem),
      privateKey: forge.pki.privateKeyFromPem(candidate.privateKeyPem),
    };
  } catch {
    throw new ServerTokenError(
      'ENCRYPTION_KEY_INVALID',
      `Encryption key ${label} cannot be read (expected a PEM certificate and a PEM RSA private key). Generate a new key with depledger.`,
      { key: label },
    );
  }
};

const fields = [
  ['consumer_key', 'consumerKey', 'CK_'],
  ['consumer_secret', 'consumerSecret', 'CS_'],
  ['access_token', 'accessToken', 'AT_'],
  ['access_secret', 'accessSecret', 'AS_'],
] as const;

const readToken = (decrypted: string, now: Date): ServerToken => {
  const json = skipHeaderBlock(decrypted.replace(/^\uFEFF/, ''))
    .split(/\r?\n/)
    .map((line) => line.replace(/^-----(BEGIN|END) MESSAGE-----/, '').trim())
    .join('');
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw new ServerTokenError(
      'SERVER_TOKEN_UNREADABLE',
      'The server token decrypted, but its content is not the JSON Apple writes. Download the server token again from Apple Business or School Manager.',
    );
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ServerTokenError('SERVER_TOKEN_UNREADABLE', 'The server token decrypted, but its content is not a JSON object. Download the server token again.');
  }
  const record = parsed as Record<string, unknown>;
  const token: Record<string, string> = {};
  for (const [field, property, prefix] of fields) {
    const value = record[field];
    if (typeof value !== 'string' || value.length === 0) throw fieldError(field, 'is missing');
    if (!value.startsWith(prefix)) throw fieldError(field, `does not start with ${prefix}`);
    token[property] = value;
  }
  const expiry = record['access_token_expiry'];
  if (typeof expiry !== 'string' || expiry.length === 0) throw fieldError('access_token_expiry', 'is missing');
  const expiresAt = new Date(expiry);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(expiry) || Number.isNaN(expiresAt.getTime())) {
    throw fieldError('access_token_expiry', 'is not an ISO 8601 date');
  }
  if (expiresAt.getTime() <= now.getTime()) {
    throw new ServerTokenError(
      'SERVER_TOKEN_EXPIRED',
      `This server token expired on ${expiresAt.toISOString()}. Download a new server token for this MDM server from Apple Business or School Manager and upload it.`,
      { expiredAt: expiresAt.toISOString() },
    );
  }
  return {
    consumerKey: token['consumerKey']!,
    consumerSecret: token['consumerSecret']!,
    accessToken: token['accessToken']!,
    accessSecret: token['accessSecret']!,
    accessTokenExpiry: expiry,
  };
};

const fieldError = (field: string, problem: string): ServerTokenError =>
  new ServerTokenError(
    'SERVER_TOKEN_FIELD_INVALID',
    `The server token's "${field}" ${problem}. This is not a token Apple made, or it was damaged: download the server token again from Apple Business or School Manager.`,
    { field },
  );
