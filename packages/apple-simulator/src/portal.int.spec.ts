import { createAppleSimulator, type AppleSimulator } from './simulator';
import { appleClient, fetchAll } from './test-support/apple-calls';

type Feed = { devices: Array<Record<string, string>>; cursor: string };

describe('portal: assigning devices to MDM servers', () => {
  let sim: AppleSimulator;
  let url: string;

  beforeAll(async () => {
    sim = createAppleSimulator({ seed: 31 });
    ({ url } = await sim.start());
  });
  afterAll(() => sim.stop());

  it('seeds plausible, deterministic devices', () => {
    const a = createAppleSimulator({ seed: 99 }).devices;
    const b = createAppleSimulator({ seed: 99 }).devices;
    const serialsA = a.seed({ count: 50 });
    expect(b.seed({ count: 50 })).toEqual(serialsA);
    for (const serial of serialsA) expect(serial).toMatch(/^[0-9A-Z]{12}$/);
    expect(new Set(serialsA).size).toBe(50);
    const device = a.get(serialsA[0] ?? '');
    expect(device).toMatchObject({
      model: expect.any(String),
      color: expect.any(String),
      description: expect.any(String),
      order_number: expect.stringMatching(/^W\d{9}$/),
    });
    expect(['iOS', 'iPadOS', 'OSX', 'tvOS', 'visionOS']).toContain(device?.os);
    expect(createAppleSimulator({ seed: 100 }).devices.seed({ count: 5 })).not.toEqual(serialsA.slice(0, 5));
  });

  it('assigns by serial numbers, by order number and from CSV; the server sees them as added', async () => {
    const server = sim.createServerWithCredentials({ name: 'assign' });
    const client = appleClient(url, server.credentials);
    const { cursor } = await fetchAll(client, 1000);
    const pool = sim.devices.seed({ count: 120 });
    const order = sim.devices.get(pool[0] ?? '')?.order_number ?? '';
    const inOrder = sim.devices.list({ orderNumber: order }).map((d) => d.serial_number);

    const bySerials = sim.portal.assignDevices(server.serverId, { serials: [pool[100] ?? '', 'UNKNOWNSERIAL'] });
    expect(bySerials).toEqual({ assigned: [pool[100]], unchanged: [], unknown: ['UNKNOWNSERIAL'] });
    const byOrder = sim.portal.assignDevices(server.serverId, { orderNumber: order });
    expect(byOrder.assigned).toEqual(inOrder);
    const csv = `Serial Number,Model\n${pool[110]},MacBook Air\n"${pool[111]}",iPad\n\n`;
    expect(sim.portal.assignDevices(server.serverId, { csv }).assigned).toEqual([pool[110], pool[111]]);

    const feed = (await client.call('POST', '/devices/sync', { cursor })).json<Feed>();
    expect(feed.devices.map((d) => d.serial_number)).toEqual([pool[100], ...inOrder, pool[110], pool[111]]);
    expect(new Set(feed.devices.map((d) => d.op_type))).toEqual(new Set(['added']));
    expect(feed.devices[0]?.['device_assigned_by']).toBe('admin@example.com');
  });

  it('unassigns (deleted in the feed, NOT_ACCESSIBLE afterwards) and moves to another server', async () => {
    const from = sim.createServerWithCredentials({ name: 'from' });
    const to = sim.createServerWithCredentials({ name: 'to' });
    const [kept, moved, dropped] = sim.devices.seed({ count: 3, serverId: from.serverId });
    const fromClient = appleClient(url, from.credentials);
    const toClient = appleClient(url, to.credentials);
    const fromCursor = (await fetchAll(fromClient, 1000)).cursor;
    const toCursor = (await fetchAll(toClient, 1000)).cursor;

    sim.portal.unassignDevices({ serials: [dropped ?? ''] });
    sim.portal.moveDevices({ serials: [moved ?? ''] }, to.serverId);

    const fromFeed = (await fromClient.call('POST', '/devices/sync', { cursor: fromCursor })).json<Feed>();
    expect(fromFeed.devices.map((d) => [d.serial_number, d.op_type])).toEqual([
      [dropped, 'deleted'],
      [moved, 'deleted'],
    ]);
    const toFeed = (await toClient.call('POST', '/devices/sync', { cursor: toCursor })).json<Feed>();
    expect(toFeed.devices.map((d) => [d.serial_number, d.op_type])).toEqual([[moved, 'added']]);
    const details = (await fromClient.call('POST', '/devices', { devices: [kept, moved, dropped] })).json<{
      devices: Record<string, { response_status: string }>;
    }>();
    expect([kept, moved, dropped].map((s) => details.devices[s ?? '']?.response_status)).toEqual([
      'SUCCESS',
      'NOT_ACCESSIBLE',
      'NOT_ACCESSIBLE',
    ]);
    expect(sim.devices.get(moved ?? '')?.server_id).toBe(to.serverId);
  });

  it("reports a move as 'modified' on the new server when configured so", async () => {
    const other = createAppleSimulator({ moveOpType: 'modified' });
    const a = other.createServerWithCredentials();
    const b = other.createServerWithCredentials();
    const [serial] = other.devices.seed({ count: 1, serverId: a.serverId });
    const otherUrl = (await other.start()).url;
    try {
      const client = appleClient(otherUrl, b.credentials);
      const { cursor } = await fetchAll(client, 10);
      other.portal.moveDevices({ serials: [serial ?? ''] }, b.serverId);
      const feed = (await client.call('POST', '/devices/sync', { cursor })).json<Feed>();
      expect(feed.devices.map((d) => d.op_type)).toEqual(['modified']);
    } finally {
      await other.stop();
    }
  });

  it('lists MDM servers with their device counts and token state', () => {
    const server = sim.createServerWithCredentials({ name: 'listed' });
    sim.devices.seed({ count: 4, serverId: server.serverId });
    sim.portal.revokeToken(server.serverId);
    expect(sim.portal.listMdmServers().find((s) => s.serverId === server.serverId)).toEqual({
      serverId: server.serverId,
      name: 'listed',
      adminId: 'admin@example.com',
      deviceCount: 4,
      tokenState: 'revoked',
    });
    expect(() => sim.portal.assignDevices('NOPE', { serials: [] })).toThrow(expect.objectContaining({ code: 'UNKNOWN_SERVER' }));
  });
});
