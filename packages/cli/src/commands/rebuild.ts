import type { Command } from 'commander';
import { builtInProjections } from '@depledger/projections';
import { messageLabel } from '@depledger/core';
import { CliError } from '../errors/cli-error';
import { formatElapsed } from '../output/dates';
import { table } from '../output/table';
import type { Kit } from './kit';

const names = builtInProjections.map((p) => p.name);

/** Rebuilds read models from the first event (after a fix to a projection, or to check one). */
export const registerRebuild = (program: Command, kit: Kit): void => {
  program
    .command('rebuild')
    .description(`rebuild read models from the event log, from the first event (${names.join(', ')})`)
    .argument('[projection]', 'one read model; all of them when omitted')
    .addHelpText('after', '\nExamples:\n  depledger rebuild\n  depledger rebuild device-status')
    .action(
      kit.action<Record<string, never>>(async ({ args, out, withContext }) => {
        const name = args[0] === undefined ? undefined : String(args[0]);
        if (name !== undefined && !names.includes(name)) {
          throw new CliError(
            'UNKNOWN_PROJECTION',
            messageLabel('cli.rebuild.unknown', { name: JSON.stringify(name), names: names.join(', ') }),
          );
        }
        const reports = await withContext(async (context) => (await context.readModels()).runner.rebuild(name));
        out.result(
          () => [
            ...table(reports, [
              { header: out.t('cli.col.readModel'), value: (r) => r.name },
              { header: out.t('cli.col.version'), value: (r) => `${r.previousVersion ?? '-'} → ${r.version}` },
              { header: out.t('cli.col.upToEvent'), value: (r) => `${r.checkpoint}` },
              { header: out.t('cli.col.time'), value: (r) => formatElapsed(r.durationMs) },
            ]),
            out.t('cli.rebuild.done', { n: reports.length }),
          ],
          reports,
        );
      }),
    );
};
