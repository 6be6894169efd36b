// Writes docs/api/ — the API reference of every published package — from the TSDoc of their
// public faces (packages/*/src/index.ts), with TypeDoc and typedoc-plugin-markdown.
//
//   node tools/api-docs/generate-api-docs.mjs               writes docs/api/
//   node tools/api-docs/generate-api-docs.mjs --out DIR     writes DIR instead (the drift test)
//
// TypeDoc needs TypeScript's JavaScript compiler API, which the workspace's TypeScript 7 (the
// native compiler) does not have: this private package depends on typescript 5.9.3 for TypeDoc
// alone, so TypeDoc resolves it here while the build keeps TypeScript 7.
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const outAt = args.indexOf('--out');
const out = outAt === -1 ? join(here, '..', '..', 'docs', 'api') : resolve(args[outAt + 1] ?? '');

const typedoc = join(dirname(createRequire(join(here, 'package.json')).resolve('typedoc/package.json')), 'bin', 'typedoc');
execFileSync(process.execPath, [typedoc, '--options', join(here, 'typedoc.json'), '--out', out], { cwd: here, stdio: 'inherit' });
console.log(`wrote ${out}`);
