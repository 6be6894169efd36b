import { generateKeyPairSync } from 'node:crypto';
import { createAppleSimulator, type IssuedApiAccount, type IssuedToken } from '@depledger/apple-simulator';
import { createInMemoryEventStore, createInMemoryVault, type Depledger } from '@depledger/core';
import {
  createInMemoryReadModelStore,
  createProjectionRunner,
  deviceStatusAsOf,
  listOrgInventory,
  orgInventoryProjection,
} from '@depledger/projections';
import {
  businessApiAt,
  depledgerOnSimulatorClock,
  depServiceOfTokens,
  refusedRecordingNothing,
  uploadServerToken,
} from '../../packages/apple/src/test-support/simulated-organisation';

/**
 * Issue 25: step 6 without the portal. Devices of one order are assigned to our MDM server through
 * the Business API; Apple's activity completes; the DEP sync shows them, they get the default
 * profile and stand "Non contacté". Bad input is refused with a typed error and records nothing.
 */
jest.setTimeout(300_000); // a hang guard only: the suite must pass on a busy machine

describe('assigning devices to the MDM server through the Business API', () => {
  const simulator = createAppleSimulator({ seed: 5 });
  const store = createInMemoryEventStore();
  const vault = createInMemoryVault();
  let depledger: Depledger;
  let issued: IssuedToken;
  let account: IssuedApiAccount;
  let serials: string[];

  const situations = async (lang: 'fr' | 'en' = 'en') => {
    const readModels = createInMemoryReadModelStore();
    await createProjectionRunner({ eventStore: store, readModels, projections: [orgInventoryProjection] }).catchUp();
    return new Map((await listOrgInventory(readModels, { lang })).map((device) => [device.serial, device]));
  };
  const failure = async (step: Promise<unknown>): Promise<any> =>
    step.then(
      () => {
        throw new Error('expected a refusal');
      },
      (error: unknown) => error,
    );
  const nothingRecorded = refusedRecordingNothing(store, vault);

  beforeAll(async () => {
    const { url } = await simulator.start();
    const gateway = depServiceOfTokens(url, vault, (tokenId) => depledger.tokens.oauthSecretsRef(tokenId));
    const business = businessApiAt(simulator, url, vault, { pollIntervalMs: 25 });
    depledger = depledgerOnSimulatorClock(simulator, { store, gateway, vault, business });
    issued = await uploadServerToken(depledger, simulator);
    await depledger.profiles.define('corp', 'paris', { name: 'Contoso', url: 'https://mdm.contoso.example/enroll' });
    await depledger.profiles.publish('corp');
    await depledger.tokens.setDefaultProfile('paris', 'corp');
    serials = [...simulator.devices.seed({ count: 20, seed: 9 }), ...simulator.devices.seed({ count: 10, seed: 10 })]; // two orders
    account = simulator.business.addApiAccount({ name: 'depledger' });
  });
  afterAll(() => simulator.stop());

  it('refuses credentials Apple would refuse, and records nothing', async () => {
    const good = { clientId: account.clientId, keyId: account.keyId, privateKeyPem: account.privateKeyPem };
    const otherKey = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const rsaKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    await nothingRecorded(() => depledger.business.connect({ ...good, privateKeyPem: 'garbage' }), 'BUSINESS_CREDENTIALS_INVALID');
    await nothingRecorded(() => depledger.business.connect({ ...good, privateKeyPem: rsaKey }), 'BUSINESS_CREDENTIALS_INVALID');
    await nothingRecorded(() => depledger.business.connect({ ...good, clientId: 'nope' }), 'BUSINESS_CREDENTIALS_INVALID');
    await nothingRecorded(
      () => depledger.business.connect({ ...good, keyId: '00000000-0000-0000-0000-000000000000' }),
      'BUSINESS_AUTH_REFUSED',
    );
    await nothingRecorded(() => depledger.business.connect({ ...good, privateKeyPem: otherKey }), 'BUSINESS_AUTH_REFUSED');
    await nothingRecorded(() => depledger.business.servers(), 'BUSINESS_ACCOUNT_NOT_CONNECTED');
  });

  it('assigns by order number: activity → DEP sync shows the devices → default profile → Non contacté', async () => {
    const { servers } = await depledger.business.connect({
      clientId: account.clientId,
      keyId: account.keyId,
      privateKeyPem: account.privateKeyPem,
    });
    expect(servers.map((server) => server.serverId)).toContain(issued.serverId);
    const inventory = await depledger.business.refreshInventory({ appleCare: true });
    expect(inventory).toMatchObject({ seen: 30, changed: 0, released: 0 });
    const order = inventory.devices.find((device) => device.serial === serials[0])?.facts.orderNumber as string;
    const inOrder = inventory.devices.filter((device) => device.facts.orderNumber === order).map((device) => device.serial);
    expect(inOrder.length).toBeGreaterThan(0);
    expect(inOrder.length).toBeLessThan(30);

    const progress: number[] = [];
    const report = await depledger.business.assign({
      serverId: issued.serverId,
      orderNumber: order,
      onProgress: (p) => progress.push(p.completed),
    });
    expect([...report.assigned].sort()).toEqual([...inOrder].sort());
    expect(report.failed).toEqual([]);
    expect(progress.at(-1)).toBe(1);
    expect(await depledger.business.assignment(report.assignmentId)).toMatchObject({ status: 'completed', failed: [] });
    const before = await situations('fr');
    for (const serial of inOrder)
      expect(before.get(serial)).toMatchObject({
        situation: 'assigned_not_synced',
        situationLabel: 'Assigné à notre serveur chez Apple, pas encore synchronisé',
        ourTokenId: 'paris',
      });
    expect(before.get(serials[25]!)).toMatchObject({ situation: 'unassigned', appleCare: { description: 'Limited Warranty' } });

    const run = await depledger.sync.run('paris', { kind: 'full', trigger: 'manual' });
    expect(run).toMatchObject({ status: 'completed' });
    for (const serial of inOrder) {
      const state = await depledger.devices.state(serial);
      expect(state.status).toBe('assigned');
      if (state.status === 'assigned') expect(state.assignment?.state).toBe('assigned');
      expect(await deviceStatusAsOf(store, serial, { time: new Date(simulator.clock.nowMs() + 1000) })).toMatchObject({
        statusLabel: 'Non contacté',
      });
    }

    const after = await situations();
    for (const serial of inOrder) expect(after.get(serial)).toMatchObject({ situation: 'synced' });

    // The inventory now says where they are; a second pass records only that change.
    const again = await depledger.business.refreshInventory();
    expect(again).toMatchObject({ seen: 0, changed: inOrder.length, released: 0 });
  });

  it('names the devices an activity failed for, and refuses an unknown order, unknown serials and an unknown server', async () => {
    const free = simulator.devices.seed({ count: 3, seed: 77 });
    expect(free.every((serial) => simulator.devices.get(serial)?.server_id === undefined)).toBe(true);
    simulator.business.faults.set({ failingSerials: [free[2]!] });
    const report = await depledger.business.assign({ serverId: issued.serverId, serials: free });
    simulator.business.faults.reset();
    expect([...report.assigned].sort()).toEqual(free.slice(0, 2).sort());
    expect(report.failed).toEqual([free[2]]);
    await depledger.business.refreshInventory();
    const elsewhere = simulator.createServerWithCredentials({ name: 'Other MDM' });
    simulator.portal.assignDevices(elsewhere.serverId, { serials: [serials[29]!] });
    await depledger.business.refreshInventory();
    const now = await situations();
    expect(now.get(free[0]!)?.situation).toBe('assigned_not_synced');
    expect(now.get(free[2]!)?.situation).toBe('assignment_failed');
    expect(now.get(serials[29]!)?.situation).toBe('assigned_elsewhere');

    await nothingRecorded(
      () => depledger.business.assign({ serverId: issued.serverId, orderNumber: 'W000000000' }),
      'BUSINESS_ORDER_UNKNOWN',
    );
    await nothingRecorded(
      () => depledger.business.assign({ serverId: issued.serverId, serials: ['UNKNOWN12345'] }),
      'BUSINESS_SERIALS_UNKNOWN',
    );
    await nothingRecorded(
      () => depledger.business.assign({ serverId: issued.serverId, csv: 'serial\nnot-a-serial\n' }),
      'BUSINESS_SELECTION_INVALID',
    );
    await nothingRecorded(() => depledger.business.assign({ serverId: '0'.repeat(32), serials: [free[0]!] }), 'BUSINESS_SERVER_UNKNOWN');
    await nothingRecorded(
      () => depledger.business.assign({ serverId: issued.serverId, serials: [free[0]!], orderNumber: 'x' }),
      'BUSINESS_SELECTION_INVALID',
    );
  });

  it('records a refusal on the account when Apple stops accepting its key', async () => {
    simulator.business.revokeApiAccount(account.clientId);
    simulator.clock.advance(3600 * 1000); // the cached access token runs out
    const error = await failure(depledger.business.servers());
    expect(error).toMatchObject({ code: 'BUSINESS_AUTH_REFUSED' });
    expect(await depledger.business.account()).toMatchObject({ status: 'refused', refusedCode: 'BUSINESS_AUTH_REFUSED' });
    for await (const event of store.readAll()) expect(JSON.stringify(event)).not.toContain('PRIVATE KEY');
  });
});
