import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Every published package is packed with `pnpm pack`, installed from its tarball into a scratch
 * project, and imported by a CommonJS consumer and by an ESM consumer on this Node.
 */
const root = join(__dirname, '..');
const published = readdirSync(join(root, 'packages')).filter((dir) => {
  const manifest = JSON.parse(readFileSync(join(root, 'packages', dir, 'package.json'), 'utf8')) as { private?: boolean };
  return !manifest.private;
});
const names = published.map((dir) => `@depledger/${dir}`);

describe('packed packages', () => {
  let scratch: string;

  beforeAll(() => {
    scratch = mkdtempSync(join(tmpdir(), 'depledger-pack-'));
    const tarballs = published.map((dir) => {
      const out = execFileSync('pnpm', ['pack', '--pack-destination', scratch], { cwd: join(root, 'packages', dir), encoding: 'utf8' });
      const file = out.trim().split('\n').pop() as string;
      return file.startsWith('/') ? file : join(scratch, file);
    });
    writeFileSync(join(scratch, 'package.json'), JSON.stringify({ name: 'consumer', private: true }));
    // Native addons are not built here: importing a package must not need them until they are used.
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error', ...tarballs], { cwd: scratch, stdio: 'pipe' });
  }, 240_000);

  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('ships built JavaScript and type declarations, not sources or tests', () => {
    for (const name of names) {
      const dir = join(scratch, 'node_modules', name);
      const files = readdirSync(join(dir, 'dist'), { recursive: true }) as string[];
      expect(files).toContain('index.js');
      expect(files).toContain('index.d.ts');
      expect(files.some((f) => f.endsWith('.spec.js') || f.endsWith('.ts') && !f.endsWith('.d.ts'))).toBe(false);
    }
  });

  it('imports from a CommonJS consumer', () => {
    const script = `${names.map((n) => `require(${JSON.stringify(n)});`).join('\n')}
const core = require('@depledger/core');
if (typeof core.createInMemoryEventStore !== 'function' || typeof core.tokenDecider.decide !== 'function') throw new Error('missing exports');
console.log('cjs ok');`;
    writeFileSync(join(scratch, 'consumer.cjs'), script);
    expect(execFileSync(process.execPath, ['consumer.cjs'], { cwd: scratch, encoding: 'utf8' })).toContain('cjs ok');
  });

  it('imports named exports from an ESM consumer', () => {
    const script = `${names.map((n, i) => `import * as p${i} from ${JSON.stringify(n)};`).join('\n')}
import { createInMemoryEventStore, tokenDecider, depledgerSerde } from '@depledger/core';
const store = createInMemoryEventStore();
await store.appendToStream('s', [depledgerSerde.encode({ type: 'TokenRemoved', data: { tokenId: 't' }, metadata: { eventId: 'e', occurredAt: new Date().toISOString(), actor: 'a', correlationId: 'c', causationId: null, tokenId: 't' } })], { expectedRevision: 'no_stream' });
if (typeof tokenDecider.decide !== 'function' || (await store.headPosition()) !== 1) throw new Error('missing exports');
console.log('esm ok', ${names.map((_, i) => `typeof p${i}`).join(', ')});`;
    writeFileSync(join(scratch, 'consumer.mjs'), script);
    expect(execFileSync(process.execPath, ['consumer.mjs'], { cwd: scratch, encoding: 'utf8' })).toContain('esm ok');
  });
});
