import type { Command } from 'commander';
import { fleetSummaries, type FleetSummary } from '@depledger/projections';
import type { Output } from '../output/output';
import type { Kit } from './kit';

type Options = { token?: string };

const summaryLines = (summary: FleetSummary, out: Output): string[] => [
  out.t('cli.summary.token', { token: summary.tokenId, n: summary.total }),
  ...summary.statusRows.filter((r) => r.count > 0).map((r) => `  ${r.label.padEnd(32)}${r.count}`),
  out.t('cli.summary.assignment'),
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
        out.result(
          () => (summaries.length === 0 ? [out.t('cli.summary.empty')] : summaries.flatMap((s) => summaryLines(s, out))),
          summaries,
        );
      }),
    );
};
