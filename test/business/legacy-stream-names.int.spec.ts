import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAppleSimulator } from '@depledger/apple-simulator';
import { depledgerSerde, isDepledgerError, type Depledger, type StoredEvent } from '@depledger/core';
import { createProjectionRunner, listOrgInventory, orgInventoryProjection } from '@depledger/projections';
import { openSqliteStore, type SqliteStore } from '@depledger/store-sqlite';
import {
  businessApiAt,
  depledgerOnSimulatorClock,
  depServiceWithoutToken,
} from '../../packages/apple/src/test-support/simulated-organisation';

/**
 * The Business API's streams took the `dep-` prefix (`dep-business-account-…`, `dep-org-device-…`,
 * `dep-business-assignment-…`). A SQLite file written before, under the old names, stays readable:
 * the account is still connected, an old assignment still exists, a device seen before is not
 * "seen" again; new events go under the new names and the old streams are never written.
 */
jest.setTimeout(300_000); // a hang guard only

describe('a store written with the Business API’s old stream names', () => {
  const simulator = createAppleSimulator({ seed: 41 });
  const dir = mkdtempSync(join(tmpdir(), 'depledger-legacy-business-'));
  const path = join(dir, 'depledger.db');
  const at = '2026-11-01T10:00:00.000Z';
  let store: SqliteStore;
  let depledger: Depledger;
  let serials: string[];
  let serverId: string;

  const oldEvent = (type: string, data: object, n: number) =>
    depledgerSerde.encode({
      type,
      data,
      metadata: {
        eventId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
        occurredAt: at,
        actor: 'admin:business',
        correlationId: `00000000-0000-4000-9000-${String(n).padStart(12, '0')}`,
        causationId: null,
        tokenId: null,
      },
    } as never);
  const streamOf = async (name: string): Promise<StoredEvent[]> => {
    const events: StoredEvent[] = [];
    for await (const event of store.events.readStream(name)) events.push(event);
    return events;
  };

  beforeAll(async () => {
    const { url } = await simulator.start();
    serials = simulator.devices.seed({ count: 4, seed: 3 });
    serverId = simulator.createServerWithCredentials({ name: 'Paris MDM' }).serverId;
    const account = simulator.business.addApiAccount({ name: 'old' });

    // What the version before the `dep-` prefix wrote.
    const before = await openSqliteStore({ path });
    const privateKeyRef = await before.vault.putSecret('business-api-key', account.privateKeyPem);
    const facts = {
      orderNumber: 'W000000001',
      model: 'iPhone 16',
      productFamily: 'iPhone',
      partNumber: null,
      color: 'BLACK',
      status: 'UNASSIGNED',
      assignedServerId: null,
      addedToOrgAt: at,
    };
    await before.events.appendToStream(
      'business-account-default',
      [
        oldEvent(
          'BusinessAccountConnected',
          { accountId: 'default', clientId: account.clientId, keyId: account.keyId, scope: 'business.api', privateKeyRef },
          1,
        ),
      ],
      { expectedRevision: 'no_stream' },
    );
    await before.events.appendToStream(
      `org-device-${serials[0]}`,
      [oldEvent('OrgDeviceSeen', { serial: serials[0], accountId: 'default', facts }, 2)],
      { expectedRevision: 'no_stream' },
    );
    await before.events.appendToStream(
      'org-device-GONE00000001',
      [oldEvent('OrgDeviceSeen', { serial: 'GONE00000001', accountId: 'default', facts }, 3)],
      { expectedRevision: 'no_stream' },
    );
    await before.events.appendToStream(
      'device-assignment-old-one',
      [
        oldEvent(
          'DeviceAssignmentRequested',
          {
            assignmentId: 'old-one',
            accountId: 'default',
            serverId,
            serials: ['GONE00000001'],
            selection: { kind: 'serials', orderNumber: null },
            activityIds: ['old-activity'],
          },
          4,
        ),
        oldEvent('DeviceAssignmentCompleted', { assignmentId: 'old-one', assigned: ['GONE00000001'], failed: [], activities: [] }, 5),
      ],
      { expectedRevision: 'no_stream' },
    );
    await before.close();

    store = await openSqliteStore({ path });
    depledger = depledgerOnSimulatorClock(simulator, {
      store: store.events,
      vault: store.vault,
      gateway: depServiceWithoutToken(url, store.vault),
      business: businessApiAt(simulator, url, store.vault, { pollIntervalMs: 25 }),
    });
  });

  afterAll(async () => {
    await store?.close();
    await simulator.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('still knows the account and the assignment, and refuses to reuse the assignment id, recording nothing', async () => {
    expect(await depledger.business.account()).toMatchObject({ status: 'connected', keyId: expect.any(String) });
    expect((await depledger.business.servers()).map((server) => server.serverId)).toContain(serverId);
    expect(await depledger.business.assignment('old-one')).toMatchObject({ status: 'completed', assigned: ['GONE00000001'] });
    const head = await store.events.headPosition();
    const refused = await depledger.business.assign({ serverId, serials: [serials[1]!], assignmentId: 'old-one' }).catch((e: unknown) => e);
    expect(isDepledgerError(refused, 'BUSINESS_ASSIGNMENT_EXISTS')).toBe(true);
    expect(await store.events.headPosition()).toBe(head);
  });

  it('continues a device’s history under the new name, and never writes the old streams', async () => {
    const refresh = await depledger.business.refreshInventory();
    // serials[0] was seen before (its facts changed since); GONE00000001 is no longer listed.
    expect(refresh).toMatchObject({ seen: serials.length - 1, changed: 1, released: 1 });
    expect((await streamOf(`dep-org-device-${serials[0]}`)).map((event) => event.type)).toEqual(['OrgDeviceChanged.v1']);
    expect((await streamOf('dep-org-device-GONE00000001')).map((event) => event.type)).toEqual(['OrgDeviceReleased.v1']);
    for (const serial of serials.slice(1))
      expect((await streamOf(`dep-org-device-${serial}`)).map((event) => event.type)).toEqual(['OrgDeviceSeen.v1']);
    expect(await streamOf(`org-device-${serials[0]}`)).toHaveLength(1);
    expect(await streamOf('org-device-GONE00000001')).toHaveLength(1);

    const report = await depledger.business.assign({ serverId, serials: [serials[0]!] });
    expect(report.assigned).toEqual([serials[0]]);
    expect((await streamOf(`dep-business-assignment-${report.assignmentId}`)).map((event) => event.type)).toEqual([
      'DeviceAssignmentRequested.v1',
      'DeviceAssignmentCompleted.v1',
    ]);
    for await (const event of store.events.readAll()) if (!event.streamName.startsWith('dep-')) expect(event.metadata.occurredAt).toBe(at); // only what the old version wrote
  });

  it('the inventory read model joins both names', async () => {
    await createProjectionRunner({
      eventStore: store.events,
      readModels: store.readModels,
      projections: [orgInventoryProjection],
    }).catchUp();
    const inventory = new Map((await listOrgInventory(store.readModels, { lang: 'en' })).map((device) => [device.serial, device]));
    // Only the old stream has this device's facts and the old assignment's outcome.
    expect(inventory.get('GONE00000001')).toMatchObject({
      released: true,
      orderNumber: 'W000000001',
      assignment: { assignmentId: 'old-one', state: 'assigned' },
    });
    // The old "seen", then the new "changed" and the new assignment.
    expect(inventory.get(serials[0]!)).toMatchObject({
      inInventory: true,
      model: expect.any(String),
      assignment: { serverId, state: 'assigned' },
      situation: 'assigned_elsewhere', // no DEP token of ours has that server in this store
    });
    expect(inventory.size).toBe(serials.length + 1);
  });
});
