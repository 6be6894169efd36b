import { generateKeyPairSync } from 'node:crypto';
import { createAppleSimulator, type AppleSimulator } from '../simulator';
import { appleClient, fetchAll } from '../test-support/apple-calls';
import { abmSchemas, requestToken, testAssertion } from '../test-support/business-calls';
import type { IssuedApiAccount } from './api-account';

const schemas = abmSchemas();

describe('simulator: the Apple School and Business Manager API', () => {
  let sim: AppleSimulator;
  let url: string;
  let account: IssuedApiAccount;
  let audience: string;
  let token: string;

  const api = async (path: string, init: RequestInit = {}, bearer: string | null = token) => {
    const response = await fetch(`${url}${path}`, {
      ...init,
      headers: {
        ...(bearer === null ? {} : { Authorization: `Bearer ${bearer}` }),
        ...(init.body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
    });
    return { status: response.status, headers: response.headers, body: (await response.json()) as any };
  };

  const waitForActivity = async (id: string) => {
    for (;;) {
      const { body } = await api(`/v1/orgDeviceActivities/${id}`);
      expect(schemas.validate('OrgDeviceActivityResponse', body)).toEqual([]);
      if (body.data.attributes.status !== 'IN_PROGRESS') return body;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };

  beforeAll(async () => {
    sim = createAppleSimulator({ seed: 7 });
    ({ url } = await sim.start());
    audience = `${url}/auth/oauth2/v2/token`;
    account = sim.business.addApiAccount({ name: 'tests' });
    sim.devices.seed({ count: 25 });
    const answer = await requestToken(url, account.clientId, testAssertion(account, audience));
    expect(answer).toMatchObject({ status: 200, body: { token_type: 'Bearer', expires_in: 3600, scope: 'business.api' } });
    token = String(answer.body.access_token);
  });
  afterAll(() => sim.stop());

  it('hands out business and school accounts with P-256 keys', () => {
    expect(account.clientId).toMatch(/^BUSINESSAPI\.[0-9a-f-]{36}$/);
    expect(account.privateKeyPem).toContain('BEGIN PRIVATE KEY');
    expect(sim.business.addApiAccount({ kind: 'school' }).clientId).toMatch(/^SCHOOLAPI\./);
  });

  it('lists the organisation devices page by page, each page a valid OrgDevice list', async () => {
    const serials: string[] = [];
    let path = '/v1/orgDevices?limit=10';
    for (let pages = 1; ; pages++) {
      const { status, body } = await api(path);
      expect(status).toBe(200);
      expect(schemas.validate('OrgDevicesResponse', body)).toEqual([]);
      serials.push(...body.data.map((device: any) => device.attributes.serialNumber));
      if (body.meta.paging.nextCursor === undefined) {
        expect(pages).toBe(3);
        expect(body.links.next).toBeUndefined();
        break;
      }
      path = `/v1/orgDevices?limit=10&cursor=${body.meta.paging.nextCursor}`;
    }
    expect(serials.sort()).toEqual(
      sim.devices
        .list()
        .map((device) => device.serial_number)
        .sort(),
    );
  });

  it('reads one device, its AppleCare coverage and its assigned server', async () => {
    const serial = sim.devices.list()[0]?.serial_number ?? '';
    const one = await api(`/v1/orgDevices/${serial}`);
    expect(schemas.validate('OrgDeviceResponse', one.body)).toEqual([]);
    expect(one.body.data.attributes).toMatchObject({ serialNumber: serial, status: 'UNASSIGNED' });
    const coverage = await api(`/v1/orgDevices/${serial}/appleCareCoverage`);
    expect(coverage.status).toBe(200);
    expect(coverage.body.data[0]).toMatchObject({
      type: 'appleCareCoverage',
      attributes: { status: 'ACTIVE', paymentType: 'NONE', description: 'Limited Warranty' },
    });
    expect(schemas.validate('PagingInformation', coverage.body.meta)).toEqual([]);
    const assigned = await api(`/v1/orgDevices/${serial}/relationships/assignedServer`);
    expect(assigned.body.data).toBeNull();
  });

  it('answers errors as JSON:API ErrorResponses', async () => {
    const cases = [
      await api('/v1/orgDevices', {}, null),
      await api('/v1/orgDevices', {}, 'not-a-token'),
      await api('/v1/orgDevices/NOSUCHSERIAL'),
      await api('/v1/orgDevices?limit=5000'),
      await api('/v1/orgDevices?cursor=bogus'),
      await api('/v1/somethingElse'),
      await api('/v1/orgDeviceActivities', {
        method: 'POST',
        body: '{"data":{"type":"orgDeviceActivities","attributes":{"activityType":"RELEASE_DEVICES"}}}',
      }),
    ];
    expect(cases.map((c) => c.status)).toEqual([401, 401, 404, 400, 400, 404, 422]);
    for (const { body } of cases) expect(schemas.validate('ErrorResponse', body)).toEqual([]);
    expect(schemas.validate('ErrorResponse', { errors: [{ status: 400 }] })).not.toEqual([]);
    expect(cases[3]?.body.errors[0]).toMatchObject({ status: '400', code: 'PARAMETER_ERROR.INVALID', source: { parameter: 'limit' } });
  });

  it('assigns devices through an activity that completes later and shows in the DEP sync feed', async () => {
    const server = sim.createServerWithCredentials({ name: 'Business target' });
    const servers = await api('/v1/mdmServers');
    expect(schemas.validate('MdmServersResponse', servers.body)).toEqual([]);
    expect(servers.body.data.map((s: any) => s.attributes.serverName)).toContain('Business target');

    const serials = sim.devices
      .list()
      .slice(0, 4)
      .map((device) => device.serial_number);
    sim.business.faults.set({ failingSerials: [serials[3] ?? ''], activityDurationMs: 100 });
    const request = {
      data: {
        type: 'orgDeviceActivities',
        attributes: { activityType: 'ASSIGN_DEVICES' },
        relationships: {
          mdmServer: { data: { type: 'mdmServers', id: server.serverId } },
          devices: { data: serials.map((id) => ({ type: 'orgDevices', id })) },
        },
      },
    };
    expect(schemas.validate('OrgDeviceActivityCreateRequest', request)).toEqual([]);
    const created = await api('/v1/orgDeviceActivities', { method: 'POST', body: JSON.stringify(request) });
    expect(created.status).toBe(201);
    expect(schemas.validate('OrgDeviceActivityResponse', created.body)).toEqual([]);
    expect(created.body.data.attributes.status).toBe('IN_PROGRESS');
    expect(sim.devices.list({ serverId: server.serverId })).toEqual([]);

    const done = await waitForActivity(created.body.data.id);
    expect(done.data.attributes).toMatchObject({
      status: 'COMPLETED',
      subStatus: 'COMPLETED_WITH_ERROR',
      completedDateTime: expect.any(String),
    });
    expect(
      sim.devices
        .list({ serverId: server.serverId })
        .map((d) => d.serial_number)
        .sort(),
    ).toEqual(serials.slice(0, 3).sort());
    expect(sim.business.activity(created.body.data.id)?.outcome).toEqual({
      [serials[0]!]: 'done',
      [serials[1]!]: 'done',
      [serials[2]!]: 'done',
      [serials[3]!]: 'failed',
    });
    const members = await api(`/v1/mdmServers/${server.serverId}/relationships/devices`);
    expect(members.body.data.map((d: any) => d.id).sort()).toEqual(serials.slice(0, 3).sort());
    const assigned = await api(`/v1/orgDevices/${serials[0]}/relationships/assignedServer`);
    expect(assigned.body.data).toEqual({ type: 'mdmServers', id: server.serverId });

    // The DEP side: the server's own token sees the devices arrive in its fetch.
    const feed = await fetchAll(appleClient(url, server.credentials), 1000);
    expect(feed.serials.sort()).toEqual(serials.slice(0, 3).sort());
    sim.business.faults.reset();
  });

  it('unassigns from a server and releases from the organisation through activities, each with a CSV log behind its downloadUrl', async () => {
    const server = sim.createServerWithCredentials({ name: 'Unassign target' });
    const serials = sim.devices
      .list()
      .slice(10, 14)
      .map((device) => device.serial_number);
    sim.portal.assignDevices(server.serverId, { serials: serials.slice(0, 3) });
    const activityOf = async (activityType: string, ids: readonly string[], serverId?: string) => {
      const request = {
        data: {
          type: 'orgDeviceActivities',
          attributes: { activityType },
          relationships: {
            ...(serverId === undefined ? {} : { mdmServer: { data: { type: 'mdmServers', id: serverId } } }),
            devices: { data: ids.map((id) => ({ type: 'orgDevices', id })) },
          },
        },
      };
      expect(schemas.validate('OrgDeviceActivityCreateRequest', request)).toEqual([]);
      const created = await api('/v1/orgDeviceActivities', { method: 'POST', body: JSON.stringify(request) });
      expect(created.status).toBe(201);
      expect(schemas.validate('OrgDeviceActivityResponse', created.body)).toEqual([]);
      expect(created.body.data.attributes.downloadUrl).toBeUndefined(); // only once COMPLETED
      return waitForActivity(created.body.data.id);
    };
    const csvAt = async (link: string) => {
      const response = await fetch(link);
      return { status: response.status, type: response.headers.get('content-type'), text: await response.text() };
    };

    // Unassign two of the server's devices and one that is not on it.
    const unassigned = await activityOf('UNASSIGN_DEVICES', [serials[0]!, serials[1]!, serials[3]!], server.serverId);
    expect(unassigned.data.attributes).toMatchObject({ status: 'COMPLETED', subStatus: 'COMPLETED_WITH_ERROR' });
    expect(sim.devices.list({ serverId: server.serverId }).map((d) => d.serial_number)).toEqual([serials[2]]);
    const log = await csvAt(unassigned.data.attributes.downloadUrl);
    expect(log).toMatchObject({ status: 200, type: expect.stringMatching(/^text\/csv/) });
    expect(log.text.trim().split('\r\n')).toEqual([
      'serialNumber,activityType,result,detail',
      `${serials[0]},UNASSIGN_DEVICES,SUCCESS,`,
      `${serials[1]},UNASSIGN_DEVICES,SUCCESS,`,
      `${serials[3]},UNASSIGN_DEVICES,FAILED,The device could not be processed.`,
    ]);
    // The link is the credential: without its signature there is nothing.
    const link = new URL(unassigned.data.attributes.downloadUrl as string);
    link.searchParams.set('signature', 'x');
    expect((await csvAt(link.href)).status).toBe(404);

    // Release: the devices leave the organisation (and their server) for good.
    const released = await activityOf('RELEASE_DEVICES', [serials[2]!, serials[3]!]);
    expect(released.data.attributes).toMatchObject({ status: 'COMPLETED', subStatus: 'COMPLETED_WITH_SUCCESS' });
    expect(sim.devices.list({ serverId: server.serverId })).toEqual([]);
    expect((await api(`/v1/orgDevices/${serials[2]}`)).status).toBe(404);
    const listed = await api('/v1/orgDevices?limit=1000');
    expect(listed.body.data.map((d: any) => d.id)).not.toContain(serials[3]);
    expect((await csvAt(released.data.attributes.downloadUrl)).text).toContain(`${serials[2]},RELEASE_DEVICES,SUCCESS,`);
  });

  it('migrates devices to another server by a deadline, moves the deadline and cancels the migration (the devices go back)', async () => {
    const from = sim.createServerWithCredentials({ name: 'Migrating from' });
    const to = sim.createServerWithCredentials({ name: 'Migrating to' });
    const serials = sim.devices
      .list()
      .slice(15, 19)
      .map((device) => device.serial_number);
    sim.portal.assignDevices(from.serverId, { serials: serials.slice(0, 3) });
    sim.business.faults.set({ activityDurationMs: 20 });
    const day = 24 * 3600 * 1000;
    const inDays = (days: number) => new Date(Date.now() + days * day).toISOString();
    const post = (activityType: string, ids: readonly string[], options: { serverId?: string; deadline?: string } = {}) => {
      const request = {
        data: {
          type: 'orgDeviceActivities',
          attributes: {
            activityType,
            ...(options.deadline === undefined ? {} : { activityTypeMetadata: { mdmMigrationDeadlineDateTime: options.deadline } }),
          },
          relationships: {
            ...(options.serverId === undefined ? {} : { mdmServer: { data: { type: 'mdmServers', id: options.serverId } } }),
            devices: { data: ids.map((id) => ({ type: 'orgDevices', id })) },
          },
        },
      };
      expect(schemas.validate('OrgDeviceActivityCreateRequest', request)).toEqual([]);
      return api('/v1/orgDeviceActivities', { method: 'POST', body: JSON.stringify(request) });
    };

    // A deadline beyond 90 days, or none, is refused before any activity exists.
    const tooFar = await post('ASSIGN_DEVICES_WITH_MDM_MIGRATION_DEADLINE', serials.slice(0, 1), {
      serverId: to.serverId,
      deadline: inDays(91),
    });
    expect(tooFar.status).toBe(409);
    expect(schemas.validate('ErrorResponse', tooFar.body)).toEqual([]);
    expect(tooFar.body.errors[0].source).toEqual({ pointer: '/data/attributes/activityTypeMetadata/mdmMigrationDeadlineDateTime' });
    const missing = await post('UPDATE_MDM_MIGRATION_DEADLINE', serials.slice(0, 1));
    expect(missing.status).toBe(422);

    // Three devices enrolled through `from` migrate to `to`; the fourth is on no server and has nothing to migrate from.
    const deadline = inDays(30);
    const created = await post('ASSIGN_DEVICES_WITH_MDM_MIGRATION_DEADLINE', serials, { serverId: to.serverId, deadline });
    expect(created.status).toBe(201);
    const migrated = await waitForActivity(created.body.data.id);
    expect(migrated.data.attributes).toMatchObject({ status: 'COMPLETED', subStatus: 'COMPLETED_WITH_ERROR' });
    expect(sim.business.activity(created.body.data.id)?.outcome?.[serials[3]!]).toBe('failed');
    const device = await api(`/v1/orgDevices/${serials[0]}`);
    expect(schemas.validate('OrgDeviceResponse', device.body)).toEqual([]);
    expect(device.body.data.attributes).toMatchObject({
      isMdmMigrationCapable: true,
      mdmMigrationStatus: 'REQUESTED',
      mdmMigrationDeadlineDateTime: deadline,
      status: 'ASSIGNED',
    });
    expect((await api(`/v1/orgDevices/${serials[3]}`)).body.data.attributes.mdmMigrationStatus).toBeUndefined();
    // The new server's DEP feed carries the deadline (protocol 8 and later).
    const fetched = await appleClient(url, to.credentials).call('POST', '/server/devices', { limit: 1000 });
    const records = fetched.json<{ devices: Array<{ serial_number: string; mdm_migration_deadline?: string }> }>().devices;
    expect(records.map((d) => d.serial_number).sort()).toEqual(serials.slice(0, 3).sort());
    for (const record of records)
      expect(Date.parse(record.mdm_migration_deadline ?? '')).toBe(Math.floor(Date.parse(deadline) / 1000) * 1000);

    // A new deadline, sooner, for two of them and one that is not migrating.
    const sooner = inDays(2);
    const moved = await waitForActivity(
      (await post('UPDATE_MDM_MIGRATION_DEADLINE', [serials[0]!, serials[1]!, serials[3]!], { deadline: sooner })).body.data.id,
    );
    expect(moved.data.attributes.subStatus).toBe('COMPLETED_WITH_ERROR');
    expect(sim.business.migration(serials[0]!)).toMatchObject({ status: 'REQUESTED', deadline: sooner });
    expect(sim.business.migration(serials[2]!)).toMatchObject({ deadline });

    // Cancelled: the device goes back to the server it came from, without a migration.
    const cancelled = await waitForActivity((await post('CANCEL_MDM_MIGRATION', [serials[2]!])).body.data.id);
    expect(cancelled.data.attributes.subStatus).toBe('COMPLETED_WITH_SUCCESS');
    expect(sim.devices.list({ serverId: from.serverId }).map((d) => d.serial_number)).toEqual([serials[2]]);
    expect(sim.business.migration(serials[2]!)).toBeUndefined();
    const back = await api(`/v1/orgDevices/${serials[2]}`);
    expect(back.body.data.attributes.mdmMigrationStatus).toBeUndefined();
    sim.business.faults.reset();
  });

  it('answers injected 429 (with Retry-After) and 5xx', async () => {
    sim.business.faults.set({ tooManyRequests: { count: 1, retryAfterSeconds: 2 }, serverErrors: { count: 1, status: 502 } });
    const throttled = await api('/v1/mdmServers');
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('retry-after')).toBe('2');
    expect(schemas.validate('ErrorResponse', throttled.body)).toEqual([]);
    expect((await api('/v1/mdmServers')).status).toBe(502);
    expect((await api('/v1/mdmServers')).status).toBe(200);
  });

  it('refuses assertions that are not exactly right, and says why to the test', async () => {
    const now = Math.floor(Date.now() / 1000);
    const otherKey = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const replayed = testAssertion(account, audience);
    expect((await requestToken(url, account.clientId, replayed)).status).toBe(200);
    const revoked = sim.business.addApiAccount();
    sim.business.revokeApiAccount(revoked.clientId);
    const attempts: Array<[string, string]> = [
      [account.clientId, testAssertion(account, audience, { header: { kid: 'another-key-id' } })],
      [account.clientId, testAssertion(account, 'https://account.apple.com/auth/oauth2/v2/token')],
      [account.clientId, testAssertion(account, audience, { claims: { iat: now - 7200, exp: now - 3600 } })],
      [account.clientId, testAssertion(account, audience, { claims: { exp: now + 181 * 24 * 3600 } })],
      [account.clientId, replayed],
      [account.clientId, testAssertion(account, audience, { keyPem: otherKey })],
      [account.clientId, testAssertion(account, audience, { claims: { iss: 'someone-else' } })],
      [account.clientId, 'not.a.jwt'],
      [revoked.clientId, testAssertion(revoked, audience)],
    ];
    const before = sim.business.tokenRefusals().length;
    for (const [clientId, assertion] of attempts)
      expect(await requestToken(url, clientId, assertion)).toEqual({ status: 400, body: { error: 'invalid_client' } });
    expect(sim.business.tokenRefusals().slice(before)).toEqual([
      'wrong_key_id',
      'wrong_audience',
      'expired',
      'lifetime_too_long',
      'replayed_jti',
      'bad_signature',
      'wrong_issuer',
      'malformed',
      'revoked',
    ]);
    expect((await requestToken(url, account.clientId, testAssertion(account, audience), 'school.api')).body).toEqual({
      error: 'invalid_scope',
    });
  });
});
