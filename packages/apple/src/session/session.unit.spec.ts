import { isDepledgerError } from '@depledger/core';
import { createAppleClient, oauthSignature, type AppleClientOptions } from '../index';
import { startRecordedApple, testCredentials, type RecordedApple, type SeenRequest } from '../test-support/recorded-apple';

let apple: RecordedApple;
beforeEach(async () => {
  apple = await startRecordedApple({
    'POST /server/devices': { body: { devices: [], cursor: 'c1', fetched_until: '2026-11-26T06:00:00Z', more_to_follow: false } },
  });
});
afterEach(() => apple.close());

const clientFor = (options: Partial<AppleClientOptions> = {}) =>
  createAppleClient({
    baseUrl: apple.url,
    credentials: async () => testCredentials,
    discoverPageLimits: false,
    sleep: async () => {},
    ...options,
  });

const oauthParameters = (request: SeenRequest): Record<string, string> =>
  Object.fromEntries(
    [
      ...String(request.headers.authorization)
        .replace(/^OAuth /, '')
        .matchAll(/([a-z_]+)="([^"]*)"/g),
    ].map((m) => [m[1]!, decodeURIComponent(m[2]!)]),
  );

describe('the session', () => {
  it('signs GET /session with OAuth 1.0a and sends the session on the next calls, with UA and protocol headers on every request', async () => {
    const client = clientFor({ now: () => 1_764_000_000_000, nonce: () => 'n0nce', userAgent: 'acme-mdm/2.1' });
    await client.fetchDevices('t1');
    await client.fetchDevices('t1');

    const [session, ...calls] = apple.requests;
    const oauth = oauthParameters(session!);
    expect(oauth).toMatchObject({
      realm: 'ADM',
      oauth_consumer_key: testCredentials.consumerKey,
      oauth_token: testCredentials.accessToken,
      oauth_signature_method: 'HMAC-SHA1',
      oauth_timestamp: '1764000000',
      oauth_nonce: 'n0nce',
      oauth_version: '1.0',
    });
    // What Apple checks: the signature over the URL as addressed.
    expect(oauth['oauth_signature']).toBe(
      oauthSignature(testCredentials, { method: 'GET', url: `${apple.url}/session`, timestamp: 1764000000, nonce: 'n0nce' }),
    );
    expect(apple.seen('GET /session')).toHaveLength(1);
    expect(calls.map((c) => c.headers['x-adm-auth-session'])).toEqual(['session-1', 'session-1']);
    for (const request of apple.requests) {
      expect(request.headers['user-agent']).toBe('acme-mdm/2.1');
      expect(request.headers['x-server-protocol-version']).toBe('10');
    }
    expect(calls[0]!.headers['content-type']).toBe('application/json;charset=UTF8');
    expect(session!.headers['content-type']).toBe('application/json;charset=UTF8'); // depsim insists on it
  });

  it('defaults to a product-style User-Agent and protocol 10, both configurable', async () => {
    await clientFor().fetchDevices('t1');
    expect(apple.requests[1]!.headers['user-agent']).toMatch(/^depledger\/\d+\.\d+\.\d+$/);
    await clientFor({ protocolVersion: 7 }).fetchDevices('t2');
    expect(apple.requests.at(-1)!.headers['x-server-protocol-version']).toBe('7');
  });

  it('keeps one session per token', async () => {
    const client = clientFor({ credentials: async (tokenId) => ({ ...testCredentials, consumerKey: `CK_${tokenId}` }) });
    await client.fetchDevices('a');
    await client.fetchDevices('b');
    await client.fetchDevices('a');
    expect(apple.seen('GET /session').map((r) => oauthParameters(r)['oauth_consumer_key'])).toEqual(['CK_a', 'CK_b']);
    expect(apple.seen('POST /server/devices').map((r) => r.headers['x-adm-auth-session'])).toEqual(['session-1', 'session-2', 'session-1']);
  });

  it('opens one session at a time per token: concurrent callers share it', async () => {
    apple.route('GET /session', { body: { auth_session_token: 'shared' }, delayMs: 50 });
    const client = clientFor();
    await Promise.all([client.fetchDevices('t1'), client.fetchDevices('t1'), client.fetchDevices('t1'), client.account('t1')]);
    expect(apple.seen('GET /session')).toHaveLength(1);
  });

  it('lets one caller stop waiting for a shared session without failing the others', async () => {
    apple.route('GET /session', { body: { auth_session_token: 'shared' }, delayMs: 100 });
    const client = clientFor();
    const controller = new AbortController();
    const quitter = client.fetchDevices('t1', {}, controller.signal).catch((e: unknown) => e);
    const stayer = client.fetchDevices('t1');
    controller.abort();
    expect(isDepledgerError(await quitter, 'APPLE_ABORTED')).toBe(true);
    expect((await stayer).cursor).toBe('c1');
    expect(apple.seen('GET /session')).toHaveLength(1);
  });

  it.each([
    ['401 with an empty body', { status: 401, body: '' }],
    ['403 FORBIDDEN', { status: 403, body: 'FORBIDDEN' }],
    ['403 "FORBIDDEN" (JSON-quoted)', { status: 403, body: '"FORBIDDEN"' }],
  ])('renews the session once and replays the request on %s', async (_label, refusal) => {
    const client = clientFor();
    await client.fetchDevices('t1');
    apple.route('POST /server/devices', (request) =>
      request.headers['x-adm-auth-session'] === 'session-1'
        ? refusal
        : { body: { devices: [], cursor: 'c2', fetched_until: null, more_to_follow: false } },
    );
    const page = await client.fetchDevices('t1', { cursor: 'c1' });
    expect(page.cursor).toBe('c2');
    expect(apple.seen('GET /session')).toHaveLength(2);
    const replays = apple.seen('POST /server/devices').slice(1);
    expect(replays.map((r) => [r.headers['x-adm-auth-session'], r.body])).toEqual([
      ['session-1', '{"cursor":"c1","limit":1000}'],
      ['session-2', '{"cursor":"c1","limit":1000}'],
    ]);
  });

  it.each([
    [401, '', 'APPLE_HTTP_ERROR'],
    [403, 'FORBIDDEN', 'APPLE_FORBIDDEN'],
  ] as const)('gives up after one renewal when %s persists', async (status, body, code) => {
    apple.route('POST /server/devices', { status, body });
    const error = await clientFor()
      .fetchDevices('t1')
      .catch((e: unknown) => e);
    expect(isDepledgerError(error, code)).toBe(true);
    expect(error).toMatchObject({ httpStatus: status });
    expect(apple.seen('GET /session')).toHaveLength(2);
    expect(apple.seen('POST /server/devices')).toHaveLength(2);
  });

  it('does not renew on other 403s (T_C_NOT_SIGNED, ACCESS_DENIED)', async () => {
    apple.route('POST /server/devices', { status: 403, body: 'T_C_NOT_SIGNED' });
    const error = await clientFor()
      .fetchDevices('t1')
      .catch((e: unknown) => e);
    expect(isDepledgerError(error, 'APPLE_T_C_NOT_SIGNED')).toBe(true);
    expect(apple.seen('GET /session')).toHaveLength(1);
    expect(apple.seen('POST /server/devices')).toHaveLength(1);
  });

  it('surfaces errors of GET /session itself without looping', async () => {
    apple.route('GET /session', { status: 403, body: 'T_C_NOT_SIGNED' });
    const error = await clientFor()
      .fetchDevices('t1')
      .catch((e: unknown) => e);
    expect(isDepledgerError(error, 'APPLE_T_C_NOT_SIGNED')).toBe(true);
    expect((error as Error).message).toMatch(/accept them/);
    expect(apple.seen('GET /session')).toHaveLength(1);
    apple.route('GET /session', { status: 401, body: 'oauth_problem=token_rejected' });
    const rejected = await clientFor()
      .fetchDevices('t1')
      .catch((e: unknown) => e);
    expect(isDepledgerError(rejected, 'APPLE_TOKEN_REJECTED')).toBe(true);
  });

  it('takes the new session Apple hands out in X-ADM-Auth-Session', async () => {
    apple.route('POST /server/devices', [
      { body: { devices: [], cursor: 'c1', fetched_until: null, more_to_follow: false }, headers: { 'X-ADM-Auth-Session': 'rotated' } },
      { body: { devices: [], cursor: 'c2', fetched_until: null, more_to_follow: false } },
    ]);
    const client = clientFor();
    await client.fetchDevices('t1');
    await client.fetchDevices('t1');
    expect(apple.seen('POST /server/devices').map((r) => r.headers['x-adm-auth-session'])).toEqual(['session-1', 'rotated']);
    expect(apple.seen('GET /session')).toHaveLength(1);
  });

  it('renews proactively when sessionMaxAgeMs is set', async () => {
    let now = 1_000_000;
    const client = clientFor({ now: () => now, sessionMaxAgeMs: 180_000 });
    await client.fetchDevices('t1');
    now += 179_000;
    await client.fetchDevices('t1');
    now += 2_000;
    await client.fetchDevices('t1');
    expect(apple.seen('POST /server/devices').map((r) => r.headers['x-adm-auth-session'])).toEqual(['session-1', 'session-1', 'session-2']);
  });

  it('forgetSession drops the cached session, even one still being opened with old credentials', async () => {
    let secrets = { ...testCredentials, consumerKey: 'CK_old' };
    apple.route('GET /session', (request) => ({
      body: { auth_session_token: `for-${oauthParameters(request)['oauth_consumer_key']}` },
      delayMs: 50,
    }));
    const client = clientFor({ credentials: async () => secrets });
    const first = client.fetchDevices('t1');
    await new Promise((resolve) => setTimeout(resolve, 10));
    secrets = { ...testCredentials, consumerKey: 'CK_new' };
    client.forgetSession('t1');
    await first;
    await client.fetchDevices('t1');
    expect(apple.seen('POST /server/devices').map((r) => r.headers['x-adm-auth-session'])).toEqual(['for-CK_old', 'for-CK_new']);
  });

  it('says when a token has no credentials, and never sends secrets anywhere but the signature', async () => {
    const error = await clientFor({ credentials: async () => null })
      .fetchDevices('t9')
      .catch((e: unknown) => e);
    expect(isDepledgerError(error, 'APPLE_CREDENTIALS_MISSING')).toBe(true);
    expect(apple.requests).toHaveLength(0);
    await clientFor().fetchDevices('t1');
    const everything = JSON.stringify(apple.requests.map((r) => [r.headers, r.body, r.path]));
    expect(everything).not.toContain(testCredentials.consumerSecret);
    expect(everything).not.toContain(testCredentials.accessSecret);
  });
});
