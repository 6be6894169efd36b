import { createServer, request, type Server } from 'node:http';
import forge from 'node-forge';
import type { AddressInfo } from 'node:net';
import { createTestCertificate } from '../pki/test-certificate';
import { createAppleSimulator, type AppleSimulator } from '../simulator';
import { appleClient, callApple } from '../test-support/apple-calls';

describe('control and portal HTTP API', () => {
  let sim: AppleSimulator;
  let url: string;
  const post = async (path: string, body?: unknown, method = 'POST') => {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> & Array<Record<string, unknown>> };
  };
  const get = async (path: string) => post(path, undefined, 'GET');

  beforeAll(async () => {
    sim = createAppleSimulator({ seed: 51 });
    ({ url } = await sim.start());
  });
  afterAll(() => sim.stop());

  it('adds an MDM server (with and without a certificate), seeds devices and serves them to the MDM', async () => {
    const plain = await post('/_portal/servers', { name: 'over http' });
    expect(plain.status).toBe(200);
    const serverId = plain.body['serverId'] as string;
    const credentials = plain.body['credentials'] as never;
    const seeded = await post('/_control/devices/seed', { count: 7, serverId });
    expect((seeded.body['serials'] as string[]).length).toBe(7);
    const fetched = (await appleClient(url, credentials).call('POST', '/server/devices', {})).json<{ devices: unknown[] }>();
    expect(fetched.devices).toHaveLength(7);

    const withCert = await post('/_portal/servers', { name: 'pki', certificatePem: createTestCertificate().certificatePem });
    expect(withCert.body['p7m']).toEqual(expect.stringContaining('smime.p7m'));
    const listed = await get('/_portal/servers');
    expect(listed.body.map((s) => s['name'])).toEqual(['over http', 'pki']);
  });

  it('assigns by serials, order number and text/csv; unassigns, moves and disowns', async () => {
    const a = (await post('/_portal/servers', { name: 'a' })).body['serverId'] as string;
    const b = (await post('/_portal/servers', { name: 'b' })).body['serverId'] as string;
    const serials = (await post('/_control/devices/seed', { count: 6 })).body['serials'] as string[];
    expect((await post(`/_portal/servers/${a}/devices`, { serials: serials.slice(0, 2) })).body['assigned']).toEqual(serials.slice(0, 2));
    const csv = await fetch(`${url}/_portal/servers/${a}/devices`, {
      method: 'POST',
      headers: { 'content-type': 'text/csv' },
      body: `${serials[2]}\n${serials[3]}\n`,
    });
    expect(((await csv.json()) as { assigned: string[] }).assigned).toEqual(serials.slice(2, 4));
    const ordered = [
      { serial: 'ORDERED00001', model: 'iPhone 15', os: 'iOS', family: 'iPhone', orderNumber: 'W000000042' },
      { serial: 'ORDERED00002', model: 'Mac mini', os: 'OSX', family: 'Mac', orderNumber: 'W000000042' },
    ];
    expect((await post('/_control/devices', { devices: ordered })).body['serials']).toEqual(['ORDERED00001', 'ORDERED00002']);
    expect((await post(`/_portal/servers/${b}/devices`, { orderNumber: 'W000000042' })).body['assigned']).toEqual([
      'ORDERED00001',
      'ORDERED00002',
    ]);
    expect((await post('/_portal/devices/unassign', { serials: [serials[0]] })).body['unassigned']).toEqual([serials[0]]);
    expect((await post('/_portal/devices/move', { serials: [serials[1]], serverId: b })).body['assigned']).toEqual([serials[1]]);
    expect((await post('/_portal/devices/disown', { serials: [serials[2]] })).body['devices']).toEqual({ [serials[2] ?? '']: 'SUCCESS' });
    expect((await get(`/_portal/devices/${serials[1]}`)).body['server_id']).toBe(b);
    expect((await get(`/_portal/devices?server_id=${a}`)).body.map((d) => d['serial_number'])).toEqual([serials[3]]);
    expect((await get('/_portal/devices/NOPE')).status).toBe(404);
  });

  it("adds devices with Apple's protocol-10 fields, which a protocol-10 client then reads", async () => {
    const created = await post('/_portal/servers', { name: 'protocol 10' });
    const server = created.body['serverId'] as string;
    const protocol10 = { imei: ['356938035643809'], eid: '89049032000001000000000000000002', wifi_mac_address: 'aa:bb:cc:dd:ee:02' };
    const added = await post('/_control/devices', {
      devices: [{ serial: 'F17IMEIPHONE', model: 'iPhone 16', os: 'iOS', family: 'iPhone', protocol10 }],
      serverId: server,
    });
    expect(added).toEqual({ status: 200, body: { serials: ['F17IMEIPHONE'] } });
    const details = await appleClient(url, created.body['credentials'] as never, 10).call('POST', '/devices', {
      devices: ['F17IMEIPHONE'],
    });
    expect(details.json()).toMatchObject({ devices: { F17IMEIPHONE: protocol10 } });
    const wrong = await post('/_control/devices', {
      devices: [{ serial: 'F17BADFIELDS', model: 'iPhone 16', os: 'iOS', family: 'iPhone', protocol10: { imei: '356938035643809' } }],
    });
    expect(wrong.status).toBe(400);
    expect(sim.devices.get('F17BADFIELDS')).toBeUndefined();
  });

  it("gives a device's signed MachineInfo, as it sends the MDM's enrollment URL, with the device CA it chains to", async () => {
    const [serial] = (await post('/_control/devices/seed', { count: 1 })).body['serials'] as string[];
    const answer = await post(`/_control/devices/${serial}/machine-info`, { osVersion: '17.0.3', buildVersion: '21A360' });
    expect(answer.status).toBe(200);
    expect(answer.body['values']).toMatchObject({ SERIAL: serial, OS_VERSION: '17.0.3', VERSION: '21A360' });
    const signed = forge.pkcs7.messageFromAsn1(
      forge.asn1.fromDer(Buffer.from(answer.body['machineInfo'] as string, 'base64').toString('binary')),
    ) as forge.pkcs7.PkcsSignedData & { rawCapture: { content?: forge.asn1.Asn1 } };
    const ca = forge.pki.certificateFromPem(answer.body['caPem'] as string);
    expect(ca.verify(signed.certificates[0]!)).toBe(true);
    expect(forge.asn1.toDer(signed.rawCapture.content!).getBytes()).toContain(`<string>${serial}</string>`);
    expect((await post('/_control/devices/NOPE/machine-info', {})).status).toBe(404);
    expect((await post(`/_control/devices/${serial}/machine-info`, { osVersion: 'seventeen' })).status).toBe(400);
  });

  it("replaces a device as Apple does: the new one takes the original's server, an unknown original is refused", async () => {
    const server = (await post('/_portal/servers', { name: 'replacements' })).body['serverId'] as string;
    const [original] = (await post('/_control/devices/seed', { count: 1, serverId: server })).body['serials'] as string[];
    const replaced = await post(`/_control/devices/${original}/replace`, {
      serial: 'F17NEWPHONE1',
      model: 'iPhone 15',
      os: 'iOS',
      family: 'iPhone',
      replacementDate: '2026-11-20',
    });
    expect(replaced).toEqual({ status: 200, body: { serial: 'F17NEWPHONE1', replaces: original } });
    expect((await get('/_portal/devices/F17NEWPHONE1')).body['server_id']).toBe(server);
    expect((await get(`/_portal/devices/${original}`)).body).toMatchObject({ disowned: true });
    expect((await post('/_control/devices/NOPE/replace', { serial: 'F17NEWPHONE2', model: 'x', os: 'iOS', family: 'iPhone' })).status).toBe(
      404,
    );
    expect(
      (
        await post(`/_control/devices/F17NEWPHONE1/replace`, {
          serial: 'F17NEWPHONE3',
          model: 'x',
          os: 'iOS',
          family: 'iPhone',
          replacementDate: 'soon',
        })
      ).status,
    ).toBe(400);
  });

  it('renews and revokes tokens and toggles the terms', async () => {
    const first = await post('/_portal/servers', { name: 'tokens' });
    const serverId = first.body['serverId'] as string;
    const renewed = await post(`/_portal/servers/${serverId}/token`, {});
    expect((renewed.body['credentials'] as Record<string, string>)['consumer_key']).not.toBe(
      (first.body['credentials'] as Record<string, string>)['consumer_key'],
    );
    const client = appleClient(url, renewed.body['credentials'] as never);
    expect((await client.call('GET', '/account')).status).toBe(200);
    await post('/_portal/terms/require');
    expect((await client.call('GET', '/account')).status).toBe(403);
    await post('/_portal/terms/accept');
    expect((await client.call('GET', '/account')).status).toBe(200);
    await post(`/_portal/servers/${serverId}/revoke`);
    expect((await client.call('GET', '/account')).text).toBe('FORBIDDEN');
    expect((await post('/_portal/servers/NOPE/revoke')).status).toBe(404);
  });

  it('moves the clock, sets and resets faults, throttles devices and expires sessions', async () => {
    const before = new Date((await get('/_control/clock')).body['now'] as string).getTime();
    const after = new Date((await post('/_control/clock/advance', { seconds: 3600 })).body['now'] as string).getTime();
    expect(after - before).toBeGreaterThanOrEqual(3600_000);
    expect((await post('/_control/clock/set', { now: '2030-01-01T00:00:00Z' })).body['now']).toBe('2030-01-01T00:00:00.000Z');
    sim.clock.set(new Date());

    expect((await post('/_control/faults', { latencyMs: 5, repeatCursor: 1 }, 'PATCH')).body).toMatchObject({
      latencyMs: 5,
      repeatCursor: 1,
    });
    expect(sim.faults.get().latencyMs).toBe(5);
    expect((await post('/_control/faults', { latencyMs: -1 }, 'PATCH')).status).toBe(400);
    expect((await post('/_control/faults', undefined, 'DELETE')).body).toMatchObject({ latencyMs: 0, repeatCursor: 0 });

    const server = (await post('/_portal/servers', { name: 'faults' })).body;
    const [serial] = (await post('/_control/devices/seed', { count: 1, serverId: server['serverId'] })).body['serials'] as string[];
    await post('/_control/faults/throttle', { serials: [serial], seconds: 60 });
    const client = appleClient(url, server['credentials'] as never);
    const uuid = (await client.call('POST', '/profile', { profile_name: 'P', url: 'https://mdm.example.com' })).json<{
      profile_uuid: string;
    }>().profile_uuid;
    expect(
      (await client.call('POST', '/profile/devices', { profile_uuid: uuid, devices: [serial] })).json<{ devices: Record<string, string> }>()
        .devices[serial ?? ''],
    ).toBe('THROTTLED');
    await post('/_control/sessions/expire', {});
    expect((await client.call('GET', '/account')).status).toBe(401);
    expect((await get('/_control/nothing-here')).status).toBe(404);
    expect((await get('/_portal/terms/accept')).status).toBe(405);
    expect((await get('/_control/health')).body).toEqual({ ok: true });
    const fresh = await client.newSession();
    expect((await callApple(url, fresh, 'GET', '/account')).status).toBe(200);
    await post('/_control/sessions/forget');
    expect((await callApple(url, fresh, 'GET', '/account')).status).toBe(401);
  });

  it('powers a device on over HTTP', async () => {
    const seen: string[] = [];
    const mdm: Server = createServer((req, res) => {
      req.on('data', (c: Buffer) => seen.push(c.toString()));
      req.on('end', () => res.writeHead(200).end());
    });
    await new Promise<void>((resolve) => mdm.listen(0, '127.0.0.1', resolve));
    try {
      const server = (await post('/_portal/servers', { name: 'power' })).body;
      const [serial] = (await post('/_control/devices/seed', { count: 1, serverId: server['serverId'] })).body['serials'] as string[];
      const enrollUrl = `http://127.0.0.1:${(mdm.address() as AddressInfo).port}/e`;
      await appleClient(url, server['credentials'] as never).call('POST', '/profile', {
        profile_name: 'P',
        url: enrollUrl,
        devices: [serial],
      });
      const result = await post(`/_control/devices/${serial}/power-on`);
      expect(result.body).toMatchObject({ serial, pushed: true, status: 200 });
      expect(JSON.parse(seen.join(''))).toMatchObject({ serial_number: serial, event: 'enroll' });
    } finally {
      await new Promise<void>((resolve) => mdm.close(() => resolve()));
    }
  });

  describe('refuses what a web page could send (no authentication here: loopback only)', () => {
    /** node:http rather than fetch, which will not set Host or Origin. */
    const raw = (path: string, headers: Record<string, string>, method = 'POST', body = '') =>
      new Promise<{ status: number; body: Record<string, unknown> }>((resolve, reject) => {
        const target = new URL(url);
        const req = request({ host: target.hostname, port: target.port, path, method, headers }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown> }),
          );
        });
        req.on('error', reject);
        req.end(body);
      });
    const json = { 'content-type': 'application/json' };

    it('a Host that is a name other than localhost (DNS rebinding)', async () => {
      const before = sim.portal.listMdmServers().length;
      const rebound = await raw('/_portal/servers', { ...json, host: `attacker.example:${new URL(url).port}` }, 'POST', '{"name":"x"}');
      expect(rebound).toMatchObject({ status: 403, body: { error: 'FORBIDDEN', message: expect.stringContaining('Host header') } });
      expect((await raw('/_portal/servers', { host: 'attacker.example' }, 'GET')).status).toBe(403);
      expect(sim.portal.listMdmServers()).toHaveLength(before);
      expect(
        (await raw('/_portal/servers', { ...json, host: `localhost:${new URL(url).port}` }, 'POST', '{"name":"by name"}')).status,
      ).toBe(200);
    });

    it('a change without a JSON or CSV Content-Type (a form, text/plain, or nothing), or from another Origin', async () => {
      const before = sim.portal.listMdmServers().length;
      for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
        expect(await raw('/_portal/servers', { 'content-type': type }, 'POST', '{"name":"x"}')).toMatchObject({
          status: 403,
          body: { message: expect.stringContaining('Content-Type') },
        });
      }
      expect((await raw('/_portal/terms/require', {})).status).toBe(403);
      expect((await raw('/_portal/servers', { ...json, origin: 'https://attacker.example' }, 'POST', '{"name":"x"}')).status).toBe(403);
      expect(sim.portal.listMdmServers()).toHaveLength(before);
      expect((await raw('/_portal/servers', { ...json, origin: url }, 'POST', '{"name":"from the same origin"}')).status).toBe(200);
    });
  });
});
