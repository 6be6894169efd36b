import { createAppleSimulator } from '@depledger/apple-simulator';
import { createInMemoryEventStore, createInMemoryVault, isDepledgerError } from '@depledger/core';
import { createInMemoryReadModelStore, createProjectionRunner, listBusinessAccounts, orgInventoryProjection } from '@depledger/projections';
import {
  businessApiAt,
  depledgerOnSimulatorClock,
  depServiceWithoutToken,
  eventTypesIn,
} from '../../packages/apple/src/test-support/simulated-organisation';

/**
 * An API account's credentials expire like a server token: given at connect (the date the portal
 * shows), warned once at 30, 7 and 1 days, then recorded as expired; the account's health says so.
 */
jest.setTimeout(120_000); // a hang guard only

describe("an API account's credentials expiry", () => {
  const simulator = createAppleSimulator({ seed: 17 });
  const store = createInMemoryEventStore();
  const vault = createInMemoryVault();
  afterAll(() => simulator.stop());

  it('is warned like a server token’s, and shows in the account’s health', async () => {
    const { url } = await simulator.start();
    const depledger = depledgerOnSimulatorClock(simulator, {
      store,
      vault,
      gateway: depServiceWithoutToken(url, vault),
      business: businessApiAt(simulator, url, vault),
    });
    const account = simulator.business.addApiAccount({ name: 'expiry' });
    const credentials = { clientId: account.clientId, keyId: account.keyId, privateKeyPem: account.privateKeyPem };
    const day = 24 * 3600 * 1000;
    const readModel = async () => {
      const readModels = createInMemoryReadModelStore();
      await createProjectionRunner({ eventStore: store, readModels, projections: [orgInventoryProjection] }).catchUp();
      return listBusinessAccounts(readModels, { now: new Date(simulator.clock.nowMs()) });
    };
    const types = () => eventTypesIn(store, 'dep-business-account-');

    const past = new Date(simulator.clock.nowMs() - day).toISOString();
    const refused = await depledger.business.connect({ ...credentials, expiresAt: past }).catch((e: unknown) => e);
    expect(isDepledgerError(refused, 'BUSINESS_CREDENTIALS_INVALID')).toBe(true);
    expect(await store.headPosition()).toBe(0);

    const expiresAt = new Date(simulator.clock.nowMs() + 10 * day).toISOString();
    await depledger.business.connect({ ...credentials, expiresAt });
    expect(await types()).toEqual(['BusinessAccountConnected.v1', 'BusinessAccountExpiring.v1']);
    expect(await depledger.business.accountHealth()).toMatchObject({ health: 'expiring', expiresAt, daysLeft: 10, expiryWarning: 30 });
    expect(await depledger.business.checkExpiry()).toEqual([]); // once per threshold

    simulator.clock.advance(4 * day);
    const warned = await depledger.business.checkExpiry();
    expect(warned.map((event) => [event.type, (event.data as { threshold?: number }).threshold])).toEqual([['BusinessAccountExpiring', 7]]);
    expect(await depledger.business.accountHealth()).toMatchObject({ health: 'expiring', daysLeft: 6, expiryWarning: 7 });
    expect(await readModel()).toEqual([
      expect.objectContaining({
        accountId: 'default',
        keyId: account.keyId,
        expiresAt,
        health: 'expiring',
        daysLeft: 6,
        warnedThreshold: 7,
      }),
    ]);

    simulator.clock.advance(7 * day);
    expect((await depledger.business.checkExpiry()).map((event) => event.type)).toEqual(['BusinessAccountExpired']);
    expect(await depledger.business.accountHealth()).toMatchObject({ health: 'expired', daysLeft: -1, expiryWarning: null });
    expect(await depledger.business.checkExpiry()).toEqual([]);
    expect(await readModel()).toEqual([expect.objectContaining({ health: 'expired', expired: true })]);

    // A new key without an expiry date: nothing to warn about.
    await depledger.business.connect(credentials);
    expect(await depledger.business.accountHealth()).toMatchObject({ health: 'ok', expiresAt: null, daysLeft: null });
  });
});
