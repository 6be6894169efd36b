import { randomUUID, sign, type KeyObject } from 'node:crypto';
import { BusinessApiError } from './business-error';

/** Apple's limit on a client assertion's lifetime. */
export const maxAssertionLifetimeSeconds = 180 * 24 * 3600;

export type ClientAssertionInput = Readonly<{
  clientId: string;
  keyId: string;
  privateKey: KeyObject;
  /** The token endpoint the assertion is for (its `aud`). */
  audience: string;
  nowMs: number;
  /** Seconds from `iat` to `exp`, 1 to 180 days. */
  lifetimeSeconds: number;
  jti?: string;
}>;

const base64url = (value: unknown): string => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');

/**
 * Signs a client assertion (RFC 7523) as Apple's School and Business Manager API wants it: an
 * ES256 JWT with the key id in its header and `iss` = `sub` = the client id, `aud`, `iat`, `exp`
 * and a fresh `jti`. Node's crypto signs it (ECDSA P-256 over SHA-256, the signature in the
 * 64-byte IEEE P1363 form JWS requires).
 */
export function signClientAssertion(input: ClientAssertionInput): string {
  if (!Number.isInteger(input.lifetimeSeconds) || input.lifetimeSeconds < 1 || input.lifetimeSeconds > maxAssertionLifetimeSeconds) {
    throw new BusinessApiError(
      'BUSINESS_CREDENTIALS_INVALID',
      `A client assertion must live from 1 second to 180 days; ${input.lifetimeSeconds} seconds was asked for.`,
    );
  }
  const iat = Math.floor(input.nowMs / 1000);
  const header = { alg: 'ES256', kid: input.keyId, typ: 'JWT' };
  const claims = {
    iss: input.clientId,
    sub: input.clientId,
    aud: input.audience,
    iat,
    exp: iat + input.lifetimeSeconds,
    jti: input.jti ?? randomUUID(),
  };
  const signingInput = `${base64url(header)}.${base64url(claims)}`;
  const signature = sign('sha256', Buffer.from(signingInput, 'ascii'), { key: input.privateKey, dsaEncoding: 'ieee-p1363' });
  return `${signingInput}.${signature.toString('base64url')}`;
}
