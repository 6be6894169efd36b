import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAppleGateway, credentialsFromVault, oauthSecretsForVault, type AppleGatewayOptions } from '@depledger/apple';
import { startAppleSimulator, type QuickStartOptions, type StartedSimulator } from '@depledger/apple-simulator';
import {
  aggregateStream,
  createSyncEngine,
  depledgerSerde,
  deviceDecider,
  deviceStream,
  handleCommand,
  profileDecider,
  profileStream,
  syncDecider,
  syncStream,
  tokenDecider,
  tokenStream,
  type DeviceState,
  type EventStore,
  type ProfileState,
  type SyncEngine,
  type SyncEngineOptions,
  type SyncState,
  type TokenCommand,
  type TokenState,
  type Vault,
} from '@depledger/core';
import { openSqliteStore, type SqliteStore } from '@depledger/store-sqlite';

export const TOKEN = 'acme';
/** The test database's vault key (tests only). */
export const VAULT_KEY = Buffer.alloc(32, 7);

/**
 * The whole path of a deployment, on loopback: the Apple simulator over real HTTP, @depledger/apple's
 * gateway reading the token's OAuth secrets from the vault, the sync engine, and a SQLite file.
 * The engine runs on the simulator's clock, so moving that clock moves both.
 */
export type SyncHarness = Readonly<{
  sim: StartedSimulator;
  db: SqliteStore;
  store: EventStore;
  vault: Vault;
  engine: SyncEngine;
  engineWith(options: Partial<Omit<SyncEngineOptions, 'gateway'>> & { gateway?: Partial<AppleGatewayOptions> }): SyncEngine;
  advance(ms: number): void;
  close(): Promise<void>;
}>;

export const startSyncHarness = async (options: QuickStartOptions = {}): Promise<SyncHarness> => {
  const sim = await startAppleSimulator({ devices: 25, ...options });
  const dir = mkdtempSync(join(tmpdir(), 'depledger-sync-'));
  const db = openSqliteStore({ path: join(dir, 'depledger.db'), vaultKey: VAULT_KEY });
  const store = db.events;
  const vault = db.vault;
  const clock = sim.simulator.clock;
  const admin = () => ({ now: clock.now(), actor: 'admin:alice' });
  const token = (command: Omit<TokenCommand, 'metadata'>) =>
    handleCommand(store, depledgerSerde, tokenDecider, tokenStream(TOKEN), { ...command, metadata: admin() } as TokenCommand);

  const credentials = sim.server.credentials;
  const oauthSecretsRef = await vault.putSecret(
    'oauth-secrets',
    oauthSecretsForVault({
      consumerKey: credentials.consumer_key,
      consumerSecret: credentials.consumer_secret,
      accessToken: credentials.access_token,
      accessSecret: credentials.access_secret,
    }),
  );
  await token({
    type: 'IssueEncryptionKey',
    data: {
      tokenId: TOKEN,
      keyId: 'k1',
      certificatePem: 'PEM',
      fingerprint: 'B'.repeat(64),
      privateKeyRef: 'vault:private-key:k1',
      notAfter: '2099-01-01T00:00:00.000Z',
    },
  });
  await token({
    type: 'UploadServerToken',
    data: {
      tokenId: TOKEN,
      keyId: 'k1',
      consumerKey: credentials.consumer_key,
      accessTokenExpiry: new Date(sim.server.token.access_token_expiry).toISOString(),
      appleIdRef: 'vault:apple-id:alice',
      oauthSecretsRef,
    },
  });
  const secretsRefOf = async (tokenId: string) => {
    const { state } = await aggregateStream(store, depledgerSerde, tokenDecider, tokenStream(tokenId));
    return state.status === 'active' ? state.oauthSecretsRef : null;
  };
  const engineWith: SyncHarness['engineWith'] = ({ gateway, ...over } = {}) =>
    createSyncEngine({
      store,
      vault,
      clock,
      gateway: createAppleGateway({
        baseUrl: sim.url,
        userAgent: 'depledger-tests/1.0',
        credentials: credentialsFromVault(vault, secretsRefOf),
        sleep: async () => {},
        retry: { maxAttempts: 1 },
        ...gateway,
      }),
      pageLimit: 10,
      deadlineCheckIntervalMs: 10,
      ...over,
    });
  return {
    sim,
    db,
    store,
    vault,
    engine: engineWith({}),
    engineWith,
    advance: (ms) => {
      clock.advance(ms);
    },
    close: async () => {
      await sim.simulator.stop();
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
};

/** Defines a profile at Apple through the gateway, records it, and makes it the token's default. */
export const publishDefaultProfile = async (h: SyncHarness, profileId: string): Promise<string> => {
  const clock = h.sim.simulator.clock;
  const metadata = () => ({ now: clock.now(), actor: 'admin:alice' });
  const settings = { name: 'Acme iPads', url: 'https://mdm.acme.example/enroll' };
  const profile = (command: object) =>
    handleCommand(h.store, depledgerSerde, profileDecider, profileStream(profileId), { ...command, metadata: metadata() } as never);
  const defined = await profile({ type: 'DefineProfile', data: { profileId, tokenId: TOKEN, settings } });
  const state = defined.state as ProfileState;
  if (state.status === 'none') throw new Error(`profile ${profileId} was not defined`);
  const version = state.version;
  const gateway = createAppleGateway({ baseUrl: h.sim.url, userAgent: 'depledger-tests/1.0', credentials: async () => credentialsOf(h) });
  const { profileUuid } = await gateway.defineProfile(TOKEN, state.settings);
  await profile({ type: 'PublishProfile', data: { profileId, version, profileUuid } });
  await handleCommand(h.store, depledgerSerde, tokenDecider, tokenStream(TOKEN), {
    type: 'SetDefaultProfile',
    data: { tokenId: TOKEN, profileId, profile: { tokenId: TOKEN, published: true, retired: false } },
    metadata: metadata(),
  });
  return profileUuid;
};

/** The MDM server's OAuth credentials as the simulator issued them, in @depledger/apple's shape. */
export const credentialsOf = (h: SyncHarness) => ({
  consumerKey: h.sim.server.credentials.consumer_key,
  consumerSecret: h.sim.server.credentials.consumer_secret,
  accessToken: h.sim.server.credentials.access_token,
  accessSecret: h.sim.server.credentials.access_secret,
});

export const deviceStateOf = async (store: EventStore, serial: string): Promise<DeviceState> =>
  (await aggregateStream(store, depledgerSerde, deviceDecider, deviceStream(serial))).state;

export const syncStateOf = async (store: EventStore): Promise<SyncState> =>
  (await aggregateStream(store, depledgerSerde, syncDecider, syncStream(TOKEN))).state;

export const tokenStateOf = async (store: EventStore): Promise<TokenState> =>
  (await aggregateStream(store, depledgerSerde, tokenDecider, tokenStream(TOKEN))).state;

/** `stream type` of every device event, sorted: equal feeds give equal lists. */
export const deviceEventLines = async (store: EventStore): Promise<string[]> => {
  const lines: string[] = [];
  for await (const e of store.readAll({ streamPrefixes: ['dep-device-'] })) lines.push(`${e.streamName} ${e.type} ${e.metadata.eventId}`);
  return lines.sort();
};

export const assignedSerials = async (store: EventStore): Promise<string[]> => {
  const state = new Map<string, boolean>();
  for await (const e of store.readAll({ streamPrefixes: ['dep-device-'] })) {
    const serial = (e.data as { serial: string }).serial;
    if (e.type.startsWith('DeviceAssignedToServer')) state.set(serial, true);
    if (e.type.startsWith('DeviceReleased')) state.set(serial, false);
  }
  return [...state]
    .filter(([, assigned]) => assigned)
    .map(([serial]) => serial)
    .sort();
};
