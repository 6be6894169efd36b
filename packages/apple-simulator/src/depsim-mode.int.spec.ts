import { oauthAuthorizationHeader } from './oauth/oauth-signer';
import { createAppleSimulator, type AppleSimulator } from './simulator';
import { depsimCredentials } from './state/server-token';
import { callApple, userAgent } from './test-support/apple-calls';

describe('depsim-compatible mode', () => {
  let sim: AppleSimulator;
  let url: string;
  let session: string;
  let serials: string[];

  const depsimSession = async (contentType: string | undefined) => {
    const headers: Record<string, string> = {
      authorization: oauthAuthorizationHeader(depsimCredentials, 'GET', `${url}/session`),
      'user-agent': userAgent,
    };
    if (contentType !== undefined) headers['content-type'] = contentType;
    return fetch(`${url}/session`, { headers });
  };

  beforeAll(async () => {
    sim = createAppleSimulator({ depsim: true, seed: 71 });
    const server = sim.portal.addMdmServer({ name: 'depsim', credentials: depsimCredentials });
    serials = sim.devices.seed({ count: 3, serverId: server.serverId });
    ({ url } = await sim.start());
    const opened = await depsimSession('application/json;charset=UTF8');
    session = ((await opened.json()) as { auth_session_token: string }).auth_session_token;
  });
  afterAll(() => sim.stop());

  it("accepts MicroMDM's depsim credentials and insists on Content-Type application/json;charset=UTF8 at /session", async () => {
    expect((await depsimSession(undefined)).status).toBe(400);
    expect((await depsimSession('application/json')).status).toBe(400);
    expect((await depsimSession('application/json;charset=UTF8')).status).toBe(200);
  });

  it('quotes error codes as JSON strings', async () => {
    const reply = await callApple(url, session, 'POST', '/devices/sync', { body: {} });
    expect([reply.status, reply.text]).toEqual([400, '"CURSOR_REQUIRED"']);
  });

  it('answers unknown sessions with 403 FORBIDDEN, as depsim after a restart', async () => {
    sim.faults.forgetSessions();
    const reply = await callApple(url, session, 'GET', '/account');
    expect([reply.status, reply.text]).toEqual([403, '"FORBIDDEN"']);
    const reopened = await depsimSession('application/json;charset=UTF8');
    session = ((await reopened.json()) as { auth_session_token: string }).auth_session_token;
  });

  it("uses depsim's serials, cursors, zero fetched_until on sync, 16-hex profile UUIDs and example server_uuid", async () => {
    for (const serial of serials) expect(serial).toMatch(/^[0-9A-F]{18}$/);
    const fetched = (await callApple(url, session, 'POST', '/server/devices', { body: { limit: 2 } })).json<{
      cursor: string;
      more_to_follow: boolean;
    }>();
    expect(Buffer.from(fetched.cursor, 'base64').toString()).toMatch(/^\d{10}-1$/);
    const rest = (await callApple(url, session, 'POST', '/server/devices', { body: { cursor: fetched.cursor } })).json<{
      cursor: string;
      devices: unknown[];
    }>();
    expect(rest.devices).toHaveLength(1);
    expect(Buffer.from(rest.cursor, 'base64').toString()).toMatch(/^\d{10}-0$/);
    const sync = (await callApple(url, session, 'POST', '/devices/sync', { body: { cursor: rest.cursor } })).json<{
      fetched_until: string;
      cursor: string;
    }>();
    expect(sync.fetched_until).toBe('0001-01-01T00:00:00Z');
    const profile = (
      await callApple(url, session, 'POST', '/profile', { body: { profile_name: 'P', url: 'https://mdm.example.com' } })
    ).json<{ profile_uuid: string }>();
    expect(profile.profile_uuid).toMatch(/^[0-9A-F]{16}$/);
    expect((await callApple(url, session, 'GET', '/account')).json()['server_uuid']).toBe('677cab70-fe18-11e2-b778-0800200c9a66');
  });

  it('assigns only with PUT', async () => {
    const uuid = (await callApple(url, session, 'POST', '/profile', { body: { profile_name: 'P', url: 'https://mdm.example.com' } })).json<{
      profile_uuid: string;
    }>().profile_uuid;
    const body = { profile_uuid: uuid, devices: [serials[0]] };
    expect((await callApple(url, session, 'POST', '/profile/devices', { body })).status).toBe(405);
    expect((await callApple(url, session, 'PUT', '/profile/devices', { body })).json()).toEqual({
      profile_uuid: uuid,
      devices: { [serials[0] ?? '']: 'SUCCESS' },
    });
  });

  it('can be switched on and off at run time', async () => {
    sim.faults.set({ depsim: false });
    try {
      const reply = await callApple(url, session, 'POST', '/devices/sync', { body: {} });
      expect(reply.text).toBe('CURSOR_REQUIRED');
    } finally {
      sim.faults.set({ depsim: true });
    }
  });
});
