import { createAppleSimulator } from '@depledger/apple-simulator';
import { createDepledger, createInMemoryEventStore, createInMemoryVault, type Depledger } from '@depledger/core';
import { appleGateway, createAppleTokenPki } from './index';
import { refusedRecordingNothing, uploadServerToken } from './test-support/simulated-organisation';

jest.setTimeout(120_000); // a hang guard only

const ESCROW_KEY = '30a3449822ae82b94f1839ee0248a9e2350247d4b325071e6deb84285a6bfb34';
const BYPASS_CODE = 'K0H4T-2RWQ9-WJ7KM-4QXLM-N3P8F-R';
const LOST_MESSAGE = 'Please call Alice Martin on +33 6 12 34 56 78';

/** Activation Lock escrow through createDepledger and Apple's gateway, against the simulator over HTTP. */
describe('activation lock escrow', () => {
  const simulator = createAppleSimulator({ seed: 31 });
  const store = createInMemoryEventStore();
  const vault = createInMemoryVault();
  let depledger: Depledger;
  let serials: string[];

  const refused = refusedRecordingNothing(store, vault);

  beforeAll(async () => {
    const { url } = await simulator.start();
    depledger = createDepledger({ store, vault, pki: createAppleTokenPki(), gateway: appleGateway({ baseUrl: url }) });
    const issued = await uploadServerToken(depledger, simulator);
    serials = simulator.devices.add(
      [
        { serial: 'F17LOCK00001', model: 'iPhone 15', os: 'iOS', family: 'iPhone' },
        { serial: 'F17LOCK00002', model: 'iPhone 15', os: 'iOS', family: 'iPhone' },
        { serial: 'DMPLOCKTV001', model: 'Apple TV 4K', os: 'tvOS', family: 'AppleTV' },
      ],
      issued.serverId,
    );
    await depledger.sync.run('paris', { kind: 'full', trigger: 'manual' });
  });
  afterAll(() => simulator.stop());

  it('escrows the key at Apple and keeps the key and the bypass code in the vault, never in an event', async () => {
    const report = await depledger.devices.escrowActivationLock(
      serials[0]!,
      { escrowKey: ESCROW_KEY.toUpperCase(), bypassCode: BYPASS_CODE.toLowerCase(), lostMessage: LOST_MESSAGE },
      { actor: 'admin:alice' },
    );
    expect(report).toMatchObject({ serial: serials[0], result: 'success' });
    expect(report.events.map((e) => e.type)).toEqual(['ActivationLockEscrowed']);
    expect(report.events[0]?.data).toMatchObject({
      escrowKeyRef: expect.stringMatching(/^vault:activation-lock-escrow-key:/),
      bypassCodeRef: expect.stringMatching(/^vault:activation-lock-bypass-code:/),
      lostMessage: true,
    });
    expect(simulator.devices.activationLock(serials[0]!)).toMatchObject({ escrowKey: ESCROW_KEY });
    expect(await depledger.devices.activationLockBypassCode(serials[0]!)).toBe(BYPASS_CODE);
    for await (const event of store.readAll()) {
      const text = JSON.stringify(event).toLowerCase();
      for (const secret of [ESCROW_KEY, BYPASS_CODE.toLowerCase(), 'alice martin']) expect(text).not.toContain(secret);
    }
  });

  it("returns Apple's other answers and records nothing", async () => {
    const head = await store.headPosition();
    const size = vault.size();
    expect(await depledger.devices.escrowActivationLock(serials[0]!, { escrowKey: ESCROW_KEY })).toMatchObject({
      result: 'device_already_locked',
      events: [],
    });
    expect(await depledger.devices.escrowActivationLock(serials[2]!, {})).toMatchObject({ result: 'device_not_supported', events: [] });
    expect(await store.headPosition()).toBe(head);
    expect(vault.size()).toBe(size);
    expect(await depledger.devices.activationLockBypassCode(serials[1]!)).toBeNull();
  });

  it('refuses bad input naming the field, and an unknown device, before calling Apple', async () => {
    const short = await refused(() => depledger.devices.escrowActivationLock(serials[1]!, { escrowKey: 'abc123' }), 'INVALID_INPUT');
    expect(short.message).toContain('activationLock.escrowKey');
    expect(short.message).not.toContain('abc123');
    const alone = await refused(() => depledger.devices.escrowActivationLock(serials[1]!, { bypassCode: BYPASS_CODE }), 'INVALID_INPUT');
    expect(alone.message).not.toContain(BYPASS_CODE);
    await refused(
      () => depledger.devices.escrowActivationLock(serials[1]!, { escrowKey: ESCROW_KEY, bypassCode: 'not a code!' }),
      'INVALID_INPUT',
    );
    await refused(() => depledger.devices.escrowActivationLock('NOSUCHSERIAL1', {}), 'DEVICE_UNKNOWN');
    expect(simulator.devices.activationLock(serials[1]!)).toBeUndefined();
  });
});
