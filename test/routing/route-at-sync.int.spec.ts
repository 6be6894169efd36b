import { readMachineInfo } from '@depledger/apple';
import { signedMachineInfo, testDeviceIdentity } from '../../packages/apple/src/test-support/signed-machine-info';
import {
  businessApiAt,
  connectApiAccount,
  depledgerOnSimulatorClock,
  depServiceOfTokens,
  uploadServerToken,
} from '../../packages/apple/src/test-support/simulated-organisation';
import { createAppleSimulator, type IssuedToken } from '@depledger/apple-simulator';
import { createInMemoryEventStore, createInMemoryVault, currentUuid, type DepGateway, type Depledger } from '@depledger/core';

/**
 * Issue 24: the sync gives each new device the profile its token's routing rules choose — by model,
 * serial list or order number (from the organisation's inventory), the default profile for the
 * rest — in one assign call per profile at Apple, the same decisions the dry run shows; and a device
 * unassigned and assigned again in Apple's portal is routed again under the rules of that moment.
 */
jest.setTimeout(300_000); // a hang guard only: the suite must pass on a busy machine

describe('routing rules at sync, against the simulator', () => {
  const simulator = createAppleSimulator({ seed: 24 });
  const store = createInMemoryEventStore();
  const vault = createInMemoryVault();
  let depledger: Depledger;
  let issued: IssuedToken;
  const uuid: Record<string, string> = {};
  const assignCalls: { profileUuid: string; serials: string[] }[] = [];

  const devices = [
    { serial: 'C02MBP000001', model: 'MacBook Pro', os: 'OSX', family: 'Mac', orderNumber: 'W100000001' },
    { serial: 'C02MBA000002', model: 'MacBook Air', os: 'OSX', family: 'Mac', orderNumber: 'W100000001' },
    { serial: 'DMPIPD000003', model: 'iPad Air', os: 'iPadOS', family: 'iPad', orderNumber: 'W200000002' },
    { serial: 'DMPIPD000004', model: 'iPad Air', os: 'iPadOS', family: 'iPad', orderNumber: 'W300000003' },
    { serial: 'F4HIPH000005', model: 'iPhone 15', os: 'iOS', family: 'iPhone', orderNumber: 'W300000003' },
    { serial: 'F4HIPH000006', model: 'iPhone 15', os: 'iOS', family: 'iPhone', orderNumber: 'W300000003' },
  ] as const;
  const expected: Record<string, string> = {
    C02MBP000001: 'macs',
    C02MBA000002: 'macs',
    DMPIPD000003: 'order',
    DMPIPD000004: 'corp',
    F4HIPH000005: 'vip',
    F4HIPH000006: 'corp',
  };
  const appleProfileOf = (serial: string) => simulator.devices.get(serial)?.profile_uuid;
  const requests = async (serial: string) => {
    const found: Record<string, unknown>[] = [];
    for await (const event of store.readStream(`dep-device-${serial}`))
      if (event.type.startsWith('ProfileAssignmentRequested')) found.push(event.data as Record<string, unknown>);
    return found;
  };

  beforeAll(async () => {
    const { url } = await simulator.start();
    const apple = depServiceOfTokens(url, vault, (tokenId) => depledger.tokens.oauthSecretsRef(tokenId));
    // Apple's gateway as it is, with its assign calls noted.
    const gateway: DepGateway = {
      ...apple,
      assignProfile: (tokenId, profileUuid, serials, signal) => {
        assignCalls.push({ profileUuid, serials: [...serials].sort() });
        return apple.assignProfile(tokenId, profileUuid, serials, signal);
      },
    };
    const business = businessApiAt(simulator, url, vault, { pollIntervalMs: 25 });
    depledger = depledgerOnSimulatorClock(simulator, { store, gateway, vault, business });
    issued = await uploadServerToken(depledger, simulator);
    for (const id of ['corp', 'macs', 'order', 'vip']) {
      await depledger.profiles.define(id, 'paris', { name: `Contoso ${id}`, url: 'https://mdm.contoso.example/enroll' });
      await depledger.profiles.publish(id);
      uuid[id] = currentUuid(await depledger.profiles.state(id)) as string;
    }
    await depledger.tokens.setDefaultProfile('paris', 'corp');
    await depledger.tokens.setRoutingRules('paris', [
      { profileId: 'vip', when: { serials: ['F4HIPH000005'] }, note: 'executives' },
      { profileId: 'macs', when: { model: ['MacBook*'] } },
      { profileId: 'order', when: { orderNumber: ['W200000002'] } },
    ]);
    simulator.devices.add([...devices]);
    // Apple's DEP feed carries no order number: the organisation's inventory (Business API) does.
    await connectApiAccount(depledger, simulator, 'depledger');
    await depledger.business.refreshInventory();
    simulator.portal.assignDevices(issued.serverId, { serials: devices.map((d) => d.serial) });
  });
  afterAll(() => simulator.stop());

  it('assigns each device the profile its rule chooses, one assign call per profile, as the dry run said', async () => {
    const dryRun = await depledger.tokens.route(
      'paris',
      devices.map(({ serial, model, os, family }) => ({ serial, model, os, family })),
    );
    expect(Object.fromEntries(dryRun.map((d) => [d.serial, d.profileId]))).toEqual(expected);

    const run = await depledger.sync.run('paris', { kind: 'full', trigger: 'manual' });
    expect(run).toMatchObject({ status: 'completed', assignments: { sent: 6, assigned: 6, skipped: null } });
    for (const device of devices) expect(appleProfileOf(device.serial)).toBe(uuid[expected[device.serial] as string]);
    const byProfile = (id: string) =>
      devices
        .filter((d) => expected[d.serial] === id)
        .map((d) => d.serial)
        .sort();
    expect(assignCalls).toHaveLength(4);
    expect(assignCalls).toEqual(
      expect.arrayContaining(['vip', 'macs', 'order', 'corp'].map((id) => ({ profileUuid: uuid[id], serials: byProfile(id) }))),
    );
    expect(await requests('DMPIPD000003')).toEqual([expect.objectContaining({ profileId: 'order', reason: 'routing_rule', rule: 3 })]);
    expect(await requests('F4HIPH000006')).toEqual([expect.objectContaining({ profileId: 'corp', reason: 'default_profile' })]);
    expect((await requests('F4HIPH000006'))[0]).not.toHaveProperty('rule');
  });

  it('routes a device unassigned and assigned again in the portal under the rules of that moment, even between two syncs', async () => {
    await depledger.tokens.setRoutingRules('paris', [
      { profileId: 'vip', when: { serials: ['F4HIPH000005', 'C02MBA000002'] } },
      { profileId: 'macs', when: { model: ['MacBook*'] } },
    ]);
    simulator.clock.advance(60_000);
    simulator.portal.unassignDevices({ serials: ['C02MBA000002', 'DMPIPD000003'] });
    simulator.clock.advance(60_000);
    simulator.portal.assignDevices(issued.serverId, { serials: ['C02MBA000002', 'DMPIPD000003'] });
    expect(appleProfileOf('C02MBA000002')).toBeUndefined();

    simulator.clock.advance(60_000);
    const run = await depledger.sync.run('paris', { kind: 'incremental', trigger: 'schedule' });
    expect(run).toMatchObject({ status: 'completed', assignments: { sent: 2, assigned: 2 } });
    expect(appleProfileOf('C02MBA000002')).toBe(uuid['vip']);
    // The order rule is gone: the default profile now.
    expect(appleProfileOf('DMPIPD000003')).toBe(uuid['corp']);
    expect(appleProfileOf('C02MBP000001')).toBe(uuid['macs']);
  });

  it('routes again a device assigned back with the same profile due (no stale "already has the right profile")', async () => {
    simulator.clock.advance(60_000);
    simulator.portal.unassignDevices({ serials: ['C02MBP000001'] });
    const released = await depledger.sync.run('paris', { kind: 'incremental', trigger: 'schedule' });
    expect(released).toMatchObject({ status: 'completed', counts: { released: 1 } });
    simulator.clock.advance(60_000);
    simulator.portal.assignDevices(issued.serverId, { serials: ['C02MBP000001'] });
    simulator.clock.advance(60_000);
    const back = await depledger.sync.run('paris', { kind: 'incremental', trigger: 'schedule' });
    expect(back).toMatchObject({ status: 'completed', assignments: { sent: 1, assigned: 1 } });
    expect(appleProfileOf('C02MBP000001')).toBe(uuid['macs']);
  });
  it("answers the MDM's enrollment endpoint from the device's signed MachineInfo: software update required below its rule's minimum OS", async () => {
    await depledger.tokens.setRoutingRules('paris', [
      { profileId: 'vip', when: { serials: ['F4HIPH000005'] }, minimumOs: { iOS: { version: '17.1', build: '21B74' } } },
      { profileId: 'macs', when: { model: ['MacBook*'] }, minimumOs: { macOS: { version: '14.0' } } },
    ]);
    const { caPem, device } = testDeviceIdentity();
    const answer = async (values: Record<string, string>) =>
      depledger.devices.enrollmentAnswer(readMachineInfo(signedMachineInfo(values, device), { trustedCertificatesPem: [caPem] }));

    expect(await answer({ SERIAL: 'C02MBP000001', PRODUCT: 'Mac14,2', OS_VERSION: '13.6.1', VERSION: '22G313' })).toEqual({
      allow: false,
      status: 403,
      body: { code: 'com.apple.softwareupdate.required', details: { OSVersion: '14.0' } },
      why: 'macOS 13.6.1 is below the minimum 14.0 of rule 2',
      reason: { code: 'below_minimum', platform: 'macOS', osVersion: '13.6.1', minimum: '14.0', from: 'rule', rule: 2 },
      serial: 'C02MBP000001',
      tokenId: 'paris',
      profileId: 'macs',
      rule: 2,
    });
    expect(await answer({ SERIAL: 'F4HIPH000005', PRODUCT: 'iPhone15,4', OS_VERSION: '17.0.3' })).toMatchObject({
      status: 403,
      body: { details: { OSVersion: '17.1', BuildVersion: '21B74' } },
      rule: 1,
    });
    expect(await answer({ SERIAL: 'F4HIPH000005', PRODUCT: 'iPhone15,4', OS_VERSION: '17.2' })).toMatchObject({ allow: true, status: 200 });
    // the default profile sets no minimum here; a device depledger does not know is left to the MDM
    expect(await answer({ SERIAL: 'F4HIPH000006', PRODUCT: 'iPhone15,4', OS_VERSION: '12.0' })).toMatchObject({
      allow: true,
      profileId: 'corp',
    });
    expect(await answer({ SERIAL: 'UNKNOWN00001', PRODUCT: 'iPhone15,4', OS_VERSION: '12.0' })).toMatchObject({
      allow: true,
      tokenId: null,
    });
  });
});
