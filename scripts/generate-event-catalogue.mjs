// Writes docs/event-catalogue.md from the zod schemas of the built @depledger/core.
//
//   pnpm build && node scripts/generate-event-catalogue.mjs          writes the page
//   node scripts/generate-event-catalogue.mjs --check                exits 1 if the page is out of date
//   node scripts/generate-event-catalogue.mjs --stdout               prints it instead
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { renderEventCatalogue } = require('./event-catalogue.cjs');

// zod is core's dependency, not the workspace root's: take the copy core itself uses.
const fromCore = createRequire(join(root, 'packages', 'core', 'package.json'));
const { z } = fromCore('zod');
const core = require('@depledger/core');

const page = renderEventCatalogue({
  eventCatalogue: core.eventCatalogue,
  toJSONSchema: (schema) => z.toJSONSchema(schema),
  streams: {
    tokenStream: core.tokenStream,
    profileStream: core.profileStream,
    deviceStream: core.deviceStream,
    syncStream: core.syncStream,
    businessAccountStream: core.businessAccountStream,
    orgDeviceStream: core.orgDeviceStream,
    deviceAssignmentStream: core.deviceAssignmentStream,
    deviceRemovalStream: core.deviceRemovalStream,
    migrationChangeStream: core.migrationChangeStream,
    tenantStream: core.tenantStream,
  },
});

const target = join(root, 'docs', 'event-catalogue.md');
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
    console.error('docs/event-catalogue.md is out of date: run `pnpm build && node scripts/generate-event-catalogue.mjs` and commit it.');
    process.exit(1);
  }
  console.log(`docs/event-catalogue.md is up to date (${core.eventCatalogue.length} event types).`);
} else {
  writeFileSync(target, page);
  console.log(`wrote docs/event-catalogue.md (${core.eventCatalogue.length} event types)`);
}
