import { createAppleSimulator } from '@depledger/apple-simulator';
import { openSqliteStore } from '@depledger/store-sqlite';
import { verifyWebhook, webhookEventSources } from '@depledger/serve';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { binPath, buildCli, cliIn, eventually, json, removeDir, tempDir, type Cli } from '../test-support/cli-process';

jest.setTimeout(300_000); // a hang guard only: the suite must pass on a busy machine

/** `depledger serve` as a real process, killed with SIGKILL while a webhook delivery is in flight, then started again. */
describe('depledger serve: webhook deliveries across a SIGKILL', () => {
  const sim = createAppleSimulator({ seed: 23 });
  const dir = tempDir('serve-kill');
  const db = join(dir, 'depledger.db');
  let cli: Cli;
  let simulatorUrl = '';
  const children: ChildProcess[] = [];

  const startServe = async () => {
    const child = spawn(
      process.execPath,
      [binPath, 'serve', '--port', '0', '--no-schedule', '--apple-url', simulatorUrl, '--json', '--webhook-allow', '127.0.0.1'],
      {
        cwd: dir,
        env: { ...process.env, DEPLEDGER_APPLE_ATTEMPTS: '1', DEPLEDGER_VAULT_KEY: '' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    children.push(child);
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
      child.on('exit', (code, signal) => resolve({ code, signal })),
    );
    const url = await eventually(() => {
      if (child.exitCode !== null) throw new Error(`serve exited: ${stderr}`);
      const line = stdout.split('\n')[0];
      return line && line.endsWith('}') ? (JSON.parse(line) as { listening: string }).listening : undefined;
    });
    return { child, url, exited };
  };

  beforeAll(async () => {
    buildCli();
    ({ url: simulatorUrl } = await sim.start());
    cli = cliIn(dir);
  }, 60_000);

  afterAll(async () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    removeDir(dir);
    await sim.stop();
  });

  it('resumes its deliveries from the checkpoint: every event once, none of those acknowledged before the kill again', async () => {
    const { key } = json<{ key: string }>(await cli('api-key', 'create', '--name', 'mdm', '--json'));

    // the receiver: holds its 5th request without answering (the delivery in flight at the kill)
    let secret = '';
    let requests = 0;
    let holding = true;
    const held: ServerResponse[] = [];
    const accepted: { id: string; valid: boolean }[] = [];
    const receiver = createServer((request: IncomingMessage, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        requests++;
        if (holding && requests === 5) return void held.push(response);
        const header = (name: string) => request.headers[name] as string | undefined;
        const payload = JSON.parse(body) as { id: string };
        accepted.push({
          id: payload.id,
          valid: verifyWebhook(secret, { timestamp: header('depledger-timestamp'), signature: header('depledger-signature') }, body),
        });
        response.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;

    try {
      const first = await startServe();
      const api = async (
        url: string,
        method: string,
        path: string,
        body?: { json?: unknown; raw?: string; headers?: Record<string, string> },
      ) => {
        const headers: Record<string, string> = { authorization: `Bearer ${key}`, ...(body?.headers ?? {}) };
        if (body?.json !== undefined) headers['content-type'] = 'application/json';
        if (body?.raw !== undefined) headers['content-type'] = 'application/pkcs7-mime';
        const response = await fetch(`${url}${path}`, {
          method,
          headers,
          ...(body ? { body: body.raw ?? JSON.stringify(body.json) } : {}),
        });
        return { status: response.status, body: (response.status === 204 ? null : await response.json()) as any };
      };
      const registered = await api(first.url, 'POST', '/webhooks', {
        json: { url: receiverUrl, events: Object.keys(webhookEventSources) },
      });
      expect(registered.status).toBe(201);
      secret = registered.body.secret;

      const generated = await api(first.url, 'POST', '/tokens/paris/keys');
      const issued = sim.portal.addMdmServer({ name: 'Paris MDM', certificatePem: generated.body.certificatePem });
      sim.devices.seed({ count: 12, serverId: issued.serverId });
      await api(first.url, 'PUT', '/tokens/paris/server-token', {
        raw: issued.p7m as string,
        headers: { 'x-apple-id': 'alice@contoso.example' },
      });
      const sync = await api(first.url, 'POST', '/tokens/paris/syncs', { json: { kind: 'full' } });
      await eventually(async () => ((await api(first.url, 'GET', sync.body.statusUrl)).body.outcome === 'running' ? undefined : true));

      await eventually(() => (held.length === 1 ? true : undefined));
      first.child.kill('SIGKILL');
      expect(await first.exited).toEqual({ code: null, signal: 'SIGKILL' });
      expect(accepted).toHaveLength(4);
      holding = false;
      const requestsBeforeRestart = requests;

      // what the file holds of the webhook's types (it was registered before any of them was recorded)
      const sources = new Set<string>(Object.values(webhookEventSources).flat());
      const expected: string[] = [];
      const store = openSqliteStore({ path: db, env: {} });
      try {
        for await (const stored of store.events.readAll()) {
          if (sources.has(stored.type.replace(/\.v\d+$/, ''))) expected.push(stored.metadata.eventId);
        }
      } finally {
        await store.close();
      }
      expect(expected.length).toBe(12 + 1); // assigned ×12 (no default profile), sync completed

      const second = await startServe();
      await eventually(() => (accepted.length >= expected.length ? true : undefined));
      expect(accepted.map((a) => a.id)).toEqual(expected);
      expect(accepted.every((a) => a.valid)).toBe(true);
      // from the checkpoint: the held event again, then the rest; none of the four acknowledged ones
      expect(requests - requestsBeforeRestart).toBe(expected.length - 4);

      second.child.kill('SIGTERM');
      expect(await second.exited).toEqual({ code: 0, signal: null });
    } finally {
      for (const response of held) response.destroy();
      await new Promise((resolve) => receiver.close(resolve));
    }
  });
});
