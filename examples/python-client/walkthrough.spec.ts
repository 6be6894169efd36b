import { execFile } from 'node:child_process';
import { appleGateway, createAppleTokenPki } from '@depledger/apple';
import { createAppleSimulator } from '@depledger/apple-simulator';
import { createDepledger, createInMemoryEventStore, createInMemoryVault } from '@depledger/core';
import { builtInProjections, createInMemoryReadModelStore, createProjectionRunner } from '@depledger/projections';
import { createServer, signWebhook, type DepledgerServer } from '@depledger/serve';

// The Python client (standard library only) against a real server on loopback: the steps over HTTP,
// a webhook receiver in Python verifying every delivery's signature; and Python's check of a
// signature made by depledger.

const run = (args: string[], cwd = __dirname) =>
  new Promise<{ code: number; stdout: string; stderr: string }>((resolve) =>
    execFile('python3', args, { cwd, timeout: 180_000, env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' } }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr }),
    ),
  );

describe('examples/python-client', () => {
  const simulator = createAppleSimulator();
  let server: DepledgerServer;
  let url = '';
  let simulatorUrl = '';
  let key = '';

  beforeAll(async () => {
    ({ url: simulatorUrl } = await simulator.start(0, '127.0.0.1'));
    const store = createInMemoryEventStore();
    const vault = createInMemoryVault();
    const depledger = createDepledger({ store, gateway: appleGateway({ baseUrl: simulatorUrl }), vault, pki: createAppleTokenPki() });
    const readModels = createInMemoryReadModelStore();
    server = await createServer({
      depledger,
      readModels: { readModels, runner: createProjectionRunner({ eventStore: store, readModels, projections: builtInProjections }) },
      // the Python receiver listens on loopback: allowed explicitly (refused by default)
      webhooks: { allowTargets: ['127.0.0.1'] },
    });
    url = await server.listen();
    key = (await server.apiKeys.issue('python-mdm', ['read', 'write'])).key;
  });

  afterAll(async () => {
    await server.close();
    await simulator.stop();
  });

  it('walks the steps from Python and verifies every webhook it receives', async () => {
    const result = await run(['walkthrough.py', '--url', url, '--key', key, '--simulator-url', simulatorUrl]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('refused as expected: 400 INVALID_INPUT');
    expect(result.stdout).toMatch(/7\. sync completed: 3 added/);
    expect(result.stdout).toMatch(/8\. \S+: Enrolled/);
    expect(result.stdout.match(/^webhook device\.assigned /gm)).toHaveLength(3);
    expect(result.stdout).toMatch(/^webhook sync\.completed /m);
    expect(result.stdout).toMatch(/^webhook device\.enrolled /m);
    expect(result.stdout).toContain('webhooks: 5 verified, 0 refused');
    expect(result.stdout).toContain('forged and replayed deliveries are refused');
  }, 180_000);

  it("accepts depledger's signature in Python, and refuses it over another body or timestamp", async () => {
    const body = '{"id":"e1","type":"device.enrolled","data":{"serial":"C02"}}';
    const timestamp = Math.floor(Date.now() / 1000);
    const signature = signWebhook('s3cret', timestamp, body);
    const check = (ts: number, sentBody: string) =>
      run([
        '-c',
        `import sys; from webhook_receiver import verify_signature; sys.exit(0 if verify_signature("s3cret", "${ts}", "${signature}", ${JSON.stringify(sentBody)}.encode()) else 3)`,
      ]);
    expect((await check(timestamp, body)).code).toBe(0);
    expect((await check(timestamp, body.replace('C02', 'C03'))).code).toBe(3);
    expect((await check(timestamp - 1, body)).code).toBe(3);
  }, 60_000);
});
