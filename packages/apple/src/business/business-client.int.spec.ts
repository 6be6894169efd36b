import { generateKeyPairSync } from 'node:crypto';
import { createAppleSimulator, type AppleSimulator, type IssuedApiAccount } from '@depledger/apple-simulator';
import { isDepledgerError, type ErrorCode } from '@depledger/core';
import { createBusinessClient } from './business-client';
import type { BusinessApiCredentials, BusinessClientEvent, BusinessClientOptions } from './business-options';

const failureOf = async (promise: Promise<unknown>): Promise<any> => {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure');
};

describe('Business API client against the simulator', () => {
  let sim: AppleSimulator;
  let url: string;
  let account: IssuedApiAccount;
  let serials: string[];
  const tokenRequests: string[] = [];
  const events: BusinessClientEvent[] = [];
  const sleeps: number[] = [];

  const credentialsOf = (account: IssuedApiAccount): BusinessApiCredentials => ({
    clientId: account.clientId,
    keyId: account.keyId,
    privateKeyPem: account.privateKeyPem,
  });
  const clientFor = (credentials: BusinessApiCredentials, options: Partial<BusinessClientOptions> = {}) =>
    createBusinessClient({
      credentials: async () => credentials,
      baseUrl: url,
      tokenUrl: `${url}/auth/oauth2/v2/token`,
      pageLimit: 10,
      userAgent: 'depledger-tests/1.0',
      now: () => sim.clock.nowMs(),
      sleep: async (ms) => {
        sleeps.push(ms);
        await new Promise((resolve) => setTimeout(resolve, Math.min(ms, 20)));
      },
      fetch: (input, init) => {
        if (String(input).endsWith('/auth/oauth2/v2/token')) tokenRequests.push(String(input));
        return fetch(input, init);
      },
      observe: (event) => events.push(event),
      ...options,
    });

  beforeAll(async () => {
    sim = createAppleSimulator({ seed: 11 });
    ({ url } = await sim.start());
    serials = sim.devices.seed({ count: 23 });
    account = sim.business.addApiAccount({ name: 'adapter' });
  });
  afterAll(() => sim.stop());

  it('reads the whole inventory through the cursor pages with one access token', async () => {
    tokenRequests.length = 0;
    const client = clientFor(credentialsOf(account));
    const pages: number[] = [];
    for await (const page of client.orgDevicePages()) pages.push(page.length);
    expect(pages).toEqual([10, 10, 3]);
    const devices = await client.orgDevices();
    expect(devices.map((device) => device.serialNumber).sort()).toEqual([...serials].sort());
    expect(devices[0]).toMatchObject({ status: 'UNASSIGNED', orderNumber: expect.stringMatching(/^W\d+$/) });
    expect(await client.appleCareCoverage(serials[0]!)).toEqual([
      expect.objectContaining({ description: 'Limited Warranty', status: 'ACTIVE', isCanceled: false }),
    ]);
    expect(await client.assignedServerId(serials[0]!)).toBeNull();
    expect(tokenRequests).toHaveLength(1);
  });

  it('gets a new access token when the old one expires, and once when Apple answers 401', async () => {
    tokenRequests.length = 0;
    const client = clientFor(credentialsOf(account));
    await client.mdmServers();
    sim.clock.advance(3600 * 1000);
    await client.mdmServers();
    expect(tokenRequests).toHaveLength(2);

    // A client whose clock says the token is still good: Apple's 401 makes it exchange once more.
    tokenRequests.length = 0;
    const trusting = clientFor(credentialsOf(account), { now: () => Date.now(), assertionLifetimeSeconds: 24 * 3600 });
    await trusting.mdmServers();
    sim.clock.advance(3601 * 1000);
    await trusting.mdmServers();
    expect(tokenRequests).toHaveLength(2);
    expect(events.at(-2)).toEqual({ type: 'access-token-replaced' });
  });

  it('waits out 429 (as Retry-After says) and 5xx answers', async () => {
    sleeps.length = 0;
    const client = clientFor(credentialsOf(account));
    sim.business.faults.set({ tooManyRequests: { count: 1, retryAfterSeconds: 3 }, serverErrors: { count: 1, status: 503 } });
    expect(Array.isArray(await client.mdmServers())).toBe(true);
    expect(sleeps[0]).toBe(3000);
    expect(sleeps).toHaveLength(2);
    expect(
      events
        .filter((event) => event.type === 'retry')
        .map((event) => (event as { httpStatus: number }).httpStatus)
        .slice(-2),
    ).toEqual([429, 503]);
    sim.business.faults.reset();
  });

  it('assigns devices: Apple finishes the activity later, failed devices are named, the DEP side sees the others', async () => {
    const server = sim.createServerWithCredentials({ name: 'Assign target' });
    const client = clientFor(credentialsOf(account));
    sim.business.faults.set({ failingSerials: [serials[2]!], activityDurationMs: 150 });
    const progress: number[] = [];
    const outcome = await client.assignDevices({
      serverId: server.serverId,
      deviceIds: serials.slice(0, 3),
      pollIntervalMs: 30,
      onProgress: (p) => progress.push(p.completed),
    });
    expect(outcome.activities).toEqual([expect.objectContaining({ status: 'COMPLETED', subStatus: 'COMPLETED_WITH_ERROR' })]);
    expect([...outcome.assigned].sort()).toEqual(serials.slice(0, 2).sort());
    expect(outcome.failed).toEqual([serials[2]]);
    expect(progress.at(-1)).toBe(1);
    expect(
      sim.devices
        .list({ serverId: server.serverId })
        .map((device) => device.serial_number)
        .sort(),
    ).toEqual(serials.slice(0, 2).sort());
    expect(await client.assignedServerId(serials[0]!)).toBe(server.serverId);
    sim.business.faults.reset();
  });

  it('turns bad credentials and refusals into typed errors that hold no secret', async () => {
    const otherKey = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const revoked = sim.business.addApiAccount();
    sim.business.revokeApiAccount(revoked.clientId);
    const good = credentialsOf(account);
    const cases: Array<[BusinessApiCredentials, string]> = [
      [{ ...good, keyId: 'wrong-key-id' }, 'BUSINESS_AUTH_REFUSED'],
      [{ ...good, privateKeyPem: otherKey }, 'BUSINESS_AUTH_REFUSED'],
      [credentialsOf(revoked), 'BUSINESS_AUTH_REFUSED'],
      [{ ...good, privateKeyPem: good.privateKeyPem.slice(0, 80) }, 'BUSINESS_KEY_INVALID'],
      [{ ...good, clientId: 'client-without-prefix' }, 'BUSINESS_CREDENTIALS_INVALID'],
    ];
    const errors: unknown[] = [];
    for (const [credentials, code] of cases) {
      const error = await failureOf(clientFor(credentials).mdmServers());
      expect(isDepledgerError(error, code as ErrorCode)).toBe(true);
      errors.push(error);
    }
    expect(sim.business.tokenRefusals().slice(-3)).toEqual(['wrong_key_id', 'bad_signature', 'revoked']);
    const notFound = await failureOf(clientFor(good).orgDevice('NOSUCHSERIAL'));
    expect(notFound).toMatchObject({ code: 'BUSINESS_NOT_FOUND', httpStatus: 404, appleCode: 'NOT_FOUND' });
    const rejected = await failureOf(clientFor(good).createActivity({ type: 'ASSIGN_DEVICES', deviceIds: [serials[5]!] }));
    expect(rejected).toMatchObject({ code: 'BUSINESS_REQUEST_REJECTED', httpStatus: 422 });
    errors.push(notFound, rejected);

    const keyBody = good.privateKeyPem
      .split('\n')
      .filter((line) => line !== '' && !line.startsWith('-----'))
      .join('');
    const everything = JSON.stringify(errors) + errors.map((error) => (error as Error).message).join('\n') + JSON.stringify(events);
    for (const fragment of [keyBody.slice(0, 24), keyBody.slice(-24), otherKey.split('\n')[1]!.slice(0, 24)])
      expect(everything).not.toContain(fragment);
    expect(everything).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\./); // no JWT (an assertion) anywhere
  });

  it('sends no assertion and no access token to a URL that is not Apple’s nor on this machine', async () => {
    const sent: string[] = [];
    const spy: typeof fetch = (input, init) => {
      sent.push(String(input));
      return fetch(input, init);
    };
    const good = credentialsOf(account);
    for (const [options, role] of [
      [{ tokenUrl: 'https://account.apple.example/auth/oauth2/v2/token' }, 'token endpoint'],
      [{ tokenUrl: 'http://account.apple.com/auth/oauth2/v2/token' }, 'token endpoint'],
      [{ baseUrl: 'https://api-business.apple.com.attacker.example' }, 'API'],
    ] as const) {
      const error = await failureOf(clientFor(good, { ...options, fetch: spy }).mdmServers());
      expect(error).toMatchObject({ code: 'BUSINESS_URL_NOT_APPLE', details: { role } });
    }
    expect(sent).toEqual([]);
    // Apple's own hosts pass the check (they are not reached from the tests: the fetch answers).
    const atApple = createBusinessClient({
      credentials: async () => good,
      fetch: async (input) => {
        sent.push(String(input));
        return new Response(JSON.stringify({ error: 'invalid_client' }), { status: 400 });
      },
      retry: { maxAttempts: 1 },
    });
    expect(await failureOf(atApple.mdmServers())).toMatchObject({ code: 'BUSINESS_AUTH_REFUSED' });
    expect(sent).toEqual(['https://account.apple.com/auth/oauth2/v2/token']);
  });
});
