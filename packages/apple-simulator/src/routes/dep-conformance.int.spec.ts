import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createAppleSimulator, type AppleSimulator } from '../simulator';
import { appleClient } from '../test-support/apple-calls';
import { depSchemas } from '../test-support/dep-schemas';
import type { IssuedToken } from '../portal';

const schemas = depSchemas();
const certificate = readFileSync(join(__dirname, '..', 'test-support', 'anchor-root.pem'), 'utf8')
  .replace(/-----(BEGIN|END) CERTIFICATE-----/g, '')
  .replace(/\s+/g, '');

/** Every field of Apple's Profile schema, with values Apple accepts. */
const everyField = {
  profile_name: 'Shared iPads',
  url: 'https://mdm.example.com/enroll',
  allow_pairing: false,
  is_supervised: true,
  is_multi_user: true,
  is_mandatory: true,
  await_device_configured: true,
  is_mdm_removable: false,
  auto_advance_setup: true,
  support_phone_number: '+33 1 23 45 67 89',
  support_email_address: 'it@example.com',
  org_magic: 'contoso',
  anchor_certs: [certificate],
  supervising_host_certs: [certificate],
  skip_setup_items: ['Siri', 'UnlockWithWatch', 'AccessibilityAppearance'],
  department: 'IT',
  language: 'fr',
  region: 'FR',
  configuration_web_url: 'https://mdm.example.com/sign-in',
  do_not_use_profile_from_backup: true,
  is_return_to_service: true,
};

describe("the simulator conforms to Apple's dep schemas", () => {
  let sim: AppleSimulator;
  let server: IssuedToken;
  let serials: string[];
  let client: ReturnType<typeof appleClient>;

  beforeAll(async () => {
    sim = createAppleSimulator({ seed: 24 });
    server = sim.createServerWithCredentials({ name: 'conformance' });
    serials = sim.devices.seed({ count: 4, serverId: server.serverId });
    const { url } = await sim.start();
    client = appleClient(url, server.credentials, 10);
  }, 120_000);
  afterAll(() => sim.stop());

  it('takes a profile with every field of the Profile schema and gives it back conforming', async () => {
    expect(schemas.validate('Profile', everyField)).toEqual([]);
    const defined = await client.call('POST', '/profile', { ...everyField, devices: [serials[0]] });
    expect(defined.status).toBe(200);
    expect(schemas.validate('DefineProfileResponse', defined.json())).toEqual([]);
    const uuid = defined.json<{ profile_uuid: string }>().profile_uuid;
    const read = await client.call('GET', `/profile?profile_uuid=${uuid}`);
    expect(schemas.validate('Profile', read.json())).toEqual([]);
    expect(read.json()).toEqual({ ...everyField, profile_uuid: uuid });
  });

  it('refuses a profile the schema refuses (a region of three letters) with Apple’s code', async () => {
    const wrong = { ...everyField, region: 'FRA' };
    expect(schemas.validate('Profile', wrong)).not.toEqual([]);
    const answer = await client.call('POST', '/profile', wrong);
    expect(answer.status).toBe(400);
    expect(answer.text).toContain('LOCALE_INVALID');
  });

  it("sends Apple's protocol-10 device fields from version 10 only, conforming to the Device schema", async () => {
    const [serial] = sim.devices.add(
      {
        serial: 'F17REPLACE01',
        model: 'iPhone 16',
        os: 'iOS',
        family: 'iPhone',
        protocol10: {
          is_replacement_device: true,
          imei: ['356938035643809'],
          eid: '89049032000001000000000000000001',
          wifi_mac_address: 'aa:bb:cc:dd:ee:01',
        },
      },
      server.serverId,
    );
    const page = await client.call('POST', '/server/devices', { limit: 100 });
    expect(schemas.validate('FetchDeviceResponse', page.json())).toEqual([]);
    const device = page.json<{ devices: Record<string, unknown>[] }>().devices.find((d) => d['serial_number'] === serial);
    expect(device).toMatchObject({ is_replacement_device: true, imei: ['356938035643809'], wifi_mac_address: 'aa:bb:cc:dd:ee:01' });
    const details = await client.call('POST', '/devices', { devices: [serial] });
    expect(schemas.validate('DeviceListResponse', details.json())).toEqual([]);

    const older = appleClient(sim.url, server.credentials, 8);
    const page8 = await older.call('POST', '/server/devices', { limit: 100 });
    const device8 = page8.json<{ devices: Record<string, unknown>[] }>().devices.find((d) => d['serial_number'] === serial);
    expect(device8).toBeDefined();
    expect(device8).not.toHaveProperty('imei');
  });
  it("answers GET /account in Apple's AccountDetail shape, naming the MDM server of each token (what a renewal is checked against)", async () => {
    // `urls` left out: the simulator names endpoints by path (`/session`), where the schema's `uri` format wants an absolute URI
    const withoutUrls = (answer: { json<T>(): T }) => {
      const { urls, ...rest } = answer.json<Record<string, unknown>>();
      expect(Array.isArray(urls)).toBe(true);
      return rest;
    };
    const account = await client.call('GET', '/account');
    expect(account.status).toBe(200);
    expect(schemas.validate('AccountDetail', withoutUrls(account))).toEqual([]);
    expect(account.json()).toMatchObject({ server_uuid: server.serverId, server_name: 'conformance' });
    const other = sim.createServerWithCredentials({ name: 'another server' });
    const otherAccount = await appleClient(sim.url, other.credentials, 10).call('GET', '/account');
    expect(schemas.validate('AccountDetail', withoutUrls(otherAccount))).toEqual([]);
    expect(otherAccount.json()).toMatchObject({ server_uuid: other.serverId, server_name: 'another server' });
    expect(other.serverId).not.toBe(server.serverId);
  });

  it("assigns a profile in Apple's AssignProfileResponse shape", async () => {
    const [serial] = sim.devices.add({ serial: 'F17ASSIGN001', model: 'iPhone 15', os: 'iOS', family: 'iPhone' }, server.serverId);
    const defined = await client.call('POST', '/profile', { profile_name: 'Assigned', url: 'https://mdm.example.com/enroll' });
    const uuid = defined.json<{ profile_uuid: string }>().profile_uuid;
    const assigned = await client.call('POST', '/profile/devices', { profile_uuid: uuid, devices: [serial, 'NOTOURS00001'] });
    expect(assigned.status).toBe(200);
    expect(schemas.validate('AssignProfileResponse', assigned.json())).toEqual([]);
    expect(assigned.json()).toMatchObject({ profile_uuid: uuid, devices: { [serial!]: 'SUCCESS', NOTOURS00001: 'NOT_ACCESSIBLE' } });
  });

  it('keeps an account-driven enrollment profile per MDM server: set, read (conforming), remove; refuses a missing or non-https URL', async () => {
    const request = { mdm_service_discovery_url: 'https://mdm.example.com/.well-known/com.apple.remotemanagement' };
    expect(schemas.validate('AccountDrivenEnrollmentProfileRequest', request)).toEqual([]);
    expect((await client.call('GET', '/account-driven-enrollment/profile')).json()).toEqual({});
    const set = await client.call('POST', '/account-driven-enrollment/profile', request);
    expect(set.status).toBe(200);
    expect(set.text).toBe('');
    const read = await client.call('GET', '/account-driven-enrollment/profile');
    expect(schemas.validate('GetAccountDrivenEnrollmentProfileResponse', read.json())).toEqual([]);
    expect(read.json()).toEqual({ ...request, last_updated_timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/) });
    // another MDM server of the organisation has its own (none)
    const other = sim.createServerWithCredentials({ name: 'other' });
    expect((await appleClient(sim.url, other.credentials, 10).call('GET', '/account-driven-enrollment/profile')).json()).toEqual({});

    const missing = await client.call('POST', '/account-driven-enrollment/profile', {});
    expect(schemas.validate('AccountDrivenEnrollmentProfileRequest', {})).not.toEqual([]);
    expect([missing.status, missing.text]).toEqual([400, 'MDM_SERVICE_DISCOVERY_URL_REQUIRED']);
    const plain = await client.call('POST', '/account-driven-enrollment/profile', {
      mdm_service_discovery_url: 'http://mdm.example.com/x',
    });
    expect([plain.status, plain.text]).toEqual([400, 'MDM_SERVICE_DISCOVERY_URL_NOT_VALID']);
    expect((await client.call('GET', '/account-driven-enrollment/profile')).json()).toMatchObject(request);

    expect((await client.call('DELETE', '/account-driven-enrollment/profile')).status).toBe(200);
    expect((await client.call('GET', '/account-driven-enrollment/profile')).json()).toEqual({});
  });

  it('answers ORG_NOT_SUPPORTED for an organisation without account-driven enrollment', async () => {
    const unsupported = createAppleSimulator({ seed: 24, accountDrivenEnrollmentSupported: false });
    const issued = unsupported.createServerWithCredentials({ name: 'no ade' });
    const { url } = await unsupported.start();
    try {
      const answer = await appleClient(url, issued.credentials, 10).call('POST', '/account-driven-enrollment/profile', {
        mdm_service_discovery_url: 'https://mdm.example.com/sd',
      });
      expect([answer.status, answer.text]).toEqual([400, 'ORG_NOT_SUPPORTED']);
    } finally {
      await unsupported.stop();
    }
  });
  it('escrows Activation Lock per device, answering conforming statuses', async () => {
    const escrowKey = 'ab'.repeat(32);
    const request = { device: serials[1], escrow_key: escrowKey, lost_message: 'Return to IT' };
    expect(schemas.validate('ActivationLockRequest', request)).toEqual([]);
    const locked = await client.call('POST', '/device/activationlock', request);
    expect(schemas.validate('ActivationLockStatusResponse', locked.json())).toEqual([]);
    expect(locked.json()).toEqual({ serial_number: serials[1], response_status: 'SUCCESS' });
    expect(sim.devices.activationLock(serials[1]!)).toMatchObject({ escrowKey });
    const again = await client.call('POST', '/device/activationlock', { device: serials[1] });
    expect(again.json()).toMatchObject({ response_status: 'DEVICE_ALREADY_LOCKED' });
    const [tv] = sim.devices.add({ serial: 'DMPAPPLETV01', model: 'Apple TV 4K', os: 'tvOS', family: 'AppleTV' }, server.serverId);
    expect((await client.call('POST', '/device/activationlock', { device: tv })).json()).toMatchObject({
      response_status: 'DEVICE_NOT_SUPPORTED',
    });
    expect((await client.call('POST', '/device/activationlock', { device: 'NOTOURS00001' })).json()).toMatchObject({
      response_status: 'NOT_ACCESSIBLE',
    });
    const short = await client.call('POST', '/device/activationlock', { device: serials[2], escrow_key: 'abc' });
    expect(schemas.validate('ActivationLockRequest', { device: serials[2], escrow_key: 'abc' })).not.toEqual([]);
    expect(short.json()).toMatchObject({ response_status: 'FAILED' });
    const none = await client.call('POST', '/device/activationlock', {});
    expect([none.status, none.text]).toEqual([400, 'DEVICE_ID_REQUIRED']);
  });

  it("clears a profile from devices (DELETE /profile/devices) in Apple's ClearProfile shapes: the device reads removed", async () => {
    const [serial] = sim.devices.add({ serial: 'F17CLEAR0001', model: 'iPhone 15', os: 'iOS', family: 'iPhone' }, server.serverId);
    const defined = await client.call('POST', '/profile', {
      profile_name: 'To clear',
      url: 'https://mdm.example.com/enroll',
      devices: [serial],
    });
    const uuid = defined.json<{ profile_uuid: string }>().profile_uuid;
    const before = await client.call('POST', '/devices', { devices: [serial] });
    expect(before.json()).toMatchObject({ devices: { [serial!]: { profile_uuid: uuid, profile_status: 'assigned' } } });

    const request = { devices: [serial, 'NOTOURS00001'], profile_uuid: uuid };
    expect(schemas.validate('ClearProfileRequest', request)).toEqual([]);
    const cleared = await client.call('DELETE', '/profile/devices', request);
    expect(cleared.status).toBe(200);
    expect(schemas.validate('ClearProfileResponse', cleared.json())).toEqual([]);
    expect(cleared.json()).toEqual({ devices: { [serial!]: 'SUCCESS', NOTOURS00001: 'NOT_ACCESSIBLE' } });
    const after = await client.call('POST', '/devices', { devices: [serial] });
    expect(schemas.validate('DeviceListResponse', after.json())).toEqual([]);
    expect(after.json()).toMatchObject({ devices: { [serial!]: { profile_status: 'removed' } } });

    const none = await client.call('DELETE', '/profile/devices', { devices: [] });
    expect([none.status, none.text]).toEqual([400, 'DEVICE_ID_REQUIRED']);
  });

  it("disowns devices (POST /devices/disown) in Apple's DeviceStatusResponse shape: the device leaves the feed for good", async () => {
    const [serial] = sim.devices.add({ serial: 'F17DISOWN001', model: 'iPhone 15', os: 'iOS', family: 'iPhone' }, server.serverId);
    const start = (await client.call('POST', '/server/devices', { limit: 1000 })).json<{ cursor: string }>().cursor;

    const request = { devices: [serial, 'NOTOURS00001'] };
    expect(schemas.validate('DeviceListRequest', request)).toEqual([]);
    const disowned = await client.call('POST', '/devices/disown', request);
    expect(disowned.status).toBe(200);
    expect(schemas.validate('DeviceStatusResponse', disowned.json())).toEqual([]);
    expect(disowned.json()).toEqual({ devices: { [serial!]: 'SUCCESS', NOTOURS00001: 'NOT_ACCESSIBLE' } });

    const changes = await client.call('POST', '/devices/sync', { cursor: start, limit: 1000 });
    expect(schemas.validate('FetchDeviceResponse', changes.json())).toEqual([]);
    const entries = changes.json<{ devices: Record<string, unknown>[] }>().devices.filter((d) => d['serial_number'] === serial);
    expect(entries.map((d) => d['op_type'])).toEqual(['deleted']);
    // permanent: the organisation no longer holds the device
    expect((await client.call('POST', '/devices/disown', { devices: [serial] })).json()).toEqual({
      devices: { [serial!]: 'NOT_ACCESSIBLE' },
    });

    const none = await client.call('POST', '/devices/disown', {});
    expect([none.status, none.text]).toEqual([400, 'DEVICE_ID_REQUIRED']);
  });

  it("answers Get Replacement Details in Apple's documented shape, and syncs the original away with released_by_replacement", async () => {
    const [original] = sim.devices.add({ serial: 'F17ORIGINAL9', model: 'iPhone 15', os: 'iOS', family: 'iPhone' }, server.serverId);
    const start = (await client.call('POST', '/server/devices', { limit: 1000 })).json<{ cursor: string }>().cursor;
    const replacement = sim.devices.replace(original!, { serial: 'F17REPLACED9', model: 'iPhone 15', os: 'iOS', family: 'iPhone' });

    const details = await client.call('GET', `/device/replacementDetails?device=${replacement}`);
    expect(details.status).toBe(200);
    // Apple's GetReplacementDetailsResponse: these three fields, the date a day in UTC
    expect(details.json()).toEqual({
      serial_number: replacement,
      original_device_serial_number: original,
      replacement_date: expect.stringMatching(/^\d{4}-\d\d-\d\d$/),
    });
    const changes = await client.call('POST', '/devices/sync', { cursor: start, limit: 1000 });
    expect(schemas.validate('FetchDeviceResponse', changes.json())).toEqual([]);
    const entries = changes.json<{ devices: Record<string, unknown>[] }>().devices;
    expect(entries.find((d) => d['serial_number'] === original)).toMatchObject({ op_type: 'deleted', released_by_replacement: true });
    expect(entries.find((d) => d['serial_number'] === replacement)).toMatchObject({ op_type: 'added', is_replacement_device: true });
    expect(entries.find((d) => d['serial_number'] === replacement)).not.toHaveProperty('released_by_replacement');

    const missing = await client.call('GET', '/device/replacementDetails');
    expect([missing.status, missing.text]).toEqual([400, 'DEVICE_ID_REQUIRED']);
    for (const serial of [serials[3], 'NOTOURS00001', original]) {
      const none = await client.call('GET', `/device/replacementDetails?device=${serial}`);
      expect([none.status, none.text]).toEqual([404, 'DEVICE_NOT_FOUND']);
    }
    // Apple requires X-Server-Protocol-Version 10
    const older = await appleClient(sim.url, server.credentials, 9).call('GET', `/device/replacementDetails?device=${replacement}`);
    expect(older.status).toBe(404);
  });
});
