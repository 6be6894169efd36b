import { appleGateway, createAppleTokenPki, type AppleGatewayFactoryOptions } from '@depledger/apple';
import { createAppleSimulator, type AppleSimulator, type SimulatorOptions } from '@depledger/apple-simulator';
import { createDepledger, streamPrefixes, type Clock, type Depledger, type SyncRunOptions, type SyncRunResult } from '@depledger/core';
import {
  builtInProjections,
  createProjectionRunner,
  deviceStatusProjection,
  type DeviceStatusDoc,
  type ProjectionRunner,
} from '@depledger/projections';
import { openSqliteStore, type SqliteStore } from '@depledger/store-sqlite';
import { readModelDocuments, scratch } from './support';

export const TOKEN = 'paris';
export const VAULT_KEY = Buffer.alloc(32, 9);

/**
 * One organisation on loopback: the Apple simulator over real HTTP, depledger (createDepledger with
 * the real Apple gateway) into a SQLite file, the token uploaded from its .p7m, a published default
 * profile, and the built-in read models kept in the same file. depledger runs on the simulator's
 * clock (moving it moves both) unless given its own.
 */
export type Fleet = Readonly<{
  simulator: AppleSimulator;
  url: string;
  serverId: string;
  db: SqliteStore;
  dbPath: string;
  depledger: Depledger;
  runner: ProjectionRunner;
  profileUuid: string;
  close(): Promise<void>;
}>;

export const startFleet = async (
  options: Readonly<{
    devices: number;
    simulator?: SimulatorOptions;
    gateway?: AppleGatewayFactoryOptions;
    pageLimit?: number;
    seed?: number;
    clock?: Clock;
  }>,
): Promise<Fleet> => {
  const tmp = scratch('fleet');
  const dbPath = tmp.file('depledger.db');
  const simulator = createAppleSimulator(options.simulator ?? {});
  const { url } = await simulator.start(0, '127.0.0.1');
  const db = openSqliteStore({ path: dbPath, vaultKey: VAULT_KEY });
  const gateway = appleGateway({
    baseUrl: url,
    userAgent: 'depledger-reliability/1.0',
    retry: { maxAttempts: 8, baseDelayMs: 1, maxDelayMs: 4 },
    attemptTimeoutMs: 5_000,
    ...options.gateway,
  });
  const depledger = createDepledger({
    store: db.events,
    gateway,
    vault: db.vault,
    pki: createAppleTokenPki(),
    clock: options.clock ?? simulator.clock,
    pageLimit: options.pageLimit ?? 20,
  });
  const key = await depledger.tokens.generateKey(TOKEN, { actor: 'admin:alice' });
  const issued = simulator.portal.addMdmServer({ name: 'Paris MDM', certificatePem: key.certificatePem });
  await depledger.tokens.upload(TOKEN, issued.p7m as string, { appleId: 'alice@contoso.example', actor: 'admin:alice' });
  await depledger.profiles.define(
    'corp',
    TOKEN,
    { name: 'Contoso iPads', url: 'https://mdm.contoso.example/enroll' },
    { actor: 'admin:alice' },
  );
  const { profileUuid } = await depledger.profiles.publish('corp', { actor: 'admin:alice' });
  await depledger.tokens.setDefaultProfile(TOKEN, 'corp', { actor: 'admin:alice' });
  simulator.devices.seed({ count: options.devices, serverId: issued.serverId, seed: options.seed ?? 5 });
  const runner = createProjectionRunner({ eventStore: db.events, readModels: db.readModels, projections: builtInProjections });
  return {
    simulator,
    url,
    serverId: issued.serverId,
    db,
    dbPath,
    depledger,
    runner,
    profileUuid,
    close: async () => {
      await simulator.stop();
      await db.close();
      tmp.remove();
    },
  };
};

/** Runs until one run completes (at most `max` runs), returning every result in order. */
export const runUntilCompleted = async (fleet: Fleet, options: SyncRunOptions, max = 6): Promise<SyncRunResult[]> => {
  const results: SyncRunResult[] = [];
  while (results.length < max) {
    const result = await fleet.depledger.sync.run(TOKEN, options);
    results.push(result);
    if (result.status === 'completed' && result.outcome === 'completed') break;
  }
  return results;
};

export const deviceStatusDocs = async (fleet: Fleet): Promise<Map<string, DeviceStatusDoc>> => {
  await fleet.runner.catchUp();
  const docs = await readModelDocuments(fleet.db.readModels, [deviceStatusProjection.name]);
  return new Map([...docs].map(([key, doc]) => [key.slice(deviceStatusProjection.name.length + 1), doc as DeviceStatusDoc]));
};

/**
 * Where depledger's device-status read model disagrees with the simulator (Apple's truth): every
 * device on our server is known and not released, with the profile Apple holds for it (or an
 * assignment still waiting, when Apple holds none); every device known and no longer on our server
 * is released. Empty when they agree.
 */
export const disagreements = async (fleet: Fleet): Promise<string[]> => {
  const docs = await deviceStatusDocs(fleet);
  const problems: string[] = [];
  const ours = new Set<string>();
  for (const device of fleet.simulator.devices.list({ serverId: fleet.serverId })) {
    const serial = device.serial_number;
    ours.add(serial);
    const doc = docs.get(serial);
    if (doc === undefined) {
      problems.push(`${serial}: missing`);
      continue;
    }
    if (doc.status === 'released') problems.push(`${serial}: released but assigned at Apple`);
    if (device.profile_uuid !== undefined && device.profile_status !== 'empty' && device.profile_status !== 'removed') {
      if (doc.assignment?.state !== 'assigned' || doc.assignment.profileUuid !== device.profile_uuid)
        problems.push(
          `${serial}: Apple has ${device.profile_uuid} (${device.profile_status}), depledger ${JSON.stringify(doc.assignment)}`,
        );
    } else if (!['pending', 'throttled', 'failed'].includes(doc.assignment?.state ?? 'none')) {
      problems.push(`${serial}: no profile at Apple, depledger ${JSON.stringify(doc.assignment)}`);
    }
  }
  for (const [serial, doc] of docs)
    if (!ours.has(serial) && doc.status !== 'released') problems.push(`${serial}: ${doc.status} but not assigned at Apple`);
  return problems;
};

/** Serials whose device stream holds a device event twice with the same type and Apple op date. */
export const doubledDeviceEvents = async (fleet: Fleet): Promise<string[]> => {
  const seen = new Map<string, number>();
  for await (const e of fleet.db.events.readAll({ streamPrefixes: [streamPrefixes.device] })) {
    const data = e.data as { serial: string; operationDate?: string | null; fetchedUntil?: string | null };
    if (!['DeviceAssignedToServer', 'DeviceDetailsChanged', 'DeviceReleased'].some((t) => e.type.startsWith(`${t}.`))) continue;
    const key = `${e.streamName} ${e.type} ${(data as { operation?: string }).operation ?? ''} ${data.operationDate ?? ''}`;
    seen.set(key, (seen.get(key) ?? 0) + 1);
  }
  return [...seen].filter(([, n]) => n > 1).map(([k]) => k);
};
