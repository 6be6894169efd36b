import { checkAgainstOpenApi } from './testing/openapi-check';
import { startServeFixture, type ApiCall, type ServeFixture } from './testing/serve-fixture';

// Bad input over HTTP: each request is refused with a 4xx, the error code in one JSON shape, and
// nothing recorded in the store.

const profile = { profileId: 'corp', tokenId: 'paris', settings: { name: 'Contoso iPhones', url: 'https://mdm.contoso.example/enroll' } };

describe('depledger serve: bad input', () => {
  let f: ServeFixture;
  let revokedKey: string;
  beforeAll(async () => {
    f = await startServeFixture();
    expect((await f.api('POST', '/tokens/paris/keys')).status).toBe(201);
    const revoked = await f.server.apiKeys.issue('old-mdm', ['read', 'write']);
    await f.server.apiKeys.revoke(revoked.keyId);
    revokedKey = revoked.key;
  });
  afterAll(async () => {
    await f.close();
  });

  const raw = (body: string, contentType = 'application/json'): ApiCall => ({ raw: body, contentType });

  const cases: [string, string, string, () => ApiCall, number, string][] = [
    ['malformed JSON', 'POST', '/profiles', () => raw('{"profileId": "corp", '), 400, 'INVALID_JSON'],
    ['an empty JSON body', 'POST', '/profiles', () => raw(''), 400, 'INVALID_JSON'],
    ['a wrong type', 'POST', '/profiles', () => ({ json: { ...profile, profileId: 42 } }), 400, 'INVALID_INPUT'],
    [
      'a wrong type inside the settings',
      'POST',
      '/profiles',
      () => ({ json: { ...profile, settings: { ...profile.settings, userAffinity: 'yes' } } }),
      400,
      'INVALID_INPUT',
    ],
    ['an unknown field', 'POST', '/profiles', () => ({ json: { ...profile, colour: 'blue' } }), 400, 'INVALID_INPUT'],
    [
      'an unknown field inside the settings',
      'POST',
      '/profiles',
      () => ({ json: { ...profile, settings: { ...profile.settings, wallpaper: 'x' } } }),
      400,
      'INVALID_INPUT',
    ],
    [
      "settings outside Apple's limits",
      'POST',
      '/profiles',
      () => ({ json: { ...profile, settings: { ...profile.settings, name: 'x'.repeat(200) } } }),
      400,
      'INVALID_INPUT',
    ],
    ['a JSON array instead of an object', 'POST', '/profiles', () => ({ json: [profile] }), 400, 'INVALID_INPUT'],
    [
      'a prototype-polluting body',
      'POST',
      '/profiles',
      () => raw('{"__proto__": {"admin": true}, "profileId": "corp"}'),
      400,
      'INVALID_JSON',
    ],
    [
      'an oversized JSON body',
      'POST',
      '/profiles',
      () => ({ json: { ...profile, settings: { ...profile.settings, description: 'x'.repeat(100_000) } } }),
      413,
      'BODY_TOO_LARGE',
    ],
    ['JSON sent as text', 'POST', '/profiles', () => raw(JSON.stringify(profile), 'text/plain'), 415, 'UNSUPPORTED_MEDIA_TYPE'],
    ['a body on a route that takes none', 'POST', '/tokens/paris/keys', () => ({ json: { commonName: 'x' } }), 400, 'INVALID_INPUT'],
    ['a bad query value', 'GET', '/devices?limit=lots', () => ({}), 400, 'INVALID_INPUT'],
    ['an unknown query parameter', 'GET', '/devices?colour=blue', () => ({}), 400, 'INVALID_INPUT'],
    ['an unknown status', 'GET', '/devices?status=lost', () => ({}), 400, 'INVALID_INPUT'],
    ['a date that is not one', 'GET', '/devices/SER1?asOf=yesterday', () => ({}), 400, 'INVALID_INPUT'],
    [
      'a file that is not a .p7m',
      'PUT',
      '/tokens/paris/server-token',
      () => ({ raw: 'hello, I am not a server token', headers: { 'x-apple-id': 'alice@contoso.example' } }),
      422,
      'SERVER_TOKEN_NOT_P7M',
    ],
    [
      'random bytes as a .p7m',
      'PUT',
      '/tokens/paris/server-token',
      () => ({
        raw: Buffer.from(Array.from({ length: 2048 }, (_, i) => (i * 7919) % 256)),
        headers: { 'x-apple-id': 'alice@contoso.example' },
      }),
      422,
      'SERVER_TOKEN_NOT_P7M',
    ],
    [
      'an oversized .p7m',
      'PUT',
      '/tokens/paris/server-token',
      () => ({ raw: Buffer.alloc(300 * 1024, 65), headers: { 'x-apple-id': 'alice@contoso.example' } }),
      413,
      'BODY_TOO_LARGE',
    ],
    [
      'a .p7m sent as JSON',
      'PUT',
      '/tokens/paris/server-token',
      () => ({ json: { p7m: 'x' }, headers: { 'x-apple-id': 'alice@contoso.example' } }),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    ],
    ['a .p7m without the Apple ID', 'PUT', '/tokens/paris/server-token', () => ({ raw: 'MIME-Version: 1.0' }), 400, 'INVALID_INPUT'],
    [
      'an Apple ID that is not one',
      'PUT',
      '/tokens/paris/server-token',
      () => ({ raw: 'MIME-Version: 1.0', headers: { 'x-apple-id': 'alice' } }),
      400,
      'INVALID_INPUT',
    ],
    ['a bad token id', 'POST', '/tokens/pa%20ris/keys', () => ({}), 400, 'INVALID_INPUT'],
    ['an unknown run', 'GET', '/tokens/paris/syncs/nope', () => ({}), 404, 'SYNC_RUN_NOT_FOUND'],
    ['an unknown device', 'GET', '/devices/NOPE1234', () => ({}), 404, 'DEVICE_NOT_FOUND'],
    ['an unknown route', 'GET', '/fleet', () => ({}), 404, 'ROUTE_NOT_FOUND'],
    ['no API key', 'POST', '/profiles', () => ({ key: null, json: profile }), 401, 'API_KEY_MISSING'],
    ['no API key on a read', 'GET', '/devices', () => ({ key: null }), 401, 'API_KEY_MISSING'],
    ['a malformed API key', 'POST', '/profiles', () => ({ key: 'let-me-in', json: profile }), 401, 'API_KEY_INVALID'],
    [
      'a well-formed key that was never issued',
      'POST',
      '/profiles',
      () => ({ key: `dpl_0123456789abcdef_${'A'.repeat(43)}`, json: profile }),
      401,
      'API_KEY_INVALID',
    ],
    [
      'a known key id with a wrong secret',
      'POST',
      '/profiles',
      () => ({ key: f.writeKey.replace(/_[^_]+$/, `_${'B'.repeat(43)}`), json: profile }),
      401,
      'API_KEY_INVALID',
    ],
    ['a revoked key', 'POST', '/profiles', () => ({ key: revokedKey, json: profile }), 401, 'API_KEY_INVALID'],
    ['a read key on a write route', 'POST', '/profiles', () => ({ key: f.readKey, json: profile }), 403, 'API_KEY_SCOPE'],
  ];

  it.each(cases)('%s → %s %s is refused and records nothing', async (_what, method, path, call, status, code) => {
    const before = await f.store.headPosition();
    const answer = await f.api(method, path, call());
    expect({ status: answer.status, code: answer.body.code }).toEqual({ status, code });
    expect(answer.body).toEqual({ code, message: expect.any(String), details: expect.any(Object) });
    expect(answer.body.message.length).toBeGreaterThan(10);
    expect(answer.text).not.toContain('alice@contoso.example');
    expect(await f.store.headPosition()).toBe(before);
  });

  it('names the field in a validation error', async () => {
    const answer = await f.api('POST', '/profiles', { json: { ...profile, colour: 'blue' } });
    expect(answer.body.message).toContain('colour');
  });

  it('answers every refusal as the OpenAPI document declares it', async () => {
    const document = await f.api('GET', '/openapi.json', { key: null });
    expect(checkAgainstOpenApi(document.body, f.answers)).toEqual([]);
  });
});
