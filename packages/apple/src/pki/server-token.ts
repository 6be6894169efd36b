import type Forge from 'node-forge';
import { forge } from './forge';
import { readEnvelope } from './p7m-envelope';
import { ServerTokenError } from './server-token-error';
import { readTokenContent } from './token-content';

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
    const content = envelope.content as Forge.util.ByteStringBuffer | undefined;
    if (!content) continue;
    const text = decodeUtf8(content.bytes());
    return { token: readTokenContent(text, options.now ?? new Date()), keyIndex: index, keyId: candidate.id ?? null };
  }
  throw new ServerTokenError('SERVER_TOKEN_WRONG_KEY', differentKeyAdvice, { candidates: candidates.length });
};

/** The decrypted bytes as UTF-8 text. CMS has no integrity check: a damaged token can decrypt to bytes that are not. */
const decodeUtf8 = (bytes: string): string => {
  try {
    return forge().util.decodeUtf8(bytes);
  } catch {
    throw new ServerTokenError(
      'SERVER_TOKEN_UNREADABLE',
      'The server token decrypted, but its content is not text: the file was damaged. Download the server token again from Apple Business or School Manager.',
    );
  }
};

const readKey = (candidate: CandidateKey, index: number) => {
  const label = candidate.id ?? `#${index + 1}`;
  try {
    return {
      certificate: forge().pki.certificateFromPem(candidate.certificatePem),
      privateKey: forge().pki.privateKeyFromPem(candidate.privateKeyPem),
    };
  } catch {
    throw new ServerTokenError(
      'ENCRYPTION_KEY_INVALID',
      `Encryption key ${label} cannot be read (expected a PEM certificate and a PEM RSA private key). Generate a new key with depledger.`,
      { key: label },
    );
  }
};
