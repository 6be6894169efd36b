import { execFileSync, spawn } from 'node:child_process';
import { join } from 'node:path';
import { once } from 'node:events';
import { appleClient } from './test-support/apple-calls';
import { firstLine } from './test-support/first-line';

const packageDir = join(__dirname, '..');
const workspace = join(packageDir, '..', '..');

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
  });

  it('prints a readable summary without --json and stops on SIGINT', async () => {
    const child = spawn(process.execPath, [join(packageDir, 'dist', 'bin.js'), '--devices', '1', '--port', '0']);
    try {
      expect(await firstLine(child)).toMatch(/^Apple DEP simulator listening on http:\/\/127\.0\.0\.1:\d+$/);
    } finally {
      child.kill('SIGINT');
    }
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(0);
  });
});
