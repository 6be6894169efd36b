import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

// `pnpm bench --quick` is part of `pnpm test`: a broken benchmark fails CI. Timings are not asserted.
describe('pnpm bench --quick', () => {
  it('runs every benchmark on tiny inputs and prints each figure beside its limit', () => {
    const out = execFileSync(process.execPath, [join(__dirname, '..', 'dist', 'main.js'), '--quick'], { encoding: 'utf8', timeout: 120_000 });
    expect(out).toMatch(/in-memory append, window ending at 10,000 stored events .*: [\d.]+[kM]?\/s/);
    expect(out).toMatch(/rehydrate 1,000 device streams .*\| limit [\d.]+[kM]?\/s \| ratio [\d.]+/);
    expect(out).toMatch(/^machine: /m);
  }, 130_000);
});
