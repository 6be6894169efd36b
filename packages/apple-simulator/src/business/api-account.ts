import { generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';

/** Which of Apple's two APIs an account belongs to; decides its client id prefix and its scope. */
export type ApiAccountKind = 'business' | 'school';

/** An API account as the portal keeps it: only the public half of its key. */
export interface ApiAccount {
  readonly clientId: string;
  readonly keyId: string;
  readonly kind: ApiAccountKind;
  readonly name: string;
  readonly publicKey: KeyObject;
  revoked: boolean;
}

/** What the portal hands the administrator once: the private key is never shown again. */
export interface IssuedApiAccount {
  clientId: string;
  keyId: string;
  kind: ApiAccountKind;
  name: string;
  /** PKCS#8 PEM of the account's P-256 private key, as the portal's download. */
  privateKeyPem: string;
}

export const scopeOf = (kind: ApiAccountKind): string => (kind === 'business' ? 'business.api' : 'school.api');

/** Makes an account with a fresh P-256 key pair (what "Generate Private Key" does in the portal). */
export function newApiAccount(kind: ApiAccountKind, name: string): { account: ApiAccount; issued: IssuedApiAccount } {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const clientId = `${kind === 'business' ? 'BUSINESSAPI' : 'SCHOOLAPI'}.${randomUUID()}`;
  const keyId = randomUUID();
  const privateKeyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  return {
    account: { clientId, keyId, kind, name, publicKey, revoked: false },
    issued: { clientId, keyId, kind, name, privateKeyPem },
  };
}
