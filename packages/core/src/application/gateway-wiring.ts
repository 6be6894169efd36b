import type { Clock } from '../ports/clock';
import type { DepGateway } from '../ports/dep-gateway';
import type { Vault, VaultRef } from '../ports/vault';

/**
 * What `createDepledger` hands a gateway factory: the gateway may need depledger's vault and its
 * record of each token's OAuth secrets before depledger itself exists.
 */
export type GatewayWiring = Readonly<{
  /** The vault depledger was given: where a token's OAuth secrets are kept. */
  vault: Vault;
  /**
   * The vault reference of a token's OAuth secrets (those of its last upload), read from the
   * token's stream at each call; `null` when the token is not active.
   */
  oauthSecretsRef(tokenId: string): Promise<VaultRef | null>;
  /** depledger's clock. */
  clock: Clock;
}>;

/** Builds the gateway once depledger's vault and credentials lookup exist (e.g. `appleGateway()` from @depledger/apple). */
export type GatewayFactory = (wiring: GatewayWiring) => DepGateway;

/**
 * The gateway option of `createDepledger`: a factory (what an application wires to Apple) or a
 * ready gateway (a test's scripted gateway, which needs no credentials).
 */
export type GatewayOption = DepGateway | GatewayFactory;

/** The gateway an option stands for; a factory is called exactly once. */
export const resolveGateway = (option: GatewayOption, wiring: GatewayWiring): DepGateway =>
  typeof option === 'function' ? option(wiring) : option;
