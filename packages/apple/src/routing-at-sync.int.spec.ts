import { createAppleSimulator } from '@depledger/apple-simulator';
import { createInMemoryEventStore, createInMemoryVault, type Depledger, type StoredEvent } from '@depledger/core';
import { appleGateway, readMachineInfo } from './index';
import { depledgerOnSimulatorClock, uploadServerToken } from './test-support/simulated-organisation';

jest.setTimeout(120_000); // a hang guard only

const MINUTE = 60_000;

/**
 * Routing rules at sync, through createDepledger with the real adapter against the simulator over
 * loopback HTTP: the dry run and the sync agree, and a device unassigned and assigned again in Apple's
 * portal is routed again under the rules of that moment (never "already has the right profile",
 * Fleet #27854) — whether the sync saw it leave or not.
 */
describe('routing rules at sync', () => {
  const simulator = createAppleSimulator({ seed: 27854 });
  const store = createInMemoryEventStore();
  let depledger: Depledger;
  let serverId = '';
  const [kept, between, released] = ['F17ROUTE0001', 'F17ROUTE0002', 'F17ROUTE0003'];
  const uuidOf = async (profileId: string): Promise<string | undefined> => {
    const state = await depledger.profiles.state(profileId);
    return state.status === 'published' ? state.published[state.version]?.profileUuid : undefined;
  };
  const requests = async (serial: string): Promise<Array<Record<string, unknown>>> => {
    const found: StoredEvent[] = [];
    for await (const event of store.readStream(`dep-device-${serial}`)) found.push(event);
    return found.filter((e) => e.type.startsWith('ProfileAssignmentRequested')).map((e) => e.data as Record<string, unknown>);
  };

  beforeAll(async () => {
    await simulator.start();
    depledger = depledgerOnSimulatorClock(simulator, {
      store,
      vault: createInMemoryVault(),
      gateway: appleGateway({ baseUrl: simulator.url, retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 5 } }),
    });
    ({ serverId } = await uploadServerToken(depledger, simulator));
    simulator.devices.add(
      [kept, between, released].map((serial) => ({ serial, model: 'iPhone 15', os: 'iOS', family: 'iPhone' })),
      serverId,
    );
    const settings = { name: 'Corporate', url: 'https://mdm.example.com/enroll' };
    for (const id of ['corp', 'vip']) {
      await depledger.profiles.define(id, 'paris', { ...settings, name: id });
      await depledger.profiles.publish(id);
    }
    await depledger.tokens.setDefaultProfile('paris', 'corp');
    await depledger.sync.run('paris', { kind: 'full', trigger: 'manual' });
  });
  afterAll(() => simulator.stop());

  it('gives every device the default profile, the simplest rule', async () => {
    const corp = await uuidOf('corp');
    for (const serial of [kept, between, released]) {
      expect(simulator.devices.get(serial)).toMatchObject({ profile_uuid: corp });
      expect(await requests(serial)).toEqual([expect.objectContaining({ profileId: 'corp', reason: 'default_profile' })]);
    }
  });

  it('routes a device unassigned and assigned again between two syncs under the new rules, as the dry run says', async () => {
    await depledger.tokens.setRoutingRules('paris', [{ profileId: 'vip', when: { serials: [between, released] }, note: 'executives' }]);
    const dryRun = await depledger.tokens.route('paris', [{ serial: kept }, { serial: between }]);
    expect(dryRun.map((d) => [d.serial, d.profileId, d.source])).toEqual([
      [kept, 'corp', 'default'],
      [between, 'vip', 'rule'],
    ]);

    simulator.clock.advance(MINUTE);
    simulator.portal.unassignDevices({ serials: [between] });
    simulator.clock.advance(MINUTE);
    simulator.portal.assignDevices(serverId, { serials: [between] });
    simulator.clock.advance(MINUTE);
    await depledger.sync.run('paris', { kind: 'incremental', trigger: 'manual' });

    expect((await requests(between)).slice(1)).toEqual([expect.objectContaining({ profileId: 'vip', reason: 'routing_rule', rule: 1 })]);
    expect(simulator.devices.get(between)).toMatchObject({ profile_uuid: await uuidOf('vip'), profile_status: 'assigned' });
    // a device that did not come back keeps its profile: rules apply to devices that need one
    expect(await requests(kept)).toHaveLength(1);
    expect(simulator.devices.get(kept)).toMatchObject({ profile_uuid: await uuidOf('corp') });
  });

  it('routes a device released by a sync and assigned again later under the rules of that moment', async () => {
    simulator.clock.advance(MINUTE);
    simulator.portal.unassignDevices({ serials: [released] });
    simulator.clock.advance(MINUTE);
    await depledger.sync.run('paris', { kind: 'incremental', trigger: 'manual' });
    expect(await depledger.devices.state(released)).toMatchObject({ status: 'released' });

    simulator.clock.advance(MINUTE);
    simulator.portal.assignDevices(serverId, { serials: [released] });
    simulator.clock.advance(MINUTE);
    await depledger.sync.run('paris', { kind: 'incremental', trigger: 'manual' });

    expect(await depledger.devices.state(released)).toMatchObject({ status: 'assigned' });
    expect((await requests(released)).slice(1)).toEqual([expect.objectContaining({ profileId: 'vip', reason: 'routing_rule', rule: 1 })]);
    expect(simulator.devices.get(released)).toMatchObject({ profile_uuid: await uuidOf('vip') });
  });

  it("answers the MDM's enrollment endpoint from the same routing: Apple's software update required below the rule's minimum OS; records nothing", async () => {
    await depledger.tokens.setRoutingRules('paris', [
      { profileId: 'vip', when: { serials: [between] }, minimumOs: { iOS: { version: '17.1', build: '21B74' } } },
    ]);
    const head = await store.headPosition();
    const old = await depledger.devices.enrollmentAnswer({ serial: between, product: 'iPhone15,2', osVersion: '16.7.2' });
    expect(old).toMatchObject({
      allow: false,
      status: 403,
      body: { code: 'com.apple.softwareupdate.required', details: { OSVersion: '17.1', BuildVersion: '21B74' } },
      tokenId: 'paris',
      profileId: 'vip',
      rule: 1,
    });
    expect(await depledger.devices.enrollmentAnswer({ serial: between, product: 'iPhone15,2', osVersion: '17.1' })).toMatchObject({
      allow: true,
      status: 200,
    });
    // no minimum for the default profile, nor for a device depledger does not know
    expect(await depledger.devices.enrollmentAnswer({ serial: kept, product: 'iPhone15,2', osVersion: '15.0' })).toMatchObject({
      allow: true,
      profileId: 'corp',
      rule: null,
    });
    expect(await depledger.devices.enrollmentAnswer({ serial: 'NOSUCHSERIAL1', product: 'iPhone15,2', osVersion: '15.0' })).toMatchObject({
      allow: true,
      reason: { code: 'not_ours' },
    });
    expect(await store.headPosition()).toBe(head);
  });

  it("reads a simulated device's signed MachineInfo as the MDM's enrollment endpoint receives it, and answers from it", async () => {
    const below = simulator.devices.machineInfo(between, { osVersion: '17.0.3', buildVersion: '21A360', product: 'iPhone15,2' });
    const info = readMachineInfo(below.body, { trustedCertificatesPem: [below.caPem] });
    expect(info).toMatchObject({ serial: between, product: 'iPhone15,2', osVersion: '17.0.3', buildVersion: '21A360' });
    expect(await depledger.devices.enrollmentAnswer(info)).toMatchObject({
      allow: false,
      status: 403,
      body: { code: 'com.apple.softwareupdate.required', details: { OSVersion: '17.1', BuildVersion: '21B74' } },
    });
    const upToDate = simulator.devices.machineInfo(between, { osVersion: '18.1' });
    expect(
      await depledger.devices.enrollmentAnswer(readMachineInfo(upToDate.header, { trustedCertificatesPem: [upToDate.caPem] })),
    ).toMatchObject({
      allow: true,
    });
    // signed under the simulator's device CA only
    const other = createAppleSimulator({ seed: 1 });
    const [stranger] = other.devices.add({ serial: 'F17STRANGER1', model: 'iPhone 15', os: 'iOS', family: 'iPhone' });
    const foreign = other.devices.machineInfo(stranger!);
    expect(() => readMachineInfo(foreign.body, { trustedCertificatesPem: [below.caPem] })).toThrow(
      expect.objectContaining({ code: 'MACHINE_INFO_SIGNATURE_INVALID' }),
    );
  });
});
