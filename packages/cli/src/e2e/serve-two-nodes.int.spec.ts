import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAppleSimulator } from '@depledger/apple-simulator';
import { verifyWebhook, webhookEventSources } from '@depledger/serve';
import { openPostgresEventStore } from '@depledger/store-postgres';
import { describeWithPostgres, dropSchemas, freshSchemaName, testServerUrl } from '../../../store-postgres/src/testing/test-server';
import { binPath, buildCli, cliIn, eventually, json, removeDir, tempDir } from '../test-support/cli-process';

jest.setTimeout(300_000); // a hang guard only: the suite must pass on a busy machine

/**
 * Two `depledger serve` processes on one PostgreSQL schema, one webhook: every event reaches the
 * receiver once, from whichever server holds the webhook's lease — and when that server stops, the
 * other carries on from the checkpoint.
 */
describeWithPostgres('depledger serve: two servers on one PostgreSQL schema deliver each webhook event once', () => {
  const sim = createAppleSimulator({ seed: 31 });
  const schema = freshSchemaName('dlserve2');
  const vaultKey = randomBytes(32).toString('base64');
  const url = new URL(testServerUrl);
  url.searchParams.set('schema', schema);
  const storeUrl = url.toString();
  const dirs = [tempDir('serve-node-a'), tempDir('serve-node-b')];
  const env = { DEPLEDGER_STORE: storeUrl, DEPLEDGER_VAULT_KEY: vaultKey, DEPLEDGER_APPLE_ATTEMPTS: '1' };
  const children: ChildProcess[] = [];
  let simulatorUrl = '';

  const startServe = async (dir: string) => {
    const child = spawn(
      process.execPath,
      [binPath, 'serve', '--port', '0', '--no-schedule', '--apple-url', simulatorUrl, '--json', '--webhook-allow', '127.0.0.1'],
      { cwd: dir, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    children.push(child);
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
      child.on('exit', (code, signal) => resolve({ code, signal })),
    );
    const listening = await eventually(() => {
      if (child.exitCode !== null) throw new Error(`serve exited: ${stderr}`);
      const line = stdout.split('\n')[0];
      return line && line.endsWith('}') ? (JSON.parse(line) as { listening: string }).listening : undefined;
    });
    return { child, url: listening, exited };
  };

  beforeAll(async () => {
    buildCli();
    ({ url: simulatorUrl } = await sim.start());
  }, 60_000);

  afterAll(async () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await sim.stop();
    for (const dir of dirs) removeDir(dir);
    await dropSchemas(schema);
  });

  it('sends every event of the webhook once, signed, from one server at a time, and the other takes over when it stops', async () => {
    const nodeA = cliIn(dirs[0] as string, env);
    // step 2 on the first node's command line (it creates the schema), before either server starts
    expect((await nodeA('key', 'generate', '--token', 'paris', '--out', 'paris.pem')).code).toBe(0);
    const certificatePem = readFileSync(join(dirs[0] as string, 'paris.pem'), 'utf8');
    const { key } = json<{ key: string }>(await nodeA('api-key', 'create', '--name', 'mdm', '--json'));

    let secret = '';
    const accepted: { id: string; valid: boolean }[] = [];
    const receiver = createServer((request: IncomingMessage, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        const header = (name: string) => request.headers[name] as string | undefined;
        accepted.push({
          id: (JSON.parse(body) as { id: string }).id,
          valid: verifyWebhook(secret, { timestamp: header('depledger-timestamp'), signature: header('depledger-signature') }, body),
        });
        response.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;

    try {
      const first = await startServe(dirs[0] as string);
      const second = await startServe(dirs[1] as string);
      const api = async (
        base: string,
        method: string,
        path: string,
        body?: { json?: unknown; raw?: string; headers?: Record<string, string> },
      ) => {
        const headers: Record<string, string> = { authorization: `Bearer ${key}`, ...(body?.headers ?? {}) };
        if (body?.json !== undefined) headers['content-type'] = 'application/json';
        if (body?.raw !== undefined) headers['content-type'] = 'application/pkcs7-mime';
        const response = await fetch(`${base}${path}`, {
          method,
          headers,
          ...(body ? { body: body.raw ?? JSON.stringify(body.json) } : {}),
        });
        return { status: response.status, body: (response.status === 204 ? null : await response.json()) as any };
      };
      // registered through one server, seen by both (each follows the registrations in the store)
      const registered = await api(first.url, 'POST', '/webhooks', {
        json: { url: receiverUrl, events: Object.keys(webhookEventSources) },
      });
      expect(registered.status).toBe(201);
      secret = registered.body.secret;

      // steps 3–4 through the second server, a full sync of 12 devices through the first
      const issued = sim.portal.addMdmServer({ name: 'Paris MDM', certificatePem });
      sim.devices.seed({ count: 12, serverId: issued.serverId });
      const uploaded = await api(second.url, 'PUT', '/tokens/paris/server-token', {
        raw: issued.p7m as string,
        headers: { 'x-apple-id': 'alice@contoso.example' },
      });
      expect(uploaded.status).toBeLessThan(300);
      const sync = await api(first.url, 'POST', '/tokens/paris/syncs', { json: { kind: 'full' } });
      expect(sync.status).toBe(202);
      const ended = await eventually(async () => {
        const status = await api(first.url, 'GET', sync.body.statusUrl);
        return status.body.outcome === 'running' ? undefined : status.body;
      });
      expect(ended).toMatchObject({ outcome: 'completed' });

      // what the schema holds of the webhook's types
      const sources = new Set<string>(Object.values(webhookEventSources).flat());
      const expectedIds = async () => {
        const store = await openPostgresEventStore({ url: storeUrl });
        const ids: string[] = [];
        try {
          for await (const stored of store.readAll())
            if (sources.has(stored.type.replace(/\.v\d+$/, ''))) ids.push(stored.metadata.eventId);
        } finally {
          await store.close();
        }
        return ids;
      };
      let expected = await expectedIds();
      expect(expected.length).toBe(12 + 1); // assigned ×12 (no default profile), sync completed
      await eventually(() => (accepted.length >= expected.length ? true : undefined));

      // the server holding the lease stops; the other one delivers what comes next
      first.child.kill('SIGTERM');
      expect(await first.exited).toEqual({ code: 0, signal: null });
      const enrolled = await api(
        second.url,
        'POST',
        `/devices/${(await api(second.url, 'GET', '/devices?limit=1')).body.devices[0].serial}/enrollment`,
        {
          json: {},
        },
      );
      expect(enrolled.status).toBe(201);
      expected = await expectedIds();
      expect(expected.length).toBe(12 + 1 + 1);
      await eventually(() => (accepted.length >= expected.length ? true : undefined));

      second.child.kill('SIGTERM');
      expect(await second.exited).toEqual({ code: 0, signal: null });
      // each event once, in the store's order, every signature valid
      expect(accepted.map((a) => a.id)).toEqual(expected);
      expect(accepted.every((a) => a.valid)).toBe(true);
    } finally {
      await new Promise((resolve) => receiver.close(resolve));
    }
  });
});
