import { isDepledgerError } from '@depledger/core';
import { createAppleClient, type AppleClientOptions } from '../index';
import { accountRecord, startRecordedApple, testCredentials, type RecordedApple } from '../test-support/recorded-apple';

let apple: RecordedApple;
beforeEach(async () => {
  apple = await startRecordedApple();
});
afterEach(() => apple.close());

const clientFor = (options: Partial<AppleClientOptions> = {}) =>
  createAppleClient({ baseUrl: apple.url, credentials: async () => testCredentials, sleep: async () => {}, ...options });

/** Shaped like spec §5.1, plus fields this client has never heard of. */
const macbook = {
  serial_number: 'C02XXXXXXXXX',
  model: 'MacBook Pro',
  description: 'MBP 13.3 SPACE GRAY/2.0GHZ/8GB/256GB-USA',
  color: 'SPACE GRAY',
  os: 'OSX',
  device_family: 'Mac',
  profile_status: 'empty',
  device_assigned_by: 'it@example.com',
  device_assigned_date: '2024-05-01T10:00:00Z',
  a_field_from_the_future: { nested: true },
};

describe('GET /account', () => {
  it('reads the account, tolerating unknown fields', async () => {
    apple.route('GET /account', {
      body: {
        ...accountRecord,
        new_flag: true,
        urls: [{ uri: '/server/devices', http_method: ['POST'], limit: { default: 1000, maximum: 5000 } }],
      },
    });
    const account = await clientFor().account('t1');
    expect(account).toMatchObject({
      server_name: 'Acme MDM',
      server_uuid: accountRecord.server_uuid,
      org_type: 'org',
      admin_id: 'it@acme.example',
    });
    expect(account).not.toHaveProperty('new_flag');
  });

  it('reads an account of protocol < 3 (no org_id, no urls)', async () => {
    apple.route('GET /account', {
      body: { server_name: 'Old', server_uuid: '677cab70-fe18-11e2-b778-0800200c9a66', facilitator_id: 'a@b.c', org_name: 'Old Org' },
    });
    expect(await clientFor().account('t1')).toMatchObject({ org_id: null, urls: [], admin_id: null });
  });
});

describe('fetch and sync pages', () => {
  const envelope = {
    cursor: 'MTAwMDowOjE3MTk0MDkzNTUx',
    fetched_until: '2024-05-02T08:00:00Z',
    more_to_follow: false,
    unknown_envelope_field: 1,
  };

  it('reads devices with unknown fields, and zero or absent dates as null', async () => {
    apple.route('POST /server/devices', {
      body: {
        ...envelope,
        devices: [{ ...macbook, profile_assign_time: '0001-01-01T00:00:00Z', profile_push_time: '', mdm_migration_deadline: null }],
      },
    });
    const page = await clientFor({ discoverPageLimits: false }).fetchDevices('t1');
    expect(page.devices).toEqual([
      {
        serial_number: 'C02XXXXXXXXX',
        model: 'MacBook Pro',
        description: 'MBP 13.3 SPACE GRAY/2.0GHZ/8GB/256GB-USA',
        color: 'SPACE GRAY',
        asset_tag: null,
        profile_status: 'empty',
        profile_uuid: null,
        profile_assign_time: null,
        profile_push_time: null,
        device_assigned_date: '2024-05-01T10:00:00Z',
        device_assigned_by: 'it@example.com',
        os: 'OSX',
        device_family: 'Mac',
        mdm_migration_deadline: null,
        // protocol-10 fields Apple did not send: read as null
        imei: null,
        meid: null,
        eid: null,
        wifi_mac_address: null,
        bluetooth_mac_address: null,
        ethernet_mac_address: null,
        is_replacement_device: null,
        released_by_replacement: null,
        op_type: null,
        op_date: null,
      },
    ]);
    expect(page).toMatchObject({ cursor: envelope.cursor, fetched_until: '2024-05-02T08:00:00Z', more_to_follow: false });
    expect(apple.seen('POST /server/devices')[0]!.json).toEqual({ limit: 1000 });
  });

  it('rewrites dates in another readable shape as ISO 8601 and reads unreadable ones as null', async () => {
    apple.route('POST /server/devices', {
      body: {
        ...envelope,
        fetched_until: 'Thu, 02 May 2024 08:00:00 GMT',
        devices: [
          {
            ...macbook,
            device_assigned_date: '2024-05-01',
            profile_assign_time: '2024-02-30T25:61:00Z',
            profile_push_time: 17,
            op_date: '2024-05-01T10:00:00+02:00',
          },
        ],
      },
    });
    const page = await clientFor({ discoverPageLimits: false }).fetchDevices('t1');
    expect(page.fetched_until).toBe('2024-05-02T08:00:00.000Z');
    expect(page.devices[0]).toMatchObject({
      device_assigned_date: '2024-05-01T00:00:00.000Z',
      profile_assign_time: null,
      profile_push_time: null,
      op_date: '2024-05-01T10:00:00+02:00',
    });
  });

  it("reads depsim's zero fetched_until as null and an absent device list as empty", async () => {
    apple.route('POST /devices/sync', {
      body: { cursor: 'MTY1NzE3MTU3Mi0w', fetched_until: '0001-01-01T00:00:00Z', more_to_follow: false },
    });
    expect(await clientFor({ discoverPageLimits: false }).syncDevices('t1', { cursor: 'c0' })).toEqual({
      devices: [],
      cursor: 'MTY1NzE3MTU3Mi0w',
      fetched_until: null,
      more_to_follow: false,
    });
  });

  it('keeps every entry when a sync page repeats a serial, in Apple’s order', async () => {
    apple.route('POST /devices/sync', {
      body: {
        ...envelope,
        more_to_follow: true,
        devices: [
          { ...macbook, op_type: 'added', op_date: '2024-05-01T10:00:00Z' },
          { serial_number: 'C02YYYYYYYYY', model: 'iPad', op_type: 'added', op_date: '2024-05-01T10:05:00Z' },
          { ...macbook, op_type: 'deleted', op_date: '2024-05-01T11:00:00Z' },
        ],
      },
    });
    const page = await clientFor({ discoverPageLimits: false }).syncDevices('t1', { cursor: 'c0', limit: 200 });
    expect(page.devices.map((d) => [d.serial_number, d.op_type, d.op_date])).toEqual([
      ['C02XXXXXXXXX', 'added', '2024-05-01T10:00:00Z'],
      ['C02YYYYYYYYY', 'added', '2024-05-01T10:05:00Z'],
      ['C02XXXXXXXXX', 'deleted', '2024-05-01T11:00:00Z'],
    ]);
    expect(page.more_to_follow).toBe(true);
    expect(apple.seen('POST /devices/sync')[0]!.json).toEqual({ cursor: 'c0', limit: 200 });
  });

  it('uses the page limits GET /account advertises (once per token), else at most 1000', async () => {
    apple.route('GET /account', {
      body: {
        ...accountRecord,
        urls: [
          { uri: '/server/devices', http_method: ['POST'], limit: { default: 300, maximum: 5000 } },
          { uri: '/devices/sync', limit: { default: 100, maximum: 400 } },
        ],
      },
    });
    apple.route('POST /server/devices', { body: { ...envelope, devices: [] } });
    apple.route('POST /devices/sync', { body: { ...envelope, devices: [] } });
    const client = clientFor();
    await client.fetchDevices('t1');
    await client.fetchDevices('t1', { limit: 4000 });
    await client.syncDevices('t1', { cursor: 'c' });
    await client.syncDevices('t1', { cursor: 'c', limit: 9000 });
    expect(apple.seen('GET /account')).toHaveLength(1);
    expect(apple.seen('POST /server/devices').map((r) => (r.json as { limit: number }).limit)).toEqual([300, 4000]);
    expect(apple.seen('POST /devices/sync').map((r) => (r.json as { limit: number }).limit)).toEqual([100, 400]);

    apple.route('GET /account', { body: accountRecord });
    const plain = clientFor();
    await plain.fetchDevices('t2', { limit: 5000 });
    expect(apple.seen('POST /server/devices').at(-1)!.json).toEqual({ limit: 1000 });
  });

  it('says so when Apple answers something that is not a device page', async () => {
    apple.route('POST /server/devices', { body: { devices: 'nope' } });
    const error = await clientFor({ discoverPageLimits: false })
      .fetchDevices('t1')
      .catch((e: unknown) => e);
    expect(isDepledgerError(error, 'APPLE_UNEXPECTED_RESPONSE')).toBe(true);
    apple.route('POST /server/devices', { body: 'plain text' });
    await expect(clientFor({ discoverPageLimits: false }).fetchDevices('t1')).rejects.toMatchObject({ code: 'APPLE_UNEXPECTED_RESPONSE' });
  });
});

describe('POST /devices (details)', () => {
  it('answers per serial: the device on SUCCESS, the status otherwise', async () => {
    apple.route('POST /devices', {
      body: {
        devices: {
          C02XXXXXXXXX: { ...macbook, response_status: 'SUCCESS' },
          UNKNOWN1: { serial_number: 'UNKNOWN1', response_status: 'NOT_ACCESSIBLE' },
        },
      },
    });
    const details = await clientFor().deviceDetails('t1', ['C02XXXXXXXXX', 'UNKNOWN1']);
    expect(details['C02XXXXXXXXX']).toMatchObject({ status: 'SUCCESS', device: { model: 'MacBook Pro', profile_status: 'empty' } });
    expect(details['UNKNOWN1']).toEqual({ status: 'NOT_ACCESSIBLE', device: null });
    expect(apple.seen('POST /devices')[0]!.json).toEqual({ devices: ['C02XXXXXXXXX', 'UNKNOWN1'] });
  });
});

describe('POST /devices/disown', () => {
  it('answers per serial', async () => {
    apple.route('POST /devices/disown', { body: { devices: { A1: 'SUCCESS', B2: 'NOT_ACCESSIBLE', C3: 'FAILED' } } });
    expect(await clientFor().disownDevices('t1', ['A1', 'B2', 'C3'])).toEqual({ A1: 'SUCCESS', B2: 'NOT_ACCESSIBLE', C3: 'FAILED' });
    expect(apple.seen('POST /devices/disown')[0]!.json).toEqual({ devices: ['A1', 'B2', 'C3'] });
  });
});

describe('account-driven enrollment profile', () => {
  const path = 'account-driven-enrollment/profile';
  it("sets it (POST, Apple's empty 200), reads it (GET), removes it (DELETE)", async () => {
    apple.route(`POST /${path}`, { body: '' });
    apple.route(`GET /${path}`, {
      body: { mdm_service_discovery_url: 'https://mdm.acme.example/sd', last_updated_timestamp: '2026-03-01T10:00:00Z', extra: 1 },
    });
    apple.route(`DELETE /${path}`, { body: '' });
    const client = clientFor();
    await client.setAccountDrivenEnrollmentProfile('t1', 'https://mdm.acme.example/sd');
    expect(apple.seen(`POST /${path}`)[0]!.json).toEqual({ mdm_service_discovery_url: 'https://mdm.acme.example/sd' });
    expect(await client.getAccountDrivenEnrollmentProfile('t1')).toEqual({
      mdm_service_discovery_url: 'https://mdm.acme.example/sd',
      last_updated_timestamp: '2026-03-01T10:00:00Z',
    });
    await client.removeAccountDrivenEnrollmentProfile('t1');
    expect(apple.seen(`DELETE /${path}`)).toHaveLength(1);
  });

  it('reads "none" from an answer without a URL and from a 404', async () => {
    apple.route(`GET /${path}`, [{ body: {} }, { status: 404, body: '' }]);
    const client = clientFor();
    expect(await client.getAccountDrivenEnrollmentProfile('t1')).toBeNull();
    expect(await client.getAccountDrivenEnrollmentProfile('t1')).toBeNull();
  });

  it("throws Apple's refusal with its code", async () => {
    apple.route(`POST /${path}`, { status: 400, body: 'MDM_SERVICE_DISCOVERY_URL_NOT_VALID' });
    const error = await clientFor()
      .setAccountDrivenEnrollmentProfile('t1', 'https://x.example')
      .catch((e: unknown) => e);
    expect(isDepledgerError(error, 'APPLE_MDM_SERVICE_DISCOVERY_URL_NOT_VALID')).toBe(true);
  });
});

describe('POST /device/activationlock', () => {
  it('sends the device, and the escrow key and lost message only when given; reads the status', async () => {
    apple.route('POST /device/activationlock', { body: { serial_number: 'A1', response_status: 'SUCCESS', later: 1 } });
    const client = clientFor();
    expect(await client.escrowActivationLock('t1', { device: 'A1', escrow_key: 'ab'.repeat(32) })).toEqual({
      serial_number: 'A1',
      response_status: 'SUCCESS',
    });
    await client.escrowActivationLock('t1', { device: 'A1' });
    expect(apple.seen('POST /device/activationlock').map((r) => r.json)).toEqual([
      { device: 'A1', escrow_key: 'ab'.repeat(32) },
      { device: 'A1' },
    ]);
  });
});

describe('profiles', () => {
  const profile = {
    profile_name: 'Acme',
    url: 'https://mdm.acme.example/enroll',
    is_mdm_removable: false,
    is_supervised: true,
    skip_setup_items: ['Siri'],
  };

  it('defines a profile (POST /profile) and reads it back (GET /profile?profile_uuid=)', async () => {
    apple.route('POST /profile', { body: { profile_uuid: '9145EDB932A42C48A9DD56AD69213C64', devices: { A1: 'SUCCESS' } } });
    apple.route('GET /profile', { body: { ...profile, profile_uuid: '9145EDB932A42C48A9DD56AD69213C64', brand_new: 1 } });
    const client = clientFor();
    expect(await client.defineProfile('t1', { ...profile, devices: ['A1'] })).toEqual({
      profile_uuid: '9145EDB932A42C48A9DD56AD69213C64',
      devices: { A1: 'SUCCESS' },
    });
    expect(apple.seen('POST /profile')[0]!.json).toEqual({ ...profile, devices: ['A1'] });
    const read = await client.getProfile('t1', '9145EDB932A42C48A9DD56AD69213C64');
    expect(read).toMatchObject({
      profile_uuid: '9145EDB932A42C48A9DD56AD69213C64',
      is_mdm_removable: false,
      skip_setup_items: ['Siri'],
      department: null,
    });
    expect(apple.seen('GET /profile')[0]!.query.get('profile_uuid')).toBe('9145EDB932A42C48A9DD56AD69213C64');
  });

  it('refuses to send a profile with a field Apple does not know', async () => {
    const error = await clientFor()
      .defineProfile('t1', { ...profile, profile_nmae: 'typo' } as never)
      .catch((e: unknown) => e);
    expect(isDepledgerError(error, 'APPLE_PROFILE_INVALID')).toBe(true);
    expect(apple.seen('POST /profile')).toHaveLength(0);
  });

  it('assigns with POST /profile/devices, per serial, with retry_after_seconds', async () => {
    apple.route('POST /profile/devices', {
      body: {
        profile_uuid: 'P1',
        devices: { C02A: 'SUCCESS', C02B: 'THROTTLED', C02C: 'NOT_ACCESSIBLE', C02D: 'FAILED' },
        retry_after_seconds: 3600,
      },
    });
    expect(await clientFor().assignProfile('t1', 'P1', ['C02A', 'C02B', 'C02C', 'C02D'])).toEqual({
      profile_uuid: 'P1',
      devices: { C02A: 'SUCCESS', C02B: 'THROTTLED', C02C: 'NOT_ACCESSIBLE', C02D: 'FAILED' },
      retry_after_seconds: 3600,
    });
    expect(apple.seen('POST /profile/devices')[0]!.json).toEqual({ profile_uuid: 'P1', devices: ['C02A', 'C02B', 'C02C', 'C02D'] });
  });

  it('assigns more than 1000 serials in batches of at most 1000', async () => {
    apple.route('POST /profile/devices', (request, nth) => {
      const { devices } = request.json as { devices: string[] };
      return {
        body: {
          profile_uuid: 'P1',
          devices: Object.fromEntries(devices.map((s) => [s, 'SUCCESS'])),
          ...(nth === 1 ? { retry_after_seconds: 60 } : {}),
        },
      };
    });
    const serials = Array.from({ length: 2501 }, (_, i) => `SN${String(i).padStart(5, '0')}`);
    const report = await clientFor().assignProfile('t1', 'P1', [...serials, 'SN00000']);
    expect(apple.seen('POST /profile/devices').map((r) => (r.json as { devices: string[] }).devices.length)).toEqual([1000, 1000, 501]);
    expect(Object.keys(report.devices)).toHaveLength(2501);
    expect(report.retry_after_seconds).toBe(60);
  });

  it('can assign with the legacy PUT (depsim)', async () => {
    apple.route('PUT /profile/devices', { body: { profile_uuid: 'P1', devices: { A1: 'SUCCESS' } } });
    await clientFor({ assignMethod: 'PUT' }).assignProfile('t1', 'P1', ['A1']);
    expect(apple.seen('PUT /profile/devices')).toHaveLength(1);
  });

  it('a 404 on assign is a typed error (unknown profile)', async () => {
    apple.route('POST /profile/devices', { status: 404, body: '' });
    await expect(clientFor().assignProfile('t1', 'NOPE', ['A1'])).rejects.toMatchObject({ code: 'APPLE_HTTP_ERROR', httpStatus: 404 });
  });

  it('removes with DELETE /profile/devices and a JSON body', async () => {
    apple.route('DELETE /profile/devices', { body: { devices: { A1: 'SUCCESS', B2: 'NOT_ACCESSIBLE' } } });
    expect(await clientFor().removeProfile('t1', ['A1', 'B2'])).toEqual({ A1: 'SUCCESS', B2: 'NOT_ACCESSIBLE' });
    const [request] = apple.seen('DELETE /profile/devices');
    expect(request!.headers['content-type']).toBe('application/json;charset=UTF8');
    expect(request!.json).toEqual({ devices: ['A1', 'B2'] });
    await clientFor().removeProfile('t1', ['A1'], { profileUuid: 'P1' });
    expect(apple.seen('DELETE /profile/devices')[1]!.json).toEqual({ devices: ['A1'], profile_uuid: 'P1' });
  });

  it('sends nothing for an empty list of serials', async () => {
    const client = clientFor();
    expect(await client.assignProfile('t1', 'P1', [])).toEqual({ profile_uuid: 'P1', devices: {}, retry_after_seconds: null });
    expect(await client.removeProfile('t1', [])).toEqual({});
    expect(await client.disownDevices('t1', [])).toEqual({});
    expect(await client.deviceDetails('t1', [])).toEqual({});
    expect(apple.requests).toHaveLength(0);
  });
});
