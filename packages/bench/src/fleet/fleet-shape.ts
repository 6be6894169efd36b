import { createHmac } from 'node:crypto';

/**
 * The organisations of the fleet run: `tenants` tenants of `tokensPerTenant` tokens each, every
 * token an MDM server of its own at one simulator. Names and OAuth credentials follow from the
 * numbers, so the scheduler nodes (child processes) and the process that sets the fleet up agree on
 * them without handing 10,000 credentials through an environment variable.
 */
export type FleetShape = Readonly<{
  tenants: number;
  tokensPerTenant: number;
  /** Derives the OAuth secrets (a test value: the simulator issues them as told). */
  secretSeed: string;
}>;

export type OAuthSecrets = Readonly<{ consumerKey: string; consumerSecret: string; accessToken: string; accessSecret: string }>;

const pad = (n: number): string => String(n).padStart(5, '0');

export const tenantName = (index: number): string => `org-${pad(index)}`;

/** Token ids are unique across the fleet: one gateway finds a token's secrets by its id alone. */
export const tokenName = (tenantIndex: number, tokenIndex: number): string => `t${pad(tenantIndex)}-${tokenIndex}`;

export const tenantNames = (shape: FleetShape): string[] => Array.from({ length: shape.tenants }, (_, i) => tenantName(i));

export const tokensOf = (shape: FleetShape, tenantIndex: number): string[] =>
  Array.from({ length: shape.tokensPerTenant }, (_, j) => tokenName(tenantIndex, j));

export const secretsOf = (shape: FleetShape, tokenId: string): OAuthSecrets => {
  const derive = (kind: string) => createHmac('sha256', shape.secretSeed).update(`${kind}:${tokenId}`).digest('hex').slice(0, 32);
  return {
    consumerKey: `CK_${derive('ck')}`,
    consumerSecret: `CS_${derive('cs')}`,
    accessToken: `AT_${derive('at')}`,
    accessSecret: `AS_${derive('as')}`,
  };
};

/** The failing tenants: `share` of them (at least one when `share` > 0), spread over the fleet. */
export const failingTenantIndexes = (shape: FleetShape, share: number): number[] => {
  if (share <= 0) return [];
  const count = Math.max(1, Math.round(shape.tenants * share));
  const every = shape.tenants / count;
  return Array.from({ length: count }, (_, k) => Math.floor(k * every + every / 2));
};
