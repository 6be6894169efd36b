import type { Command } from 'commander';
import { devicesFromApple, syncHistory, type SyncRunView } from '@depledger/projections';
import { messageLabel } from '@depledger/core';
import { CliError } from '../errors/cli-error';
import { formatDate, formatElapsed } from '../output/dates';
import { table } from '../output/table';
import type { Output } from '../output/output';
import type { Kit } from './kit';

type Options = { token: string; limit: string };

const what = (r: SyncRunView, out: Output): string => {
  if (r.refusal) return out.t('cli.syncs.refused', { reason: r.refusalLabel ?? r.refusal.reason, date: formatDate(r.refusal.retryAt) });
  if (r.failure) return `${r.failure.code}`;
  if (r.downgrade) return out.t('cli.syncs.downgraded');
  // a full run's fetch and sync passes deliver the same devices: counted once
  return out.t('cli.syncs.counts', { devices: devicesFromApple(r.records), added: r.counts.added, released: r.counts.released });
};

const triggerIn = (trigger: string, out: Output): string =>
  trigger === 'manual' || trigger === 'schedule' ? out.t(`cli.syncs.trigger.${trigger}`) : trigger;

const kindIn = (kind: string, out: Output): string => (kind === 'full' || kind === 'incremental' ? out.t(`syncs.kind.${kind}`) : kind);

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
          throw new CliError('INVALID_INPUT', messageLabel('cli.syncs.limit', { value: JSON.stringify(options.limit) }));
        const runs = await withContext(async (context) =>
          syncHistory((await context.readModels()).readModels, options.token, { lang: globals.lang, limit }),
        );
        out.result(
          () =>
            runs.length === 0
              ? [out.t('cli.syncs.empty', { token: options.token })]
              : table(runs, [
                  { header: out.t('cli.col.when'), value: (r) => formatDate(r.startedAt ?? r.requestedAt) },
                  { header: out.t('cli.col.kind'), value: (r) => kindIn(r.kind ?? r.requested, out) },
                  { header: out.t('cli.col.by'), value: (r) => `${r.actor} (${triggerIn(r.trigger, out)})` },
                  { header: out.t('cli.col.outcome'), value: (r) => r.outcomeLabel },
                  { header: out.t('cli.col.pages'), value: (r) => `${r.pages}` },
                  { header: out.t('cli.col.time'), value: (r) => (r.durationMs === null ? '-' : formatElapsed(r.durationMs)) },
                  { header: out.t('cli.col.details'), value: (r) => what(r, out) },
                ]),
          runs,
        );
      }),
    );
};
