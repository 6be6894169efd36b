import { createAppleSimulator } from '@depledger/apple-simulator';
import { createInMemoryEventStore, createInMemoryVault, type Depledger } from '@depledger/core';
import { createInMemoryReadModelStore, createProjectionRunner, listOrgInventory, orgInventoryProjection } from '@depledger/projections';
import {
  businessApiAt,
  connectApiAccount,
  depledgerOnSimulatorClock,
  depServiceWithoutToken,
  eventTypesIn,
  refusedRecordingNothing,
} from '../../packages/apple/src/test-support/simulated-organisation';

/**
 * Apple's other activities: UNASSIGN_DEVICES (off an MDM server, still in the organisation) and
 * RELEASE_DEVICES (out of the organisation for good, only when confirmed), each a process like an
 * assignment — requested → Apple's activity → removed or failed per device — with the activity's
 * per-device log as CSV. Bad input is refused with a typed error and records nothing.
 */
jest.setTimeout(300_000); // a hang guard only

describe('unassigning and releasing devices through the Business API', () => {
  const simulator = createAppleSimulator({ seed: 13 });
  const store = createInMemoryEventStore();
  const vault = createInMemoryVault();
  let depledger: Depledger;
  let serials: string[];
  let serverId: string;

  const nothingRecorded = refusedRecordingNothing(store);
  const typesIn = (prefix: string) => eventTypesIn(store, prefix);

  beforeAll(async () => {
    const { url } = await simulator.start();
    depledger = depledgerOnSimulatorClock(simulator, {
      store,
      vault,
      gateway: depServiceWithoutToken(url, vault),
      business: businessApiAt(simulator, url, vault, { pollIntervalMs: 25 }),
    });
    serials = simulator.devices.seed({ count: 6, seed: 4 });
    serverId = simulator.createServerWithCredentials({ name: 'Paris MDM' }).serverId;
    await connectApiAccount(depledger, simulator, 'removals');
    await depledger.business.refreshInventory();
    const assigned = await depledger.business.assign({ serverId, serials: serials.slice(0, 4) });
    expect(assigned.failed).toEqual([]);
  });
  afterAll(() => simulator.stop());

  it('unassigns from the server: removed or failed per device, and the activity log as CSV', async () => {
    await nothingRecorded(
      () => depledger.business.unassign({ serverId: '0'.repeat(32), serials: [serials[0]!] }),
      'BUSINESS_SERVER_UNKNOWN',
    );
    await nothingRecorded(() => depledger.business.unassign({ serverId, serials: ['NOTINORG0001'] }), 'BUSINESS_SERIALS_UNKNOWN');
    await nothingRecorded(
      () => depledger.business.unassign({ serverId, serials: [serials[0]!], orderNumber: 'x' }),
      'BUSINESS_SELECTION_INVALID',
    );

    // serials[5] was never on the server: nothing to unassign.
    await nothingRecorded(
      () => depledger.business.unassign({ serverId, serials: [serials[0]!, serials[5]!] }),
      'BUSINESS_SERIALS_NOT_ON_SERVER',
    );

    // Apple's activity fails for serials[3].
    simulator.business.faults.set({ failingSerials: [serials[3]!] });
    const progress: number[] = [];
    const report = await depledger.business.unassign({
      serverId,
      serials: [serials[0]!, serials[1]!, serials[3]!],
      removalId: 'unassign-1',
      onProgress: (p) => progress.push(p.completed),
    });
    simulator.business.faults.reset();
    expect(report).toMatchObject({ removalId: 'unassign-1', from: 'server', serverId });
    expect([...report.removed].sort()).toEqual([serials[0], serials[1]].sort());
    expect(report.failed).toEqual([serials[3]]);
    expect(progress.at(-1)).toBe(1);
    expect(
      simulator.devices
        .list({ serverId })
        .map((d) => d.serial_number)
        .sort(),
    ).toEqual([serials[2], serials[3]].sort());
    expect(await depledger.business.removal('unassign-1')).toMatchObject({ status: 'completed', failed: [serials[3]] });
    expect(await typesIn('dep-business-removal-')).toEqual(['DeviceRemovalRequested.v1', 'DeviceRemovalCompleted.v1']);
    await nothingRecorded(
      () => depledger.business.unassign({ serverId, serials: [serials[2]!], removalId: 'unassign-1' }),
      'BUSINESS_REMOVAL_EXISTS',
    );

    const csv = await depledger.business.activityLog(report.activities[0]!.activityId);
    const lines = csv.trim().split(/\r?\n/);
    expect(lines[0]).toBe('serialNumber,activityType,result,detail');
    expect(lines).toContain(`${serials[0]},UNASSIGN_DEVICES,SUCCESS,`);
    expect(lines.some((line) => line.startsWith(`${serials[3]},UNASSIGN_DEVICES,FAILED`))).toBe(true);
  });

  it('releases from the organisation only when confirmed, and records the devices released', async () => {
    await nothingRecorded(() => depledger.business.release({ serials: [serials[2]!], confirm: false }), 'BUSINESS_RELEASE_NOT_CONFIRMED');
    expect(simulator.devices.get(serials[2]!)).toBeDefined();

    simulator.business.faults.set({ failingSerials: [serials[4]!] });
    const report = await depledger.business.release({ serials: [serials[2]!, serials[4]!], confirm: true });
    simulator.business.faults.reset();
    expect(report).toMatchObject({ from: 'organisation', serverId: null, removed: [serials[2]], failed: [serials[4]] });
    expect(simulator.devices.list({ serverId }).map((d) => d.serial_number)).toEqual([serials[3]]);

    const readModels = createInMemoryReadModelStore();
    await createProjectionRunner({ eventStore: store, readModels, projections: [orgInventoryProjection] }).catchUp();
    const inventory = new Map((await listOrgInventory(readModels, { lang: 'en' })).map((device) => [device.serial, device]));
    expect(inventory.get(serials[2]!)).toMatchObject({ released: true, situation: 'released' });
    expect(inventory.get(serials[4]!)).toMatchObject({ released: false });
    expect(inventory.get(serials[0]!)).toMatchObject({ assignment: null, assignedServerId: null, situation: 'unassigned' });
    // Already recorded: a new pass over the inventory has nothing more to release.
    expect(await depledger.business.refreshInventory()).toMatchObject({ released: 0 });
    await nothingRecorded(() => depledger.business.release({ serials: [serials[2]!], confirm: true }), 'BUSINESS_SERIALS_UNKNOWN');
  });
});
