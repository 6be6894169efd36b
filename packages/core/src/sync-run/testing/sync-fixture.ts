import { deviceDecider } from '../../device/device-decider';
import { deviceStream, type DeviceEvent } from '../../device/device-events';
import type { DeviceState } from '../../device/device-state';
import { aggregateStream } from '../../handling/aggregate-stream';
import { handleCommand } from '../../handling/command-handler';
import { manualClock, type ManualClock } from '../../ports/clock';
import type { EventStore } from '../../ports/event-store';
import type { AssignmentQueueSeed } from '../assignment/assignment-waits';
import type { AssignedDevicesSeed } from '../assigned-devices-seed';
import { profileDecider } from '../../profile/profile-decider';
import { profileStream } from '../../profile/profile-events';
import { depledgerSerde } from '../../serde/depledger-events';
import { createInMemoryEventStore } from '../../store/in-memory-event-store';
import { syncDecider } from '../../sync/sync-decider';
import { syncStream, type SyncEvent } from '../../sync/sync-events';
import type { SyncPolicy } from '../../sync/sync-policy';
import type { SyncState } from '../../sync/sync-state';
import { tokenDecider } from '../../token/token-decider';
import { tokenStream } from '../../token/token-events';
import type { TokenCommand } from '../../token/token-commands';
import type { TokenState } from '../../token/token-state';
import { createInMemoryVault } from '../../vault/in-memory-vault';
import { createSyncEngine, type SyncEngine } from '../sync-engine';
import { ScriptedDepGateway } from './scripted-dep-gateway';

export const TOKEN = 'paris';

/** A store, a vault, a hand-moved clock, a scripted Apple and an engine over them, with an active token. */
export type SyncFixture = Readonly<{
  store: EventStore;
  clock: ManualClock;
  gateway: ScriptedDepGateway;
  vault: ReturnType<typeof createInMemoryVault>;
  engine: SyncEngine;
  withEngine(options: {
    store?: EventStore;
    pageLimit?: number;
    policy?: SyncPolicy;
    assignmentQueue?: AssignmentQueueSeed;
    assignedDevices?: AssignedDevicesSeed;
  }): SyncEngine;
}>;

const admin = (clock: ManualClock) => ({ now: clock.now(), actor: 'admin:alice' });

export const createSyncFixture = async (
  options: { pageLimit?: number; tokenExpiry?: string; policy?: SyncPolicy } = {},
): Promise<SyncFixture> => {
  const store = createInMemoryEventStore();
  // One pseudonym key for every fixture: the same e-mail gets the same vault reference in each store.
  const vault = createInMemoryVault({ pseudonymKey: Buffer.alloc(32, 1) });
  const clock = manualClock('2026-01-05T09:00:00Z');
  const gateway = new ScriptedDepGateway(() => clock.now());
  const token = (command: Omit<TokenCommand, 'metadata'>) =>
    handleCommand(store, depledgerSerde, tokenDecider, tokenStream(TOKEN), { ...command, metadata: admin(clock) } as TokenCommand);
  await token({
    type: 'IssueEncryptionKey',
    data: {
      tokenId: TOKEN,
      keyId: 'k1',
      certificatePem: 'PEM',
      fingerprint: 'A'.repeat(64),
      privateKeyRef: 'vault:private-key:k1',
      notAfter: '2027-01-01T00:00:00.000Z',
    },
  });
  await token({
    type: 'UploadServerToken',
    data: {
      tokenId: TOKEN,
      keyId: 'k1',
      consumerKey: 'CK_1',
      accessTokenExpiry: options.tokenExpiry ?? '2027-01-05T00:00:00.000Z',
      appleIdRef: 'vault:apple-id:alice',
      oauthSecretsRef: 'vault:oauth-secrets:s1',
    },
  });
  const withEngine = (over: {
    store?: EventStore;
    pageLimit?: number;
    policy?: SyncPolicy;
    assignmentQueue?: AssignmentQueueSeed;
    assignedDevices?: AssignedDevicesSeed;
  }) =>
    createSyncEngine({
      store: over.store ?? store,
      gateway,
      vault,
      clock,
      pageLimit: over.pageLimit ?? options.pageLimit ?? 2,
      deadlineCheckIntervalMs: 5,
      ...(over.assignmentQueue ? { assignmentQueue: over.assignmentQueue } : {}),
      ...(over.assignedDevices ? { assignedDevices: over.assignedDevices } : {}),
      ...((over.policy ?? options.policy) ? { policy: over.policy ?? options.policy } : {}),
    });
  return { store, clock, gateway, vault, engine: withEngine({}), withEngine };
};

/** Defines and publishes a profile for the token (optionally as its default); returns its UUID. */
export const publishProfile = async (fixture: SyncFixture, profileId: string, uuid: string, asDefault = true): Promise<void> => {
  const { store, clock } = fixture;
  const profile = (command: object) =>
    handleCommand(store, depledgerSerde, profileDecider, profileStream(profileId), { ...command, metadata: admin(clock) } as never);
  const { state } = await aggregateStream(store, depledgerSerde, profileDecider, profileStream(profileId));
  if (state.status === 'none') {
    await profile({
      type: 'DefineProfile',
      data: { profileId, tokenId: TOKEN, settings: { name: 'Corporate iPads', url: 'https://mdm.example.com/enroll' } },
    });
    await profile({ type: 'PublishProfile', data: { profileId, version: 1, profileUuid: uuid } });
  } else {
    await profile({
      type: 'ReviseProfile',
      data: { profileId, settings: { name: `Corporate iPads v${state.version + 1}`, url: 'https://mdm.example.com/enroll' } },
    });
    await profile({ type: 'PublishProfile', data: { profileId, version: state.version + 1, profileUuid: uuid } });
  }
  if (asDefault) {
    await handleCommand(store, depledgerSerde, tokenDecider, tokenStream(TOKEN), {
      type: 'SetDefaultProfile',
      data: { tokenId: TOKEN, profileId, profile: { tokenId: TOKEN, published: true, retired: false } },
      metadata: admin(clock),
    });
  }
};

export const deviceEvents = async (store: EventStore, serial: string): Promise<DeviceEvent[]> => {
  const out: DeviceEvent[] = [];
  for await (const stored of store.readStream(deviceStream(serial))) out.push(depledgerSerde.decode<DeviceEvent>(stored));
  return out;
};

export const deviceTypes = async (store: EventStore, serial: string): Promise<string[]> =>
  (await deviceEvents(store, serial)).map((e) => e.type);

export const deviceState = async (store: EventStore, serial: string): Promise<DeviceState> =>
  (await aggregateStream(store, depledgerSerde, deviceDecider, deviceStream(serial))).state;

export const syncEvents = async (store: EventStore): Promise<SyncEvent[]> => {
  const out: SyncEvent[] = [];
  for await (const stored of store.readStream(syncStream(TOKEN))) out.push(depledgerSerde.decode<SyncEvent>(stored));
  return out;
};

export const syncState = async (store: EventStore): Promise<SyncState> =>
  (await aggregateStream(store, depledgerSerde, syncDecider, syncStream(TOKEN))).state;

export const tokenState = async (store: EventStore): Promise<TokenState> =>
  (await aggregateStream(store, depledgerSerde, tokenDecider, tokenStream(TOKEN))).state;

/** Every event of the store, as `stream:type` lines: equal stores print equal lists. */
export const storeContents = async (store: EventStore): Promise<string[]> => {
  const out: string[] = [];
  for await (const stored of store.readAll()) out.push(`${stored.streamName}:${stored.type}:${stored.metadata.eventId}`);
  return out;
};
