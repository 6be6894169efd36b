import { createAppleSimulator } from '@depledger/apple-simulator';
import {
  createDepledger,
  createInMemoryEventStore,
  createInMemoryVault,
  isDepledgerError,
  type DepGateway,
  type Depledger,
  type ErrorCode,
  type GatewayFactory,
} from '@depledger/core';
import { appleGateway, createAppleTokenPki } from './index';
import { eventTypesIn, uploadServerToken } from './test-support/simulated-organisation';

jest.setTimeout(120_000); // a hang guard only

/** Apple's gateway at the simulator, counting every call depledger makes to Apple. */
const countedAppleGateway = (baseUrl: string, calls: string[]): GatewayFactory => {
  const factory = appleGateway({ baseUrl, retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 5 } });
  return (wiring) => {
    const gateway = factory(wiring);
    return new Proxy(gateway, {
      get(target, name, receiver) {
        const value: unknown = Reflect.get(target, name, receiver);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          calls.push(String(name));
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    }) as DepGateway;
  };
};

/**
 * Issue 24's promise for every command of today's DEP surface, through createDepledger with the real
 * adapter against the simulator over loopback HTTP: bad input gets a typed error naming the field,
 * nothing is recorded (the store's head and the vault stay as they were) and, where the input is
 * checkable beforehand, Apple is not called.
 */
describe("today's DEP surface refuses bad input and records nothing", () => {
  const simulator = createAppleSimulator({ seed: 2424 });
  const store = createInMemoryEventStore();
  const vault = createInMemoryVault();
  const calls: string[] = [];
  let depledger: Depledger;
  const devices = ['F17REFUSE001', 'F17REFUSE002', 'F17REFUSE003', 'F17REFUSE004'];

  beforeAll(async () => {
    const { url } = await simulator.start();
    depledger = createDepledger({ store, vault, pki: createAppleTokenPki(), gateway: countedAppleGateway(url, calls) });
    const paris = await uploadServerToken(depledger, simulator, 'paris', 'Paris MDM');
    await uploadServerToken(depledger, simulator, 'lyon', 'Lyon MDM');
    simulator.devices.add(
      devices.map((serial) => ({ serial, model: 'iPhone 15', os: 'iOS', family: 'iPhone' })),
      paris.serverId,
    );
    const settings = { name: 'Corporate', url: 'https://mdm.example.com/enroll' };
    await depledger.profiles.define('corp', 'paris', settings);
    await depledger.profiles.publish('corp');
    await depledger.tokens.setDefaultProfile('paris', 'corp');
    await depledger.profiles.define('old', 'paris', settings);
    await depledger.profiles.retire('old', 'replaced by corp');
    await depledger.profiles.define('lyon-corp', 'lyon', settings);
    await depledger.sync.run('paris', { kind: 'full', trigger: 'manual' });
  });
  afterAll(() => simulator.stop());

  describe('disown and clear profile, through createDepledger', () => {
    it('clears a profile at Apple with its reason; the next sync gives the device its profile again', async () => {
      const corp = await depledger.profiles.state('corp');
      const uuid = corp.status === 'published' ? corp.published[corp.version]?.profileUuid : undefined;
      expect(simulator.devices.get(devices[0]!)).toMatchObject({ profile_uuid: uuid });
      const report = await depledger.devices.clearProfile([devices[0]!], 'wrong profile', { actor: 'admin:alice' });
      expect(report.results).toEqual({ [devices[0]!]: 'success' });
      expect(report.events).toEqual([
        expect.objectContaining({ type: 'DeviceProfileCleared', data: expect.objectContaining({ reason: 'wrong profile' }) }),
      ]);
      expect(await depledger.devices.state(devices[0]!)).toMatchObject({ status: 'assigned', assignment: null });
      expect(simulator.devices.get(devices[0]!)).toMatchObject({ profile_status: 'removed' });

      await depledger.sync.run('paris', { kind: 'incremental', trigger: 'manual' });
      const after = await eventTypesIn(store, `dep-device-${devices[0]!}`);
      expect(after.slice(after.indexOf('DeviceProfileCleared.v1'))).toContain('ProfileAssignmentRequested.v1');
      expect(simulator.devices.get(devices[0]!)).toMatchObject({ profile_uuid: uuid, profile_status: 'assigned' });
    });

    it('disowns at Apple with its reason: the device is released for good', async () => {
      const report = await depledger.devices.disown([devices[1]!], 'sold');
      expect(report.results).toEqual({ [devices[1]!]: 'success' });
      expect(report.events.map((e) => e.type)).toEqual(['DeviceDisowned']);
      expect(await depledger.devices.state(devices[1]!)).toMatchObject({ status: 'released' });
      expect(await eventTypesIn(store, `dep-device-${devices[1]!}`)).toContain('DeviceDisowned.v1');
    });
  });

  type Refusal = Readonly<{ step: () => Promise<unknown>; code: ErrorCode; names: string; callsApple?: boolean }>;

  const tooMany = Array.from({ length: 1001 }, (_, i) => `F17MANY${String(i).padStart(5, '0')}`);
  const notACertificate = Buffer.from('not a certificate').toString('base64');
  const settings = { name: 'Corporate', url: 'https://mdm.example.com/enroll' };

  const refusals: Record<string, () => Refusal> = {
    'disown: no serial': () => ({ step: () => depledger.devices.disown([], 'sold'), code: 'INVALID_INPUT', names: 'serials' }),
    'disown: a serial twice': () => ({
      step: () => depledger.devices.disown([devices[2]!, devices[2]!], 'sold'),
      code: 'INVALID_INPUT',
      names: 'serials',
    }),
    'disown: more than 1000 serials': () => ({
      step: () => depledger.devices.disown(tooMany, 'sold'),
      code: 'INVALID_INPUT',
      names: 'serials',
    }),
    'disown: a malformed serial': () => ({
      step: () => depledger.devices.disown(['no!'], 'sold'),
      code: 'INVALID_INPUT',
      names: 'serials.0',
    }),
    'disown: a blank reason': () => ({
      step: () => depledger.devices.disown([devices[2]!], '   '),
      code: 'INVALID_INPUT',
      names: 'reason',
    }),
    'disown: a reason over 500 characters': () => ({
      step: () => depledger.devices.disown([devices[2]!], 'x'.repeat(501)),
      code: 'INVALID_INPUT',
      names: 'reason',
    }),
    'disown: one unknown serial among good ones': () => ({
      step: () => depledger.devices.disown([devices[2]!, 'NOSUCHSERIAL1'], 'sold'),
      code: 'DEVICE_UNKNOWN',
      names: 'NOSUCHSERIAL1',
    }),
    'disown: a device already disowned': () => ({
      step: () => depledger.devices.disown([devices[2]!, devices[1]!], 'sold'),
      code: 'DEVICE_NOT_ASSIGNED',
      names: devices[1]!,
    }),
    'clear profile: no serial': () => ({ step: () => depledger.devices.clearProfile([], 'why'), code: 'INVALID_INPUT', names: 'serials' }),
    'clear profile: a blank reason': () => ({
      step: () => depledger.devices.clearProfile([devices[2]!], ''),
      code: 'INVALID_INPUT',
      names: 'reason',
    }),
    'clear profile: an unknown serial': () => ({
      step: () => depledger.devices.clearProfile(['NOSUCHSERIAL1'], 'why'),
      code: 'DEVICE_UNKNOWN',
      names: 'NOSUCHSERIAL1',
    }),
    'clear profile: a released device': () => ({
      step: () => depledger.devices.clearProfile([devices[1]!], 'why'),
      code: 'DEVICE_NOT_ASSIGNED',
      names: devices[1]!,
    }),
    'activation lock: a short escrow key': () => ({
      step: () => depledger.devices.escrowActivationLock(devices[2]!, { escrowKey: 'abc' }),
      code: 'INVALID_INPUT',
      names: 'activationLock.escrowKey',
    }),
    'activation lock: a bypass code without its key': () => ({
      step: () => depledger.devices.escrowActivationLock(devices[2]!, { bypassCode: 'K0H4T-2RWQ9-WJ7KM' }),
      code: 'INVALID_INPUT',
      names: 'escrowKey',
    }),
    'activation lock: a released device': () => ({
      step: () => depledger.devices.escrowActivationLock(devices[1]!, {}),
      code: 'DEVICE_NOT_ASSIGNED',
      names: devices[1]!,
    }),
    'replacement lookup: a malformed serial': () => ({
      step: () => depledger.devices.lookUpReplacement(''),
      code: 'INVALID_INPUT',
      names: 'serial',
    }),
    'replacement lookup: an unknown serial': () => ({
      step: () => depledger.devices.lookUpReplacement('NOSUCHSERIAL1'),
      code: 'DEVICE_UNKNOWN',
      names: 'NOSUCHSERIAL1',
    }),
    'enrollment answer: a MachineInfo that is not one': () => ({
      step: () => depledger.devices.enrollmentAnswer({ serial: 42, product: null, osVersion: null } as never),
      code: 'INVALID_INPUT',
      names: 'machineInfo.serial',
    }),
    "profile's minimum OS: a version that is not one": () => ({
      step: () => depledger.profiles.setMinimumOs('corp', { iOS: { version: 'seventeen' } }),
      code: 'INVALID_INPUT',
      names: 'minimumOs.iOS.version',
    }),
    "profile's minimum OS: a platform Apple has no enrollment for": () => ({
      step: () => depledger.profiles.setMinimumOs('corp', { watchOS: { version: '10.0' } } as never),
      code: 'INVALID_INPUT',
      names: 'minimumOs',
    }),
    'profile: a certificate that is not one': () => ({
      step: () => depledger.profiles.define('bad', 'paris', { ...settings, anchorCertificates: [notACertificate] }),
      code: 'PROFILE_INVALID',
      names: 'anchorCertificates.0',
    }),
    'profile: a skip key badly spelt': () => ({
      step: () => depledger.profiles.define('bad', 'paris', { ...settings, skipSetupItems: ['Siri', 'Touch ID'] }),
      code: 'PROFILE_INVALID',
      names: 'skipSetupItems.1',
    }),
    'profile: a region of three letters': () => ({
      step: () => depledger.profiles.revise('corp', { ...settings, region: 'FRA' }),
      code: 'PROFILE_INVALID',
      names: 'region',
    }),
    'profile: removable only when supervised': () => ({
      step: () => depledger.profiles.define('bad', 'paris', { ...settings, supervised: false, mdmRemovable: false }),
      code: 'PROFILE_INVALID',
      names: 'mdmRemovable',
    }),
    'routing rules: an unknown condition': () => ({
      step: () => depledger.tokens.setRoutingRules('paris', [{ profileId: 'corp', when: { colour: ['red'] } } as never]),
      code: 'INVALID_INPUT',
      names: 'rules.0.when',
    }),
    'routing rules: a malformed minimum OS': () => ({
      step: () => depledger.tokens.setRoutingRules('paris', [{ profileId: 'corp', minimumOs: { iOS: { version: 'seventeen' } } }]),
      code: 'INVALID_INPUT',
      names: 'rules.0.minimumOs.iOS.version',
    }),
    'routing rules: an unknown profile': () => ({
      step: () => depledger.tokens.setRoutingRules('paris', [{ profileId: 'nope' }]),
      code: 'PROFILE_NOT_FOUND',
      names: 'nope',
    }),
    "routing rules: another token's profile": () => ({
      step: () => depledger.tokens.setRoutingRules('paris', [{ profileId: 'lyon-corp' }]),
      code: 'PROFILE_OF_OTHER_TOKEN',
      names: 'lyon-corp',
    }),
    'routing rules: a retired profile': () => ({
      step: () => depledger.tokens.setRoutingRules('paris', [{ profileId: 'old' }]),
      code: 'PROFILE_RETIRED',
      names: 'old',
    }),
    'routing dry run: a device without a serial': () => ({
      step: () => depledger.tokens.route('paris', [{ model: 'iPhone 15' } as never]),
      code: 'INVALID_INPUT',
      names: 'devices.0.serial',
    }),
    'account-driven enrollment: a plain http URL': () => ({
      step: () => depledger.tokens.setAccountDrivenEnrollment('paris', 'http://mdm.example.com/sd'),
      code: 'INVALID_INPUT',
      names: 'serviceDiscoveryUrl',
    }),
    'account-driven enrollment: a URL over 2000 characters': () => ({
      step: () => depledger.tokens.setAccountDrivenEnrollment('paris', `https://mdm.example.com/${'x'.repeat(2000)}`),
      code: 'INVALID_INPUT',
      names: 'serviceDiscoveryUrl',
    }),
    'account-driven enrollment: a token never uploaded': () => ({
      step: () => depledger.tokens.removeAccountDrivenEnrollment('nantes'),
      code: 'TOKEN_NOT_UPLOADED',
      names: 'nantes',
    }),
    'renewal: a second key without --renew': () => ({
      step: () => depledger.tokens.generateKey('paris'),
      code: 'RENEWAL_NOT_CONFIRMED',
      names: '--renew',
    }),
  };

  it.each(Object.keys(refusals))('%s: a typed error naming it, nothing recorded, Apple not called', async (name) => {
    const { step, code, names } = refusals[name]!();
    const head = await store.headPosition();
    const secrets = vault.size();
    const before = calls.length;
    const error = await step().then(
      () => new Error('expected a refusal'),
      (e: unknown) => e,
    );
    expect(isDepledgerError(error, code)).toBe(true);
    expect((error as Error).message).toContain(names);
    expect(await store.headPosition()).toBe(head);
    expect(vault.size()).toBe(secrets);
    expect(calls.slice(before)).toEqual([]);
  });

  it('left every device as it was at Apple', async () => {
    expect(simulator.devices.activationLock(devices[2]!)).toBeUndefined();
    expect(await depledger.devices.state(devices[2]!)).toMatchObject({ status: 'assigned' });
    expect(await eventTypesIn(store, 'dep-profile-bad')).toEqual([]);
  });
});
