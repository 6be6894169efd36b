import { createAppleSimulator, type AppleSimulator } from './simulator';
import { appleClient, callApple, fetchAll, openSession } from './test-support/apple-calls';
import type { IssuedToken } from './portal';

type Page = { devices: Array<Record<string, string>>; cursor: string; more_to_follow: boolean };

describe('faults on demand', () => {
  let sim: AppleSimulator;
  let url: string;
  let server: IssuedToken;
  let serials: string[];

  beforeAll(async () => {
    sim = createAppleSimulator({ seed: 61 });
    server = sim.createServerWithCredentials();
    serials = sim.devices.seed({ count: 30, serverId: server.serverId });
    ({ url } = await sim.start());
  });
  afterAll(() => sim.stop());
  afterEach(() => {
    sim.faults.reset();
    sim.clock.set(new Date());
  });

  const statuses = async (session: string, count: number): Promise<number[]> => {
    const seen: number[] = [];
    for (let i = 0; i < count; i++) seen.push((await callApple(url, session, 'GET', '/account')).status);
    return seen;
  };

  it('answers a share of requests with 5xx, the same ones for the same seed', async () => {
    const session = await openSession(url, server.credentials);
    sim.faults.set({ serverErrors: { share: 0.5, status: 503, seed: 7 } });
    const first = await statuses(session, 40);
    sim.faults.set({ serverErrors: { share: 0.5, status: 503, seed: 7 } });
    const second = await statuses(session, 40);
    expect(second).toEqual(first);
    const failures = first.filter((s) => s === 503).length;
    expect(failures).toBeGreaterThan(8);
    expect(failures).toBeLessThan(32);
    expect(first.filter((s) => s !== 503 && s !== 200)).toEqual([]);
    sim.faults.set({ serverErrors: { share: 1, status: 500, seed: 1 } });
    expect(await statuses(session, 3)).toEqual([500, 500, 500]);
    sim.faults.set({ serverErrors: null });
    expect(await statuses(session, 2)).toEqual([200, 200]);
  });

  it("fails one MDM server's requests with a 5xx while another's are served, also through the control API", async () => {
    const other = sim.createServerWithCredentials({ name: 'healthy MDM' });
    const failing = await openSession(url, server.credentials);
    const healthy = await openSession(url, other.credentials);
    sim.faults.set({ failingServers: { serverIds: [server.serverId], status: 503 } });
    expect([(await callApple(url, failing, 'GET', '/account')).status, (await callApple(url, healthy, 'GET', '/account')).status]).toEqual([
      503, 200,
    ]);
    // a session still opens: the failure is the server's calls, as when Apple's side of one organisation is down
    expect(await openSession(url, server.credentials)).toEqual(expect.any(String));
    const patched = await fetch(`${url}/_control/faults`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ failingServers: { serverIds: [other.serverId] } }),
    });
    expect(((await patched.json()) as { failingServers: unknown }).failingServers).toEqual({ serverIds: [other.serverId], status: 503 });
    expect([(await callApple(url, failing, 'GET', '/account')).status, (await callApple(url, healthy, 'GET', '/account')).status]).toEqual([
      200, 503,
    ]);
  });

  it("adds latency: Apple's answers are held, and lowering the latency releases the ones waiting", async () => {
    const session = await openSession(url, server.credentials);
    sim.faults.set({ latencyMs: 24 * 3600_000 });
    let answered = false;
    const held = callApple(url, session, 'GET', '/account').then((answer) => {
      answered = true;
      return answer;
    });
    // The simulator's own routes are not held: it answers one meanwhile, and Apple's answer still waits.
    expect((await fetch(`${url}/_control/faults`)).status).toBe(200);
    expect(answered).toBe(false);
    sim.faults.set({ latencyMs: 0 });
    expect((await held).status).toBe(200);
  });

  it('drops connections without answering', async () => {
    const session = await openSession(url, server.credentials);
    sim.faults.set({ dropConnections: { share: 1, seed: 1 } });
    await expect(callApple(url, session, 'GET', '/account')).rejects.toThrow();
    sim.faults.set({ dropConnections: null });
    expect((await callApple(url, session, 'GET', '/account')).status).toBe(200);
  });

  it('expires sessions every N requests', async () => {
    sim.faults.set({ sessionExpiryEveryRequests: 2 });
    const session = await openSession(url, server.credentials);
    expect(await statuses(session, 3)).toEqual([200, 200, 401]);
    expect(await statuses(await openSession(url, server.credentials), 1)).toEqual([200]);
  });

  it('expires sessions at a chosen moment', async () => {
    const session = await openSession(url, server.credentials);
    sim.faults.expireSessions(new Date(sim.clock.nowMs() + 60_000));
    expect(await statuses(session, 1)).toEqual([200]);
    sim.clock.advance(61_000);
    expect(await statuses(session, 1)).toEqual([401]);
    expect(await statuses(await openSession(url, server.credentials), 1)).toEqual([200]);
  });

  it('repeats the request cursor with more_to_follow: true, then carries on normally', async () => {
    const client = appleClient(url, server.credentials);
    const first = (await client.call('POST', '/server/devices', { limit: 10 })).json<Page>();
    sim.faults.set({ repeatCursor: 1 });
    const repeated = (await client.call('POST', '/server/devices', { cursor: first.cursor, limit: 10 })).json<Page>();
    expect(repeated).toMatchObject({ cursor: first.cursor, more_to_follow: true, devices: [] });
    const next = (await client.call('POST', '/server/devices', { cursor: first.cursor, limit: 10 })).json<Page>();
    expect(next.devices.map((d) => d.serial_number)).toEqual(serials.slice(10, 20));

    const { cursor } = await fetchAll(client, 1000);
    sim.faults.set({ repeatCursor: 1 });
    const sync = (await client.call('POST', '/devices/sync', { cursor })).json<Page>();
    expect(sync).toMatchObject({ cursor, more_to_follow: true, devices: [] });
  });

  it('hides throttled devices from the sync feed', async () => {
    const client = appleClient(url, server.credentials);
    const { cursor } = await fetchAll(client, 1000);
    const [throttled, visible] = [serials[0] ?? '', serials[1] ?? ''];
    sim.faults.throttleDevices([throttled], 3600);
    sim.faults.set({ hideThrottledFromSync: true });
    sim.portal.unassignDevices({ serials: [throttled, visible] });
    const feed = (await client.call('POST', '/devices/sync', { cursor })).json<Page>();
    expect(feed.devices.map((d) => d.serial_number)).toEqual([visible]);
    sim.faults.set({ hideThrottledFromSync: false });
    const again = (await client.call('POST', '/devices/sync', { cursor })).json<Page>();
    expect(again.devices.map((d) => d.serial_number)).toEqual([throttled, visible]);
    sim.portal.assignDevices(server.serverId, { serials: [throttled, visible] });
    serials.push(...serials.splice(0, 2));
  });
});
