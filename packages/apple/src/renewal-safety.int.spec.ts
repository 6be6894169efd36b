import { createAppleSimulator } from '@depledger/apple-simulator';
import { createDepledger, createInMemoryEventStore, createInMemoryVault, type Depledger } from '@depledger/core';
import { appleGateway, createAppleTokenPki } from './index';

/**
 * Renewal as a new user meets it, through createDepledger with the real adapter against the simulator
 * over loopback HTTP: a second key must be confirmed as a renewal, and a server token of another MDM
 * server is refused as a renewal unless the administrator says it replaces the first.
 */
describe('safe renewal', () => {
  const simulator = createAppleSimulator();
  const store = createInMemoryEventStore();
  const vault = createInMemoryVault();
  let depledger: Depledger;

  beforeAll(async () => {
    const { url } = await simulator.start();
    const gateway = appleGateway({ baseUrl: url, retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 5 } });
    depledger = createDepledger({ store, gateway, vault, pki: createAppleTokenPki() });
    const key = await depledger.tokens.generateKey('paris');
    const issued = simulator.portal.addMdmServer({
      name: 'Paris MDM',
      certificatePem: key.certificatePem,
      adminId: 'alice@contoso.example',
    });
    const uploaded = await depledger.tokens.upload('paris', issued.p7m as string, { appleId: 'alice@contoso.example' });
    expect(uploaded.account).toMatchObject({ status: 'verified', serverName: 'Paris MDM' });
  }, 120_000);
  afterAll(() => simulator.stop());

  it('a second key on an active token asks for the renewal to be confirmed, and records nothing until it is', async () => {
    const head = await store.headPosition();
    await expect(depledger.tokens.generateKey('paris')).rejects.toMatchObject({ code: 'RENEWAL_NOT_CONFIRMED' });
    expect(await store.headPosition()).toBe(head);
    const key = await depledger.tokens.generateKey('paris', { renew: true });
    expect(key.staged).toBe(true);
  });

  it("refuses another MDM server's token as the renewal, leaving nothing behind; accepts it when told it replaces the server", async () => {
    const staged = await depledger.tokens.generateKey('paris', { renew: true });
    const lyon = simulator.portal.addMdmServer({
      name: 'Lyon MDM',
      certificatePem: staged.certificatePem,
      adminId: 'alice@contoso.example',
    });
    const head = await store.headPosition();
    const secrets = vault.size();
    await expect(depledger.tokens.upload('paris', lyon.p7m as string, { appleId: 'alice@contoso.example' })).rejects.toMatchObject({
      code: 'RENEWAL_SERVER_MISMATCH',
      message: expect.stringContaining('"Lyon MDM"'),
    });
    expect(await store.headPosition()).toBe(head);
    expect(vault.size()).toBe(secrets); // the refused token's secrets were forgotten
    const state = await depledger.tokens.state('paris');
    expect(state).toMatchObject({ status: 'active', account: { serverName: 'Paris MDM' } });

    const replaced = await depledger.tokens.upload('paris', lyon.p7m as string, { appleId: 'alice@contoso.example', replaces: true });
    expect(replaced).toMatchObject({ renewed: true, account: { status: 'verified', serverName: 'Lyon MDM' } });
  });

  it("accepts the renewal of the token's own MDM server", async () => {
    const staged = await depledger.tokens.generateKey('paris', { renew: true });
    const lyon = simulator.portal.listMdmServers().find((s) => s.name === 'Lyon MDM');
    const renewed = simulator.portal.renewToken(lyon?.serverId as string, staged.certificatePem);
    const uploaded = await depledger.tokens.upload('paris', renewed.p7m as string, { appleId: 'alice@contoso.example' });
    expect(uploaded).toMatchObject({ renewed: true, account: { status: 'verified', serverName: 'Lyon MDM' } });
  });
});
