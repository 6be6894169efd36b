import { execFileSync, spawn } from 'node:child_process';
import { join } from 'node:path';
import { firstLine } from './test-support/first-line';

const packageDir = join(__dirname, '..');
const workspace = join(packageDir, '..', '..');

// A long spec (`pnpm test:long`): a full fetch of 100 000 devices, four times over, in a separate process.
// The serving rate (goal ≥ 50k devices/s) is a `pnpm bench` row ("the simulator serving a full fetch"), never a
// test's assertion: this test checks what does not depend on the machine's speed.
describe('serving memory (built package, separate process with --expose-gc)', () => {
  beforeAll(() => {
    execFileSync('npx', ['tsc', '-b', 'packages/apple-simulator'], { cwd: workspace, stdio: 'ignore' });
  }, 60_000);

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
