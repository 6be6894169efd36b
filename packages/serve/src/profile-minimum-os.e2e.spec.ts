import { checkAgainstOpenApi } from './testing/openapi-check';
import { startServeFixture, type ServeFixture } from './testing/serve-fixture';

// A profile's minimum OS at enrollment over HTTP: set, shown with the profile, removed; bad input
// refused naming the field, with nothing recorded.

describe('depledger serve: a profile minimum OS', () => {
  let f: ServeFixture;
  beforeAll(async () => {
    f = await startServeFixture();
    expect((await f.api('POST', '/tokens/paris/keys')).status).toBe(201);
    const settings = { name: 'Contoso iPhones', url: 'https://mdm.contoso.example/enroll' };
    expect((await f.api('POST', '/profiles', { json: { profileId: 'corp', tokenId: 'paris', settings } })).status).toBe(201);
  });
  afterAll(async () => {
    await f.close();
  });

  it('sets the minimum, shows it with the profile, and removes it', async () => {
    const minimumOs = { iOS: { version: '17.1', build: '21B74' } };
    const set = await f.api('PUT', '/profiles/corp/minimum-os', { json: { minimumOs } });
    expect(set.status).toBe(200);
    expect(JSON.stringify(set.body)).toContain('ProfileMinimumOsSet');
    expect((await f.api('GET', '/profiles/corp')).body).toMatchObject({ profileId: 'corp', minimumOs });
    expect((await f.api('GET', '/profiles')).body.profiles).toEqual([expect.objectContaining({ profileId: 'corp', minimumOs })]);
    const removed = await f.api('PUT', '/profiles/corp/minimum-os', { json: { minimumOs: null } });
    expect(removed.status).toBe(200);
    expect(JSON.stringify(removed.body)).toContain('ProfileMinimumOsRemoved');
    expect((await f.api('GET', '/profiles/corp')).body).toMatchObject({ minimumOs: null });
  });

  it.each([
    ['a version that is not one', { minimumOs: { iOS: { version: 'seventeen' } } }, 400, 'INVALID_INPUT', 'version'],
    ['a platform Apple has no enrollment for', { minimumOs: { watchOS: { version: '10.0' } } }, 400, 'INVALID_INPUT', 'watchOS'],
    ['no platform at all', { minimumOs: {} }, 400, 'INVALID_INPUT', 'minimumOs'],
    ['no minimumOs field', {}, 400, 'INVALID_INPUT', 'minimumOs'],
  ])('refuses %s, naming it, and records nothing', async (_name, json, status, code, names) => {
    const before = await f.store.headPosition();
    const answer = await f.api('PUT', '/profiles/corp/minimum-os', { json });
    expect({ status: answer.status, code: answer.body.code }).toEqual({ status, code });
    expect(answer.body.message).toContain(names);
    expect(await f.store.headPosition()).toBe(before);
  });

  it('answers an unknown profile with 404, and as the OpenAPI document declares', async () => {
    const unknown = await f.api('PUT', '/profiles/nosuch/minimum-os', { json: { minimumOs: { iOS: { version: '17.1' } } } });
    expect({ status: unknown.status, code: unknown.body.code }).toEqual({ status: 404, code: 'PROFILE_NOT_FOUND' });
    const document = await f.api('GET', '/openapi.json', { key: null });
    expect(checkAgainstOpenApi(document.body, f.answers)).toEqual([]);
  });
});
