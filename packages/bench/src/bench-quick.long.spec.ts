import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

// `pnpm bench --quick` is part of `pnpm test:long` (it runs every workload, small): a broken benchmark fails
// CI. Timings are never asserted; the limits below only stop a hung run (jest cannot time out a synchronous call).
describe('pnpm bench --quick', () => {
  const figure = String.raw`[\d.]+(?:k|M)? (?:events|devices|requests|pages)/s|[\d.]+ m?s`;
  let out = '';

  beforeAll(() => {
    out = execFileSync(process.execPath, [join(__dirname, '..', 'dist', 'main.js'), '--quick'], { encoding: 'utf8', timeout: 1_500_000 });
  }, 1_600_000);

  it.each([
    ['in-memory append windows', /^in-memory append, window ending at 10,000 stored events/m],
    ['in-memory rehydration', /^rehydrate every device stream .* in-memory store of 10,000 events/m],
    ['SQLite append', /^SQLite append of 10,000 events/m],
    ['SQLite read-and-decode', /^SQLite read-and-decode of 10,000 events/m],
    ['SQLite rehydration', /^SQLite rehydrate .* events/m],
    ['projection rebuild in memory', /^rebuild device status from an in-memory store/m],
    ['projection rebuild from SQLite', /^rebuild device status from a SQLite file/m],
    ['asOf in memory', /^asOf: .* in-memory store/m],
    ['asOf on SQLite', /^asOf: .* SQLite file/m],
    ['full sync', /^full sync of 2,000 devices/m],
    ['incremental sync', /^incremental sync with no changes/m],
    ['simulator serving rate', /^the simulator serving a full fetch/m],
    ['CLI devices --json', /^CLI `depledger devices --json`/m],
    ['device reads through serve', /^GET \/devices\/\{serial\} through depledger serve/m],
    ['a keyset page of devices', /^a page of 100 devices \(pageDevices/m],
    ['the seed path through the binary: full sync', /^`depledger sync --full` of 2,000 devices with a default profile through the binary/m],
    ['the seed path through the binary: summary', /^`depledger summary --token` on the SQLite file/m],
    ['the seed path through the binary: rebuild', /^`depledger rebuild device-status` on the SQLite file/m],
  ])('prints the %s line with its figure', (_, line) => {
    const found = out.split('\n').find((l) => line.test(l));
    expect(found).toBeDefined();
    expect(found).toMatch(new RegExp(`: (?:${figure}) \\(spread `));
  });

  it('prints each limit and peer beside the figure, and the machine', () => {
    expect(out).toMatch(/^in-memory append.* \| limit .* \| ratio [\d.]+ \| peer .*\(Emmett in-memory store\) \| ratio [\d.]+/m);
    expect(out).toMatch(
      /^rehydrate every .* \| limit .*\(bare fold of the same objects\) \| ratio [\d.]+ \| peer .*\(Emmett aggregateStream\)/m,
    );
    expect(out).toMatch(/^rebuild device status from an in-memory store.* \| peer .*\(Emmett single-stream projection\) \| ratio [\d.]+/m);
    expect(out).toMatch(/^full sync .* \| limit .*\(raw HTTP loop fetching the same pages\) \| ratio [\d.]+/m);
    expect(out).toMatch(/^machine: /m);
  });
});
