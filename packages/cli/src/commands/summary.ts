import type { Command } from 'commander';
import { fleetSummaries, type FleetSummary } from '@depledger/projections';
import type { Kit } from './kit';

type Options = { token?: string };

const summaryLines = (summary: FleetSummary): string[] => [
  `Token ${summary.tokenId}: ${summary.total} device(s)`,
  ...summary.statusRows.filter((r) => r.count > 0).map((r) => `  ${r.label.padEnd(32)}${r.count}`),
  '  profile assignment:',
  ...summary.assignmentRows.filter((r) => r.count > 0).map((r) => `    ${r.label.padEnd(30)}${r.count}`),
];

/** The fleet in numbers, per token: devices per status and per assignment state. */
export const registerSummary = (program: Command, kit: Kit): void => {
  program
    .command('summary')
    .description('the fleet summary: devices per status and per profile assignment state, per token')
    .option('--token <id>', 'only this token')
    .addHelpText('after', '\nExample:\n  depledger summary --token paris')
    .action(
      kit.action<Options>(async ({ options, globals, out, withContext }) => {
        const summaries = await withContext(async (context) => {
          const { readModels } = await context.readModels();
          const all = await fleetSummaries(readModels, globals.lang);
          return options.token === undefined ? all : all.filter((s) => s.tokenId === options.token);
        });
        out.result(() => (summaries.length === 0 ? ['No devices yet.'] : summaries.flatMap(summaryLines)), summaries);
      }),
    );
};
