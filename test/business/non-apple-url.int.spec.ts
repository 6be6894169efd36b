import { createBusinessGateway } from '@depledger/apple';
import { createAppleSimulator } from '@depledger/apple-simulator';
import { createInMemoryEventStore, createInMemoryVault, type BusinessGateway } from '@depledger/core';
import {
  businessApiAt,
  depledgerOnSimulatorClock,
  depServiceWithoutToken,
  refusedRecordingNothing,
} from '../../packages/apple/src/test-support/simulated-organisation';

/**
 * The adapter refuses to send an API account's client assertion (or an access token) to a URL that
 * is neither Apple's nor on this machine. That refusal is bad input: a typed error, and nothing
 * recorded — not a connection, not a refusal of the account, no key left in the vault.
 */
jest.setTimeout(120_000); // a hang guard only

describe('a Business API URL that is not Apple’s', () => {
  const simulator = createAppleSimulator({ seed: 8 });
  const store = createInMemoryEventStore();
  const vault = createInMemoryVault();
  const depledgerWith = (business: BusinessGateway, url: string) =>
    depledgerOnSimulatorClock(simulator, { store, vault, gateway: depServiceWithoutToken(url, vault), business });
  afterAll(() => simulator.stop());

  it('gets nothing sent and nothing recorded, before and after the account is connected', async () => {
    const { url } = await simulator.start();
    simulator.devices.seed({ count: 2, seed: 1 });
    const account = simulator.business.addApiAccount({ name: 'url' });
    const credentials = { clientId: account.clientId, keyId: account.keyId, privateKeyPem: account.privateKeyPem };
    const elsewhere = 'https://business-api.depledger-proxy.example';
    const sent: string[] = [];
    const notApple = depledgerWith(
      createBusinessGateway({
        vault,
        baseUrl: elsewhere,
        tokenUrl: `${elsewhere}/auth/oauth2/v2/token`,
        fetch: async (input) => {
          sent.push(String(input));
          return new Response('{"error":"invalid_client"}', { status: 401 });
        },
      }),
      url,
    );
    const atSimulator = depledgerWith(businessApiAt(simulator, url, vault), url);

    const refusal = (step: () => Promise<unknown>) => refusedRecordingNothing(store, vault)(step, 'BUSINESS_URL_NOT_APPLE');

    await refusal(() => notApple.business.connect(credentials));
    expect(await notApple.business.account()).toEqual({ status: 'none' });
    await atSimulator.business.connect(credentials);
    await refusal(() => notApple.business.servers());
    await refusal(() => notApple.business.refreshInventory());
    expect(await atSimulator.business.account()).toMatchObject({ status: 'connected', refusedCode: null });
    expect(sent).toEqual([]);
  });
});
