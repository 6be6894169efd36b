import { createAppleSimulator } from '@depledger/apple-simulator';
import { spawn, type ChildProcess } from 'node:child_process';
import { binPath, buildCli, cliIn, eventually, json, removeDir, tempDir, type Cli } from '../test-support/cli-process';

jest.setTimeout(300_000); // a hang guard only: the suite must pass on a busy machine

/** `depledger serve` as a real process on a SQLite file: API keys from the CLI, the steps over HTTP, the scheduler inside, SIGTERM. */
describe('depledger serve', () => {
  const sim = createAppleSimulator({ seed: 21 });
  const dir = tempDir('serve');
  let cli: Cli;
  let simulatorUrl = '';
  let child: ChildProcess | undefined;

  beforeAll(async () => {
    buildCli();
    ({ url: simulatorUrl } = await sim.start());
    cli = cliIn(dir);
  }, 60_000);

  afterAll(async () => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    removeDir(dir);
    await sim.stop();
  });

  it('starts in one command on a new store, serves the steps, syncs on its own schedule, and stops cleanly on SIGTERM', async () => {
    const created = await cli('api-key', 'create', '--name', 'mdm', '--json');
    expect(created.code).toBe(0);
    const { key, keyId } = json<{ key: string; keyId: string }>(created);
    expect(json<{ keyId: string; name: string }[]>(await cli('api-key', 'list', '--json'))).toEqual([
      expect.objectContaining({ keyId, name: 'mdm', scopes: ['read', 'write'] }),
    ]);

    child = spawn(process.execPath, [binPath, 'serve', '--port', '0', '--every', '1', '--apple-url', simulatorUrl, '--json'], {
      cwd: dir,
      env: { ...process.env, DEPLEDGER_APPLE_ATTEMPTS: '1', DEPLEDGER_VAULT_KEY: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
      child?.on('exit', (code, signal) => resolve({ code, signal })),
    );
    const url = await eventually(async () => {
      if (child?.exitCode !== null) throw new Error(`serve exited: ${stderr}`);
      const line = stdout.split('\n')[0];
      return line && line.endsWith('}') ? (JSON.parse(line) as { listening: string }).listening : undefined;
    });
    const api = async (method: string, path: string, body?: { json?: unknown; raw?: string; headers?: Record<string, string> }) => {
      const headers: Record<string, string> = { authorization: `Bearer ${key}`, ...(body?.headers ?? {}) };
      if (body?.json !== undefined) headers['content-type'] = 'application/json';
      if (body?.raw !== undefined) headers['content-type'] = 'application/pkcs7-mime';
      const response = await fetch(`${url}${path}`, { method, headers, ...(body ? { body: body.raw ?? JSON.stringify(body.json) } : {}) });
      return { status: response.status, body: (await response.json()) as any };
    };

    expect((await fetch(`${url}/openapi.json`)).status).toBe(200);
    expect((await api('GET', '/devices')).body).toEqual({ devices: [], next: null });
    const generated = await api('POST', '/tokens/paris/keys');
    expect(generated.status).toBe(201);
    const issued = sim.portal.addMdmServer({ name: 'Paris MDM', certificatePem: generated.body.certificatePem });
    const serials = sim.devices.seed({ count: 4, serverId: issued.serverId });
    expect(
      (await api('PUT', '/tokens/paris/server-token', { raw: issued.p7m as string, headers: { 'x-apple-id': 'alice@contoso.example' } }))
        .status,
    ).toBe(200);

    // the scheduler inside the server sees an active token that never synced, and syncs it
    const run = await eventually(async () => {
      const runs = (await api('GET', '/tokens/paris/syncs')).body.runs as { outcome: string; actor: string; counts: { added: number } }[];
      return runs.find((r) => r.outcome === 'completed');
    });
    expect(run).toMatchObject({ actor: 'system:schedule', counts: { added: 4 } });
    const devices = (await api('GET', '/devices?tokenId=paris')).body.devices as { serial: string; status: string }[];
    expect(devices.map((d) => d.serial)).toEqual([...serials].sort());

    // a revoked key is refused from the next request on, by the running server
    expect((await cli('api-key', 'revoke', keyId)).code).toBe(0);
    expect((await api('GET', '/devices')).body).toMatchObject({ code: 'API_KEY_INVALID' });

    child.kill('SIGTERM');
    expect(await exited).toEqual({ code: 0, signal: null });
    expect(stderr).toBe('');
  });
});
