import { createBusinessService, type BusinessGateway, type BusinessService } from '../business';
import type { Clock } from '../ports/clock';
import { systemClock } from '../ports/clock';
import type { DepGateway } from '../ports/dep-gateway';
import type { EventStore } from '../ports/event-store';
import type { Vault } from '../ports/vault';
import { depledgerSerde } from '../serde/depledger-events';
import type { EventSerde } from '../serde/event-serde';
import { createSyncEngine, type SyncEngine } from '../sync-engine';
import { defaultSyncPolicy, type SyncPolicy } from '../sync/sync-policy';
import { createDeviceService, type DeviceService } from './device-service';
import { createProfileService, type ProfileService } from './profile-service';
import { createTokenService, type TokenService } from './token-service';
import type { TokenPki } from './token-pki';

export type DepledgerOptions = Readonly<{
  store: EventStore;
  gateway: DepGateway;
  vault: Vault;
  /** Key pairs and server-token decryption: `createAppleTokenPki()` from @depledger/apple. */
  pki: TokenPki;
  clock?: Clock;
  policy?: SyncPolicy;
  serde?: EventSerde;
  /** Page size asked of Apple during syncs (Apple's maximum, 1000, when omitted). */
  pageLimit?: number;
  /** Apple School and Business Manager's API: `createBusinessGateway(…)` from @depledger/apple. */
  business?: BusinessGateway;
}>;

export type Depledger = Readonly<{
  tokens: TokenService;
  profiles: ProfileService;
  devices: DeviceService;
  /** Step 6 without the portal: the organisation's inventory and assignment to MDM servers (needs `business`). */
  business: BusinessService;
  /** "Sync now", assignments and their retries. */
  sync: SyncEngine;
  store: EventStore;
  vault: Vault;
  clock: Clock;
  policy: SyncPolicy;
}>;

/** What an MDM embeds: one entry point with a facet per administrator concern. */
export const createDepledger = (options: DepledgerOptions): Depledger => {
  const clock = options.clock ?? systemClock;
  const policy = options.policy ?? defaultSyncPolicy;
  const serde = options.serde ?? depledgerSerde;
  const engine = createSyncEngine({
    store: options.store,
    gateway: options.gateway,
    vault: options.vault,
    clock,
    policy,
    serde,
    ...(options.pageLimit !== undefined ? { pageLimit: options.pageLimit } : {}),
  });
  const context = { store: options.store, gateway: options.gateway, vault: options.vault, pki: options.pki, clock, policy, serde, engine };
  return {
    tokens: createTokenService(context),
    profiles: createProfileService(context),
    devices: createDeviceService(context),
    business: createBusinessService({ store: options.store, serde, vault: options.vault, clock, gateway: options.business }),
    sync: engine,
    store: options.store,
    vault: options.vault,
    clock,
    policy,
  };
};
