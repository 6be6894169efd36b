import type { Command } from 'commander';
import { assignmentProgress } from '../business/assignment-progress';
import { businessServiceOf } from '../business/business-service';
import { selectionFromOptions, type SelectionOptions } from '../business/selection-options';
import { exitCodes } from '../errors/exit-codes';
import type { Kit } from './kit';

type Options = SelectionOptions & { server: string; account: string };

/** `depledger business unassign`: devices off an MDM server at Apple (they stay in the organisation), waiting for Apple's activity. */
export const registerBusinessUnassign = (business: Command, kit: Kit): void => {
  business
    .command('unassign')
    .description("unassign devices from an MDM server at Apple (they stay in the organisation); waits until Apple's activity finishes")
    .requiredOption('--server <id>', 'the MDM server they are on (business servers lists them)')
    .option('--serials <list>', 'serial numbers, comma-separated')
    .option('--order <number>', 'every device of an order')
    .option('--csv <file>', 'a CSV file with one serial per line (first column)')
    .option('--account <name>', 'the API account', 'default')
    .addHelpText(
      'after',
      '\nGive exactly one of --serials, --order or --csv. Exit code 1 when Apple left some devices on the server.\n\nExample:\n  depledger business unassign --server 1F97349736CF4614A94F624E705841AD --serials C02XK1ABCD12',
    )
    .action(
      kit.action<Options>(async ({ options, out, withContext, globals, io }) => {
        const selection = selectionFromOptions(options, io);
        const progress = assignmentProgress(io, out.json);
        let report;
        try {
          report = await withContext((context) =>
            businessServiceOf(context, globals.appleUrl, io).unassign(
              { accountId: options.account, serverId: options.server, ...selection, onProgress: (p) => progress.onProgress(p) },
              { actor: globals.actor },
            ),
          );
        } finally {
          progress.stop();
        }
        out.result(
          () => [
            `Removal ${report.removalId}: ${report.removed.length} of ${report.serials.length} device(s) unassigned from ${report.serverId ?? ''} at Apple.`,
            ...(report.failed.length > 0 ? [`Still on the server (Apple's activity failed for them): ${report.failed.join(', ')}`] : []),
            ...report.activities.map(
              (a) => `  activity ${a.activityId}: ${a.status} (business activity ${a.activityId} --csv for its log)`,
            ),
          ],
          report,
        );
        return report.failed.length > 0 ? exitCodes.failed : exitCodes.ok;
      }),
    );
};
