import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAppleSimulator } from '@depledger/apple-simulator';
import { createDepledger, createInMemoryEventStore, createInMemoryVault, type Depledger } from '@depledger/core';
import { appleGateway, createAppleTokenPki } from './index';

/**
 * The Intune document end to end, through createDepledger with the real Apple adapter, against
 * the simulator over loopback HTTP: key → .p7m → upload → profile → portal assignment → sync →
 * power-on → enrollment recorded by a listening MDM.
 */
describe('createDepledger against the Apple simulator', () => {
  const simulator = createAppleSimulator();
  const store = createInMemoryEventStore();
  const vault = createInMemoryVault();
  let depledger: Depledger;
  let mdm: Server;
  let enrollUrl = '';
  const checkIns: string[] = [];

  beforeAll(async () => {
    const { url } = await simulator.start();
    const gateway = appleGateway({ baseUrl: url, retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 5 } });
    depledger = createDepledger({ store, gateway, vault, pki: createAppleTokenPki() });
    mdm = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        const { serial_number: serial } = JSON.parse(body) as { serial_number: string };
        checkIns.push(serial);
        depledger.devices.recordEnrollment(serial, { user: 'jeanne@contoso.example' }).then(
          () => response.writeHead(200).end(),
          () => response.writeHead(500).end(),
        );
      });
    });
    await new Promise<void>((resolve) => mdm.listen(0, '127.0.0.1', resolve));
    enrollUrl = `http://127.0.0.1:${(mdm.address() as AddressInfo).port}/enroll`;
  });

  afterAll(async () => {
    await simulator.stop();
    await new Promise((resolve) => mdm.close(resolve));
  });

  it('walks the eight steps and ends with enrolled and not-contacted devices, no secret in any event', async () => {
    // 2. the encryption key
    const key = await depledger.tokens.generateKey('paris', { actor: 'admin:alice' });
    expect(key.certificatePem).toContain('BEGIN CERTIFICATE');
    // 3. at the portal: add the MDM server with the .pem, download the .p7m
    const issued = simulator.portal.addMdmServer({
      name: 'Paris MDM',
      certificatePem: key.certificatePem,
      adminId: 'alice@contoso.example',
    });
    // 4. upload it with the Apple ID; the account is checked with Apple
    const uploaded = await depledger.tokens.upload('paris', issued.p7m as string, {
      appleId: 'alice@contoso.example',
      actor: 'admin:alice',
    });
    expect(uploaded).toMatchObject({ renewed: false, account: { status: 'verified', serverName: 'Paris MDM' } });
    // 5. the corporate enrollment profile, published and made default
    await depledger.profiles.define(
      'corp',
      'paris',
      { name: 'Contoso iPhones', url: enrollUrl, skipSetupItems: ['Siri', 'Location'] },
      { actor: 'admin:alice' },
    );
    const published = await depledger.profiles.publish('corp', { actor: 'admin:alice' });
    expect(published.profileUuid).toMatch(/^[0-9A-F]{32}$/);
    await depledger.tokens.setDefaultProfile('paris', 'corp', { actor: 'admin:alice' });
    // 6. at the portal: devices assigned by serial and by order number
    const serials = simulator.devices.seed({ count: 12, seed: 7 });
    simulator.portal.assignDevices(issued.serverId, { serials: serials.slice(0, 8) });
    // 7. sync: devices appear and get the default profile; a second run at once is refused
    const run = await depledger.sync.run('paris', { kind: 'full', trigger: 'manual' });
    expect(run).toMatchObject({ status: 'completed' });
    expect(run.counts.added).toBe(8);
    const again = await depledger.sync.run('paris', { kind: 'full', trigger: 'manual' });
    expect(again.status === 'completed' ? again.downgrade : again.refusal).toBeTruthy();
    for (const serial of serials.slice(0, 8)) {
      const state = await depledger.devices.state(serial);
      expect(state.status).toBe('assigned');
      if (state.status === 'assigned') expect(state.assignment?.state).toBe('assigned');
    }
    // 8. power on three devices: the simulator calls the enrollment URL, the MDM records the check-in
    for (const serial of serials.slice(0, 3)) {
      const power = await simulator.devices.powerOn(serial);
      expect(power).toMatchObject({ pushed: true, status: 200 });
    }
    expect(checkIns.sort()).toEqual(serials.slice(0, 3).sort());
    const enrolled = await Promise.all(serials.slice(0, 8).map((s) => depledger.devices.state(s)));
    expect(enrolled.filter((s) => s.status === 'assigned' && s.enrollment).length).toBe(3);

    // No secret and no e-mail anywhere in the log.
    const secrets = [
      issued.credentials.consumer_secret,
      issued.credentials.access_secret,
      issued.credentials.access_token,
      'alice@contoso.example',
      'jeanne@contoso.example',
    ];
    for await (const event of store.readAll()) {
      const text = JSON.stringify(event);
      for (const secret of secrets) expect(text).not.toContain(secret);
      expect(text).not.toContain('PRIVATE KEY');
    }
  });

  it('refuses an upload with a token made for another key, and records nothing', async () => {
    const other = createAppleTokenPki().generateKey({ commonName: 'other', now: new Date() });
    const issued = simulator.portal.addMdmServer({ name: 'Lyon MDM', certificatePem: other.certificatePem });
    await depledger.tokens.generateKey('lyon');
    const head = await store.headPosition();
    await expect(depledger.tokens.upload('lyon', issued.p7m as string, { appleId: 'bob@contoso.example' })).rejects.toMatchObject({
      code: 'SERVER_TOKEN_UNUSABLE',
    }); // the default answer: the same for a wrong key or a damaged file
    expect(await store.headPosition()).toBe(head);
  });

  it('refuses a renewal with another Apple ID and leaves no secret behind', async () => {
    const key = await depledger.tokens.generateKey('paris', { renew: true });
    expect(key.staged).toBe(true);
    const servers = simulator.portal.listMdmServers();
    const paris = servers.find((s) => s.name === 'Paris MDM');
    const renewed = simulator.portal.renewToken(paris?.serverId as string, key.certificatePem);
    const sizeBefore = vault.size();
    await expect(depledger.tokens.upload('paris', renewed.p7m as string, { appleId: 'mallory@contoso.example' })).rejects.toMatchObject({
      code: 'RENEWAL_APPLE_ID_MISMATCH',
    });
    // The refused token's OAuth secrets were forgotten; only the new Apple ID pseudonym remains.
    expect(vault.size()).toBe(sizeBefore + 1);
    const ok = await depledger.tokens.upload('paris', renewed.p7m as string, { appleId: 'Alice@Contoso.example' });
    expect(ok).toMatchObject({ renewed: true, account: { status: 'verified' } });
  });

  it('forgets the secrets a renewal, a replaced staged key and a removal leave unused', async () => {
    const activeState = async () => {
      const state = await depledger.tokens.state('paris');
      if (state.status !== 'active') throw new Error(`paris is ${state.status}`);
      return state;
    };
    const before = await activeState();
    const oldSecrets = before.oauthSecretsRef;
    const oldKey = before.keys[before.currentKeyId]?.privateKeyRef as string;
    expect(await vault.reveal(oldSecrets)).not.toBeNull();

    const abandoned = await depledger.tokens.generateKey('paris', { renew: true });
    const abandonedKey = (await activeState()).keys[abandoned.keyId]?.privateKeyRef as string;
    const staged = await depledger.tokens.generateKey('paris', { renew: true });
    expect(await vault.reveal(abandonedKey)).toBeNull();
    expect(await vault.reveal(oldKey)).not.toBeNull();

    const paris = simulator.portal.listMdmServers().find((s) => s.name === 'Paris MDM');
    const renewed = simulator.portal.renewToken(paris?.serverId as string, staged.certificatePem);
    await depledger.tokens.upload('paris', renewed.p7m as string, { appleId: 'alice@contoso.example' });
    const after = await activeState();
    expect(await vault.reveal(oldSecrets)).toBeNull();
    expect(await vault.reveal(oldKey)).toBeNull();
    expect(await vault.reveal(after.oauthSecretsRef)).not.toBeNull();
    expect(await vault.reveal(after.keys[after.currentKeyId]?.privateKeyRef as string)).not.toBeNull();

    await depledger.tokens.generateKey('lyon');
    const lyon = await depledger.tokens.state('lyon');
    const lyonKey = lyon.status === 'key_issued' ? (lyon.keys[lyon.currentKeyId]?.privateKeyRef as string) : '';
    await depledger.tokens.remove('lyon');
    expect(await vault.reveal(lyonKey)).toBeNull();
  });
});
