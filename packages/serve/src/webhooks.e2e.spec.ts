import { createServer as createHttpServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { signWebhook, verifyWebhook, webhookEventSources } from './index';
import { checkAgainstOpenApi, operationOf } from './testing/openapi-check';
import { eventually, startServeFixture, type ServeFixture } from './testing/serve-fixture';

// Webhooks over loopback: a receiver that fails three times then succeeds gets every event, each id
// once, with valid signatures; a receiver that keeps failing has its event set aside, then
// redelivered on request.

type Received = { id: string; type: string; idempotencyKey: string | undefined; valid: boolean; data: Record<string, unknown> };

/** A receiver on loopback: answers `statusFor(n)` to its n-th request (from 1), and keeps what it accepted. */
const startReceiver = async (statusFor: (n: number) => number) => {
  let secret = '';
  let requests = 0;
  const accepted: Received[] = [];
  const read = (request: IncomingMessage) =>
    new Promise<string>((resolve) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => resolve(body));
    });
  const server: Server = createHttpServer((request, response) => {
    void read(request).then((body) => {
      const status = statusFor(++requests);
      if (status === 200) {
        const payload = JSON.parse(body) as { id: string; type: string; data: Record<string, unknown> };
        const header = (name: string) => request.headers[name] as string | undefined;
        accepted.push({
          id: payload.id,
          type: payload.type,
          idempotencyKey: header('idempotency-key'),
          valid:
            header('depledger-event-id') === payload.id &&
            verifyWebhook(secret, { timestamp: header('depledger-timestamp'), signature: header('depledger-signature') }, body),
          data: payload.data,
        });
      }
      response.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/depledger`,
    accepted,
    requests: () => requests,
    useSecret: (value: string) => (secret = value),
    close: () => new Promise((resolve) => server.close(resolve)),
  };
};

const allTypes = Object.keys(webhookEventSources);

describe('depledger serve: webhooks', () => {
  let f: ServeFixture;
  beforeAll(async () => {
    // the receivers listen on loopback: the operator allows it explicitly (refused by default)
    f = await startServeFixture({ webhooks: { maxAttempts: 5, backoff: { initialMs: 5, maxMs: 20 }, allowTargets: ['127.0.0.1'] } });
  });
  afterAll(async () => {
    await f.close();
  });

  it('delivers every event asked for to a receiver that fails three times first: each id once, in order, signed', async () => {
    const receiver = await startReceiver((n) => (n <= 3 ? 500 : 200));
    try {
      const registered = await f.api('POST', '/webhooks', { json: { url: receiver.url, events: allTypes } });
      expect(registered.status).toBe(201);
      expect(registered.body.secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
      receiver.useSecret(registered.body.secret);
      const webhookId = registered.body.webhookId as string;
      const start = await f.store.headPosition();

      // the steps: a token, a default profile, a sync of four devices, one check-in
      const key = await f.api('POST', '/tokens/paris/keys');
      const issued = f.simulator.portal.addMdmServer({ name: 'Paris MDM', certificatePem: key.body.certificatePem });
      const serials = f.simulator.devices.seed({ count: 4, serverId: issued.serverId });
      await f.api('PUT', '/tokens/paris/server-token', { raw: issued.p7m as string, headers: { 'x-apple-id': 'alice@contoso.example' } });
      await f.api('POST', '/profiles', {
        json: { profileId: 'corp', tokenId: 'paris', settings: { name: 'Contoso', url: 'https://mdm.contoso.example/enroll' } },
      });
      await f.api('POST', '/profiles/corp/publish');
      await f.api('PUT', '/tokens/paris/default-profile', { json: { profileId: 'corp' } });
      const sync = await f.api('POST', '/tokens/paris/syncs', { json: { kind: 'full' } });
      await eventually(async () =>
        (await f.api('GET', sync.body.statusUrl, { key: f.readKey })).body.outcome === 'running' ? undefined : true,
      );
      await f.api('POST', `/devices/${serials[0]}/enrollment`, { json: {} });

      const consumer = f.server.webhooks.consumerOf(webhookId);
      await consumer?.caughtUp();

      // what the store holds of the types asked for, since the webhook was registered
      const sources = new Set<string>(Object.values(webhookEventSources).flat());
      const expected: { id: string; type: string }[] = [];
      for await (const stored of f.store.readAll({ after: start })) {
        if (sources.has(stored.type.replace(/\.v\d+$/, ''))) expected.push({ id: stored.metadata.eventId, type: stored.type });
      }
      expect(expected.length).toBe(4 + 4 + 1 + 1); // assigned ×4, profile assigned ×4, sync completed, enrolled
      expect(receiver.accepted.map((r) => r.id)).toEqual(expected.map((e) => e.id));
      expect(receiver.accepted.every((r) => r.valid && r.idempotencyKey === r.id)).toBe(true);
      expect(new Set(receiver.accepted.map((r) => r.type))).toEqual(
        new Set(['device.assigned', 'device.profile_assigned', 'sync.completed', 'device.enrolled']),
      );
      expect(receiver.accepted.find((r) => r.type === 'device.enrolled')?.data).toEqual({
        serial: serials[0],
        tokenId: 'paris',
        enrolledAt: expect.any(String),
        profileUuid: expect.any(String),
      });
      expect(JSON.stringify(receiver.accepted)).not.toMatch(/vault:|alice@/);
      expect(receiver.requests()).toBe(expected.length + 3);

      // the delivery log: the first event failed three times, then everything was delivered once
      const log = await f.api('GET', `/webhooks/${webhookId}/deliveries?limit=1000`, { key: f.readKey });
      const attempts = log.body.deliveries as { eventId: string; attempt: number; outcome: string; status: number }[];
      expect(attempts.slice(0, 4).map((a) => [a.eventId, a.attempt, a.outcome, a.status])).toEqual([
        [expected[0]?.id, 1, 'failed', 500],
        [expected[0]?.id, 2, 'failed', 500],
        [expected[0]?.id, 3, 'failed', 500],
        [expected[0]?.id, 4, 'delivered', 200],
      ]);
      expect(attempts.filter((a) => a.outcome === 'delivered').map((a) => a.eventId)).toEqual(expected.map((e) => e.id));
      expect(log.body.deadLetters).toEqual([]);

      // redelivery on request: the same id again, signed anew, logged as a redelivery
      const again = await f.api('POST', `/webhooks/${webhookId}/redeliveries`, { json: { eventId: expected[2]?.id } });
      expect(again.body).toMatchObject({ eventId: expected[2]?.id, outcome: 'delivered', redelivery: true });
      expect(receiver.accepted[receiver.accepted.length - 1]).toMatchObject({ id: expected[2]?.id, valid: true });

      expect((await f.api('GET', '/webhooks', { key: f.readKey })).body.webhooks).toEqual([
        expect.objectContaining({ webhookId, url: receiver.url, registeredBy: 'api:mdm' }),
      ]);
      expect((await f.api('DELETE', `/webhooks/${webhookId}`)).status).toBe(204);
      expect((await f.api('GET', '/webhooks', { key: f.readKey })).body.webhooks).toEqual([]);
    } finally {
      await receiver.close();
    }
  }, 60_000);

  it('sets an event aside after the last attempt, lists it, and redelivers it on request once the receiver is back', async () => {
    let down = true;
    const receiver = await startReceiver(() => (down ? 503 : 200));
    try {
      const registered = await f.api('POST', '/webhooks', { json: { url: receiver.url, events: ['device.enrolled'] } });
      receiver.useSecret(registered.body.secret);
      const webhookId = registered.body.webhookId as string;
      const serial = (await f.api('GET', '/devices?limit=1', { key: f.readKey })).body.devices[0].serial as string;
      const enrolled = await f.api('POST', `/devices/${serial}/enrollment`, { json: { enrolledAt: '2030-01-01T00:00:00Z' } });
      const eventId = enrolled.body.recorded[0].eventId as string;

      const letters = await eventually(async () => {
        const answer = await f.api('GET', `/webhooks/${webhookId}/deliveries`, { key: f.readKey });
        return answer.body.deadLetters.length > 0 ? answer.body : undefined;
      });
      expect(letters.deadLetters).toEqual([expect.objectContaining({ eventId, attempts: 5, replayedAt: null })]);
      expect(letters.deliveries.map((d: { outcome: string; status: number }) => `${d.outcome}:${d.status}`)).toEqual(
        Array(5).fill('failed:503'),
      );

      down = false;
      const redelivered = await f.api('POST', `/webhooks/${webhookId}/redeliveries`, { json: { eventId } });
      expect(redelivered.body).toMatchObject({ eventId, outcome: 'delivered', status: 200 });
      expect(receiver.accepted).toEqual([expect.objectContaining({ id: eventId, type: 'device.enrolled', valid: true })]);
      const after = await f.api('GET', `/webhooks/${webhookId}/deliveries`, { key: f.readKey });
      expect(after.body.deadLetters[0].replayedAt).toEqual(expect.any(String));

      const unknown = await f.api('POST', `/webhooks/${webhookId}/redeliveries`, { json: { eventId: 'not-an-event' } });
      expect(unknown).toMatchObject({ status: 404, body: { code: 'WEBHOOK_DELIVERY_NOT_FOUND' } });
    } finally {
      await receiver.close();
    }
  }, 60_000);

  it('refuses a bad registration and records nothing', async () => {
    const before = await f.store.headPosition();
    const withCredentials = await f.api('POST', '/webhooks', {
      json: { url: 'https://user:secret@mdm.example/hook', events: ['device.enrolled'] },
    });
    expect(withCredentials).toMatchObject({ status: 400, body: { code: 'INVALID_INPUT' } });
    expect(withCredentials.text).not.toContain('secret@');
    expect((await f.api('POST', '/webhooks', { json: { url: 'ftp://mdm.example/hook', events: ['device.enrolled'] } })).status).toBe(400);
    expect((await f.api('POST', '/webhooks', { json: { url: 'https://mdm.example/hook', events: ['device.teleported'] } })).body.code).toBe(
      'INVALID_INPUT',
    );
    expect((await f.api('POST', '/webhooks', { json: { url: 'https://mdm.example/hook', events: [] } })).body.code).toBe('INVALID_INPUT');
    expect(
      (await f.api('POST', '/webhooks', { key: f.readKey, json: { url: 'https://mdm.example/hook', events: ['device.enrolled'] } })).status,
    ).toBe(403);
    expect((await f.api('DELETE', '/webhooks/nope')).body.code).toBe('WEBHOOK_NOT_FOUND');
    expect(await f.store.headPosition()).toBe(before);
  });

  it('signs over the timestamp and the body: a replayed, stale or altered delivery does not verify', () => {
    const body = JSON.stringify({ id: 'e1', type: 'device.enrolled' });
    const now = new Date('2026-03-02T10:00:00Z');
    const timestamp = Math.floor(now.getTime() / 1000);
    const signature = signWebhook('s3cret', timestamp, body);
    expect(verifyWebhook('s3cret', { timestamp: String(timestamp), signature }, body, now)).toBe(true);
    expect(verifyWebhook('s3cret', { timestamp: String(timestamp), signature }, body, new Date(now.getTime() + 301_000))).toBe(false);
    expect(verifyWebhook('s3cret', { timestamp: String(timestamp + 1), signature }, body, now)).toBe(false);
    expect(verifyWebhook('s3cret', { timestamp: String(timestamp), signature }, body.replace('e1', 'e2'), now)).toBe(false);
    expect(verifyWebhook('other', { timestamp: String(timestamp), signature }, body, now)).toBe(false);
  });

  it('answers every webhook route as the OpenAPI document says, each exercised', async () => {
    const document = await f.api('GET', '/openapi.json', { key: null });
    expect(checkAgainstOpenApi(document.body, f.answers)).toEqual([]);
    const exercised = new Set(
      f.answers.map((a) => operationOf(document.body, a.method, a.path)).map((m) => (m ? `${m.method} ${m.path}` : '')),
    );
    const webhookOperations = Object.entries(document.body.paths as Record<string, Record<string, unknown>>)
      .filter(([path]) => path.startsWith('/webhooks'))
      .flatMap(([path, item]) => Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`));
    expect(webhookOperations.length).toBe(5);
    expect(webhookOperations.filter((o) => !exercised.has(o))).toEqual([]);
  });
});
