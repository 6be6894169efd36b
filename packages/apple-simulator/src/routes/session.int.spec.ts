import { createAppleSimulator, type AppleSimulator } from '../simulator';
import { oauthAuthorizationHeader } from '../oauth/oauth-signer';
import { callApple, openSession, rawRequest, requestSession, userAgent } from '../test-support/apple-calls';
import type { IssuedToken } from '../portal';

describe('GET /session and the auth session', () => {
  let sim: AppleSimulator;
  let url: string;
  let server: IssuedToken;

  beforeAll(async () => {
    sim = createAppleSimulator({ seed: 3 });
    server = sim.createServerWithCredentials({ name: 'auth tests' });
    ({ url } = await sim.start());
  });
  afterAll(() => sim.stop());
  afterEach(() => {
    sim.portal.acceptTerms();
    sim.faults.reset();
    sim.clock.set(new Date());
  });

  it('accepts the §3.1 test vector when the client addressed https://mdmenrollment.apple.com', async () => {
    const vectorSim = createAppleSimulator({ trustForwardedProto: true });
    vectorSim.clock.set(new Date(137131200 * 1000));
    vectorSim.createServerWithCredentials({
      credentials: { consumer_key: 'CK_test', consumer_secret: 'CS_test', access_token: 'AT_test', access_secret: 'AS_test' },
    });
    const vectorUrl = (await vectorSim.start()).url;
    try {
      const authorization =
        'OAuth realm="ADM", oauth_consumer_key="CK_test", oauth_token="AT_test", oauth_signature_method="HMAC-SHA1", ' +
        'oauth_signature="VcBgRjtlSaZy%2F6zmUM0DSf6t6W4%3D", oauth_timestamp="137131200", oauth_nonce="4572616e48616d6d65724c61686176", oauth_version="1.0"';
      const headers = { host: 'mdmenrollment.apple.com', 'x-forwarded-proto': 'https', authorization, 'user-agent': userAgent };
      const ok = await rawRequest(vectorUrl, 'GET', '/session', headers);
      expect(ok.status).toBe(200);
      expect(JSON.parse(ok.text).auth_session_token).toEqual(expect.any(String));
      // The same signature over another host is not valid: the URL as addressed is part of what is signed.
      const elsewhere = await rawRequest(vectorUrl, 'GET', '/session', { ...headers, host: 'example.com' });
      expect([elsewhere.status, elsewhere.text]).toEqual([401, 'signature_invalid']);
    } finally {
      await vectorSim.stop();
    }
  });

  it('returns a session token that opens the other endpoints', async () => {
    const reply = await requestSession(url, server.credentials);
    expect(reply.status).toBe(200);
    const token = reply.json<{ auth_session_token: string }>().auth_session_token;
    expect(token.length).toBeGreaterThan(10);
    expect((await callApple(url, token, 'GET', '/account')).status).toBe(200);
  });

  it('refuses a reused nonce with 401', async () => {
    expect((await requestSession(url, server.credentials, { nonce: 'same-nonce-1' })).status).toBe(200);
    const replay = await requestSession(url, server.credentials, { nonce: 'same-nonce-1' });
    expect(replay.status).toBe(401);
    expect(replay.text).toBe('nonce_used');
  });

  it('refuses an unknown consumer key and a bad signature with 401', async () => {
    const unknown = await requestSession(url, { ...server.credentials, consumer_key: 'CK_nobody' });
    expect(unknown.status).toBe(401);
    const badSecret = await requestSession(url, { ...server.credentials, access_secret: 'AS_wrong' });
    expect(badSecret.status).toBe(401);
    expect(badSecret.text).toBe('signature_invalid');
  });

  it('refuses a timestamp outside the window', async () => {
    const stale = await requestSession(url, server.credentials, { timestamp: Math.floor(Date.now() / 1000) - 3600 });
    expect(stale.status).toBe(401);
    expect(stale.text).toBe('timestamp_refused');
  });

  it('answers 400 to a missing or malformed Authorization header and to other signature methods', async () => {
    const none = await fetch(`${url}/session`, { headers: { 'user-agent': userAgent } });
    expect(none.status).toBe(400);
    const plaintext = oauthAuthorizationHeader(server.credentials, 'GET', `${url}/session`).replace('HMAC-SHA1', 'PLAINTEXT');
    expect((await fetch(`${url}/session`, { headers: { 'user-agent': userAgent, authorization: plaintext } })).status).toBe(400);
  });

  it('answers 400 USER_AGENT_MISSING without a User-Agent', async () => {
    const authorization = oauthAuthorizationHeader(server.credentials, 'GET', `${url}/session`);
    const noAgent = await rawRequest(url, 'GET', '/session', { authorization });
    expect(noAgent.status).toBe(400);
    expect(noAgent.text).toBe('USER_AGENT_MISSING');
    const session = await openSession(url, server.credentials);
    const account = await rawRequest(url, 'GET', '/account', { 'x-adm-auth-session': session });
    expect(account.status).toBe(400);
    expect(account.text).toBe('USER_AGENT_MISSING');
  });

  it('answers USER_AGENT_INVALID for rejected agents when configured', async () => {
    const strict = createAppleSimulator({ rejectUserAgent: /\/0$/ });
    const token = strict.createServerWithCredentials();
    const strictUrl = (await strict.start()).url;
    try {
      const authorization = oauthAuthorizationHeader(token.credentials, 'GET', `${strictUrl}/session`);
      const refused = await fetch(`${strictUrl}/session`, { headers: { authorization, 'user-agent': 'nanodep-g-o-dep/0' } });
      expect(refused.status).toBe(400);
      expect(await refused.text()).toBe('USER_AGENT_INVALID');
    } finally {
      await strict.stop();
    }
  });

  it('answers 401 with an empty body without a session or with an unknown one', async () => {
    const missing = await fetch(`${url}/account`, { headers: { 'user-agent': userAgent } });
    expect(missing.status).toBe(401);
    expect(await missing.text()).toBe('');
    const unknown = await callApple(url, 'not-a-session', 'GET', '/account');
    expect(unknown.status).toBe(401);
    expect(unknown.text).toBe('');
  });

  it('expires sessions after their lifetime on the simulator clock', async () => {
    const session = await openSession(url, server.credentials);
    sim.clock.advance(170_000);
    expect((await callApple(url, session, 'GET', '/account')).status).toBe(200);
    sim.clock.advance(15_000);
    const expired = await callApple(url, session, 'GET', '/account');
    expect(expired.status).toBe(401);
    expect(expired.text).toBe('');
  });

  it('answers 403 T_C_NOT_SIGNED until new terms are accepted, on /session and on open sessions', async () => {
    const session = await openSession(url, server.credentials);
    sim.portal.requireNewTerms();
    const onCall = await callApple(url, session, 'GET', '/account');
    expect([onCall.status, onCall.text]).toEqual([403, 'T_C_NOT_SIGNED']);
    const onSession = await requestSession(url, server.credentials);
    expect([onSession.status, onSession.text]).toEqual([403, 'T_C_NOT_SIGNED']);
    sim.portal.acceptTerms();
    expect((await callApple(url, session, 'GET', '/account')).status).toBe(200);
  });

  it('answers 403 FORBIDDEN (or token_rejected when configured) once the token is revoked', async () => {
    const revokable = sim.createServerWithCredentials({ name: 'revoked' });
    const session = await openSession(url, revokable.credentials);
    sim.portal.revokeToken(revokable.serverId);
    const onCall = await callApple(url, session, 'GET', '/account');
    expect([onCall.status, onCall.text]).toEqual([403, 'FORBIDDEN']);
    const onSession = await requestSession(url, revokable.credentials);
    expect([onSession.status, onSession.text]).toEqual([403, 'FORBIDDEN']);

    const other = createAppleSimulator({ revokedTokenCode: 'token_rejected' });
    const token = other.createServerWithCredentials();
    const otherUrl = (await other.start()).url;
    try {
      other.portal.revokeToken(token.serverId);
      const refused = await requestSession(otherUrl, token.credentials);
      expect([refused.status, refused.text]).toEqual([403, 'token_rejected']);
    } finally {
      await other.stop();
    }
  });

  it('stops accepting the old token after a renewal; the new one works', async () => {
    const renewable = sim.createServerWithCredentials({ name: 'renewed' });
    const renewed = sim.portal.renewToken(renewable.serverId);
    expect(renewed.credentials.consumer_key).not.toBe(renewable.credentials.consumer_key);
    expect((await requestSession(url, renewable.credentials)).status).toBe(403);
    expect((await requestSession(url, renewed.credentials)).status).toBe(200);
  });

  it('refuses an expired token (one year after issue)', async () => {
    const other = createAppleSimulator({ oauthTimestampWindowSeconds: null });
    const token = other.createServerWithCredentials();
    const otherUrl = (await other.start()).url;
    try {
      expect(token.token.access_token_expiry).toBe(new Date(other.clock.nowMs() + 365 * 86400_000).toISOString().replace(/\.\d{3}Z$/, 'Z'));
      other.clock.advance(366 * 86400_000);
      const refused = await requestSession(otherUrl, token.credentials);
      expect([refused.status, refused.text]).toEqual([401, 'token_expired']);
    } finally {
      await other.stop();
    }
  });

  it('rotates X-ADM-Auth-Session when configured; the new token works', async () => {
    const rotating = createAppleSimulator({ rotateSessionEveryRequests: 2 });
    const token = rotating.createServerWithCredentials();
    const rotatingUrl = (await rotating.start()).url;
    try {
      const session = await openSession(rotatingUrl, token.credentials);
      const first = await callApple(rotatingUrl, session, 'GET', '/account');
      expect(first.headers.get('x-adm-auth-session')).toBeNull();
      const second = await callApple(rotatingUrl, session, 'GET', '/account');
      const rotated = second.headers.get('x-adm-auth-session');
      expect(rotated).toEqual(expect.any(String));
      expect(rotated).not.toBe(session);
      expect((await callApple(rotatingUrl, rotated ?? '', 'GET', '/account')).status).toBe(200);
    } finally {
      await rotating.stop();
    }
  });
});
