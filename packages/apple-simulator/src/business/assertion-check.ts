import { verify } from 'node:crypto';
import type { ApiAccount } from './api-account';

/** Why a client assertion is refused (kept for the simulator's own inspection; Apple says only `invalid_client`). */
export type AssertionProblem =
  | 'malformed'
  | 'unknown_client'
  | 'revoked'
  | 'wrong_algorithm'
  | 'wrong_key_id'
  | 'bad_signature'
  | 'wrong_issuer'
  | 'wrong_audience'
  | 'not_yet_valid'
  | 'expired'
  | 'lifetime_too_long'
  | 'missing_jti'
  | 'replayed_jti';

export type AssertionCheck = { ok: true; account: ApiAccount; jti: string; expMs: number } | { ok: false; problem: AssertionProblem };

const maxLifetimeSeconds = 180 * 24 * 3600;
const clockSkewSeconds = 60;

const decodePart = (part: string): Record<string, unknown> | undefined => {
  try {
    const value = JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as unknown;
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
};

/**
 * Checks a client assertion the way the token endpoint must: an ES256 JWT whose `kid` is the
 * account's key id, signed by the account's registered public key, with `iss` = `sub` = the client
 * id, `aud` = the token endpoint, `iat` not in the future, `exp` not past and at most 180 days
 * after `iat`, and a `jti` not seen before.
 */
export function checkClientAssertion(input: {
  assertion: string;
  clientId: string;
  audience: string;
  nowMs: number;
  accounts: ReadonlyMap<string, ApiAccount>;
  seenJti: (clientId: string, jti: string) => boolean;
}): AssertionCheck {
  const parts = input.assertion.split('.');
  if (parts.length !== 3) return { ok: false, problem: 'malformed' };
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];
  const header = decodePart(headerPart);
  const claims = decodePart(payloadPart);
  if (header === undefined || claims === undefined) return { ok: false, problem: 'malformed' };
  const account = input.accounts.get(input.clientId);
  if (account === undefined) return { ok: false, problem: 'unknown_client' };
  if (account.revoked) return { ok: false, problem: 'revoked' };
  if (header.alg !== 'ES256') return { ok: false, problem: 'wrong_algorithm' };
  if (header.kid !== account.keyId) return { ok: false, problem: 'wrong_key_id' };
  const signature = Buffer.from(signaturePart, 'base64url');
  const signed = Buffer.from(`${headerPart}.${payloadPart}`, 'ascii');
  let valid = false;
  try {
    valid = signature.length === 64 && verify('sha256', signed, { key: account.publicKey, dsaEncoding: 'ieee-p1363' }, signature);
  } catch {
    valid = false;
  }
  if (!valid) return { ok: false, problem: 'bad_signature' };
  if (claims.iss !== account.clientId || claims.sub !== account.clientId) return { ok: false, problem: 'wrong_issuer' };
  if (claims.aud !== input.audience) return { ok: false, problem: 'wrong_audience' };
  const { iat, exp, jti } = claims;
  if (typeof iat !== 'number' || typeof exp !== 'number') return { ok: false, problem: 'malformed' };
  const nowSeconds = input.nowMs / 1000;
  if (iat > nowSeconds + clockSkewSeconds) return { ok: false, problem: 'not_yet_valid' };
  if (exp <= nowSeconds) return { ok: false, problem: 'expired' };
  if (exp - iat > maxLifetimeSeconds) return { ok: false, problem: 'lifetime_too_long' };
  if (typeof jti !== 'string' || jti === '') return { ok: false, problem: 'missing_jti' };
  if (input.seenJti(account.clientId, jti)) return { ok: false, problem: 'replayed_jti' };
  return { ok: true, account, jti, expMs: exp * 1000 };
}
