import { createAppleSimulator } from '@depledger/apple-simulator';
import { createDepledger, createInMemoryEventStore, createInMemoryVault } from '@depledger/core';
import { appleGateway, createAppleTokenPki } from './index';
import { uploadServerToken } from './test-support/simulated-organisation';

/** Apple's protocol-10 device fields reach the device's state through a sync, against the simulator over loopback HTTP. */
describe("a sync keeps Apple's protocol-10 device fields", () => {
  const simulator = createAppleSimulator();
  afterAll(() => simulator.stop());

  it('records the replacement flag, IMEI and MAC addresses in the device details', async () => {
    const { url } = await simulator.start();
    const depledger = createDepledger({
      store: createInMemoryEventStore(),
      vault: createInMemoryVault(),
      pki: createAppleTokenPki(),
      gateway: appleGateway({ baseUrl: url }),
    });
    const issued = await uploadServerToken(depledger, simulator);
    simulator.devices.add(
      {
        serial: 'F17REPLACE01',
        model: 'iPhone 16',
        os: 'iOS',
        family: 'iPhone',
        protocol10: { is_replacement_device: true, imei: ['356938035643809'], wifi_mac_address: 'aa:bb:cc:dd:ee:01' },
      },
      issued.serverId,
    );
    await depledger.sync.run('paris', { kind: 'full', trigger: 'manual' });
    const state = await depledger.devices.state('F17REPLACE01');
    expect(state).toMatchObject({
      status: 'assigned',
      details: { isReplacementDevice: true, imei: ['356938035643809'], wifiMacAddress: 'aa:bb:cc:dd:ee:01', meid: null },
    });
  }, 120_000);
});
