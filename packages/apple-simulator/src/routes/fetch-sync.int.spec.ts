import { createAppleSimulator, type AppleSimulator } from '../simulator';
import { appleClient, fetchAll } from '../test-support/apple-calls';
import type { IssuedToken } from '../portal';

type Page = { devices: Array<Record<string, string>>; cursor: string; more_to_follow: boolean; fetched_until: string };

describe('fetch (POST /server/devices) and sync (POST /devices/sync)', () => {
  let sim: AppleSimulator;
  let url: string;
  let server: IssuedToken;
  let serials: string[];

  beforeAll(async () => {
    sim = createAppleSimulator({ seed: 11, oauthTimestampWindowSeconds: null });
    server = sim.createServerWithCredentials({ name: 'paging' });
    serials = sim.devices.seed({ count: 250, serverId: server.serverId });
    ({ url } = await sim.start());
  });
  afterAll(() => sim.stop());

  it('pages a snapshot with the default limit of 100 and opaque base64 cursors', async () => {
    const client = appleClient(url, server.credentials);
    const first = await client.call('POST', '/server/devices', {});
    const page = first.json<Page>();
    expect(page.devices).toHaveLength(100);
    expect(page.more_to_follow).toBe(true);
    expect(page.cursor).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(page.fetched_until).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(page.devices[0]).not.toHaveProperty('op_type');
    expect(page.devices[0]).not.toHaveProperty('op_date');
    expect(page.devices.map((d) => d.serial_number)).toEqual(serials.slice(0, 100));
  });

  it('returns every device exactly once, in assignment order, with more_to_follow false on the last page', async () => {
    const client = appleClient(url, server.credentials);
    const all = await fetchAll(client, 60);
    expect(all.pages).toBe(5);
    expect(all.serials).toEqual(serials);
  });

  it('keeps the snapshot taken at the first call: devices assigned later are not in it', async () => {
    const client = appleClient(url, server.credentials);
    const first = (await client.call('POST', '/server/devices', { limit: 200 })).json<Page>();
    const late = sim.devices.seed({ count: 2, serverId: server.serverId });
    const second = (await client.call('POST', '/server/devices', { cursor: first.cursor, limit: 200 })).json<Page>();
    expect(second.more_to_follow).toBe(false);
    const fetched = [...first.devices, ...second.devices].map((d) => d.serial_number);
    expect(fetched).not.toContain(late[0]);
    // …and a sync from the final fetch cursor reports them as added.
    const sync = (await client.call('POST', '/devices/sync', { cursor: second.cursor })).json<Page>();
    expect(sync.devices.map((d) => [d.serial_number, d.op_type])).toEqual(late.map((s) => [s, 'added']));
    serials.push(...late);
  });

  it('clamps limit to the maximum', async () => {
    const small = createAppleSimulator({ maxLimit: 20 });
    const token = small.createServerWithCredentials();
    small.devices.seed({ count: 30, serverId: token.serverId });
    const smallUrl = (await small.start()).url;
    try {
      const page = (await appleClient(smallUrl, token.credentials).call('POST', '/server/devices', { limit: 500 })).json<Page>();
      expect(page.devices).toHaveLength(20);
    } finally {
      await small.stop();
    }
  });

  it('refuses limit above the maximum when configured to', async () => {
    const strict = createAppleSimulator({ maxLimit: 20, limitOverMax: 'reject' });
    const token = strict.createServerWithCredentials();
    const strictUrl = (await strict.start()).url;
    try {
      const reply = await appleClient(strictUrl, token.credentials).call('POST', '/server/devices', { limit: 21 });
      expect([reply.status, reply.text]).toEqual([400, 'INVALID_LIMIT']);
    } finally {
      await strict.stop();
    }
  });

  it('answers EXHAUSTED_CURSOR when fetched with the final cursor', async () => {
    const client = appleClient(url, server.credentials);
    const { cursor } = await fetchAll(client, 1000);
    const again = await client.call('POST', '/server/devices', { cursor });
    expect([again.status, again.text]).toEqual([400, 'EXHAUSTED_CURSOR']);
  });

  it('answers EXHAUSTED_CURSOR when a sync cursor is used to fetch (so a restarting client switches to sync)', async () => {
    const client = appleClient(url, server.credentials);
    const { cursor } = await fetchAll(client, 1000);
    const sync = (await client.call('POST', '/devices/sync', { cursor })).json<Page>();
    const reply = await client.call('POST', '/server/devices', { cursor: sync.cursor });
    expect([reply.status, reply.text]).toEqual([400, 'EXHAUSTED_CURSOR']);
  });

  it('answers INVALID_CURSOR once a non-final fetch snapshot has been forgotten (four newest kept)', async () => {
    const client = appleClient(url, server.credentials);
    const oldest = (await client.call('POST', '/server/devices', { limit: 1 })).json<Page>();
    for (let i = 0; i < 4; i++) await client.call('POST', '/server/devices', { limit: 1 });
    const reply = await client.call('POST', '/server/devices', { cursor: oldest.cursor, limit: 1 });
    expect([reply.status, reply.text]).toEqual([400, 'INVALID_CURSOR']);
  });

  it('answers INVALID_CURSOR to cursors it never issued (fetch and sync)', async () => {
    const client = appleClient(url, server.credentials);
    for (const path of ['/server/devices', '/devices/sync']) {
      const forged = await client.call('POST', path, { cursor: Buffer.from('1:f:1:0:0:0:0:1:0000').toString('base64') });
      expect([forged.status, forged.text]).toEqual([400, 'INVALID_CURSOR']);
      const garbage = await client.call('POST', path, { cursor: 'not a cursor' });
      expect([garbage.status, garbage.text]).toEqual([400, 'INVALID_CURSOR']);
    }
  });

  it("answers INVALID_CURSOR to another server's cursor", async () => {
    const other = sim.createServerWithCredentials({ name: 'other' });
    const otherCursor = (await appleClient(url, other.credentials).call('POST', '/server/devices', {})).json<Page>().cursor;
    const reply = await appleClient(url, server.credentials).call('POST', '/devices/sync', { cursor: otherCursor });
    expect([reply.status, reply.text]).toEqual([400, 'INVALID_CURSOR']);
  });

  it('answers CURSOR_REQUIRED to a sync without cursor', async () => {
    const reply = await appleClient(url, server.credentials).call('POST', '/devices/sync', { limit: 10 });
    expect([reply.status, reply.text]).toEqual([400, 'CURSOR_REQUIRED']);
  });

  it('syncs portal changes after the cursor with op_type and op_date, repeating serials', async () => {
    const client = appleClient(url, server.credentials);
    const { cursor } = await fetchAll(client, 1000);
    const [a, b] = serials;
    sim.portal.unassignDevices({ serials: [a ?? ''] });
    sim.portal.assignDevices(server.serverId, { serials: [a ?? ''] });
    sim.portal.disownDevices({ serials: [b ?? ''] });
    const page = (await client.call('POST', '/devices/sync', { cursor })).json<Page>();
    expect(page.devices.map((d) => [d.serial_number, d.op_type])).toEqual([
      [a, 'deleted'],
      [a, 'added'],
      [b, 'deleted'],
    ]);
    for (const d of page.devices) expect(d['op_date']).toMatch(/Z$/);
    expect(page.devices[1]?.['op_date']).toBe(page.devices[1]?.['device_assigned_date']);
    expect(page.more_to_follow).toBe(false);
    expect(page.cursor).not.toBe(cursor);
    serials.splice(serials.indexOf(b ?? ''), 1);
    serials.push(serials.splice(serials.indexOf(a ?? ''), 1)[0] ?? '');
  });

  it('always answers a new cursor, even with no changes, and pages the feed by limit', async () => {
    const client = appleClient(url, server.credentials);
    const { cursor } = await fetchAll(client, 1000);
    const empty = (await client.call('POST', '/devices/sync', { cursor })).json<Page>();
    expect(empty.devices).toEqual([]);
    expect(empty.cursor).not.toBe(cursor);
    const added = sim.devices.seed({ count: 5, serverId: server.serverId });
    serials.push(...added);
    const first = (await client.call('POST', '/devices/sync', { cursor: empty.cursor, limit: 3 })).json<Page>();
    expect(first.devices).toHaveLength(3);
    expect(first.more_to_follow).toBe(true);
    const second = (await client.call('POST', '/devices/sync', { cursor: first.cursor, limit: 3 })).json<Page>();
    expect(second.devices.map((d) => d.serial_number)).toEqual(added.slice(3));
    expect(second.more_to_follow).toBe(false);
  });

  it('accepts a non-final fetch cursor as a sync starting point', async () => {
    const client = appleClient(url, server.credentials);
    const first = (await client.call('POST', '/server/devices', { limit: 10 })).json<Page>();
    const moved = sim.devices.seed({ count: 1, serverId: server.serverId });
    serials.push(...moved);
    const sync = (await client.call('POST', '/devices/sync', { cursor: first.cursor })).json<Page>();
    expect(sync.devices.map((d) => d.serial_number)).toEqual(moved);
  });

  it('answers EXPIRED_CURSOR for a cursor older than 7 days', async () => {
    const client = appleClient(url, server.credentials);
    const { cursor } = await fetchAll(client, 1000);
    sim.clock.advance(7 * 86400_000 - 60_000);
    await client.newSession();
    expect((await client.call('POST', '/devices/sync', { cursor })).status).toBe(200);
    sim.clock.advance(120_000);
    await client.newSession();
    const expired = await client.call('POST', '/devices/sync', { cursor });
    expect([expired.status, expired.text]).toEqual([400, 'EXPIRED_CURSOR']);
  });

  it('answers MALFORMED_REQUEST_BODY to a body that is not JSON', async () => {
    const reply = await appleClient(url, server.credentials).call('POST', '/server/devices', '{not json');
    expect([reply.status, reply.text]).toEqual([400, 'MALFORMED_REQUEST_BODY']);
  });
});

describe('protocol versions', () => {
  let sim: AppleSimulator;
  let url: string;
  let server: IssuedToken;

  beforeAll(async () => {
    sim = createAppleSimulator({ seed: 5 });
    server = sim.createServerWithCredentials();
    sim.devices.add({ serial: 'IPADSERIAL01', model: 'iPad Air', os: 'iPadOS', family: 'iPad' }, server.serverId);
    ({ url } = await sim.start());
  });
  afterAll(() => sim.stop());

  it('hides os/device_family below v2 and reports iPads as iOS below v7', async () => {
    const fetchWith = async (version: number) =>
      (await appleClient(url, server.credentials, version).call('POST', '/server/devices', {})).json<Page>().devices[0];
    expect(await fetchWith(1)).not.toHaveProperty('os');
    expect(await fetchWith(6)).toMatchObject({ os: 'iOS', device_family: 'iPad' });
    expect(await fetchWith(7)).toMatchObject({ os: 'iPadOS', device_family: 'iPad' });
  });

  it('shows the v3 account fields only from version 3', async () => {
    const v2 = (await appleClient(url, server.credentials, 2).call('GET', '/account')).json();
    expect(v2).toMatchObject({ server_uuid: server.serverId, server_name: server.serverName });
    expect(v2).not.toHaveProperty('org_id');
    expect(v2).not.toHaveProperty('urls');
    const v3 = (await appleClient(url, server.credentials, 3).call('GET', '/account')).json();
    expect(v3).toMatchObject({ org_type: 'org', org_version: 'v1' });
    expect(v3['urls']).toEqual(
      expect.arrayContaining([expect.objectContaining({ uri: '/server/devices', limit: { default: 100, maximum: 1000 } })]),
    );
  });
});
