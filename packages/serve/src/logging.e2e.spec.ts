import { createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { eventually, startServeFixture, type ServeFixture } from './testing/serve-fixture';

// The structured logger passed to the server (and to depledger beside it) is a real pino at debug
// level: the steps over HTTP, a webhook, refused keys and a failing receiver are logged, and no API
// key, token secret, private key, webhook secret or person is in a single line.

describe('depledger serve: what it logs', () => {
  const lines: string[] = [];
  let f: ServeFixture;
  let receiver: Server;
  let receiverUrl = '';
  let answered = 0;

  beforeAll(async () => {
    const logger = pino({ level: 'debug' }, { write: (line: string) => void lines.push(line) });
    // the receiver fails its first request, then accepts
    receiver = createHttpServer((request, response) => {
      request.resume();
      request.on('end', () => response.writeHead(++answered === 1 ? 500 : 204).end());
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    f = await startServeFixture({ logger, webhooks: { backoff: { initialMs: 5, maxMs: 10 }, allowTargets: ['127.0.0.1'] } });
  });
  afterAll(async () => {
    await f.close();
    await new Promise((resolve) => receiver.close(resolve));
  });

  it('logs requests, deliveries and depledger’s work by id and code, and no secret or person', async () => {
    const admin = 'alice.admin@contoso.example';
    const user = 'jeanne.martin@contoso.example';
    const webhook = await f.api('POST', '/webhooks', { json: { url: receiverUrl, events: ['device.assigned', 'device.enrolled'] } });
    expect(webhook.status).toBe(201);
    const key = await f.api('POST', '/tokens/paris/keys');
    const issued = f.simulator.portal.addMdmServer({ name: 'Paris MDM', certificatePem: key.body.certificatePem, adminId: admin });
    const serials = f.simulator.devices.seed({ count: 3, serverId: issued.serverId });
    expect((await f.api('PUT', '/tokens/paris/server-token', { raw: issued.p7m as string, headers: { 'x-apple-id': admin } })).status).toBe(
      200,
    );
    const sync = await f.api('POST', '/tokens/paris/syncs', { json: { kind: 'full' } });
    await eventually(async () =>
      (await f.api('GET', sync.body.statusUrl, { key: f.readKey })).body.outcome === 'running' ? undefined : true,
    );
    expect((await f.api('POST', `/devices/${serials[0]}/enrollment`, { json: { user } })).status).toBe(201);
    // refusals: a wrong secret for a known key id, a read key asked to write, a bad body
    const wrongSecret = f.writeKey.replace(/_[^_]+$/, '_' + 'x'.repeat(43));
    expect((await f.api('GET', '/tokens', { key: wrongSecret })).status).toBe(401);
    expect((await f.api('POST', '/tokens/lyon/keys', { key: f.readKey })).status).toBe(403);
    expect((await f.api('POST', '/profiles', { json: { profileId: 'x', tokenId: 'paris', settings: { name: user } } })).status).toBe(400);
    await f.server.webhooks.consumerOf(webhook.body.webhookId)?.caughtUp();

    const token = await f.depledger.tokens.state('paris');
    if (token.status !== 'active') throw new Error(`token paris is ${token.status}`);
    const privateKeys = await Promise.all(Object.values(token.keys).map((k) => f.depledger.vault.reveal(k.privateKeyRef)));
    const pemLines = privateKeys.flatMap((pem) => (pem ?? '').split('\n').filter((line) => line.length >= 40));
    expect(pemLines.length).toBeGreaterThan(3);
    const secrets = [
      f.writeKey,
      f.readKey,
      f.writeKey.split('_').pop() as string,
      f.readKey.split('_').pop() as string,
      webhook.body.secret as string,
      issued.credentials.consumer_secret,
      issued.credentials.access_secret,
      issued.credentials.access_token,
      ...pemLines,
      admin,
      user,
    ];

    // the scan reads real lines: the requests, the deliveries (one failed) and depledger's own work
    const logged = lines.map((line) => JSON.parse(line) as { msg: string; route?: string; status?: number });
    const messages = new Set(logged.map((l) => l.msg));
    for (const message of [
      'request',
      'webhook deliveries started',
      'webhook delivered',
      'webhook delivery failed',
      'events appended',
      'apple call',
    ])
      expect(messages).toContain(message);
    expect(logged).toContainEqual(expect.objectContaining({ msg: 'request', route: '/devices/:serial/enrollment', status: 201 }));
    expect(logged).toContainEqual(expect.objectContaining({ msg: 'request', route: '/tokens', status: 401 }));
    const text = lines.join('\n');
    expect(secrets.filter((secret) => text.includes(secret)).map((s) => `${s.slice(0, 6)}…`)).toEqual([]);
    // request lines name the route's pattern, never the path (no serial, id or query string)
    expect(JSON.stringify(logged.filter((l) => l.msg === 'request'))).not.toContain(serials[0]);
  });
});
