import { spawn, type ChildProcess } from 'node:child_process';
import { binPath, cliIn, eventually, json, removeDir, tempDir } from '../test-support/cli-process';
import { simulatedCli, uploadSimulatedToken } from '../test-support/simulated-token';

jest.setTimeout(300_000); // a hang guard only: the suite must pass on a busy machine

type Listed = { serial: string }[] | { devices: { serial: string }[] };
const serialsOf = (listed: Listed): string[] => (Array.isArray(listed) ? listed : listed.devices).map((d) => d.serial).sort();

/**
 * Issue 23 through the binary: one `depledger serve --all-tenants` on a SQLite file shared by two
 * organisations (the default tenant and acme, each with a token `paris`). Keys come from the CLI
 * (`api-key create --tenant acme`, `--operator`); each key answers for its own tenant, an operator's
 * key for the tenant it names, and a key revoked by the CLI is refused by the running server.
 */
describe('depledger serve --all-tenants', () => {
  const started = simulatedCli('serve-all-tenants', { seed: 23, token: { id: 'paris', devices: 3 } });
  const acmeDir = tempDir('serve-all-tenants-acme');
  const acme = cliIn(acmeDir, { DEPLEDGER_TENANT: 'acme', DEPLEDGER_STORE: `sqlite:${started.db}` });
  let child: ChildProcess | undefined;
  afterAll(() => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    removeDir(acmeDir);
  });

  it('routes each key to its tenant, an operator’s key to the tenant it names, and stops cleanly', async () => {
    await uploadSimulatedToken(acme, started.sim, started.url, 'paris', 2);
    for (const cli of [started.cli, acme])
      expect((await cli('sync', '--token', 'paris', '--full', '--apple-url', started.url, '--json')).code).toBe(0);
    const defaultSerials = serialsOf(json<Listed>(await started.cli('devices', '--json')));
    const acmeSerials = serialsOf(json<Listed>(await acme('devices', '--json')));
    expect(defaultSerials).toHaveLength(3);
    expect(acmeSerials).toHaveLength(2);

    const keyOf = async (cli: typeof acme, ...args: string[]) =>
      json<{ key: string; keyId: string }>(await cli('api-key', 'create', ...args, '--json'));
    const mine = await keyOf(started.cli, '--name', 'default-mdm');
    const theirs = await keyOf(acme, '--name', 'acme-mdm');
    const ops = await keyOf(started.cli, '--operator', '--name', 'ops', '--scope', 'read');
    expect(mine.key).toMatch(/^dpl_[0-9a-f]{16}_/);
    expect(theirs.key).toMatch(/^dpl_acme_[0-9a-f]{16}_/);
    expect(ops.key).toMatch(/^dplop_[0-9a-f]{16}_/);
    expect(json<{ name: string }[]>(await started.cli('api-key', 'list', '--operator', '--json')).map((k) => k.name)).toEqual(['ops']);
    expect(json<{ name: string }[]>(await acme('api-key', 'list', '--json')).map((k) => k.name)).toEqual(['acme-mdm']);

    child = spawn(process.execPath, [binPath, 'serve', '--all-tenants', '--port', '0', '--no-schedule', '--json'], {
      cwd: started.dir,
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
    const get = async (path: string, key: string, tenant?: string) => {
      const response = await fetch(`${url}${path}`, {
        headers: { authorization: `Bearer ${key}`, ...(tenant ? { 'x-depledger-tenant': tenant } : {}) },
      });
      return { status: response.status, body: (await response.json()) as any };
    };

    expect(serialsOf((await get('/devices', mine.key)).body)).toEqual(defaultSerials);
    expect(serialsOf((await get('/devices', theirs.key)).body)).toEqual(acmeSerials);
    expect(await get('/devices', theirs.key, 'default')).toMatchObject({ status: 403, body: { code: 'TENANT_SCOPE_VIOLATION' } });
    expect(await get('/devices', ops.key)).toMatchObject({ status: 400, body: { code: 'API_TENANT_REQUIRED' } });
    expect(serialsOf((await get('/devices', ops.key, 'acme')).body)).toEqual(acmeSerials);
    expect(serialsOf((await get('/devices', ops.key, 'default')).body)).toEqual(defaultSerials);
    expect(await get('/tenants', ops.key)).toMatchObject({ status: 200, body: { tenants: ['default', 'acme'] } });
    expect(await get('/tenants', theirs.key)).toMatchObject({ status: 403, body: { code: 'API_OPERATOR_ONLY' } });
    const document = (await (await fetch(`${url}/openapi.json`)).json()) as any;
    expect(document.paths['/devices'].get.parameters.map((p: { name: string }) => p.name)).toContain('X-Depledger-Tenant');

    // revoked by acme's administrator, refused by the running server from the next request on
    expect((await acme('api-key', 'revoke', theirs.keyId)).code).toBe(0);
    expect(await get('/devices', theirs.key)).toMatchObject({ status: 401, body: { code: 'API_KEY_INVALID' } });

    // forgotten by the operator's CLI, no longer served by the running server (410), the default tenant still is
    const again = await keyOf(acme, '--name', 'acme-mdm-2');
    expect((await get('/devices', again.key)).status).toBe(200);
    expect((await started.cli('tenant', 'forget', 'acme', '--confirm')).code).toBe(0);
    expect(await get('/devices', again.key)).toMatchObject({ status: 410, body: { code: 'TENANT_FORGOTTEN' } });
    expect(await get('/devices', ops.key, 'acme')).toMatchObject({ status: 410, body: { code: 'TENANT_FORGOTTEN' } });
    expect(serialsOf((await get('/devices', mine.key)).body)).toEqual(defaultSerials);
    expect(await get('/tenants', ops.key)).toMatchObject({ status: 200, body: { tenants: ['default'], forgotten: ['acme'] } });

    child.kill('SIGTERM');
    expect(await exited).toEqual({ code: 0, signal: null });
    expect(stderr).toBe('');
  });

  it('refuses --all-tenants with --tenant', async () => {
    const refused = await acme('serve', '--all-tenants', '--port', '0');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--all-tenants');
  });
});
