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
              ? ['No device is waiting on an assignment.']
              : table(queued, [
                  { header: 'SERIAL', value: (q) => q.serial },
                  { header: 'TOKEN', value: (q) => q.tokenId },
                  { header: 'PROFILE', value: (q) => `${q.profileId} v${q.profileVersion}` },
                  { header: 'STATE', value: (q) => q.stateLabel },
                  { header: 'SINCE', value: (q) => formatDate(q.since) },
                  { header: 'RETRY', value: (q) => (q.retryAt === null ? '-' : `${formatDate(q.retryAt)}${q.due ? ' (due)' : ''}`) },
                  { header: 'ATTEMPTS', value: (q) => `${q.attempts}` },
                ]),
          queued,
        );
      }),
    );
};
