import { createAppleSimulator } from '@depledger/apple-simulator';
import {
  createDepledger,
  createInMemoryEventStore,
  createInMemoryVault,
  defaultSyncPolicy,
  GatewayError,
  isDepledgerError,
  isGatewayError,
  type Depledger,
  type StoredEvent,
} from '@depledger/core';
import { appleGateway, createAppleGateway, createAppleTokenPki, credentialsFromVault } from './index';
import { uploadServerToken } from './test-support/simulated-organisation';

jest.setTimeout(120_000); // a hang guard only

/**
 * Apple's replacement details (`GET /device/replacementDetails`, protocol 10): a device Apple
 * replaced shows in the sync as a new device flagged `is_replacement_device`, and the sync records
 * which device it replaces — against the simulator over loopback HTTP.
 */
describe('replacement devices', () => {
  const simulator = createAppleSimulator({ seed: 24 });
  const store = createInMemoryEventStore();
  let depledger: Depledger;
  let url: string;
  let credentials: { consumerKey: string; consumerSecret: string; accessToken: string; accessSecret: string };

  const types = async (serial: string): Promise<string[]> => (await events(serial)).map((event) => event.type);
  const events = async (serial: string): Promise<StoredEvent[]> => {
    const found: StoredEvent[] = [];
    for await (const event of store.readStream(`dep-device-${serial}`)) found.push(event);
    return found;
  };

  beforeAll(async () => {
    ({ url } = await simulator.start());
    depledger = createDepledger({
      store,
      vault: createInMemoryVault(),
      pki: createAppleTokenPki(),
      gateway: appleGateway({ baseUrl: url }),
      policy: { ...defaultSyncPolicy, fullSyncInterval: { seconds: 0 } }, // a full sync whenever asked
    });
    const issued = await uploadServerToken(depledger, simulator);
    const { consumer_key, consumer_secret, access_token, access_secret } = issued.credentials;
    credentials = { consumerKey: consumer_key, consumerSecret: consumer_secret, accessToken: access_token, accessSecret: access_secret };
    simulator.devices.add(
      [
        { serial: 'F17ORIGINAL1', model: 'iPhone 15', os: 'iOS', family: 'iPhone' },
        { serial: 'F17KEPTPHONE', model: 'iPhone 15', os: 'iOS', family: 'iPhone' },
      ],
      issued.serverId,
    );
    await depledger.sync.run('paris', { kind: 'full', trigger: 'manual' });
  });
  afterAll(() => simulator.stop());

  it('records original serial → new serial when a sync reports the replacement, and releases the original as replaced', async () => {
    simulator.devices.replace('F17ORIGINAL1', {
      serial: 'F17REPLACED1',
      model: 'iPhone 15',
      os: 'iOS',
      family: 'iPhone',
      replacementDate: '2026-11-20',
    });
    const run = await depledger.sync.run('paris', { kind: 'incremental', trigger: 'manual' });
    expect(run).toMatchObject({ status: 'completed', counts: { added: 1, released: 1 } });

    const recorded = (await events('F17REPLACED1')).filter((event) => event.type.startsWith('DeviceReplacementRecorded'));
    expect(recorded.map((event) => event.data)).toEqual([
      { serial: 'F17REPLACED1', tokenId: 'paris', originalSerial: 'F17ORIGINAL1', replacedOn: '2026-11-20' },
    ]);
    expect(await depledger.devices.state('F17REPLACED1')).toMatchObject({
      status: 'assigned',
      details: { isReplacementDevice: true },
      replacement: { originalSerial: 'F17ORIGINAL1', replacedOn: '2026-11-20' },
    });
    expect(await depledger.devices.state('F17ORIGINAL1')).toMatchObject({ status: 'released', releasedReason: 'replaced' });
  });

  it('records a replacement once: a later full sync reports the device again and records nothing more', async () => {
    const run = await depledger.sync.run('paris', { kind: 'full', trigger: 'manual' });
    expect(run).toMatchObject({ status: 'completed', kind: 'full' });
    expect((await types('F17REPLACED1')).filter((type) => type.startsWith('DeviceReplacementRecorded'))).toHaveLength(1);
    expect((await types('F17KEPTPHONE')).some((type) => type.startsWith('DeviceReplacementRecorded'))).toBe(false);
  });

  it('looks a replacement up on demand when the sync could not: recorded once, Apple asked only for replacement devices', async () => {
    const vault = createInMemoryVault();
    const calls: string[] = [];
    let appleAnswers = false;
    let later: Depledger | undefined;
    const apple = createAppleGateway({
      baseUrl: url,
      credentials: credentialsFromVault(vault, (tokenId) => (later as Depledger).tokens.oauthSecretsRef(tokenId)),
    });
    const gateway = {
      ...apple,
      replacementDetails: async (tokenId: string, serial: string, signal?: AbortSignal) => {
        calls.push(serial);
        if (!appleAnswers) throw new GatewayError('unavailable', 'Apple is down for this call');
        return apple.replacementDetails(tokenId, serial, signal);
      },
    };
    const own = createInMemoryEventStore();
    later = createDepledger({
      store: own,
      vault,
      pki: createAppleTokenPki(),
      gateway,
      policy: { ...defaultSyncPolicy, fullSyncInterval: { seconds: 0 } },
    });
    const issued = await uploadServerToken(later, simulator, 'lyon', 'Lyon MDM');
    simulator.devices.add({ serial: 'F17LYONOLD01', model: 'iPad Air', os: 'iPadOS', family: 'iPad' }, issued.serverId);
    simulator.devices.add({ serial: 'F17LYONKEEP1', model: 'iPad Air', os: 'iPadOS', family: 'iPad' }, issued.serverId);
    simulator.devices.replace('F17LYONOLD01', {
      serial: 'F17LYONNEW01',
      model: 'iPad Air',
      os: 'iPadOS',
      family: 'iPad',
      replacementDate: '2026-11-21',
    });
    expect(await later.sync.run('lyon', { kind: 'full', trigger: 'manual' })).toMatchObject({ status: 'completed' });
    expect(await later.devices.state('F17LYONNEW01')).toMatchObject({ details: { isReplacementDevice: true }, replacement: null });

    appleAnswers = true;
    expect(await later.devices.lookUpReplacement('F17LYONKEEP1')).toEqual({
      serial: 'F17LYONKEEP1',
      result: 'not_a_replacement',
      replaces: null,
      events: [],
    });
    const looked = await later.devices.lookUpReplacement('F17LYONNEW01', { actor: 'admin:alice' });
    expect(looked).toMatchObject({ result: 'recorded', replaces: { serial: 'F17LYONOLD01', on: '2026-11-21' } });
    expect(looked.events.map((event) => event.type)).toEqual(['DeviceReplacementRecorded']);
    expect(await later.devices.lookUpReplacement('F17LYONNEW01')).toMatchObject({ result: 'already_recorded', events: [] });
    expect(calls).toEqual(['F17LYONNEW01', 'F17LYONNEW01']); // the sync's try, then the one lookup
    const unknown = await later.devices.lookUpReplacement('NOSUCHSERIAL').catch((error: unknown) => error);
    expect(isDepledgerError(unknown, 'DEVICE_UNKNOWN')).toBe(true);
  });

  it("answers Apple's documented shapes: null for a device that is not a replacement, DEVICE_ID_REQUIRED without a serial", async () => {
    const gateway = createAppleGateway({ baseUrl: url, userAgent: 'depledger-spec/1.0', credentials: async () => credentials });
    expect(await gateway.replacementDetails('paris', 'F17REPLACED1')).toEqual({
      serial: 'F17REPLACED1',
      originalSerial: 'F17ORIGINAL1',
      replacedOn: '2026-11-20',
    });
    expect(await gateway.replacementDetails('paris', 'F17KEPTPHONE')).toBeNull();
    expect(await gateway.replacementDetails('paris', 'NOSUCHSERIAL')).toBeNull();
    const missing = await gateway.replacementDetails('paris', '').then(
      () => new Error('expected a refusal'),
      (error: unknown) => error,
    );
    expect(isGatewayError(missing) && missing.failure === 'bad_request' && missing.appleCode === 'DEVICE_ID_REQUIRED').toBe(true);

    // Apple requires X-Server-Protocol-Version 10: below it the simulator holds no replacement record for anyone
    const older = createAppleGateway({
      baseUrl: url,
      userAgent: 'depledger-spec/1.0',
      protocolVersion: 9,
      credentials: async () => credentials,
    });
    expect(await older.replacementDetails('paris', 'F17REPLACED1')).toBeNull();
  });
});
