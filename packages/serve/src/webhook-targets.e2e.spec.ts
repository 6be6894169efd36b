import { mkdtempSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appleGateway, createAppleTokenPki } from '@depledger/apple';
import { createAppleSimulator } from '@depledger/apple-simulator';
import { createDepledger } from '@depledger/core';
import { builtInProjections, createInMemoryReadModelStore, createProjectionRunner } from '@depledger/projections';
import { openSqliteStore, type SqliteStore } from '@depledger/store-sqlite';
import { createServer, verifyWebhook, type DepledgerServer, type ServeOptions } from './index';
import { eventually, startServeFixture, type ServeFixture } from './testing/serve-fixture';

// Where webhooks may go: by default a receiver inside the network (loopback, link-local, private,
// metadata) is refused at registration with nothing recorded; the operator's allow-list lets one
// in; and the check is made again when a delivery connects. Registrations made by another server
// on the same store start (and stop) deliveries here without a restart.

describe('depledger serve: webhook targets refused by default', () => {
  let f: ServeFixture;
  beforeAll(async () => {
    f = await startServeFixture();
  });
  afterAll(async () => {
    await f.close();
  });

  it.each([
    ['loopback', 'http://127.0.0.1:9/hook', 'loopback'],
    ['loopback written in hex', 'http://0x7f.1/hook', 'loopback'],
    ['IPv6 loopback', 'http://[::1]/hook', 'loopback'],
    ['loopback mapped into IPv6', 'http://[::ffff:127.0.0.1]/hook', 'loopback'],
    ['the cloud metadata address', 'http://169.254.169.254/latest/meta-data/', 'linkLocal'],
    ['IPv6 link-local', 'http://[fe80::1]/hook', 'linkLocal'],
    ['a private range', 'https://10.1.2.3/hook', 'private'],
    ['another private range', 'http://192.168.1.10/hook', 'private'],
    ['an IPv6 unique-local address', 'http://[fd00:ec2::254]/hook', 'uniqueLocal'],
    ['carrier-grade NAT (a metadata address too)', 'http://100.100.100.200/hook', 'carrierGradeNat'],
    ['the unspecified address', 'http://0.0.0.0:8080/hook', 'unspecified'],
    ['a name that resolves to loopback', 'http://localhost:9/hook', 'loopback'],
  ])('refuses %s with WEBHOOK_TARGET_REFUSED and records nothing', async (_what, url, range) => {
    const before = await f.store.headPosition();
    const answer = await f.api('POST', '/webhooks', { json: { url, events: ['device.enrolled'] } });
    expect(answer).toMatchObject({ status: 422, body: { code: 'WEBHOOK_TARGET_REFUSED', details: { range } } });
    expect(answer.body.message).toMatch(/--webhook-allow/);
    expect(await f.store.headPosition()).toBe(before);
    expect((await f.api('GET', '/webhooks', { key: f.readKey })).body.webhooks).toEqual([]);
  });

  it('refuses a host name that does not resolve, recording nothing', async () => {
    const before = await f.store.headPosition();
    const answer = await f.api('POST', '/webhooks', {
      json: { url: 'https://receiver.depledger.invalid/hook', events: ['device.enrolled'] },
    });
    expect(answer).toMatchObject({
      status: 422,
      body: { code: 'WEBHOOK_TARGET_UNRESOLVED', details: { host: 'receiver.depledger.invalid' } },
    });
    expect(await f.store.headPosition()).toBe(before);
  });

  it('refuses an allow-list entry it cannot read, naming it, before starting anything', async () => {
    const readModels = createInMemoryReadModelStore();
    const runner = createProjectionRunner({ eventStore: f.store, readModels, projections: builtInProjections });
    const start = (allowTargets: string[]) =>
      createServer({ depledger: f.depledger, readModels: { readModels, runner }, webhooks: { allowTargets } });
    await expect(start(['10.0.0.0/33'])).rejects.toMatchObject({ code: 'WEBHOOK_ALLOW_INVALID', details: { entry: '10.0.0.0/33' } });
    await expect(start(['http://hooks.internal/'])).rejects.toMatchObject({ code: 'WEBHOOK_ALLOW_INVALID' });
    await expect(start(['hooks.internal', '10.0.0.0/8', 'fd00::/8', '192.0.2.7'])).resolves.toMatchObject({ routes: expect.any(Array) });
    await runner.stop();
  });
});

/** A receiver on loopback that accepts everything and keeps what it got. */
const startReceiver = async () => {
  const accepted: { id: string; valid: boolean }[] = [];
  let secret = '';
  let requests = 0;
  const server: Server = createHttpServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      requests++;
      const header = (name: string) => request.headers[name] as string | undefined;
      accepted.push({
        id: (JSON.parse(body) as { id: string }).id,
        valid: verifyWebhook(secret, { timestamp: header('depledger-timestamp'), signature: header('depledger-signature') }, body),
      });
      response.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    accepted,
    requests: () => requests,
    useSecret: (value: string) => (secret = value),
    close: () => new Promise((resolve) => server.close(resolve)),
  };
};

describe('depledger serve: two servers on one SQLite file', () => {
  const simulator = createAppleSimulator({ seed: 31 });
  const directory = mkdtempSync(join(tmpdir(), 'depledger-serve-targets-'));
  const path = join(directory, 'depledger.db');
  const opened: { store: SqliteStore; server: DepledgerServer }[] = [];
  let simulatorUrl = '';

  /**
   * A server of its own over the file: its own connection; the first keeps its read models (and the
   * webhooks' checkpoints) in the file, another in memory (one runner per read-model store).
   */
  const startServer = async (webhooks: ServeOptions['webhooks']) => {
    const store = openSqliteStore({ path, vaultKey: Buffer.alloc(32, 7), pollIntervalMs: 25 });
    const depledger = createDepledger({
      store: store.events,
      vault: store.vault,
      pki: createAppleTokenPki(),
      gateway: appleGateway({ baseUrl: simulatorUrl, retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 5 } }),
    });
    const readModels = opened.length === 0 ? store.readModels : createInMemoryReadModelStore();
    const runner = createProjectionRunner({ eventStore: store.events, readModels, projections: builtInProjections });
    const server = await createServer({ depledger, readModels: { readModels, runner }, webhooks });
    opened.push({ store, server });
    const url = await server.listen();
    return { server, url, store };
  };

  beforeAll(async () => {
    ({ url: simulatorUrl } = await simulator.start(0, '127.0.0.1'));
  });
  afterAll(async () => {
    for (const { server, store } of opened.reverse()) {
      await server.close();
      await store.close();
    }
    await simulator.stop();
    rmSync(directory, { recursive: true, force: true });
  });

  it('delivers from the server that allows loopback; the other sees the registration live, waits for the lease and refuses to connect', async () => {
    const receiver = await startReceiver();
    try {
      // "open" allows loopback; "strict", with no allow-list, runs beside it on the same file
      const open = await startServer({ maxAttempts: 2, backoff: { initialMs: 5, maxMs: 10 }, allowTargets: ['127.0.0.0/8'] });
      const strict = await startServer({ maxAttempts: 2, backoff: { initialMs: 5, maxMs: 10 }, leaseMs: 300 });
      const key = (await open.server.apiKeys.issue('mdm', ['read', 'write'])).key;
      const api = async (
        url: string,
        method: string,
        route: string,
        body?: { json?: unknown; raw?: string; headers?: Record<string, string> },
      ) => {
        const headers: Record<string, string> = { authorization: `Bearer ${key}`, ...(body?.headers ?? {}) };
        if (body?.json !== undefined) headers['content-type'] = 'application/json';
        if (body?.raw !== undefined) headers['content-type'] = 'application/pkcs7-mime';
        const response = await fetch(`${url}${route}`, {
          method,
          headers,
          ...(body ? { body: body.raw ?? JSON.stringify(body.json) } : {}),
        });
        return { status: response.status, body: (response.status === 204 ? null : await response.json()) as any };
      };

      const receiverUrl = `http://127.0.0.1:${receiver.port}/hook`;
      // the strict server refuses the receiver at registration…
      const refused = await api(strict.url, 'POST', '/webhooks', { json: { url: receiverUrl, events: ['device.assigned'] } });
      expect(refused).toMatchObject({ status: 422, body: { code: 'WEBHOOK_TARGET_REFUSED', details: { range: 'loopback' } } });
      // …the open one registers it
      const registered = await api(open.url, 'POST', '/webhooks', { json: { url: receiverUrl, events: ['device.assigned'] } });
      expect(registered.status).toBe(201);
      receiver.useSecret(registered.body.secret);
      const webhookId = registered.body.webhookId as string;

      // the strict server, not restarted, starts a consumer for it from the file
      await eventually(async () => strict.server.webhooks.consumerOf(webhookId));

      const generated = await api(open.url, 'POST', '/tokens/paris/keys');
      const issued = simulator.portal.addMdmServer({ name: 'Paris MDM', certificatePem: generated.body.certificatePem });
      simulator.devices.seed({ count: 3, serverId: issued.serverId });
      await api(open.url, 'PUT', '/tokens/paris/server-token', {
        raw: issued.p7m as string,
        headers: { 'x-apple-id': 'admin@contoso.example' },
      });
      const sync = await api(open.url, 'POST', '/tokens/paris/syncs', { json: { kind: 'full' } });
      expect(sync.status).toBe(202);

      // the open server, holding the webhook's lease, delivers the three devices while the strict one waits
      await eventually(async () => (receiver.accepted.length >= 3 ? true : undefined));
      // once it stops, the strict server takes the lease and fails each attempt before connecting (its
      // checkpoints are its own, in memory: it starts from the registration)
      await open.server.close();
      const deliveries = await eventually(async () => {
        const log = await api(strict.url, 'GET', `/webhooks/${webhookId}/deliveries?limit=1000`);
        const attempts = log.body.deliveries as { outcome: string; status: number | null; error: string | null }[];
        return attempts.filter((a) => a.outcome === 'failed').length >= 6 ? attempts : undefined;
      });
      const failed = deliveries.filter((a) => a.outcome === 'failed');
      expect(failed.every((a) => a.status === null && /not allowed \(loopback\)/.test(a.error ?? ''))).toBe(true);
      const delivered = deliveries.filter((a) => a.outcome === 'delivered');
      expect(delivered).toHaveLength(3);
      expect(receiver.requests()).toBe(delivered.length); // the strict server never connected
      expect(receiver.accepted.every((r) => r.valid)).toBe(true);

      // a removal stops the deliveries
      expect((await api(strict.url, 'DELETE', `/webhooks/${webhookId}`)).status).toBe(204);
      await eventually(async () => (strict.server.webhooks.consumerOf(webhookId) === undefined ? true : undefined));
    } finally {
      await receiver.close();
    }
  }, 120_000);
});
