// Writes docs/errors.md from `errorCatalogue` of the built @depledger/core.
//
//   pnpm build && node scripts/generate-error-catalogue.mjs          writes the page
//   node scripts/generate-error-catalogue.mjs --check                exits 1 if the page is out of date
//   node scripts/generate-error-catalogue.mjs --stdout               prints it instead
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { renderErrorCatalogue } = require('./error-catalogue.cjs');
const core = require('@depledger/core');

const page = renderErrorCatalogue({ errorCatalogue: core.errorCatalogue });
const target = join(root, 'docs', 'errors.md');
const count = Object.keys(core.errorCatalogue).length;
const args = process.argv.slice(2);
if (args.includes('--stdout')) {
  process.stdout.write(page);
} else if (args.includes('--check')) {
  let current = '';
  try {
    current = readFileSync(target, 'utf8');
  } catch {
    // missing counts as out of date
  }
  if (current !== page) {
    console.error('docs/errors.md is out of date: run `pnpm build && node scripts/generate-error-catalogue.mjs` and commit it.');
    process.exit(1);
  }
  console.log(`docs/errors.md is up to date (${count} codes).`);
} else {
  writeFileSync(target, page);
  console.log(`wrote docs/errors.md (${count} codes)`);
}
