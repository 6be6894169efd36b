import type { Command } from 'commander';
import { syncHistory, type SyncRunView } from '@depledger/projections';
import { CliError } from '../errors/cli-error';
import { formatDate, formatElapsed } from '../output/dates';
import { table } from '../output/table';
import type { Kit } from './kit';

type Options = { token: string; limit: string };

const what = (r: SyncRunView): string => {
  if (r.refusal) return `${r.refusalLabel ?? r.refusal.reason}; retry after ${formatDate(r.refusal.retryAt)}`;
  if (r.failure) return `${r.failure.code}`;
  if (r.downgrade) return 'full asked, ran incremental (7-day rule)';
  return `${r.counts.received} devices, ${r.counts.added} added, ${r.counts.released} released`;
};

/** A token's sync history: every run and every refused request, the most recent first. */
export const registerSyncs = (program: Command, kit: Kit): void => {
  program
    .command('syncs')
    .description("a token's sync history: runs and refused requests, the most recent first, with why")
    .requiredOption('--token <id>', 'the token id')
    .option('--limit <n>', 'at most this many', '20')
    .addHelpText('after', '\nExample:\n  depledger syncs --token paris --limit 5')
    .action(
      kit.action<Options>(async ({ options, globals, out, withContext }) => {
        const limit = Number(options.limit);
        if (!Number.isInteger(limit) || limit < 1)
          throw new CliError('INVALID_INPUT', `--limit must be a whole number of at least 1 (found ${JSON.stringify(options.limit)}).`);
        const runs = await withContext(async (context) =>
          syncHistory((await context.readModels()).readModels, options.token, { lang: globals.lang, limit }),
        );
        out.result(
          () =>
            runs.length === 0
              ? [`No sync of ${options.token} yet: depledger sync --token ${options.token}`]
              : table(runs, [
                  { header: 'WHEN', value: (r) => formatDate(r.startedAt ?? r.requestedAt) },
                  { header: 'KIND', value: (r) => r.kind ?? r.requested },
                  { header: 'BY', value: (r) => `${r.actor} (${r.trigger})` },
                  { header: 'OUTCOME', value: (r) => r.outcomeLabel },
                  { header: 'PAGES', value: (r) => `${r.pages}` },
                  { header: 'TIME', value: (r) => (r.durationMs === null ? '-' : formatElapsed(r.durationMs)) },
                  { header: 'DETAILS', value: what },
                ]),
          runs,
        );
      }),
    );
};
