import { createAppleSimulator, type AppleSimulator } from '../simulator';
import { appleClient } from '../test-support/apple-calls';
import type { IssuedToken } from '../portal';

const validProfile = { profile_name: 'Corporate', url: 'https://mdm.example.com/enroll', is_supervised: true, is_mdm_removable: false };

describe('profiles: define, get, assign, remove; devices: details and disown', () => {
  let sim: AppleSimulator;
  let url: string;
  let server: IssuedToken;
  let other: IssuedToken;
  let serials: string[];
  let strangers: string[];
  let client: ReturnType<typeof appleClient>;

  beforeAll(async () => {
    sim = createAppleSimulator({ seed: 21 });
    server = sim.createServerWithCredentials({ name: 'profiles' });
    other = sim.createServerWithCredentials({ name: 'someone else' });
    serials = sim.devices.seed({ count: 12, serverId: server.serverId });
    strangers = sim.devices.seed({ count: 2, serverId: other.serverId });
    ({ url } = await sim.start());
    client = appleClient(url, server.credentials, 10);
  });
  afterAll(() => sim.stop());

  const define = async (profile: Record<string, unknown>) => client.call('POST', '/profile', profile);

  it('defines a profile with a 32-character uppercase hex UUID, and each definition gets a new one', async () => {
    const first = await define(validProfile);
    expect(first.status).toBe(200);
    const uuid = first.json<{ profile_uuid: string }>().profile_uuid;
    expect(uuid).toMatch(/^[0-9A-F]{32}$/);
    const second = (await define(validProfile)).json<{ profile_uuid: string }>().profile_uuid;
    expect(second).not.toBe(uuid);
  });

  it.each([
    [{ url: 'https://mdm.example.com' }, 'CONFIG_NAME_REQUIRED'],
    [{ profile_name: '', url: 'https://mdm.example.com' }, 'CONFIG_NAME_REQUIRED'],
    [{ profile_name: 'x'.repeat(126), url: 'https://mdm.example.com' }, 'CONFIG_NAME_INVALID'],
    [{ profile_name: 42, url: 'https://mdm.example.com' }, 'CONFIG_NAME_INVALID'],
    [{ profile_name: 'P' }, 'CONFIG_URL_REQUIRED'],
    [{ profile_name: 'P', url: 'not a url' }, 'CONFIG_URL_INVALID'],
    [{ profile_name: 'P', url: `https://mdm.example.com/${'a'.repeat(2000)}` }, 'CONFIG_URL_INVALID'],
    [{ profile_name: 'P', url: 'https://m.example.com', support_phone_number: '1'.repeat(51) }, 'SUPPORT_PHONE_INVALID'],
    [{ profile_name: 'P', url: 'https://m.example.com', support_email_address: 'no-at-sign' }, 'SUPPORT_EMAIL_INVALID'],
    [{ profile_name: 'P', url: 'https://m.example.com', support_email_address: `${'a'.repeat(245)}@x.com` }, 'SUPPORT_EMAIL_INVALID'],
    [{ profile_name: 'P', url: 'https://m.example.com', department: 'd'.repeat(126) }, 'DEPARTMENT_INVALID'],
    [{ profile_name: 'P', url: 'https://m.example.com', org_magic: 'm'.repeat(257) }, 'MAGIC_INVALID'],
    [{ profile_name: 'P', url: 'https://m.example.com', language: 'english' }, 'LOCALE_INVALID'],
    [{ profile_name: 'P', url: 'https://m.example.com', region: 'USA' }, 'LOCALE_INVALID'],
    [{ profile_name: 'P', url: 'https://m.example.com', is_mdm_removable: false }, 'FLAGS_INVALID'],
    [{ profile_name: 'P', url: 'https://m.example.com', is_supervised: 'yes' }, 'FLAGS_INVALID'],
  ])('refuses %j with 400 %s', async (profile, code) => {
    const reply = await define(profile);
    expect([reply.status, reply.text]).toEqual([400, code]);
  });

  it('accepts the limits exactly', async () => {
    const reply = await define({
      profile_name: 'é'.repeat(125),
      url: 'https://m.example.com',
      support_phone_number: '1'.repeat(50),
      department: 'd'.repeat(125),
      org_magic: 'm'.repeat(256),
      language: 'en',
      region: 'US',
      is_mdm_removable: true,
    });
    expect(reply.status).toBe(200);
  });

  it('returns a defined profile with its profile_uuid from GET /profile; unknown → 404, missing → PROFILE_UUID_REQUIRED', async () => {
    const uuid = (await define({ ...validProfile, department: 'IT', skip_setup_items: ['Siri', 'TOS'] })).json<{ profile_uuid: string }>()
      .profile_uuid;
    const got = await client.call('GET', `/profile?profile_uuid=${uuid}`);
    expect(got.json()).toEqual({ ...validProfile, department: 'IT', skip_setup_items: ['Siri', 'TOS'], profile_uuid: uuid });
    expect((await client.call('GET', '/profile?profile_uuid=0123456789ABCDEF0123456789ABCDEF')).status).toBe(404);
    const missing = await client.call('GET', '/profile');
    expect([missing.status, missing.text]).toEqual([400, 'PROFILE_UUID_REQUIRED']);
  });

  it('assigns devices listed in the definition', async () => {
    const reply = (await define({ ...validProfile, devices: [serials[0], strangers[0]] })).json<{
      profile_uuid: string;
      devices: Record<string, string>;
    }>();
    expect(reply.devices).toEqual({ [serials[0] ?? '']: 'SUCCESS', [strangers[0] ?? '']: 'NOT_ACCESSIBLE' });
    expect(sim.devices.get(serials[0] ?? '')).toMatchObject({ profile_status: 'assigned', profile_uuid: reply.profile_uuid });
  });

  it('assigns with POST and PUT: SUCCESS and NOT_ACCESSIBLE per device, then shows it on the device', async () => {
    const uuid = (await define(validProfile)).json<{ profile_uuid: string }>().profile_uuid;
    for (const method of ['POST', 'PUT']) {
      const reply = await client.call(method, '/profile/devices', {
        profile_uuid: uuid,
        devices: [serials[1], strangers[1], 'NOSUCHSERIAL'],
      });
      expect(reply.status).toBe(200);
      expect(reply.json()).toEqual({
        profile_uuid: uuid,
        devices: { [serials[1] ?? '']: 'SUCCESS', [strangers[1] ?? '']: 'NOT_ACCESSIBLE', NOSUCHSERIAL: 'NOT_ACCESSIBLE' },
      });
    }
    const details = (await client.call('POST', '/devices', { devices: [serials[1]] })).json<{
      devices: Record<string, Record<string, string>>;
    }>();
    expect(details.devices[serials[1] ?? '']).toMatchObject({ profile_status: 'assigned', profile_uuid: uuid, response_status: 'SUCCESS' });
    expect(details.devices[serials[1] ?? '']?.['profile_assign_time']).toMatch(/Z$/);
  });

  it('answers PROFILE_UUID_REQUIRED, DEVICE_ID_REQUIRED, 404 for an unknown profile and refuses more than 1000 devices', async () => {
    const uuid = (await define(validProfile)).json<{ profile_uuid: string }>().profile_uuid;
    const noUuid = await client.call('POST', '/profile/devices', { devices: [serials[0]] });
    expect([noUuid.status, noUuid.text]).toEqual([400, 'PROFILE_UUID_REQUIRED']);
    const noDevices = await client.call('POST', '/profile/devices', { profile_uuid: uuid, devices: [] });
    expect([noDevices.status, noDevices.text]).toEqual([400, 'DEVICE_ID_REQUIRED']);
    const unknown = await client.call('POST', '/profile/devices', {
      profile_uuid: 'FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF',
      devices: [serials[0]],
    });
    expect(unknown.status).toBe(404);
    const tooMany = await client.call('POST', '/profile/devices', {
      profile_uuid: uuid,
      devices: Array.from({ length: 1001 }, (_, i) => `S${i}`),
    });
    expect([tooMany.status, tooMany.text]).toEqual([400, 'DEVICE_ID_LIMIT_EXCEEDED']);
  });

  it('answers THROTTLED with retry_after_seconds at v10, THROTTLED without it at v9 and FAILED below v9', async () => {
    const uuid = (await define(validProfile)).json<{ profile_uuid: string }>().profile_uuid;
    const throttled = serials[2] ?? '';
    const fine = serials[3] ?? '';
    sim.faults.throttleDevices([throttled], 3600);
    const body = { profile_uuid: uuid, devices: [throttled, fine] };
    expect((await appleClient(url, server.credentials, 10).call('POST', '/profile/devices', body)).json()).toEqual({
      profile_uuid: uuid,
      devices: { [throttled]: 'THROTTLED', [fine]: 'SUCCESS' },
      retry_after_seconds: 3600,
    });
    expect((await appleClient(url, server.credentials, 9).call('POST', '/profile/devices', body)).json()).toEqual({
      profile_uuid: uuid,
      devices: { [throttled]: 'THROTTLED', [fine]: 'SUCCESS' },
    });
    expect((await appleClient(url, server.credentials, 8).call('POST', '/profile/devices', body)).json()).toEqual({
      profile_uuid: uuid,
      devices: { [throttled]: 'FAILED', [fine]: 'SUCCESS' },
    });
    sim.clock.advance(3601_000);
    await client.newSession();
    expect((await client.call('POST', '/profile/devices', body)).json<{ devices: Record<string, string> }>().devices[throttled]).toBe(
      'SUCCESS',
    );
    sim.clock.set(new Date());
  });

  it('throttles serials assigned too often when the automatic throttle is configured', async () => {
    const strict = createAppleSimulator({ throttleMaxAssignments: 2, throttleWindowSeconds: 600, throttleCooldownSeconds: 900 });
    const token = strict.createServerWithCredentials();
    const [serial] = strict.devices.seed({ count: 1, serverId: token.serverId });
    const strictUrl = (await strict.start()).url;
    try {
      const c = appleClient(strictUrl, token.credentials, 10);
      const uuid = (await c.call('POST', '/profile', validProfile)).json<{ profile_uuid: string }>().profile_uuid;
      const assign = async () =>
        (await c.call('POST', '/profile/devices', { profile_uuid: uuid, devices: [serial] })).json<{
          devices: Record<string, string>;
          retry_after_seconds?: number;
        }>();
      expect((await assign()).devices[serial ?? '']).toBe('SUCCESS');
      expect((await assign()).devices[serial ?? '']).toBe('SUCCESS');
      const third = await assign();
      expect(third.devices[serial ?? '']).toBe('THROTTLED');
      expect(third.retry_after_seconds).toBe(900);
    } finally {
      await strict.stop();
    }
  });

  it('removes profiles with DELETE and a JSON body; profile_status becomes removed', async () => {
    const uuid = (await define({ ...validProfile, devices: [serials[4]] })).json<{ profile_uuid: string }>().profile_uuid;
    const reply = await client.call('DELETE', '/profile/devices', { devices: [serials[4], strangers[0]], profile_uuid: uuid });
    expect(reply.json()).toEqual({ devices: { [serials[4] ?? '']: 'SUCCESS', [strangers[0] ?? '']: 'NOT_ACCESSIBLE' } });
    expect(sim.devices.get(serials[4] ?? '')?.profile_status).toBe('removed');
    const empty = await client.call('DELETE', '/profile/devices', { devices: [] });
    expect([empty.status, empty.text]).toEqual([400, 'DEVICE_ID_REQUIRED']);
  });

  it('logs profile assignment and removal as modified in the sync feed', async () => {
    const cursor = (
      await client.call('POST', '/devices/sync', {
        cursor: (await client.call('POST', '/server/devices', { limit: 1000 })).json<{ cursor: string }>().cursor,
      })
    ).json<{ cursor: string }>().cursor;
    const uuid = (await define({ ...validProfile, devices: [serials[5]] })).json<{ profile_uuid: string }>().profile_uuid;
    await client.call('DELETE', '/profile/devices', { devices: [serials[5]] });
    const feed = (await client.call('POST', '/devices/sync', { cursor })).json<{ devices: Array<Record<string, string>> }>();
    expect(feed.devices.map((d) => [d.serial_number, d.op_type, d.profile_status])).toEqual([
      [serials[5], 'modified', 'assigned'],
      [serials[5], 'modified', 'removed'],
    ]);
    expect(feed.devices[0]?.['profile_uuid']).toBe(uuid);
  });

  it('answers device details with NOT_ACCESSIBLE for serials not on this server, and DEVICE_ID_REQUIRED for none', async () => {
    const reply = (await client.call('POST', '/devices', { devices: [serials[6], strangers[0]] })).json<{
      devices: Record<string, Record<string, string>>;
    }>();
    expect(reply.devices[serials[6] ?? '']).toMatchObject({
      serial_number: serials[6],
      response_status: 'SUCCESS',
      model: expect.any(String),
    });
    expect(reply.devices[strangers[0] ?? '']).toEqual({ serial_number: strangers[0], response_status: 'NOT_ACCESSIBLE' });
    const none = await client.call('POST', '/devices', {});
    expect([none.status, none.text]).toEqual([400, 'DEVICE_ID_REQUIRED']);
  });

  it('disowns devices for good: SUCCESS, then NOT_ACCESSIBLE, gone from fetch, deleted in sync', async () => {
    const start = (await client.call('POST', '/server/devices', { limit: 1000 })).json<{ cursor: string }>().cursor;
    const target = serials[7] ?? '';
    const first = await client.call('POST', '/devices/disown', { devices: [target, strangers[1]] });
    expect(first.json()).toEqual({ devices: { [target]: 'SUCCESS', [strangers[1] ?? '']: 'NOT_ACCESSIBLE' } });
    expect((await client.call('POST', '/devices/disown', { devices: [target] })).json()).toEqual({
      devices: { [target]: 'NOT_ACCESSIBLE' },
    });
    const fetched = (await client.call('POST', '/server/devices', { limit: 1000 })).json<{ devices: Array<{ serial_number: string }> }>();
    expect(fetched.devices.map((d) => d.serial_number)).not.toContain(target);
    const feed = (await client.call('POST', '/devices/sync', { cursor: start })).json<{ devices: Array<Record<string, string>> }>();
    expect(feed.devices.filter((d) => d.serial_number === target).map((d) => d.op_type)).toEqual(['deleted']);
    expect(sim.portal.assignDevices(server.serverId, { serials: [target] }).unknown).toEqual([target]);
    const none = await client.call('POST', '/devices/disown', { devices: [] });
    expect([none.status, none.text]).toEqual([400, 'DEVICE_ID_REQUIRED']);
  });
});
