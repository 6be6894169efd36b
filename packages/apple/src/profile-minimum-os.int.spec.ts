import { createAppleSimulator } from '@depledger/apple-simulator';
import { createInMemoryEventStore, createInMemoryVault, isDepledgerError, type Depledger, type StoredEvent } from '@depledger/core';
import { appleGateway, readMachineInfo } from './index';
import { depledgerOnSimulatorClock, uploadServerToken } from './test-support/simulated-organisation';

jest.setTimeout(120_000); // a hang guard only

/**
 * Issue 24's minimum OS per profile, through createDepledger with the real adapter against the
 * simulator over loopback HTTP: a device routed by the token's default profile (no rule at all) gets
 * its profile's minimum; a rule's own minimum for the platform comes first; bad input records nothing.
 */
describe('a minimum OS per enrollment profile', () => {
  const simulator = createAppleSimulator({ seed: 2417 });
  const store = createInMemoryEventStore();
  let depledger: Depledger;
  const [plain, vip] = ['F17PMIN00001', 'F17PMIN00002'];
  const iPhone = (serial: string, osVersion: string) => ({ serial, product: 'iPhone15,2', osVersion });
  const profileEvents = async (profileId: string): Promise<StoredEvent[]> => {
    const found: StoredEvent[] = [];
    for await (const event of store.readStream(`dep-profile-${profileId}`)) found.push(event);
    return found;
  };

  beforeAll(async () => {
    await simulator.start();
    depledger = depledgerOnSimulatorClock(simulator, {
      store,
      vault: createInMemoryVault(),
      gateway: appleGateway({ baseUrl: simulator.url, retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 5 } }),
    });
    const { serverId } = await uploadServerToken(depledger, simulator);
    simulator.devices.add(
      [plain, vip].map((serial) => ({ serial, model: 'iPhone 15', os: 'iOS', family: 'iPhone' })),
      serverId,
    );
    for (const id of ['corp', 'vip']) {
      await depledger.profiles.define(id, 'paris', { name: id, url: 'https://mdm.example.com/enroll' });
      await depledger.profiles.publish(id);
    }
    await depledger.tokens.setDefaultProfile('paris', 'corp');
    await depledger.sync.run('paris', { kind: 'full', trigger: 'manual' });
  });
  afterAll(() => simulator.stop());

  it("answers a device of the token's default profile from the profile's minimum: below, at and above it", async () => {
    expect(await depledger.devices.enrollmentAnswer(iPhone(plain, '15.0'))).toMatchObject({ allow: true, reason: { code: 'no_minimum' } });

    const events = await depledger.profiles.setMinimumOs('corp', { iOS: { version: '17.1', build: '21B74' } }, { actor: 'admin:alice' });
    expect(events).toEqual([
      expect.objectContaining({
        type: 'ProfileMinimumOsSet',
        data: { profileId: 'corp', minimumOs: { iOS: { version: '17.1', build: '21B74' } } },
        metadata: expect.objectContaining({ actor: 'admin:alice' }),
      }),
    ]);
    expect(await depledger.profiles.state('corp')).toMatchObject({ minimumOs: { iOS: { version: '17.1', build: '21B74' } } });

    const head = await store.headPosition();
    expect(await depledger.devices.enrollmentAnswer(iPhone(plain, '16.7.2'))).toEqual({
      allow: false,
      status: 403,
      body: { code: 'com.apple.softwareupdate.required', details: { OSVersion: '17.1', BuildVersion: '21B74' } },
      why: 'iOS 16.7.2 is below the minimum 17.1 of profile corp',
      reason: { code: 'below_minimum', platform: 'iOS', osVersion: '16.7.2', minimum: '17.1', from: 'profile', profileId: 'corp' },
      serial: plain,
      tokenId: 'paris',
      profileId: 'corp',
      rule: null,
    });
    expect(await depledger.devices.enrollmentAnswer(iPhone(plain, '17.1'))).toMatchObject({
      allow: true,
      status: 200,
      why: 'iOS 17.1 meets the minimum 17.1 of profile corp',
    });
    expect(await depledger.devices.enrollmentAnswer(iPhone(plain, '18.0'))).toMatchObject({
      allow: true,
      reason: { code: 'meets_minimum' },
    });
    // a Mac routed to the same profile: no macOS minimum set
    expect(await depledger.devices.enrollmentAnswer({ serial: plain, product: 'Mac14,2', osVersion: '12.0' })).toMatchObject({
      allow: true,
      reason: { code: 'no_minimum', platform: 'macOS' },
    });
    // from the device's own signed MachineInfo, as the MDM's enrollment endpoint receives it
    const signed = simulator.devices.machineInfo(plain, { osVersion: '17.0.3', buildVersion: '21A360', product: 'iPhone15,2' });
    expect(
      await depledger.devices.enrollmentAnswer(readMachineInfo(signed.body, { trustedCertificatesPem: [signed.caPem] })),
    ).toMatchObject({
      allow: false,
      body: { details: { OSVersion: '17.1', BuildVersion: '21B74' } },
      reason: { from: 'profile', profileId: 'corp' },
    });
    expect(await store.headPosition()).toBe(head);
  });

  it('keeps the minimum for whichever version of the profile is published', async () => {
    await depledger.profiles.revise('corp', { name: 'corp v2', url: 'https://mdm.example.com/enroll' });
    await depledger.profiles.publish('corp');
    expect(await depledger.profiles.state('corp')).toMatchObject({
      version: 2,
      status: 'published',
      minimumOs: { iOS: { version: '17.1' } },
    });
    expect(await depledger.devices.enrollmentAnswer(iPhone(plain, '16.7.2'))).toMatchObject({ allow: false, profileId: 'corp' });
  });

  it("takes a matching rule's own minimum for the platform first, and the routed profile's when the rule sets none", async () => {
    await depledger.profiles.setMinimumOs('vip', { iOS: { version: '18.0' } });
    await depledger.tokens.setRoutingRules('paris', [
      { profileId: 'vip', when: { serials: [vip] }, minimumOs: { iOS: { version: '16.0' } }, note: 'executives' },
    ]);
    expect(await depledger.devices.enrollmentAnswer(iPhone(vip, '16.5'))).toMatchObject({
      allow: true,
      why: 'iOS 16.5 meets the minimum 16.0 of rule 1',
      reason: { code: 'meets_minimum', minimum: '16.0', from: 'rule', rule: 1 },
      profileId: 'vip',
      rule: 1,
    });
    // the same rule with a minimum for another platform only: the profile's iOS minimum holds
    await depledger.tokens.setRoutingRules('paris', [
      { profileId: 'vip', when: { serials: [vip] }, minimumOs: { macOS: { version: '15.0' } } },
    ]);
    expect(await depledger.devices.enrollmentAnswer(iPhone(vip, '16.5'))).toMatchObject({
      allow: false,
      body: { details: { OSVersion: '18.0' } },
      why: 'iOS 16.5 is below the minimum 18.0 of profile vip',
      reason: { from: 'profile', profileId: 'vip' },
      rule: 1,
    });
    // devices no rule matches still get their default profile's minimum
    expect(await depledger.devices.enrollmentAnswer(iPhone(plain, '16.5'))).toMatchObject({ allow: false, profileId: 'corp', rule: null });
  });

  it('refuses bad input with a typed error naming the field, and records nothing', async () => {
    const head = await store.headPosition();
    const refusals: Array<[unknown, string, string]> = [
      [{ iOS: { version: 'seventeen' } }, 'INVALID_INPUT', 'minimumOs.iOS.version'],
      [{ iOS: { version: '17.1', build: 'latest' } }, 'INVALID_INPUT', 'minimumOs.iOS.build'],
      [{ watchOS: { version: '10.0' } }, 'INVALID_INPUT', 'minimumOs'],
      [{}, 'INVALID_INPUT', 'minimumOs'],
      [undefined, 'INVALID_INPUT', 'minimumOs'],
    ];
    for (const [minimumOs, code, path] of refusals) {
      const error: unknown = await depledger.profiles.setMinimumOs('corp', minimumOs as never).catch((e: unknown) => e);
      expect(isDepledgerError(error)).toBe(true);
      expect(error).toMatchObject({ code });
      expect((error as { issues: Array<{ path: string }> }).issues.map((i) => i.path)).toContain(path);
    }
    await expect(depledger.profiles.setMinimumOs('nosuch', { iOS: { version: '17.1' } })).rejects.toMatchObject({
      code: 'PROFILE_NOT_FOUND',
    });
    await expect(depledger.profiles.setMinimumOs('bad id!', { iOS: { version: '17.1' } })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await depledger.profiles.define('old', 'paris', { name: 'old', url: 'https://mdm.example.com/enroll' });
    await depledger.profiles.retire('old', 'replaced');
    const retiredHead = await store.headPosition();
    await expect(depledger.profiles.setMinimumOs('old', { iOS: { version: '17.1' } })).rejects.toMatchObject({ code: 'PROFILE_RETIRED' });
    expect(await store.headPosition()).toBe(retiredHead);
    expect((await profileEvents('corp')).filter((e) => e.position > head)).toEqual([]);
    expect(await depledger.profiles.state('corp')).toMatchObject({ minimumOs: { iOS: { version: '17.1', build: '21B74' } } });
  });

  it('removes the minimum (once): devices of the profile enroll whatever their OS again', async () => {
    expect(await depledger.profiles.setMinimumOs('corp', null)).toEqual([expect.objectContaining({ type: 'ProfileMinimumOsRemoved' })]);
    expect(await depledger.profiles.setMinimumOs('corp', null)).toEqual([]);
    expect(await depledger.profiles.state('corp')).toMatchObject({ minimumOs: null });
    expect(await depledger.devices.enrollmentAnswer(iPhone(plain, '15.0'))).toMatchObject({ allow: true, reason: { code: 'no_minimum' } });
    expect((await profileEvents('corp')).map((e) => e.type)).toEqual([
      'ProfileDefined.v2',
      'ProfilePublished.v1',
      'ProfileMinimumOsSet.v1',
      'ProfileRevised.v2',
      'ProfilePublished.v1',
      'ProfileMinimumOsRemoved.v1',
    ]);
  });
});
