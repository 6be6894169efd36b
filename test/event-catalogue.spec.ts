import type { ZodObject, ZodType } from 'zod';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  businessAccountStream,
  deviceAssignmentStream,
  deviceRemovalStream,
  deviceStream,
  eventCatalogue,
  migrationChangeStream,
  orgDeviceStream,
  profileStream,
  syncStream,
  tenantStream,
  tokenStream,
  type EventDefinition,
} from '@depledger/core';

/**
 * docs/event-catalogue.md is generated from core's zod schemas. This test renders it again, in
 * memory, from the sources, and fails when the committed page says something else.
 * Fix: `pnpm build && node scripts/generate-event-catalogue.mjs`, then commit docs/event-catalogue.md.
 */
const root = join(__dirname, '..');
const page = join(root, 'docs', 'event-catalogue.md');
const fix = 'docs/event-catalogue.md is out of date: run `pnpm build && node scripts/generate-event-catalogue.mjs` and commit it.';

// zod is core's dependency: at run time use the very copy core's schemas were built with (the root's same-version
// devDependency is there for `pnpm typecheck`).
const { z } = require(require.resolve('zod', { paths: [join(root, 'packages', 'core')] })) as typeof import('zod');
const { renderEventCatalogue } = require('../scripts/event-catalogue.cjs') as {
  renderEventCatalogue: (input: {
    eventCatalogue: readonly EventDefinition[];
    toJSONSchema: (s: unknown) => unknown;
    streams: Record<string, (id: string) => string>;
  }) => string;
};

const render = (catalogue: readonly EventDefinition[]) =>
  renderEventCatalogue({
    eventCatalogue: catalogue,
    toJSONSchema: (schema) => z.toJSONSchema(schema as ZodType),
    streams: {
      tokenStream,
      profileStream,
      deviceStream,
      syncStream,
      businessAccountStream,
      orgDeviceStream,
      deviceAssignmentStream,
      deviceRemovalStream,
      migrationChangeStream,
      tenantStream,
    },
  });

describe('docs/event-catalogue.md', () => {
  const expected = render(eventCatalogue);

  it('is what the zod schemas say today', () => {
    const committed = readFileSync(page, 'utf8');
    if (committed !== expected) {
      const a = committed.split('\n');
      const b = expected.split('\n');
      const line = a.findIndex((l, i) => l !== b[i]);
      throw new Error(`${fix}\nFirst difference at line ${line + 1}:\n  committed: ${a[line]}\n  expected:  ${b[line]}`);
    }
  });

  it('has a section for every event type, with its stored name and every top-level field', () => {
    for (const definition of eventCatalogue) {
      expect(expected).toContain(`### ${definition.type}\n`);
      expect(expected).toContain(`Stored as \`${definition.type}.v${definition.version}\`.`);
      const shape = (z.toJSONSchema(definition.schema) as { properties?: Record<string, unknown> }).properties ?? {};
      for (const field of Object.keys(shape)) expect(expected).toContain(`| \`${field}\` |`);
    }
  });

  it('changes when a schema changes (the check can fail)', () => {
    const [first, ...rest] = eventCatalogue;
    const changed = { ...first!, schema: (first!.schema as ZodObject).extend({ addedForTheTest: z.string().nullable().optional() }) };
    const drifted = render([changed, ...rest]);
    expect(drifted).not.toEqual(expected);
    expect(drifted).toContain('| `addedForTheTest` | string | no | yes |');
  });

  it('is what the generator script writes from the built packages', () => {
    const out = execFileSync(process.execPath, [join(root, 'scripts', 'generate-event-catalogue.mjs'), '--stdout'], { encoding: 'utf8' });
    // The script reads packages/core/dist: a difference here means the build is older than the sources.
    if (out !== expected)
      throw new Error(
        'The generator, run on the built @depledger/core, disagrees with the sources: run `pnpm build`, then this test again.',
      );
  }, 30_000);
});
