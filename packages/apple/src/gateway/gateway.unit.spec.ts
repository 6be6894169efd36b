import { isGatewayError, profileSettingsSchema, type DepGateway, type GatewayFailure } from '@depledger/core';
import { createAppleGateway, type AppleGatewayOptions } from '../index';
import { accountRecord, startRecordedApple, testCredentials, type RecordedApple } from '../test-support/recorded-apple';

let apple: RecordedApple;
beforeEach(async () => {
  apple = await startRecordedApple();
});
afterEach(() => apple.close());

const gatewayFor = (options: Partial<AppleGatewayOptions> = {}) =>
  createAppleGateway({ baseUrl: apple.url, credentials: async () => testCredentials, sleep: async () => {}, ...options });

const failureOf = async (call: Promise<unknown>): Promise<GatewayFailure | 'no failure'> => {
  try {
    await call;
    return 'no failure';
  } catch (error) {
    if (!isGatewayError(error)) throw error;
    return error.failure;
  }
};

describe('createAppleGateway', () => {
  it('is a DepGateway', () => {
    const gateway: DepGateway = gatewayFor();
    expect(Object.keys(gateway)).toEqual(
      expect.arrayContaining([
        'account',
        'fetchDevices',
        'syncDevices',
        'deviceDetails',
        'defineProfile',
        'assignProfile',
        'removeProfile',
        'disownDevices',
        'setAccountDrivenEnrollmentProfile',
        'accountDrivenEnrollmentProfile',
        'removeAccountDrivenEnrollmentProfile',
        'escrowActivationLock',
        'replacementDetails',
      ]),
    );
  });

  it('reads the account in domain terms, with the advertised page limits', async () => {
    apple.route('GET /account', {
      body: {
        ...accountRecord,
        urls: [
          { uri: '/server/devices', http_method: ['POST'], limit: { default: 1000, maximum: 5000 } },
          { uri: '/session', http_method: ['GET'] },
        ],
      },
    });
    expect(await gatewayFor().account('t1')).toEqual({
      serverName: 'Acme MDM',
      serverUuid: accountRecord.server_uuid,
      orgName: 'Acme',
      orgId: '1234567',
      orgType: 'org',
      orgVersion: 'v1',
      adminId: 'it@acme.example',
      pageLimits: { fetch: { default: 1000, maximum: 5000 }, sync: null },
    });
  });

  it('maps fetch and sync pages to DeviceRecords: zero dates null, unknown values null, duplicates kept for the sync engine', async () => {
    apple.route('POST /devices/sync', {
      body: {
        cursor: 'c2',
        fetched_until: '0001-01-01T00:00:00Z',
        more_to_follow: true,
        devices: [
          {
            serial_number: 'C02A',
            model: 'iPad Air',
            description: 'IPAD AIR WI-FI 64GB',
            color: 'SILVER',
            asset_tag: 'A-17',
            os: 'iPadOS',
            device_family: 'iPad',
            profile_status: 'assigned',
            profile_uuid: 'P1',
            profile_assign_time: '2026-11-20T10:00:00Z',
            profile_push_time: '0001-01-01T00:00:00Z',
            device_assigned_date: '2026-11-19T10:00:00Z',
            device_assigned_by: 'it@acme.example',
            mdm_migration_deadline: '2026-12-31T00:00:00Z',
            op_type: 'modified',
            op_date: '2026-11-20T10:00:00Z',
            future_field: 42,
          },
          { serial_number: 'C02A', op_type: 'deleted', op_date: '2026-11-21T10:00:00Z', profile_status: 'limbo' },
        ],
      },
    });
    const page = await gatewayFor({ discoverPageLimits: false }).syncDevices({ tokenId: 't1', cursor: 'c1', limit: 50 });
    expect(page.devices).toEqual([
      {
        serial: 'C02A',
        model: 'iPad Air',
        description: 'IPAD AIR WI-FI 64GB',
        color: 'SILVER',
        assetTag: 'A-17',
        os: 'iPadOS',
        family: 'iPad',
        profileStatus: 'assigned',
        profileUuid: 'P1',
        profileAssignedAt: '2026-11-20T10:00:00Z',
        profilePushedAt: null,
        assignedAt: '2026-11-19T10:00:00Z',
        assignedBy: 'it@acme.example',
        mdmMigrationDeadline: '2026-12-31T00:00:00Z',
        // protocol-10 fields Apple did not send: null
        imei: null,
        meid: null,
        eid: null,
        wifiMacAddress: null,
        bluetoothMacAddress: null,
        ethernetMacAddress: null,
        isReplacementDevice: null,
        releasedByReplacement: null,
        operation: 'modified',
        operationDate: '2026-11-20T10:00:00Z',
      },
      expect.objectContaining({ serial: 'C02A', operation: 'deleted', profileStatus: null, model: null, assignedAt: null }),
    ]);
    expect(page).toMatchObject({ cursor: 'c2', fetchedUntil: null, moreToFollow: true });
    expect(apple.seen('POST /devices/sync')[0]!.json).toEqual({ cursor: 'c1', limit: 50 });
  });

  it('maps the domain profile settings to Apple’s fields', async () => {
    apple.route('POST /profile', { body: { profile_uuid: 'C1F123098EB5074580041E69883004C3', devices: {} } });
    const settings = profileSettingsSchema.parse({
      name: 'Acme iPads',
      description: 'for the warehouse (never sent)',
      url: 'https://mdm.acme.example/enroll',
      userAffinity: false,
      skipSetupItems: ['Siri', 'Privacy'],
      supportPhone: '+33 1 23 45 67 89',
      supportEmail: 'help@acme.example',
      department: 'Logistics',
      orgMagic: 'acme-1',
      language: 'fr',
      region: 'FR',
      configurationWebUrl: 'https://mdm.acme.example/auth',
    });
    expect(await gatewayFor().defineProfile('t1', settings)).toEqual({ profileUuid: 'C1F123098EB5074580041E69883004C3' });
    expect(apple.seen('POST /profile')[0]!.json).toEqual({
      profile_name: 'Acme iPads',
      url: 'https://mdm.acme.example/enroll',
      is_supervised: true,
      is_mandatory: true,
      is_mdm_removable: false,
      await_device_configured: false,
      allow_pairing: true,
      auto_advance_setup: false,
      skip_setup_items: ['Siri', 'Privacy'],
      department: 'Logistics',
      support_phone_number: '+33 1 23 45 67 89',
      support_email_address: 'help@acme.example',
      org_magic: 'acme-1',
      language: 'fr',
      region: 'FR',
      configuration_web_url: 'https://mdm.acme.example/auth',
    });
  });

  it('leaves out empty optional texts, and always sends is_mdm_removable', async () => {
    apple.route('POST /profile', { body: { profile_uuid: 'P2' } });
    await gatewayFor().defineProfile('t1', profileSettingsSchema.parse({ name: 'Min', url: 'https://m.example/e', mdmRemovable: true }));
    const body = apple.seen('POST /profile')[0]!.json as Record<string, unknown>;
    expect(body['is_mdm_removable']).toBe(true);
    expect(Object.keys(body)).not.toEqual(expect.arrayContaining(['department']));
    expect(body).not.toHaveProperty('description');
    expect(body).not.toHaveProperty('org_magic');
    expect(body).not.toHaveProperty('language');
  });

  it('reports assignment outcomes per serial, never as exceptions', async () => {
    apple.route('POST /profile/devices', {
      body: { profile_uuid: 'P1', devices: { A: 'SUCCESS', B: 'THROTTLED', C: 'NOT_ACCESSIBLE', D: 'FAILED' }, retry_after_seconds: 3600 },
    });
    const report = await gatewayFor().assignProfile('t1', 'P1', ['A', 'B', 'C', 'D', 'E']);
    expect(report.profileUuid).toBe('P1');
    expect(report.retryAfterSeconds).toBe(3600);
    expect([...report.results]).toEqual([
      ['A', 'assigned'],
      ['B', 'throttled'],
      ['C', 'not_accessible'],
      ['D', 'failed'],
      ['E', 'failed'],
    ]);
  });

  it('reports remove, disown and details per serial', async () => {
    apple.route('DELETE /profile/devices', { body: { devices: { A: 'SUCCESS', B: 'NOT_ACCESSIBLE' } } });
    apple.route('POST /devices/disown', { body: { devices: { A: 'FAILED' } } });
    apple.route('POST /devices', {
      body: {
        devices: { A: { serial_number: 'A', model: 'iPhone 15', response_status: 'SUCCESS' }, B: { response_status: 'NOT_ACCESSIBLE' } },
      },
    });
    const gateway = gatewayFor();
    expect([...(await gateway.removeProfile('t1', ['A', 'B']))]).toEqual([
      ['A', 'success'],
      ['B', 'not_accessible'],
    ]);
    expect([...(await gateway.disownDevices('t1', ['A']))]).toEqual([['A', 'failed']]);
    const details = await gateway.deviceDetails('t1', ['A', 'B', 'C']);
    expect(details.get('A')).toMatchObject({ serial: 'A', model: 'iPhone 15', operation: null });
    expect(details.get('B')).toBe('not_accessible');
    expect(details.get('C')).toBe('not_accessible');
  });

  it.each([
    ['SUCCESS', 'success'],
    ['NOT_ACCESSIBLE', 'not_accessible'],
    ['ORG_NOT_SUPPORTED', 'org_not_supported'],
    ['DEVICE_NOT_SUPPORTED', 'device_not_supported'],
    ['DEVICE_ALREADY_LOCKED', 'device_already_locked'],
    ['FAILED', 'failed'],
    ['SOMETHING_NEW', 'failed'],
  ] as const)('reports activation lock %s as %s, never as an exception', async (status, result) => {
    apple.route('POST /device/activationlock', { body: { serial_number: 'A', response_status: status } });
    expect(await gatewayFor().escrowActivationLock('t1', { serial: 'A', escrowKey: null, lostMessage: null })).toBe(result);
  });

  it.each([
    ['MDM_SERVICE_DISCOVERY_URL_NOT_VALID', 'enrollment_url_invalid'],
    ['MDM_SERVICE_DISCOVERY_URL_REQUIRED', 'enrollment_url_invalid'],
    ['ORG_NOT_SUPPORTED', 'org_not_supported'],
  ] as const)('%s on the account-driven enrollment profile → %s', async (body, failure) => {
    apple.route('POST /account-driven-enrollment/profile', { status: 400, body });
    expect(await failureOf(gatewayFor().setAccountDrivenEnrollmentProfile('t1', 'https://x.example/sd'))).toBe(failure);
  });

  describe("maps Apple's failures to the domain's", () => {
    it.each([
      ['EXPIRED_CURSOR', 400, 'cursor_expired'],
      ['"INVALID_CURSOR"', 400, 'cursor_invalid'],
      ['CURSOR_REQUIRED', 400, 'cursor_required'],
      ['EXHAUSTED_CURSOR', 400, 'cursor_exhausted'],
      ['T_C_NOT_SIGNED', 403, 'terms_not_signed'],
      ['ACCESS_DENIED', 403, 'access_denied'],
      ['FORBIDDEN', 403, 'token_rejected'],
      ['signature_invalid', 403, 'token_rejected'],
      ['token_rejected', 401, 'token_rejected'],
      ['USER_AGENT_INVALID', 400, 'bad_request'],
      ['SOMETHING_NEW', 400, 'bad_request'],
    ] as const)('%s (%i) → %s', async (body, status, failure) => {
      apple.route('POST /devices/sync', { status, body });
      const error = await gatewayFor({ discoverPageLimits: false })
        .syncDevices({ tokenId: 't1', cursor: 'c' })
        .catch((e: unknown) => e);
      expect(isGatewayError(error, failure)).toBe(true);
      expect(error).toMatchObject({ httpStatus: status, code: `GATEWAY_${failure.toUpperCase()}` });
    });

    it.each(['CONFIG_NAME_INVALID', 'FLAGS_INVALID', 'LOCALE_INVALID', '"SUPPORT_EMAIL_INVALID"'])(
      '%s on define → profile_invalid',
      async (body) => {
        apple.route('POST /profile', { status: 400, body });
        expect(
          await failureOf(gatewayFor().defineProfile('t1', profileSettingsSchema.parse({ name: 'X', url: 'https://x.example/e' }))),
        ).toBe('profile_invalid');
      },
    );

    it('404 on assign → profile_not_found; 404 elsewhere → bad_request', async () => {
      apple.route('POST /profile/devices', { status: 404, body: '' });
      expect(await failureOf(gatewayFor().assignProfile('t1', 'GONE', ['A']))).toBe('profile_not_found');
      expect(await failureOf(gatewayFor().disownDevices('t1', ['A']))).toBe('bad_request');
    });

    it('T_C_NOT_SIGNED on /session itself → terms_not_signed, with the appleCode kept', async () => {
      apple.route('GET /session', { status: 403, body: 'T_C_NOT_SIGNED' });
      const error = await gatewayFor()
        .account('t1')
        .catch((e: unknown) => e);
      expect(error).toMatchObject({ failure: 'terms_not_signed', appleCode: 'T_C_NOT_SIGNED', httpStatus: 403 });
      expect((error as Error).message).toMatch(/accept/);
    });

    it('5xx after the retries → unavailable', async () => {
      apple.route('GET /account', { status: 503 });
      expect(await failureOf(gatewayFor({ retry: { maxAttempts: 2 } }).account('t1'))).toBe('unavailable');
      expect(apple.seen('GET /account')).toHaveLength(2);
    });

    it('no credentials → token_missing', async () => {
      expect(await failureOf(gatewayFor({ credentials: async () => undefined }).account('t1'))).toBe('token_missing');
    });

    it('the caller’s signal → aborted', async () => {
      apple.route('GET /account', { body: accountRecord, delayMs: 1000 });
      expect(await failureOf(gatewayFor().account('t1', AbortSignal.timeout(50)))).toBe('aborted');
    });

    it('an unreadable answer → bad_request', async () => {
      apple.route('GET /account', { body: { server_name: 7 } });
      expect(await failureOf(gatewayFor().account('t1'))).toBe('bad_request');
    });
  });
});
