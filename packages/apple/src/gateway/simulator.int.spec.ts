import { isGatewayError, profileSettingsSchema, type GatewayFailure } from '@depledger/core';
import { startAppleSimulator, type StartedSimulator } from '@depledger/apple-simulator';
import {
  createAppleGateway,
  decryptServerToken,
  generateEncryptionKey,
  type AppleGateway,
  type AppleGatewayOptions,
  type EncryptionKey,
  type OAuthCredentials,
} from '../index';

/** Against @depledger/apple-simulator over real HTTP on loopback: the same path a deployment takes against Apple. */
let key: EncryptionKey;
let sim: StartedSimulator;
let vault: Map<string, OAuthCredentials>;
let gateway: AppleGateway;

const gatewayFor = (options: Partial<AppleGatewayOptions> = {}) =>
  createAppleGateway({
    baseUrl: sim.url,
    userAgent: 'depledger-tests/1.0',
    credentials: async (tokenId) => vault.get(tokenId) ?? null,
    sleep: async () => {},
    ...options,
  });

const failureOf = async (call: Promise<unknown>): Promise<GatewayFailure | 'no failure'> => {
  try {
    await call;
    return 'no failure';
  } catch (error) {
    if (!isGatewayError(error)) throw error;
    return error.failure;
  }
};

beforeAll(() => {
  key = generateEncryptionKey();
});

beforeEach(async () => {
  sim = await startAppleSimulator({ devices: 25, certificatePem: key.certificatePem });
  const { token } = decryptServerToken(sim.server.p7m!, { id: 'current', ...key });
  vault = new Map([['acme', token]]);
  gateway = gatewayFor();
});
afterEach(() => sim.simulator.stop());

describe('@depledger/apple against the simulator', () => {
  it("decrypts the .p7m the simulator's portal issued for our certificate", () => {
    expect(sim.server.fileName).toMatch(/_Token_.*_smime\.p7m$/);
    const { token, keyId } = decryptServerToken(sim.server.p7m!, [
      { id: 'other', ...generateEncryptionKey() },
      { id: 'current', ...key },
    ]);
    expect(keyId).toBe('current');
    expect(token).toEqual({
      consumerKey: sim.server.token.consumer_key,
      consumerSecret: sim.server.token.consumer_secret,
      accessToken: sim.server.token.access_token,
      accessSecret: sim.server.token.access_secret,
      accessTokenExpiry: sim.server.token.access_token_expiry,
    });
  });

  it('reads the account', async () => {
    const account = await gateway.account('acme');
    expect(account.serverName).toBe(sim.server.serverName);
    expect(account.orgName).toBe('Example Organisation');
  });

  it('fetch → sync → define → assign → remove → disown', async () => {
    // Fetch every device, page by page.
    const fetched: string[] = [];
    let cursor: string | undefined;
    for (let more = true; more;) {
      const page = await gateway.fetchDevices({ tokenId: 'acme', limit: 10, ...(cursor ? { cursor } : {}) });
      expect(page.devices.length).toBeLessThanOrEqual(10);
      fetched.push(...page.devices.map((d) => d.serial));
      expect(page.devices.every((d) => d.operation === null)).toBe(true);
      cursor = page.cursor;
      more = page.moreToFollow;
    }
    expect(fetched.sort()).toEqual([...sim.serials].sort());
    expect(await failureOf(gateway.fetchDevices({ tokenId: 'acme', cursor: cursor! }))).toBe('cursor_exhausted');

    // New devices arrive in the portal; a sync sees them.
    const newcomers = sim.simulator.devices.seed({ count: 3, serverId: sim.server.serverId });
    const synced = await gateway.syncDevices({ tokenId: 'acme', cursor: cursor! });
    expect(
      synced.devices
        .filter((d) => d.operation === 'added')
        .map((d) => d.serial)
        .sort(),
    ).toEqual([...newcomers].sort());

    // Define a profile and assign it.
    const { profileUuid } = await gateway.defineProfile(
      'acme',
      profileSettingsSchema.parse({
        name: 'Acme',
        url: 'https://mdm.acme.example/enroll',
        skipSetupItems: ['Siri'],
        department: 'IT',
        language: 'fr',
        region: 'FR',
      }),
    );
    expect(profileUuid).toMatch(/^[0-9A-F]{32}$/);
    const stored = await gateway.client.getProfile('acme', profileUuid);
    expect(stored).toMatchObject({ profile_name: 'Acme', is_mdm_removable: false, skip_setup_items: ['Siri'] });

    const targets = [...newcomers, 'NOT-OURS-123'];
    const report = await gateway.assignProfile('acme', profileUuid, targets);
    expect(Object.fromEntries(report.results)).toEqual({
      ...Object.fromEntries(newcomers.map((s) => [s, 'assigned'])),
      'NOT-OURS-123': 'not_accessible',
    });
    const details = await gateway.deviceDetails('acme', [newcomers[0]!, 'NOT-OURS-123']);
    expect(details.get(newcomers[0]!)).toMatchObject({ profileStatus: 'assigned', profileUuid });
    expect(details.get('NOT-OURS-123')).toBe('not_accessible');

    // Remove it again (DELETE with a JSON body).
    const removed = await gateway.removeProfile('acme', [newcomers[0]!]);
    expect(removed.get(newcomers[0]!)).toBe('success');
    expect(await gateway.deviceDetails('acme', [newcomers[0]!])).toEqual(
      new Map([[newcomers[0]!, expect.objectContaining({ profileStatus: 'removed' })]]),
    );

    // Disown one: the next sync reports it deleted.
    expect((await gateway.disownDevices('acme', [newcomers[1]!])).get(newcomers[1]!)).toBe('success');
    const after = await gateway.syncDevices({ tokenId: 'acme', cursor: synced.cursor });
    expect(after.devices).toContainEqual(expect.objectContaining({ serial: newcomers[1]!, operation: 'deleted' }));
  });

  it('assigns an unknown profile → profile_not_found', async () => {
    expect(await failureOf(gateway.assignProfile('acme', 'FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF', [sim.serials[0]!]))).toBe('profile_not_found');
  });

  it('renews the session on 401 when the simulator expires it, and on 403 FORBIDDEN after a depsim-style restart', async () => {
    await gateway.account('acme');
    sim.simulator.faults.expireSessions();
    expect((await gateway.account('acme')).serverName).toBe(sim.server.serverName);
    sim.simulator.faults.set({ depsim: true });
    sim.simulator.faults.forgetSessions();
    expect((await gateway.account('acme')).serverName).toBe(sim.server.serverName);
  });

  it('keeps working when sessions expire every few requests', async () => {
    sim.simulator.faults.set({ sessionExpiryEveryRequests: 2 });
    for (let i = 0; i < 6; i++) await gateway.fetchDevices({ tokenId: 'acme', limit: 5 });
  });

  it('survives injected 5xx with retries', async () => {
    sim.simulator.faults.set({ serverErrors: { share: 0.5, status: 503, seed: 7 } });
    for (let i = 0; i < 5; i++) await gateway.account('acme');
    sim.simulator.faults.set({ serverErrors: { share: 1, status: 500, seed: 7 } });
    expect(await failureOf(gatewayFor({ retry: { maxAttempts: 2 } }).account('acme'))).toBe('unavailable');
  });

  it('reports terms not signed, then works again once accepted', async () => {
    sim.simulator.portal.requireNewTerms();
    expect(await failureOf(gateway.account('acme'))).toBe('terms_not_signed');
    sim.simulator.portal.acceptTerms();
    await gateway.account('acme');
  });

  it('reports a revoked token as token_rejected', async () => {
    await gateway.account('acme');
    sim.simulator.portal.revokeToken(sim.server.serverId);
    expect(await failureOf(gateway.account('acme'))).toBe('token_rejected');
  });

  it('renewal: a staged key becomes current only once the new token decrypts with it; the old token stops working', async () => {
    const staged = generateEncryptionKey();
    const renewed = sim.simulator.portal.renewToken(sim.server.serverId, staged.certificatePem);
    const { token, keyId } = decryptServerToken(renewed.p7m!, [
      { id: 'current', ...key },
      { id: 'staged', ...staged },
    ]);
    expect(keyId).toBe('staged');
    expect(await failureOf(gateway.account('acme'))).toBe('token_rejected');
    vault.set('acme', token);
    expect((await gateway.account('acme')).serverName).toBe(sim.server.serverName);
  });

  it('reports cursor problems in domain terms', async () => {
    expect(await failureOf(gateway.syncDevices({ tokenId: 'acme', cursor: 'bm90LWEtY3Vyc29y' }))).toBe('cursor_invalid');
    const first = await gateway.fetchDevices({ tokenId: 'acme', limit: 100 });
    sim.simulator.clock.advance(8 * 24 * 3600 * 1000);
    // Our OAuth timestamps must follow the simulator's clock to sign in after the jump.
    const later = gatewayFor({ now: () => sim.simulator.clock.nowMs() });
    expect(await failureOf(later.syncDevices({ tokenId: 'acme', cursor: first.cursor }))).toBe('cursor_expired');
  });

  it('reports throttled devices with the wait Apple asks for', async () => {
    const { profileUuid } = await gateway.defineProfile('acme', profileSettingsSchema.parse({ name: 'T', url: 'https://t.example/e' }));
    sim.simulator.faults.throttleDevices([sim.serials[0]!], 3600);
    const report = await gateway.assignProfile('acme', profileUuid, [sim.serials[0]!, sim.serials[1]!]);
    expect(report.results.get(sim.serials[0]!)).toBe('throttled');
    expect(report.results.get(sim.serials[1]!)).toBe('assigned');
    expect(report.retryAfterSeconds).toBeGreaterThan(0);
  });

  it('sends the configured User-Agent (the simulator refuses others)', async () => {
    // Simulator settings are fixed at creation: start a second one that refuses our default UA.
    const strict = await startAppleSimulator({ devices: 1, rejectUserAgent: /^depledger\/0\.1\.0$/ });
    try {
      const creds = strict.server.credentials;
      const token = {
        consumerKey: creds.consumer_key,
        consumerSecret: creds.consumer_secret,
        accessToken: creds.access_token,
        accessSecret: creds.access_secret,
      };
      const refused = createAppleGateway({ baseUrl: strict.url, credentials: async () => token });
      const error = await refused.account('x').catch((e: unknown) => e);
      expect(error).toMatchObject({ failure: 'bad_request', appleCode: 'USER_AGENT_INVALID' });
      const accepted = createAppleGateway({ baseUrl: strict.url, userAgent: 'acme-mdm/3.2', credentials: async () => token });
      await accepted.account('x');
    } finally {
      await strict.simulator.stop();
    }
  });
});
