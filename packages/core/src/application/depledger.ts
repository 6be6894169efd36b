import { createBusinessService, type BusinessGateway, type BusinessService } from '../business';
import type { Clock } from '../ports/clock';
import { systemClock } from '../ports/clock';
import type { EventStore } from '../ports/event-store';
import type { RunLeaseStore } from '../ports/run-leases';
import type { Vault } from '../ports/vault';
import { depledgerSerde } from '../serde/depledger-events';
import type { EventSerde } from '../serde/event-serde';
import { startConsumer, type Consumer, type ConsumerCheckpointStore, type ConsumableEventType, type ConsumeOptions } from '../consumers';
import { createObservation, type DepledgerLogger, type TelemetryOption } from '../observability';
import { createSyncEngine, type AssignedDevicesSeed, type AssignmentQueueSeed, type SyncEngine } from '../sync-run';
import { defaultSyncPolicy, type SyncPolicy } from '../sync/sync-policy';
import { resolveGateway, type GatewayOption } from './gateway-wiring';
import { activeOauthSecretsRef } from './streams';
import { createDeviceService, type DeviceService } from './device-service';
import { createProfileService, type ProfileService } from './profile-service';
import { createTokenService, type TokenService } from './token-service';
import type { TokenPki } from './token-pki';
import {
  defaultTenant,
  parseTenantId,
  scopeConsumerCheckpoints,
  scopeEventStore,
  scopeRunLeases,
  scopeVault,
  tenantOfStore,
  type TenantId,
} from '../tenancy';
import { createTenantAdministration, type TenantAdministration } from '../tenancy/tenant-administration';
import { scopeViolation } from '../tenancy/tenant-id';
import { markTenantStore } from '../tenancy/tenant-event-store';

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
  /**
   * Where sync runs keep their leases. @defaultValue the store's own (`store.runLeases`: memory, SQLite,
   * PostgreSQL and EventStoreDB stores all have one)
   */
  runLeases?: RunLeaseStore;
  /** How long a sync run's lease lasts without renewal, in ms: a run whose process died frees its token within this. @defaultValue 20000 */
  runLeaseMs?: number;
  /**
   * Where sync runs' assignment waits may start instead of folding the whole device log in a fresh
   * process: projections' \`assignmentQueueSeed(readModels)\` over this tenant's read models.
   * @defaultValue the device log from its start
   */
  assignmentQueue?: AssignmentQueueSeed;
  /**
   * Where a full sync's release by absence may start instead of folding the whole device log:
   * projections' \`assignedDevicesSeed(readModels)\` over this tenant's read models.
   * @defaultValue the device log from its start
   */
  assignedDevices?: AssignedDevicesSeed;
  /** Where durable consumers keep their checkpoints unless `consume` is given others. @defaultValue memory */
  consumerCheckpoints?: ConsumerCheckpointStore;
  /** A pino-compatible logger: appends, Apple calls, sync runs (ids, counts, codes; never data, secrets or personal data). */
  logger?: DepledgerLogger;
  /** OpenTelemetry spans and metrics for Apple calls, sync runs and appends. @defaultValue false */
  telemetry?: TelemetryOption;
  /** Apple School and Business Manager's API: `createBusinessGateway(…)` from @depledger/apple. */
  business?: BusinessGateway;
  /**
   * The organisation this depledger works for (docs/many-organisations.md): every stream, vault entry,
   * run lease and consumer checkpoint it touches is that tenant's, and nothing of another tenant can
   * be named through it. A store already scoped to a tenant brings its tenant. @defaultValue `'default'`,
   * the tenant of every store written before tenants existed
   */
  tenant?: TenantId;
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
  /** Starts a durable consumer: decoded events of the types asked for, at least once, in order, from its stored checkpoint. */
  consume<T extends ConsumableEventType>(name: string, options: ConsumeOptions<T>): Consumer;
  /** The organisation this depledger works for (`'default'` unless one was given). */
  tenant: TenantId;
  /**
   * The same depledger for another organisation, over the same store, vault and gateway: everything
   * it records and reads stays inside that tenant. Only a depledger of the default tenant that was
   * not itself given a scoped store (the operator's) may open other tenants; a tenant's depledger
   * answers only for itself.
   * @throws `TENANT_ID_INVALID`, `TENANT_SCOPE_VIOLATION`
   */
  forTenant(tenant: TenantId): Depledger;
  /**
   * The organisations of the store, for the operator: forget one (`tenants.forget('acme', { actor })`:
   * its vault key destroyed, an event recorded) or list them. A tenant's depledger answers
   * `TENANT_SCOPE_VIOLATION`.
   */
  tenants: TenantAdministration;
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
  const storeTenant = tenantOfStore(options.store);
  const tenant = parseTenantId(options.tenant ?? storeTenant ?? defaultTenant);
  if (storeTenant !== null && storeTenant !== tenant) throw scopeViolation(tenant, 'event store');
  const clock = options.clock ?? systemClock;
  const policy = options.policy ?? defaultSyncPolicy;
  const serde = options.serde ?? depledgerSerde;
  const observation = createObservation(options, tenant);
  const scopedStore = scopeEventStore(options.store, tenant);
  const store = markTenantStore(observation.store(scopedStore), tenant);
  const vault = scopeVault(options.vault, tenant);
  const sharedLeases = options.runLeases ? scopeRunLeases(options.runLeases, tenant) : scopedStore.runLeases;
  const consumerCheckpoints = options.consumerCheckpoints ? scopeConsumerCheckpoints(options.consumerCheckpoints, tenant) : undefined;
  const trialSecrets = new Map<string, string>();
  const gateway = observation.gateway(
    resolveGateway(options.gateway, {
      vault,
      clock,
      oauthSecretsRef: async (tokenId) => trialSecrets.get(tokenId) ?? activeOauthSecretsRef({ store: scopedStore, serde }, tokenId),
    }),
  );
  const engine = createSyncEngine({
    store,
    gateway,
    vault,
    clock,
    policy,
    serde,
    ...(options.pageLimit !== undefined ? { pageLimit: options.pageLimit } : {}),
    ...(options.runLeaseMs !== undefined ? { runLeaseMs: options.runLeaseMs } : {}),
    ...(sharedLeases ? { runLeases: sharedLeases } : {}),
    ...(options.assignmentQueue ? { assignmentQueue: options.assignmentQueue } : {}),
    ...(options.assignedDevices ? { assignedDevices: options.assignedDevices } : {}),
  });
  const context = { store, gateway, vault, pki: options.pki, clock, policy, serde, engine, trialSecrets };
  return {
    tokens: createTokenService(context),
    profiles: createProfileService(context),
    devices: createDeviceService(context),
    business: createBusinessService({ store, serde, vault, clock, gateway: options.business }),
    sync: observation.sync(engine),
    store,
    vault,
    clock,
    policy,
    consume: (name, consumeOptions) =>
      startConsumer(
        {
          store,
          serde,
          clock,
          checkpoints: consumerCheckpoints,
          // consumers that take a lease keep it where sync runs keep theirs
          ...(sharedLeases ? { leases: sharedLeases } : {}),
        },
        name,
        scopeConsumeOptions(consumeOptions, tenant),
      ),
    tenant,
    tenants: createTenantAdministration({
      store,
      serde,
      clock,
      vault: options.vault,
      tenant,
      operator: tenant === defaultTenant && storeTenant === null,
      unscopedStore: tenant === defaultTenant && storeTenant === null ? options.store : null,
    }),
    forTenant: (other) => {
      const wanted = parseTenantId(other);
      if (wanted === tenant) return createDepledger({ ...options, tenant });
      if (tenant !== defaultTenant || storeTenant !== null) throw scopeViolation(tenant, `tenant ${wanted}`);
      // this tenant's assignment queue and devices are not the other's: its runs fold its own log
      const { assignmentQueue: _ours, assignedDevices: _ourDevices, ...forOther } = options;
      return createDepledger({ ...forOther, tenant: wanted });
    },
  };
};

/** A consumer's own checkpoints and lease store, when it names them, are kept under its tenant too. */
const scopeConsumeOptions = <T extends ConsumableEventType>(options: ConsumeOptions<T>, tenant: TenantId): ConsumeOptions<T> => ({
  ...options,
  ...(options.checkpoints ? { checkpoints: scopeConsumerCheckpoints(options.checkpoints, tenant) } : {}),
  ...(options.lease?.leases ? { lease: { ...options.lease, leases: scopeRunLeases(options.lease.leases, tenant) } } : {}),
});
