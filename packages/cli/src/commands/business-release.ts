import type { Command } from 'commander';
import { assignmentProgress } from '../business/assignment-progress';
import { businessServiceOf } from '../business/business-service';
import { selectionFromOptions, type SelectionOptions } from '../business/selection-options';
import { exitCodes } from '../errors/exit-codes';
import type { Kit } from './kit';

type Options = SelectionOptions & { confirm?: boolean; account: string };

/** `depledger business release`: devices out of the organisation for good — only with `--confirm`. */
export const registerBusinessRelease = (business: Command, kit: Kit): void => {
  business
    .command('release')
    .description("release devices from the organisation at Apple, for good (needs --confirm); waits until Apple's activity finishes")
    .option('--serials <list>', 'serial numbers, comma-separated')
    .option('--order <number>', 'every device of an order')
    .option('--csv <file>', 'a CSV file with one serial per line (first column)')
    .option('--confirm', 'confirm the release: it cannot be undone')
    .option('--account <name>', 'the API account', 'default')
    .addHelpText(
      'after',
      '\nA released device leaves the organisation: it can no longer be assigned to a server nor enrolled through DEP.\nGive exactly one of --serials, --order or --csv, and --confirm. Exit code 1 when Apple kept some devices.\n\nExample:\n  depledger business release --serials C02XK1ABCD12 --confirm',
    )
    .action(
      kit.action<Options>(async ({ options, out, withContext, globals, io }) => {
        const selection = selectionFromOptions(options, io);
        const progress = assignmentProgress(io, out.json);
        let report;
        try {
          report = await withContext((context) =>
            businessServiceOf(context, globals.appleUrl, io).release(
              { accountId: options.account, confirm: options.confirm === true, ...selection, onProgress: (p) => progress.onProgress(p) },
              { actor: globals.actor },
            ),
          );
        } finally {
          progress.stop();
        }
        out.result(
          () => [
            `Removal ${report.removalId}: ${report.removed.length} of ${report.serials.length} device(s) released from the organisation at Apple.`,
            ...(report.failed.length > 0
              ? [`Still in the organisation (Apple's activity failed for them): ${report.failed.join(', ')}`]
              : []),
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
