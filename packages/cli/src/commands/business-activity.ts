import type { Command } from 'commander';
import { businessServiceOf } from '../business/business-service';
import type { Kit } from './kit';

type Options = { csv?: boolean; account: string };

/** `depledger business activity <id> --csv`: the per-device log of one of Apple's activities, as Apple's CSV. */
export const registerBusinessActivity = (business: Command, kit: Kit): void => {
  business
    .command('activity <activityId>')
    .description("the per-device log of one of Apple's activities (assign, unassign, release, migration changes), once it completed")
    .requiredOption('--csv', 'print the log as the CSV Apple offers')
    .option('--account <name>', 'the API account', 'default')
    .addHelpText(
      'after',
      '\nThe activity ids are in the reports of business assign / unassign / release / migration-deadline / cancel-migration (--json) and in their events.\n\nExample:\n  depledger business activity 4f9c3a2e-… --csv > activity.csv',
    )
    .action(
      kit.action<Options>(async ({ args, options, out, withContext, globals, io }) => {
        const activityId = String(args[0]);
        const csv = await withContext((context) =>
          businessServiceOf(context, globals.appleUrl, io).activityLog(activityId, { accountId: options.account }),
        );
        out.result(() => csv.replace(/\r?\n$/, '').split(/\r?\n/), { activityId, csv });
      }),
    );
};
