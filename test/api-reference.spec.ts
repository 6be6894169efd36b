import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

/**
 * docs/api/ is generated from the TSDoc of every published package's public face
 * (tools/api-docs, TypeDoc on TypeScript 5.9). This test generates it again into a scratch folder
 * and fails when the committed reference says something else.
 * Fix: `pnpm docs:api`, then commit docs/api/.
 */
const root = join(__dirname, '..');
const committed = join(root, 'docs', 'api');
const fix = 'docs/api/ is out of date: run `pnpm docs:api` and commit it.';

const filesUnder = (dir: string): string[] => {
  const found: string[] = [];
  const walk = (at: string) => {
    for (const name of readdirSync(at)) {
      const path = join(at, name);
      if (statSync(path).isDirectory()) walk(path);
      else found.push(relative(dir, path));
    }
  };
  walk(dir);
  return found.sort();
};

describe('docs/api (the API reference)', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'depledger-api-docs-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('is what TypeDoc generates from the sources today', () => {
    execFileSync(process.execPath, [join(root, 'tools', 'api-docs', 'generate-api-docs.mjs'), '--out', scratch], {
      encoding: 'utf8',
      stdio: 'pipe',
    });
    const expected = filesUnder(scratch);
    expect(filesUnder(committed)).toEqual(expected);
    for (const file of expected) {
      const a = readFileSync(join(committed, file), 'utf8').split('\n');
      const b = readFileSync(join(scratch, file), 'utf8').split('\n');
      const line = a.findIndex((l, i) => l !== b[i]);
      if (line !== -1 || a.length !== b.length) {
        const at = line === -1 ? Math.min(a.length, b.length) : line;
        throw new Error(`${fix}\n${file}, first difference at line ${at + 1}:\n  committed: ${a[at]}\n  generated: ${b[at]}`);
      }
    }
    // What an embedder looks for first is there.
    const core = readFileSync(join(scratch, '@depledger', 'core.md'), 'utf8');
    for (const name of ['createDepledger', 'TokenService', 'ProfileService', 'DeviceService', 'GatewayFactory', 'errorCatalogue'])
      expect(core).toContain(`### ${name}`);
    expect(readFileSync(join(scratch, '@depledger', 'apple.md'), 'utf8')).toContain('### appleGateway');
  }, 600_000);
});
