import type { Command } from 'commander';
import { assignmentQueue } from '@depledger/projections';
import { formatDate } from '../output/dates';
import { table } from '../output/table';
import type { Kit } from './kit';

type Options = { token?: string };

/** "Why isn't this device assigned?": devices waiting on a profile assignment, and when each is retried. */
export const registerQueue = (program: Command, kit: Kit): void => {
  program
    .command('queue')
    .description('devices waiting on a profile assignment (pending, failed, throttled) and when each is retried')
    .option('--token <id>', 'only this token')
    .addHelpText(
      'after',
      '\nFAILED assignments are retried after 24 hours, THROTTLED ones when Apple allows, at a later sync.\n\nExample:\n  depledger queue --token paris',
    )
    .action(
      kit.action<Options>(async ({ options, globals, out, withContext }) => {
        const queued = await withContext(async (context) =>
          assignmentQueue((await context.readModels()).readModels, {
            now: context.depledger.clock.now(),
            lang: globals.lang,
            ...(options.token !== undefined ? { tokenId: options.token } : {}),
          }),
        );
        out.result(
          () =>
            queued.length === 0
              ? [out.t('cli.queue.empty')]
              : table(queued, [
                  { header: out.t('cli.col.serial'), value: (q) => q.serial },
                  { header: out.t('cli.col.token'), value: (q) => q.tokenId },
                  { header: out.t('cli.col.profile'), value: (q) => `${q.profileId} v${q.profileVersion}` },
                  { header: out.t('cli.col.state'), value: (q) => q.stateLabel },
                  { header: out.t('cli.col.since'), value: (q) => formatDate(q.since) },
                  {
                    header: out.t('cli.col.retry'),
                    value: (q) => (q.retryAt === null ? '-' : `${formatDate(q.retryAt)}${q.due ? out.t('cli.queue.due') : ''}`),
                  },
                  { header: out.t('cli.col.attempts'), value: (q) => `${q.attempts}` },
                ]),
          queued,
        );
      }),
    );
};
