import { randomBytes } from 'node:crypto';

/** The four OAuth values of a server token, named as in the token's JSON. */
export interface OAuthCredentials {
  consumer_key: string;
  consumer_secret: string;
  access_token: string;
  access_secret: string;
}

/** The token's JSON as it sits inside the `.p7m` (credentials plus expiry). */
export interface ServerTokenJson extends OAuthCredentials {
  access_token_expiry: string;
}

export type TokenState = 'active' | 'revoked' | 'replaced';

export interface ServerToken {
  readonly credentials: OAuthCredentials;
  readonly serverId: string;
  readonly issuedMs: number;
  readonly expiryMs: number;
  state: TokenState;
}

const hex = (bytes: number): string => randomBytes(bytes).toString('hex');

/** Fresh credentials shaped like Apple's: `CK_`, `CS_`, `AT_`, `AS_` followed by hex. */
export function mintCredentials(): OAuthCredentials {
  return {
    consumer_key: `CK_${hex(32)}`,
    consumer_secret: `CS_${hex(32)}`,
    access_token: `AT_${hex(32)}`,
    access_secret: `AS_${hex(32)}`,
  };
}

/** The fixed credentials MicroMDM and others use with Apple's depsim. */
export const depsimCredentials: OAuthCredentials = {
  consumer_key:
    'CK_48dd68d198350f51258e885ce9a5c37ab7f98543c4a697323d75682a6c10a32501cb247e3db08105db868f73f2c972bdb6ae77112aea803b9219eb52689d42e6',
  consumer_secret:
    'CS_34c7b2b531a600d99a0e4edcf4a78ded79b86ef318118c2f5bcfee1b011108c32d5302df801adbe29d446eb78f02b13144e323eb9aad51c79f01e50cb45c3a68',
  access_token:
    'AT_927696831c59ba510cfe4ec1a69e5267c19881257d4bca2906a99d0785b785a6f6fdeb09774954fdd5e2d0ad952e3af52c6d8d2f21c924ba0caf4a031c158b89',
  access_secret:
    'AS_c31afd7a09691d83548489336e8ff1cb11b82b6bca13f793344496a556b1f4972eaff4dde6deb5ac9cf076fdfa97ec97699c34d515947b9cf9ed31c99dded6ba',
};
