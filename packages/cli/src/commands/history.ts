import type { Command } from 'commander';
import { deviceTimeline } from '@depledger/projections';
import { CliError } from '../errors/cli-error';
import { exitCodes } from '../errors/exit-codes';
import { formatDate } from '../output/dates';
import { table } from '../output/table';
import type { Kit } from './kit';

/** A device's timeline: what happened to it, who did it, when, and the status it left. */
export const registerHistory = (program: Command, kit: Kit): void => {
  program
    .command('history')
    .description("a device's timeline: every event, who caused it (admin, sync, MDM check-in), when, and the status after it")
    .argument('<serial>', 'the serial number')
    .addHelpText('after', '\nExample:\n  depledger history C02XK1ABCD12 --lang en')
    .action(
      kit.action<Record<string, never>>(async ({ args, globals, out, withContext }) => {
        const serial = String(args[0]).trim().toUpperCase();
        const entries = await withContext((context) => deviceTimeline(context.events, serial, { lang: globals.lang }));
        if (entries.length === 0) {
          throw new CliError('DEVICE_NOT_FOUND', `depledger has no history for ${serial}: check the serial, or sync its token first (depledger sync --token <id>).`, exitCodes.failed);
        }
        out.result(
          () => [
            `History of ${serial}:`,
            ...table(entries, [
              { header: 'WHEN', value: (e) => formatDate(e.occurredAt) },
              { header: 'BY', value: (e) => e.actor },
              { header: 'WHAT', value: (e) => e.description },
              { header: 'STATUS', value: (e) => e.status?.label ?? '-' },
            ]),
          ],
          { serial, entries },
        );
      }),
    );
};
