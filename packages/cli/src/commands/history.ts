import type { Command } from 'commander';
import { deviceTimeline } from '@depledger/projections';
import { CliError } from '../errors/cli-error';
import { parseAsOf } from '../runtime/as-of';
import { formatDate } from '../output/dates';
import { table } from '../output/table';
import type { Kit } from './kit';

/** A device's timeline: what happened to it, who did it, when, and the status it left. */
export const registerHistory = (program: Command, kit: Kit): void => {
  program
    .command('history')
    .description("a device's timeline: every event, who caused it (admin, sync, MDM check-in), when, and the status after it")
    .argument('<serial>', 'the serial number')
    .option('--as-of <date>', 'stop at that moment (ISO date)')
    .addHelpText('after', '\nExamples:\n  depledger history C02XK1ABCD12 --lang en\n  depledger history C02XK1ABCD12 --as-of 2026-11-26')
    .action(
      kit.action<{ asOf?: string }>(async ({ args, options, globals, out, withContext }) => {
        const serial = String(args[0]).trim().toUpperCase();
        const asOf = parseAsOf(options.asOf);
        const entries = await withContext((context) =>
          deviceTimeline(context.events, serial, { lang: globals.lang, ...(asOf ? { until: { time: asOf } } : {}) }),
        );
        if (entries.length === 0) {
          const when = asOf ? ` up to ${asOf.toISOString()}` : '';
          throw new CliError(
            'DEVICE_NOT_FOUND',
            `depledger has no history for ${serial}${when}: check the serial, or sync its token first (depledger sync --token <id>).`,
          );
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
