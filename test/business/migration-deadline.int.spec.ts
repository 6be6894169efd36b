import { createAppleSimulator } from '@depledger/apple-simulator';
import { createInMemoryEventStore, createInMemoryVault, type Depledger } from '@depledger/core';
import {
  businessApiAt,
  connectApiAccount,
  depledgerOnSimulatorClock,
  depServiceWithoutToken,
  refusedRecordingNothing,
} from '../../packages/apple/src/test-support/simulated-organisation';

/**
 * Device management service migrations through the Business API: devices enrolled through one
 * MDM server move to ours by a deadline (ASSIGN_DEVICES_WITH_MDM_MIGRATION_DEADLINE), the
 * deadline moves (UPDATE_MDM_MIGRATION_DEADLINE) and a migration is cancelled
 * (CANCEL_MDM_MIGRATION), each a process with a result per device. A deadline Apple would refuse,
 * or devices with no migration under way, are refused before anything is sent or recorded.
 */
jest.setTimeout(300_000); // a hang guard only

describe('migration deadlines through the Business API', () => {
  const simulator = createAppleSimulator({ seed: 17 });
  const store = createInMemoryEventStore();
  const vault = createInMemoryVault();
  const day = 24 * 3600 * 1000;
  let depledger: Depledger;
  let serials: string[];
  let ours: string;
  let theirs: string;

  const inDays = (days: number) => new Date(simulator.clock.nowMs() + days * day).toISOString();
  const nothingRecorded = refusedRecordingNothing(store);
  const eventsIn = async (prefix: string) => {
    const events: Array<{ type: string; data: Record<string, unknown> }> = [];
    for await (const event of store.readAll({ streamPrefixes: [prefix] }))
      events.push({ type: event.type, data: event.data as Record<string, unknown> });
    return events;
  };

  beforeAll(async () => {
    const { url } = await simulator.start();
    depledger = depledgerOnSimulatorClock(simulator, {
      store,
      vault,
      gateway: depServiceWithoutToken(url, vault),
      business: businessApiAt(simulator, url, vault, { pollIntervalMs: 25 }),
    });
    serials = simulator.devices.seed({ count: 5, seed: 9 });
    theirs = simulator.createServerWithCredentials({ name: 'Former MDM' }).serverId;
    ours = simulator.createServerWithCredentials({ name: 'Paris MDM' }).serverId;
    // Four devices are enrolled through the former MDM; the fifth is on no server.
    simulator.portal.assignDevices(theirs, { serials: serials.slice(0, 4) });
    simulator.business.faults.set({ activityDurationMs: 20 });
    await connectApiAccount(depledger, simulator, 'migrations');
  });
  afterAll(() => simulator.stop());

  it('refuses a deadline Apple would refuse, before anything is sent or recorded', async () => {
    for (const migrationDeadline of ['next tuesday', inDays(-1), inDays(91)])
      await nothingRecorded(
        () => depledger.business.assign({ serverId: ours, serials: serials.slice(0, 1), migrationDeadline }),
        'BUSINESS_MIGRATION_DEADLINE_INVALID',
      );
    await nothingRecorded(
      () => depledger.business.updateMigrationDeadline({ serials: serials.slice(0, 1), deadline: inDays(120) }),
      'BUSINESS_MIGRATION_DEADLINE_INVALID',
    );
    // No migration under way for these devices yet: nothing to move or cancel.
    await nothingRecorded(
      () => depledger.business.updateMigrationDeadline({ serials: serials.slice(0, 2), deadline: inDays(3) }),
      'BUSINESS_NO_MIGRATION',
    );
    await nothingRecorded(() => depledger.business.cancelMigration({ serials: serials.slice(0, 1) }), 'BUSINESS_NO_MIGRATION');
    expect(simulator.devices.list({ serverId: ours })).toEqual([]);
  });

  it('migrates devices to our server by a deadline: assigned per device, the deadline on the process and in the inventory', async () => {
    const deadline = inDays(30);
    const report = await depledger.business.assign({ serverId: ours, serials, migrationDeadline: deadline });
    expect(report.migrationDeadline).toBe(new Date(deadline).toISOString());
    expect([...report.assigned].sort()).toEqual(serials.slice(0, 4).sort());
    // The fifth device was enrolled through no server: there was nothing to migrate it from.
    expect(report.failed).toEqual([serials[4]]);
    const assignment = await eventsIn('dep-business-assignment-');
    expect(assignment.map((e) => e.type)).toEqual(['DeviceAssignmentRequested.v1', 'DeviceAssignmentCompleted.v1']);
    expect(assignment[0]?.data.migrationDeadline).toBe(new Date(deadline).toISOString());

    await depledger.business.refreshInventory();
    const org = await depledger.business.refreshInventory();
    expect(org.changed).toBe(0);
    const migrating = org.devices.find((device) => device.serial === serials[0]);
    expect(migrating?.facts).toMatchObject({ migrationStatus: 'REQUESTED', assignedServerId: ours });
    expect(migrating?.facts.migrationDeadline).toBe(new Date(deadline).toISOString());
    expect(org.devices.find((device) => device.serial === serials[4])?.facts.migrationStatus).toBeNull();
  });

  it('moves the deadline of migrations under way, and cancels one: the device goes back to its former server', async () => {
    const sooner = inDays(2);
    const moved = await depledger.business.updateMigrationDeadline({ serials: serials.slice(0, 2), deadline: sooner });
    expect(moved).toMatchObject({ change: 'deadline', deadline: new Date(sooner).toISOString(), failed: [] });
    expect([...moved.changed].sort()).toEqual(serials.slice(0, 2).sort());
    expect(simulator.business.migration(serials[0]!)?.deadline).toBe(new Date(sooner).toISOString());
    expect(simulator.business.migration(serials[2]!)?.deadline).not.toBe(new Date(sooner).toISOString());

    const cancelled = await depledger.business.cancelMigration({ serials: [serials[3]!] });
    expect(cancelled).toMatchObject({ change: 'cancel', deadline: null, changed: [serials[3]], failed: [] });
    expect(simulator.devices.list({ serverId: theirs }).map((d) => d.serial_number)).toEqual([serials[3]]);
    expect((await depledger.business.migrationChange(cancelled.changeId)).status).toBe('completed');

    const changes = await eventsIn('dep-business-migration-');
    expect(changes.map((e) => e.type)).toEqual([
      'MigrationChangeRequested.v1',
      'MigrationChangeCompleted.v1',
      'MigrationChangeRequested.v1',
      'MigrationChangeCompleted.v1',
    ]);
    // The inventory records the cancelled migration as a change of the device.
    await depledger.business.refreshInventory();
    const history = (await eventsIn(`dep-org-device-${serials[3]}`)).map((e) => e.data);
    expect(history.at(-1)).toMatchObject({ changed: { migrationStatus: null, migrationDeadline: null, assignedServerId: theirs } });
  });
});
