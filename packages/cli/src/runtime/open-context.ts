import { resolve } from 'node:path';
import { appleGateway, createAppleTokenPki } from '@depledger/apple';
import {
  message,
  createDepledger,
  currentIntunePolicy,
  defaultTenant,
  intune2016Policy,
  parseTenantId,
  scopeEventStore,
  scopeVault,
  type Depledger,
  type DepledgerLogger,
  type EventStore,
  type Vault,
} from '@depledger/core';
import { assignedDevicesSeed, assignmentQueueSeed, scopeReadModels, type ReadModelStore } from '@depledger/projections';
import { appleAttempts, parseAppleUrl } from './apple-settings';
import type { CliIo } from './cli-io';
import type { GlobalOptions } from './global-options';
import { openStore } from './open-store';
import { projectReadModels, type ProjectedReadModels } from './read-models';
import { runLeaseMs } from './run-lease-setting';
import { parseStoreLocation } from './store-location';
import type { VaultFile } from './vault-file';

/** How long closing waits for values forgotten by the command to leave the WAL (a reader in another process). */
const erasureWaitMs = 10_000;

export const cliUserAgent = 'depledger-cli/0.1.0';

/** Everything a command works with: the application, its store and the read models on demand. */
export type CliContext = Readonly<{
  depledger: Depledger;
  /**
   * The operator's depledger (the default tenant's, over the whole store), which may forget and list
   * tenants; with --tenant naming another tenant, that tenant's depledger, which refuses to.
   */
  tenantAdministrator(): Depledger;
  events: EventStore;
  vault: Vault;
  storeDescription: string;
  /** The local SQLite vault's key rotation and erasure. */
  vaultFile: VaultFile;
  /** The built-in read models, caught up when first asked for. */
  readModels(): Promise<ProjectedReadModels>;
  /** Closes the store; after a failure, a store file this command created is removed again. */
  close(options?: { failed?: boolean }): Promise<void>;
  /**
   * The operator's depledger over the store as opened (the default tenant's, from which every tenant
   * is reached with `forTenant`), whatever --tenant says, and each tenant's built-in read models:
   * for `serve --all-tenants` and the API keys a server for several tenants routes.
   */
  operator(): Readonly<{
    depledger: Depledger;
    /** The store as opened, not a tenant's view: the fleet scheduler looks every tenant's tokens up in one read of it. */
    events: EventStore;
    readModelsFor(depledger: Depledger): Promise<ProjectedReadModels>;
  }>;
}>;

export type OpenContextOptions = Readonly<{
  create?: boolean;
  /** depledger's structured logger (appends, Apple calls, sync runs). @defaultValue none */
  logger?: DepledgerLogger;
  /** With PostgreSQL: the pool's size, for a command that works several tokens at once. @defaultValue the store's (4) */
  connections?: number;
}>;

/** Opens the store named by --store and wires depledger to Apple (or the simulator) at --apple-url. */
export const openContext = async (globals: GlobalOptions, io: CliIo, options: OpenContextOptions = {}): Promise<CliContext> => {
  const tenant = parseTenantId(globals.tenant ?? 'default');
  const baseUrl = parseAppleUrl(globals.appleUrl);
  const maxAttempts = appleAttempts(io.env);
  const leaseMs = runLeaseMs(io.env);
  const store = await openStore(parseStoreLocation(globals.store, io.cwd), {
    create: options.create === true,
    env: io.env,
    vaultPath: resolve(io.cwd, globals.vault),
    cwd: io.cwd,
    ...(options.connections === undefined ? {} : { connections: options.connections }),
  });
  const policy = globals.policy === 'intune-current' ? currentIntunePolicy : intune2016Policy;
  // the tenant is given once, here: every command reads and writes through these views of the store
  const events = scopeEventStore(store.events, tenant);
  const vault = scopeVault(store.vault, tenant);
  const wiring = {
    gateway: appleGateway({ baseUrl, userAgent: cliUserAgent, retry: { maxAttempts } }),
    // The detailed answers to a server token that does not decrypt: a person at their own terminal.
    pki: createAppleTokenPki({ decryptionFailures: 'detailed' }),
    policy,
    ...(options.logger ? { logger: options.logger } : {}),
    ...(leaseMs === undefined ? {} : { runLeaseMs: leaseMs }),
  };
  // a sync's assignment waits start from the tenant's assignment-queue read model where it has one,
  // and a full sync's release by absence from its device-status read model, not from the whole
  // device log (a fresh process each command)
  const seedsOf = (readModels: ReadModelStore) => ({
    assignmentQueue: assignmentQueueSeed(readModels),
    assignedDevices: assignedDevicesSeed(readModels),
  });
  const depledgerOn = (on: Readonly<{ store: EventStore; vault: Vault }>, of: typeof tenant) =>
    createDepledger({
      ...on,
      ...wiring,
      ...(store.readModels ? seedsOf(scopeReadModels(store.readModels, of)) : {}),
    });
  const depledger = depledgerOn({ store: events, vault }, tenant);
  let operator: Depledger | undefined;
  let projected: Promise<ProjectedReadModels> | undefined;
  return {
    depledger,
    tenantAdministrator: () =>
      tenant === defaultTenant ? (operator ??= depledgerOn({ store: store.events, vault: store.vault }, defaultTenant)) : depledger,
    events,
    vault,
    storeDescription: store.description,
    readModels: () => (projected ??= projectReadModels(events, store.readModels ? scopeReadModels(store.readModels, tenant) : undefined)),
    vaultFile: store.vaultFile,
    operator: () => ({
      depledger: (operator ??= depledgerOn({ store: store.events, vault: store.vault }, defaultTenant)),
      events: store.events,
      readModelsFor: (tenantDepledger) =>
        projectReadModels(tenantDepledger.store, store.readModels ? scopeReadModels(store.readModels, tenantDepledger.tenant) : undefined),
    }),
    async close(closing) {
      const pending = await store.vaultFile.completeErasure(erasureWaitMs);
      if (pending > 0) {
        io.stderr(`${message(globals.lang, 'vault.erasurePending', { n: pending })}\n`);
      }
      await store.close({ discardIfNew: closing?.failed === true });
    },
  };
};
