import type { Command } from 'commander';
import { deviceTimeline } from '@depledger/projections';
import { message } from '@depledger/core';
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
          const when = (lang: 'fr' | 'en') => (asOf ? message(lang, 'cli.history.upTo', { date: asOf.toISOString() }) : '');
          throw new CliError(
            'DEVICE_NOT_FOUND',
            {
              fr: message('fr', 'cli.history.unknown', { serial, when: when('fr') }),
              en: message('en', 'cli.history.unknown', { serial, when: when('en') }),
            },
            { serial },
          );
        }
        out.result(
          () => [
            out.t('cli.history.title', { serial }),
            ...table(entries, [
              { header: out.t('cli.col.when'), value: (e) => formatDate(e.occurredAt) },
              { header: out.t('cli.col.by'), value: (e) => e.actor },
              { header: out.t('cli.col.what'), value: (e) => e.description },
              { header: out.t('cli.col.status'), value: (e) => e.status?.label ?? '-' },
            ]),
          ],
          { serial, entries },
        );
      }),
    );
};
