import type { Command } from 'commander';
import { assignmentProgress } from '../business/assignment-progress';
import { businessServiceOf } from '../business/business-service';
import { CliError } from '../errors/cli-error';
import { exitCodes } from '../errors/exit-codes';
import { readInputFile } from '../files/input-file';
import type { Kit } from './kit';

type Options = { server: string; serials?: string; order?: string; csv?: string; account: string };

/** `depledger business assign`: step 6 without the portal — devices to an MDM server, waiting for Apple's activity. */
export const registerBusinessAssign = (business: Command, kit: Kit): void => {
  business
    .command('assign')
    .description("assign devices to an MDM server at Apple (step 6 without the portal); waits until Apple's activity finishes")
    .requiredOption('--server <id>', 'the MDM server (business servers lists them)')
    .option('--serials <list>', 'serial numbers, comma-separated')
    .option('--order <number>', 'every device of an order')
    .option('--csv <file>', 'a CSV file with one serial per line (first column)')
    .option('--account <name>', 'the API account', 'default')
    .addHelpText(
      'after',
      '\nGive exactly one of --serials, --order or --csv. Exit code 1 when Apple left some devices unassigned.\n\nExample:\n  depledger business assign --server 1F97349736CF4614A94F624E705841AD --order W123456789',
    )
    .action(
      kit.action<Options>(async ({ options, out, withContext, globals, io }) => {
        const given = [options.serials, options.order, options.csv].filter((value) => value !== undefined).length;
        if (given !== 1) throw new CliError('INVALID_INPUT', 'Give exactly one of --serials, --order or --csv.');
        const csv = options.csv === undefined ? undefined : readInputFile(io.cwd, options.csv, 'The CSV file').toString('utf8');
        const progress = assignmentProgress(io, out.json);
        let report;
        try {
          report = await withContext((context) =>
            businessServiceOf(context, globals.appleUrl, io).assign(
              {
                accountId: options.account,
                serverId: options.server,
                ...(options.serials !== undefined
                  ? {
                      serials: options.serials
                        .split(',')
                        .map((s) => s.trim())
                        .filter((s) => s !== ''),
                    }
                  : {}),
                ...(options.order !== undefined ? { orderNumber: options.order } : {}),
                ...(csv !== undefined ? { csv } : {}),
                onProgress: (p) => progress.onProgress(p),
              },
              { actor: globals.actor },
            ),
          );
        } finally {
          progress.stop();
        }
        out.result(
          () => [
            `Assignment ${report.assignmentId}: ${report.assigned.length} of ${report.serials.length} device(s) assigned to ${report.serverId} at Apple; the next sync of its token brings them in.`,
            ...(report.failed.length > 0 ? [`Not assigned (Apple's activity failed for them): ${report.failed.join(', ')}`] : []),
          ],
          report,
        );
        return report.failed.length > 0 ? exitCodes.failed : exitCodes.ok;
      }),
    );
};
