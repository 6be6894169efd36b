import type { Clock } from '../ports/clock';
import { systemClock } from '../ports/clock';
import type { EventStore } from '../ports/event-store';
import type { Vault } from '../ports/vault';
import { depledgerSerde } from '../serde/depledger-events';
import type { EventSerde } from '../serde/event-serde';
import { createSyncEngine, type SyncEngine } from '../sync-run';
import { defaultSyncPolicy, type SyncPolicy } from '../sync/sync-policy';
import { resolveGateway, type GatewayOption } from './gateway-wiring';
import { activeOauthSecretsRef } from './streams';
import { createDeviceService, type DeviceService } from './device-service';
import { createProfileService, type ProfileService } from './profile-service';
import { createTokenService, type TokenService } from './token-service';
import type { TokenPki } from './token-pki';

export type DepledgerOptions = Readonly<{
  /** Where the events go: `createInMemoryEventStore()`, or a store package's `events`. */
  store: EventStore;
  /**
   * Apple, as a factory called once with the vault and the lookup of each token's OAuth secrets
   * (`appleGateway({ baseUrl })` from @depledger/apple), or a ready gateway (a test's scripted one).
   */
  gateway: GatewayOption;
  /** Secrets and personal data, kept out of the events. */
  vault: Vault;
  /** Key pairs and server-token decryption: `createAppleTokenPki()` from @depledger/apple. */
  pki: TokenPki;
  /** The time depledger records and decides by (`systemClock` when omitted). */
  clock?: Clock;
  /** The sync rules (`intune2016Policy` when omitted). */
  policy?: SyncPolicy;
  /** How events are stored and read back (`depledgerSerde` when omitted). */
  serde?: EventSerde;
  /** Page size asked of Apple during syncs (Apple's maximum, 1000, when omitted). */
  pageLimit?: number;
}>;

export type Depledger = Readonly<{
  tokens: TokenService;
  profiles: ProfileService;
  devices: DeviceService;
  /** "Sync now", assignments and their retries. */
  sync: SyncEngine;
  store: EventStore;
  vault: Vault;
  clock: Clock;
  policy: SyncPolicy;
}>;

/**
 * What an MDM embeds: one entry point with a facet per administrator concern.
 *
 * @example
 * ```ts
 * const depledger = createDepledger({ store, vault, gateway: appleGateway({ baseUrl }), pki: createAppleTokenPki() });
 * ```
 */
export const createDepledger = (options: DepledgerOptions): Depledger => {
  const clock = options.clock ?? systemClock;
  const policy = options.policy ?? defaultSyncPolicy;
  const serde = options.serde ?? depledgerSerde;
  const gateway = resolveGateway(options.gateway, {
    vault: options.vault,
    clock,
    oauthSecretsRef: (tokenId) => activeOauthSecretsRef({ store: options.store, serde }, tokenId),
  });
  const engine = createSyncEngine({
    store: options.store,
    gateway,
    vault: options.vault,
    clock,
    policy,
    serde,
    ...(options.pageLimit !== undefined ? { pageLimit: options.pageLimit } : {}),
  });
  const context = { store: options.store, gateway, vault: options.vault, pki: options.pki, clock, policy, serde, engine };
  return {
    tokens: createTokenService(context),
    profiles: createProfileService(context),
    devices: createDeviceService(context),
    sync: engine,
    store: options.store,
    vault: options.vault,
    clock,
    policy,
  };
};
