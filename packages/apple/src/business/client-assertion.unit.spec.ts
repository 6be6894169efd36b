import { generateKeyPairSync, verify } from 'node:crypto';
import { isDepledgerError } from '@depledger/core';
import { maxAssertionLifetimeSeconds, signClientAssertion } from './client-assertion';
import { readBusinessPrivateKey } from './private-key';

const pemOf = (key: import('node:crypto').KeyObject) => key.export({ type: 'pkcs8', format: 'pem' }).toString();
const p256 = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
const decode = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;

describe('client assertion', () => {
  it('is an ES256 JWT with kid, iss = sub = client id, aud, iat, exp and a fresh jti, verifiable with the public key', () => {
    const input = {
      clientId: 'BUSINESSAPI.1c2d',
      keyId: 'key-1',
      privateKey: readBusinessPrivateKey(pemOf(p256.privateKey)),
      audience: 'https://account.apple.com/auth/oauth2/v2/token',
      nowMs: 1_800_000_000_500,
      lifetimeSeconds: 600,
    };
    const assertion = signClientAssertion(input);
    const [header, claims, signature] = assertion.split('.') as [string, string, string];
    expect(decode(header)).toEqual({ alg: 'ES256', kid: 'key-1', typ: 'JWT' });
    expect(decode(claims)).toEqual({
      iss: 'BUSINESSAPI.1c2d',
      sub: 'BUSINESSAPI.1c2d',
      aud: 'https://account.apple.com/auth/oauth2/v2/token',
      iat: 1_800_000_000,
      exp: 1_800_000_600,
      jti: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
    const bytes = Buffer.from(signature, 'base64url');
    expect(bytes).toHaveLength(64);
    expect(verify('sha256', Buffer.from(`${header}.${claims}`), { key: p256.publicKey, dsaEncoding: 'ieee-p1363' }, bytes)).toBe(true);
    expect(decode(signClientAssertion(input).split('.')[1]!).jti).not.toEqual(decode(claims).jti);
  });

  it('refuses a lifetime beyond 180 days', () => {
    const base = { clientId: 'BUSINESSAPI.x', keyId: 'k', privateKey: p256.privateKey, audience: 'aud', nowMs: 0 };
    expect(() => signClientAssertion({ ...base, lifetimeSeconds: maxAssertionLifetimeSeconds })).not.toThrow();
    expect(() => signClientAssertion({ ...base, lifetimeSeconds: maxAssertionLifetimeSeconds + 1 })).toThrow(
      expect.objectContaining({ code: 'BUSINESS_CREDENTIALS_INVALID' }),
    );
  });

  it('reads only P-256 private keys and never repeats the file in its error', () => {
    const rsa = pemOf(generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey);
    const p384 = pemOf(generateKeyPairSync('ec', { namedCurve: 'secp384r1' }).privateKey);
    const sec1 = p256.privateKey.export({ type: 'sec1', format: 'pem' }).toString();
    expect(readBusinessPrivateKey(sec1).asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    for (const pem of [rsa, p384, 'not a key', pemOf(p256.privateKey).replace(/[A-Z]/g, 'A')]) {
      let error: unknown;
      try {
        readBusinessPrivateKey(pem);
      } catch (caught) {
        error = caught;
      }
      expect(isDepledgerError(error, 'BUSINESS_KEY_INVALID')).toBe(true);
      const body = pem.split('\n').filter((line) => !line.startsWith('-----'))[0] ?? pem;
      expect(JSON.stringify(error) + String((error as Error).message)).not.toContain(body.slice(0, 16));
    }
  });
});
