import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Every published package is packed with `pnpm pack`, installed from its tarball into a scratch
 * project, imported by a CommonJS consumer and by an ESM consumer on this Node, and compiled
 * against by a TypeScript consumer that checks the packages' declarations (`skipLibCheck: false`).
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
    // @types/node: the consumer's own, as any Node project has (the workspace's version).
    execFileSync(
      'npm',
      ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error', '@types/node@20.19.43', ...tarballs],
      { cwd: scratch, stdio: 'pipe' },
    );
  }, 240_000);

  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('ships built JavaScript and type declarations, not sources or tests', () => {
    for (const name of names) {
      const dir = join(scratch, 'node_modules', name);
      const files = readdirSync(join(dir, 'dist'), { recursive: true }) as string[];
      expect(files).toContain('index.js');
      expect(files).toContain('index.d.ts');
      expect(files.some((f) => f.endsWith('.spec.js') || (f.endsWith('.ts') && !f.endsWith('.d.ts')))).toBe(false);
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

  it('compiles a TypeScript consumer that checks every declaration file it reaches (skipLibCheck: false)', () => {
    // Driver types in a published .d.ts must resolve from the package's dependencies (TS7016 otherwise).
    const source = `${names.map((n, i) => `import * as p${i} from ${JSON.stringify(n)};`).join('\n')}
import { appleGateway, createAppleTokenPki } from '@depledger/apple';
import { createDepledger, describeErrorCode, type Depledger } from '@depledger/core';
import { openSqliteStore, type SqliteStore } from '@depledger/store-sqlite';
export const open = (path: string): { store: SqliteStore; depledger: Depledger } => {
  const store = openSqliteStore({ path });
  const depledger = createDepledger({ store: store.events, vault: store.vault, gateway: appleGateway({ userAgent: 'consumer/1.0' }), pki: createAppleTokenPki() });
  return { store, depledger };
};
export const exitOf = (code: string): number | undefined => describeErrorCode(code)?.exitCode;
export const all = [${names.map((_, i) => `p${i}`).join(', ')}];
`;
    writeFileSync(join(scratch, 'consumer.ts'), source);
    writeFileSync(
      join(scratch, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          module: 'nodenext',
          moduleResolution: 'nodenext',
          target: 'es2022',
          strict: true,
          skipLibCheck: false,
          noEmit: true,
          types: ['node'],
        },
        files: ['consumer.ts'],
      }),
    );
    const tsc = join(root, 'node_modules', '.bin', 'tsc');
    let output = '';
    try {
      output = execFileSync(tsc, ['-p', join(scratch, 'tsconfig.json')], { cwd: scratch, encoding: 'utf8', stdio: 'pipe' });
    } catch (error) {
      const failed = error as { stdout?: string; stderr?: string };
      throw new Error(`the consumer does not compile against the packed packages:\n${failed.stdout ?? ''}${failed.stderr ?? ''}`);
    }
    expect(output).toBe('');
  }, 120_000);

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
