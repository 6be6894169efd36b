import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAppleSimulator, type AppleSimulator } from '../simulator';
import { appleClient, fetchAll } from '../test-support/apple-calls';
import type { IssuedToken } from '../portal';

describe('powering a device on', () => {
  let sim: AppleSimulator;
  let url: string;
  let server: IssuedToken;
  let mdm: Server;
  let mdmUrl: string;
  const enrollments: Array<{ body: unknown; contentType: string | undefined }> = [];

  beforeAll(async () => {
    mdm = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        enrollments.push({ body: JSON.parse(Buffer.concat(chunks).toString('utf8')), contentType: req.headers['content-type'] });
        res.writeHead(req.url === '/refuse' ? 403 : 201).end();
      });
    });
    await new Promise<void>((resolve) => mdm.listen(0, '127.0.0.1', resolve));
    mdmUrl = `http://127.0.0.1:${(mdm.address() as AddressInfo).port}`;
    sim = createAppleSimulator({ seed: 41 });
    server = sim.createServerWithCredentials();
    ({ url } = await sim.start());
  });
  afterAll(async () => {
    await sim.stop();
    await new Promise<void>((resolve) => mdm.close(() => resolve()));
  });

  it('pushes the profile and calls its enrollment URL with the serial; the MDM status is reported', async () => {
    const [serial] = sim.devices.seed({ count: 1, serverId: server.serverId });
    const client = appleClient(url, server.credentials);
    const { cursor } = await fetchAll(client, 10);
    const uuid = (await client.call('POST', '/profile', { profile_name: 'Enroll', url: `${mdmUrl}/enroll`, devices: [serial] })).json<{
      profile_uuid: string;
    }>().profile_uuid;

    const result = await sim.devices.powerOn(serial ?? '');
    expect(result).toEqual({ serial, pushed: true, profileUuid: uuid, enrollUrl: `${mdmUrl}/enroll`, status: 201 });
    expect(enrollments.at(-1)).toEqual({
      body: { serial_number: serial, profile_uuid: uuid, event: 'enroll' },
      contentType: 'application/json',
    });
    const device = sim.devices.get(serial ?? '');
    expect(device?.profile_status).toBe('pushed');
    expect(device?.profile_push_time).toMatch(/Z$/);
    const feed = (await client.call('POST', '/devices/sync', { cursor })).json<{ devices: Array<Record<string, string>> }>();
    expect(feed.devices.at(-1)).toMatchObject({ serial_number: serial, op_type: 'modified', profile_status: 'pushed' });
  });

  it('reports the MDM refusing the enrollment', async () => {
    const [serial] = sim.devices.seed({ count: 1, serverId: server.serverId });
    await appleClient(url, server.credentials).call('POST', '/profile', {
      profile_name: 'Refused',
      url: `${mdmUrl}/refuse`,
      devices: [serial],
    });
    expect((await sim.devices.powerOn(serial ?? '')).status).toBe(403);
  });

  it('does nothing for a device without a profile, and reports an unreachable enrollment URL', async () => {
    const [bare, lost] = sim.devices.seed({ count: 2, serverId: server.serverId });
    expect(await sim.devices.powerOn(bare ?? '')).toEqual({ serial: bare, pushed: false });
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const deadUrl = `http://127.0.0.1:${(closed.address() as AddressInfo).port}/enroll`;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    await appleClient(url, server.credentials).call('POST', '/profile', { profile_name: 'Dead', url: deadUrl, devices: [lost] });
    const result = await sim.devices.powerOn(lost ?? '');
    expect(result.pushed).toBe(true);
    expect(result.status).toBeUndefined();
    expect(result.error).toEqual(expect.any(String));
    await expect(sim.devices.powerOn('NOSUCHDEVICE')).rejects.toMatchObject({ code: 'UNKNOWN_DEVICE' });
  });
});
