import { resolve } from 'node:path';
import { appleGateway, createAppleTokenPki } from '@depledger/apple';
import { createDepledger, currentIntunePolicy, intune2016Policy, type Depledger, type EventStore, type Vault } from '@depledger/core';
import { appleAttempts, parseAppleUrl } from './apple-settings';
import type { CliIo } from './cli-io';
import type { GlobalOptions } from './global-options';
import { openStore } from './open-store';
import { projectReadModels, type ProjectedReadModels } from './read-models';
import { parseStoreLocation } from './store-location';

export const cliUserAgent = 'depledger-cli/0.1.0';

/** Everything a command works with: the application, its store and the read models on demand. */
export type CliContext = Readonly<{
  depledger: Depledger;
  events: EventStore;
  vault: Vault;
  storeDescription: string;
  /** The built-in read models, caught up when first asked for. */
  readModels(): Promise<ProjectedReadModels>;
  /** Closes the store; after a failure, a store file this command created is removed again. */
  close(options?: { failed?: boolean }): Promise<void>;
}>;

export type OpenContextOptions = Readonly<{ create?: boolean }>;

/** Opens the store named by --store and wires depledger to Apple (or the simulator) at --apple-url. */
export const openContext = async (globals: GlobalOptions, io: CliIo, options: OpenContextOptions = {}): Promise<CliContext> => {
  const baseUrl = parseAppleUrl(globals.appleUrl);
  const maxAttempts = appleAttempts(io.env);
  const store = await openStore(parseStoreLocation(globals.store, io.cwd), { create: options.create === true, env: io.env, vaultPath: resolve(io.cwd, globals.vault) });
  const policy = globals.policy === 'intune-current' ? currentIntunePolicy : intune2016Policy;
  const depledger = createDepledger({
    store: store.events,
    vault: store.vault,
    gateway: appleGateway({ baseUrl, userAgent: cliUserAgent, retry: { maxAttempts } }),
    pki: createAppleTokenPki(),
    policy,
  });
  let projected: Promise<ProjectedReadModels> | undefined;
  return {
    depledger,
    events: store.events,
    vault: store.vault,
    storeDescription: store.description,
    readModels: () => (projected ??= projectReadModels(store.events, store.readModels)),
    close: (closing) => store.close({ discardIfNew: closing?.failed === true }),
  };
};
