import { execFileSync, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { once } from 'node:events';
import { appleClient } from './test-support/apple-calls';

const packageDir = join(__dirname, '..');
const workspace = join(packageDir, '..', '..');

function firstLine(child: ChildProcessWithoutNullStreams): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffered = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const end = buffered.indexOf('\n');
      if (end >= 0) resolve(buffered.slice(0, end));
    });
    child.once('exit', (code) => reject(new Error(`exited early with ${code}`)));
  });
}

describe('the depledger-simulator command', () => {
  beforeAll(() => {
    execFileSync('npx', ['tsc', '-b', 'packages/apple-simulator'], { cwd: workspace, stdio: 'ignore' });
  }, 60_000);

  it('prints one JSON line with the URL and OAuth credentials that open a session, and stops on SIGTERM', async () => {
    const child = spawn(process.execPath, [join(packageDir, 'dist', 'bin.js'), '--json', '--devices', '5', '--port', '0']);
    try {
      const started = JSON.parse(await firstLine(child)) as Record<string, string> & { devices: number };
      expect(started).toMatchObject({
        url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
        devices: 5,
        consumer_key: expect.stringMatching(/^CK_/),
        consumer_secret: expect.stringMatching(/^CS_/),
        access_token: expect.stringMatching(/^AT_/),
        access_secret: expect.stringMatching(/^AS_/),
      });
      const client = appleClient(started.url ?? '', started as never);
      const page = (await client.call('POST', '/server/devices', {})).json<{ devices: unknown[] }>();
      expect(page.devices).toHaveLength(5);
    } finally {
      child.kill('SIGTERM');
    }
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(0);
  }, 20_000);

  it('prints a readable summary without --json and stops on SIGINT', async () => {
    const child = spawn(process.execPath, [join(packageDir, 'dist', 'bin.js'), '--devices', '1', '--port', '0']);
    try {
      expect(await firstLine(child)).toMatch(/^Apple DEP simulator listening on http:\/\/127\.0\.0\.1:\d+$/);
    } finally {
      child.kill('SIGINT');
    }
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(0);
  }, 20_000);
});

// The serving rate (goal ≥ 50k devices/s) is a `pnpm bench` row ("the simulator serving a full fetch"), never a
// test's assertion: this test checks what does not depend on the machine's speed.
describe('serving memory (built package, separate process with --expose-gc)', () => {
  it('serves a full fetch of 100k devices in 100 pages of 1000 without heap growth per request', async () => {
    const script = `require(${JSON.stringify(join(packageDir, 'dist', 'index.js'))}).benchmarkFullFetch({ devices: 100000, pageSize: 1000, extraRounds: 3 }).then((r) => process.stdout.write(JSON.stringify(r) + '\\n'))`;
    const run = (): Promise<{ devices: number; pages: number; seedMs: number; devicesPerSecond: number; heapGrowthBytes: number }> =>
      new Promise((resolve, reject) => {
        const child = spawn(process.execPath, ['--expose-gc', '-e', script]);
        firstLine(child).then((line) => resolve(JSON.parse(line)), reject);
      });
    const result = await run();
    expect(result.devices).toBe(100_000);
    expect(result.pages).toBe(100);
    expect(result.heapGrowthBytes).toBeLessThan(2 * 1024 * 1024);
  }, 300_000);
});
